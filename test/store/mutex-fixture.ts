/**
 * A small store layout with a fake CPython source tree whose `configure` and `make` run for ten
 * minutes, and what /proc says about a process: what the mutex tests need to stage real build
 * children, unrelated processes and crafted mutex files.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FakeStore {
  root: string;
  tmpDir: string;
  sourcesDir: string;
  mutexesDir: string;
  /** A build directory, as build.ts names them: sources/<tree>/build-<variant>-<key tail>. */
  buildDir: string;
  /** A staging directory, as store.makeTemp names them. */
  staging: string;
}

export async function fakeStore(root: string): Promise<FakeStore> {
  const tmpDir = join(root, 'tmp');
  const sourcesDir = join(root, 'sources');
  const tree = join(sourcesDir, '3.12.0-0123456789abcdef');
  const buildDir = join(tree, 'build-debug-89abcdef');
  const staging = join(tmpDir, 'stage-3.12.0-debug.1.abc123');
  for (const d of [join(root, 'locks'), buildDir, staging]) await mkdir(d, { recursive: true });
  await writeFile(join(buildDir, 'half-built.o'), 'x');
  await writeFile(join(staging, 'half-installed'), 'x');
  // Not `exec sleep`: the shell stays the group leader, as configure's shell does.
  await writeFile(join(tree, 'configure'), '#!/bin/sh\nsleep 600\nexit 0\n');
  await chmod(join(tree, 'configure'), 0o755);
  await writeFile(join(buildDir, 'Makefile'), 'all:\n\tsleep 600\n');
  return { root, tmpDir, sourcesDir, mutexesDir: join(root, 'locks'), buildDir, staging };
}

/** Starts a process leading its own process group, the way build.ts starts a build step. */
export function startGroup(command: string, args: string[], cwd?: string): number {
  const child = spawn(command, args, { cwd, detached: true, stdio: 'ignore' });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

/** A pid that was just used and is now free. */
export async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot. */
export function startTimeOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

export const bootId = (): string => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process group this test started (by its id), if it still runs. */
export function stopGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export const hasProc = (): boolean => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};
