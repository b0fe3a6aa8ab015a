/**
 * Extract a CPython source tarball once, safely and atomically: the decompressed stream passes
 * through TarGuard (which refuses members that would land outside the tree) into `tar -x`,
 * into a temporary directory beside the destination, renamed into place only when complete.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as Zlib from 'node:zlib';
import { InterruptedError, PydebugError } from '../errors.js';
import { assertInside, removeInside, renameInside } from '../files/contained.js';
import { openRegularFile } from '../files/read-text.js';
import { TarGuard, UnsafeTarballError } from '../files/tar-guard.js';
import { tempName } from '../files/temp-name.js';
import { type SourceOrigin, writeSourceStamp } from './source-stamp.js';

async function magic(path: string): Promise<Buffer> {
  // Non-blocking and checked to be a regular file: a FIFO in the tarball's place is refused, not waited on.
  const { handle: fh } = await openRegularFile(path);
  try {
    const buf = Buffer.alloc(263);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** node:zlib, loaded by the first extraction rather than by every sync (see download.ts). */
const builtin = createRequire(import.meta.url);

/** The tarball's contents as a stream of tar bytes, whatever the compression. */
async function decompressed(path: string, children: ChildProcess[]): Promise<Readable> {
  const m = await magic(path);
  const viaProgram = (program: string) => {
    const child = spawn(program, ['-dc', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child.stdout!;
  };
  if (m[0] === 0x1f && m[1] === 0x8b) return createReadStream(path).pipe((builtin('node:zlib') as typeof Zlib).createGunzip());
  if (m.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return viaProgram('xz');
  if (m.subarray(0, 3).toString('latin1') === 'BZh') return viaProgram('bzip2');
  if (m.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return viaProgram('zstd');
  if (m.subarray(257, 262).toString('latin1') === 'ustar') return createReadStream(path);
  throw new PydebugError(`${path} is not a tarball pydebug can read (gzip, xz, bzip2, zstd or plain tar)`);
}

/**
 * The release a CPython tarball holds, by its top directory (`Python-3.14.2/`): the first member
 * as TarGuard (and so GNU tar) reads its name, pax path and GNU long names included, must lie in
 * exactly `Python-<version>/`; extraction later refuses any member outside that directory. A
 * Sigstore bundle binds the bytes to a signer, not to a version: this tells a genuine 3.14.0
 * tarball served under 3.14.2's name from 3.14.2. Undefined for anything else (another top
 * directory, an archive extraction would refuse, no tarball). Reads only up to the first member.
 */
export async function tarballRelease(path: string): Promise<string | undefined> {
  const children: ChildProcess[] = [];
  const firstMember = new AbortController();
  let top: string | undefined;
  const guard = new TarGuard(basename(path), () => {
    top ??= guard.top;
    firstMember.abort();
  });
  const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
  try {
    await pipeline(await decompressed(path, children), guard, discard, { signal: firstMember.signal });
  } catch {
    // Stopped at the first member, or not a tarball (a broken or refused one): top says which.
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
  return top === undefined ? undefined : /^Python-(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)$/.exec(top)?.[1];
}

/**
 * Extracts `tarball` into `dest`, a new directory strictly inside `root` (the store's sources/):
 * into a temporary sibling first, stamped with its origin (source-stamp.ts), moved into place by
 * one rename once tar succeeded.
 */
export async function extractSourceTree(tarball: string, root: string, dest: string, origin: SourceOrigin, signal?: AbortSignal): Promise<void> {
  await assertInside(root, dest, 'a source tree');
  const tmp = await assertInside(root, join(dirname(dest), tempName(`${basename(dest)}.extracting`)), 'an extraction in progress');
  await mkdir(tmp, { recursive: true });
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  const onAbort = () => killAll();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const tar = spawn('tar', ['-x', '-f', '-', '-C', tmp, '--no-same-owner', '--no-same-permissions'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    children.push(tar);
    let tarErr = '';
    tar.stderr!.on('data', (d: Buffer) => (tarErr += d.toString()));
    const tarDone = once(tar, 'close') as Promise<[number | null, string | null]>;
    const guard = new TarGuard(tarball.split('/').pop() ?? tarball);
    try {
      await pipeline(await decompressed(tarball, children), guard, tar.stdin!);
    } catch (e) {
      // tar may stop reading once it has seen the end-of-archive marker, closing its stdin while
      // the trailing padding is still being written: then its own exit status decides.
      const code = (e as NodeJS.ErrnoException).code;
      const tarStoppedReading = guard.ended && (code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE');
      if (!tarStoppedReading) {
        killAll();
        await tarDone.catch(() => undefined);
        if (signal?.aborted) throw new InterruptedError('extraction interrupted');
        if (e instanceof PydebugError) throw e;
        throw new PydebugError(`could not read ${tarball}: ${(e as Error).message}`);
      }
    }
    const [code] = await tarDone;
    if (signal?.aborted) throw new InterruptedError('extraction interrupted');
    if (code !== 0) throw new PydebugError(`could not extract ${tarball}: ${tarErr.trim() || `tar exited with ${code}`}`);

    const top = await readdir(tmp);
    if (top.length !== 1 || top[0] !== guard.top) {
      throw new UnsafeTarballError(`${tarball} is not a CPython source tarball: expected one top-level directory, found ${top.length}`);
    }
    const tree = join(tmp, top[0]!);
    await access(join(tree, 'configure')).catch(() => {
      throw new PydebugError(`${tarball} is not a CPython source tarball: ${top[0]}/configure is missing`);
    });
    await writeSourceStamp(tree, origin);
    await mkdir(dirname(dest), { recursive: true });
    try {
      await renameInside(root, tree, dest, 'a source tree');
    } catch (e) {
      // Another process extracted the same (checksum-verified) tarball first: use theirs.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    killAll();
    await removeInside(root, tmp, 'an extraction in progress');
  }
}
