import { randomBytes } from 'node:crypto';

/**
 * Names of temporary files and directories: <prefix>.pydebug-tmp-<pid>-<8 hex>, so leftovers can
 * be swept. The fixed word and the exact form keep anyone else's file (report.2024.pdf) from being
 * taken for one.
 */
export function tempName(prefix: string): string {
  return `${prefix}.pydebug-tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The pid in a name made by tempName(), or undefined for any other name. */
export function tempNamePid(name: string): number | undefined {
  const pid = /\.pydebug-tmp-([1-9]\d{0,9})-[0-9a-f]{8}$/.exec(name)?.[1];
  return pid === undefined ? undefined : Number(pid);
}
