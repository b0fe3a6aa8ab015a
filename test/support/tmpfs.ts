/**
 * A real, tiny file system for the full-disk tests: a tmpfs of a few kilobytes mounted on a
 * directory (needs root, as the CI containers run), and a file that fills what is left of it.
 */
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounts a tmpfs of `size` (mount's syntax: "64k") on `dir`; returns why not when it cannot. */
export async function mountTmpfs(dir: string, size: string): Promise<string | undefined> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs on ${dir} (needs root): ${((e as { stderr?: string }).stderr ?? String(e)).trim()}`;
  }
}

export async function unmount(dir: string): Promise<void> {
  await run('umount', [dir]);
}

/** Writes `name` in `dir` until the file system has no space left (ENOSPC); returns its path. */
export async function fillUp(dir: string, name = 'filler'): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'wx');
  const block = Buffer.alloc(4096, 0x2e);
  try {
    for (;;) await handle.write(block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    await handle.close();
  }
  return path;
}
