/**
 * What Linux's /proc says about a process: its start time and boot (a pid alone is reused), its
 * process group, command line and working directory. The one place that reads /proc; without it
 * (macOS) callers are told nothing can be known, and prove nothing.
 */
import { readFile, readlink } from 'node:fs/promises';

/** What the kernel says about a live process. */
export interface ProcessFacts {
  start: number;
  boot: string;
  /** The process group it belongs to. */
  pgid: number;
  argv: string[];
  /** Its working directory (symlinks resolved), when readable. */
  cwd: string | undefined;
}

let bootIdOnce: Promise<string | undefined> | undefined;
const currentBootId = () =>
  (bootIdOnce ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  ));

/**
 * The one place that reads /proc: what it says about `pid`, 'gone' when no such live process
 * exists (a zombie is gone), undefined when it cannot be asked: no /proc (macOS), or a process
 * that exists but is hidden from us (/proc mounted with hidepid).
 */
export async function readProc(pid: number): Promise<ProcessFacts | 'gone' | undefined> {
  const boot = await currentBootId();
  if (boot === undefined) return undefined;
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return isAlive(pid) ? undefined : 'gone';
  }
  // Fields after the command name, which is in parentheses and may itself contain any of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, , pgid] = fields; // fields 3, 4, 5 of proc(5)
  if (state === 'Z' || state === 'X') return 'gone';
  const argv = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (s) => s.replace(/\0$/, '').split('\0'),
    () => [],
  );
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return { start: Number(fields[19]), boot, pgid: Number(pgid), argv, cwd }; // field 22: starttime
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
