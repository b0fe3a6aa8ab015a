/** Running the real pydebug CLI (the committed bundle) as a user would. */

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The caller's environment without anything that would steer pydebug. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('PYDEBUG_') && k !== 'CC' && k !== 'VITEST' && !k.startsWith('VITEST_')) env[k] = v;
  }
  return { ...env, ...extra };
}

export async function runCli(args: string[], options: { cwd: string; env: Record<string, string>; tee?: boolean; input?: string }): Promise<CliRun> {
  const t0 = performance.now();
  const child = execa(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    input: options.input,
  });
  if (options.tee) child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  const r = await child;
  return { code: r.exitCode ?? -1, stdout: r.stdout as string, stderr: r.stderr as string, seconds: (performance.now() - t0) / 1000 };
}
