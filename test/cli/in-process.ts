/** Running the CLI in process: main(argv, ctx) with a context whose streams collect strings. */

import { execFileSync } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import type { CliContext } from '../../src/cli/context.js';
import { Interrupts } from '../../src/cli/interrupts.js';
import { main } from '../../src/cli/main.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `ask`: a person at a terminal answering (CliContext.ask); without it, no terminal.
 * `interrupts`: the signals the test sends (Interrupts.receive); without it, none come.
 */
export async function runInProcess(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; ask?: (question: string) => Promise<string | undefined>; interrupts?: Interrupts },
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: options.cwd,
    env: options.env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stderrIsTTY: false,
    columns: () => 100,
    interrupts: options.interrupts ?? new Interrupts({ write: () => undefined }, () => undefined),
    ask: options.ask,
  };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}

const isRoot = process.getuid?.() === 0;

/**
 * Makes a directory refuse new files. Root ignores permission bits, so as root the directory is
 * made immutable (chattr +i); the returned function undoes it.
 */
export async function makeUnwritable(dir: string): Promise<() => Promise<void>> {
  if (isRoot) {
    execFileSync('chattr', ['+i', dir]);
    return async () => void execFileSync('chattr', ['-i', dir]);
  }
  await chmod(dir, 0o555);
  return () => chmod(dir, 0o755);
}
