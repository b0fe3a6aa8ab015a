/**
 * Extract a CPython source tarball once, atomically: into a temporary directory beside the
 * destination, then renamed into place, so a half-extracted tree is never seen as ready.
 */
import { execa } from 'execa';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PydebugError } from '../errors.js';

export async function extractSourceTree(tarball: string, dest: string, signal?: AbortSignal): Promise<void> {
  const tmp = `${dest}.extracting-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  await mkdir(tmp, { recursive: true });
  try {
    const r = await execa('tar', ['-xf', tarball, '-C', tmp, '--no-same-owner', '--no-same-permissions'], {
      reject: false,
      cancelSignal: signal,
      env: { LC_ALL: 'C' },
    });
    if (r.isCanceled) throw new PydebugError('extraction interrupted');
    if (r.exitCode !== 0) throw new PydebugError(`could not extract ${tarball}: ${r.stderr.trim() || r.shortMessage}`);
    const top = await readdir(tmp);
    if (top.length !== 1) throw new PydebugError(`${tarball} is not a CPython source tarball: expected one top-level directory, found ${top.length}`);
    const tree = join(tmp, top[0]!);
    await access(join(tree, 'configure')).catch(() => {
      throw new PydebugError(`${tarball} is not a CPython source tarball: ${top[0]}/configure is missing`);
    });
    await mkdir(dirname(dest), { recursive: true });
    try {
      await rename(tree, dest);
    } catch (e) {
      // Another process extracted the same (checksum-verified) tarball first: use theirs.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
