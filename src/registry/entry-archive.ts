/**
 * A store entry as the artifact's layer: `tar --posix` of entries/<entry key>/, members under
 * "<entry key>/", compressed with zstd, hashed as it is written. The archive is reproducible
 * (sorted names, no atime/ctime, numeric owner 0, pax header names without the pid), so the same
 * entry gives the same digest and a second push finds its layer in the registry (HEAD).
 * store/cache-archive.ts extracts it: extractCacheArchive(file, into, key, key).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PydebugError } from '../errors.js';
import type { Store } from '../store/store.js';

export const ENTRY_TAR_ARGS = ['--posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime', '--sort=name', '--owner=0', '--group=0', '--numeric-owner'];

export interface EntryArchive {
  path: string;
  digest: string;
  size: number;
}

/** Writes the archive of `entryKey` to `dest` (a new file); its digest and size. */
export async function writeEntryArchive(store: Store, entryKey: string, dest: string, signal?: AbortSignal): Promise<EntryArchive> {
  store.entryDir(entryKey);
  const tar = spawn('tar', [...ENTRY_TAR_ARGS, '-c', '-f', '-', '-C', store.entriesDir, entryKey], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, signal });
  const zstd = spawn('zstd', ['-q', '-c', '-T0', '--long=30', '-3'], { stdio: ['pipe', 'pipe', 'pipe'], signal });
  let tarErr = '';
  let zstdErr = '';
  tar.stderr!.on('data', (d: Buffer) => (tarErr += d.toString()));
  zstd.stderr!.on('data', (d: Buffer) => (zstdErr += d.toString()));
  const tarDone = once(tar, 'close').catch((e: Error) => [e]);
  const zstdDone = once(zstd, 'close').catch((e: Error) => [e]);
  const hash = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await Promise.all([pipeline(tar.stdout!, zstd.stdin!), pipeline(zstd.stdout!, hasher, createWriteStream(dest, { flags: 'wx' }))]);
  } catch (e) {
    tar.kill('SIGKILL');
    zstd.kill('SIGKILL');
    const [code] = await zstdDone;
    if (code instanceof Error) throw new PydebugError(`zstd, which compresses the entry's archive, cannot be run (${(code as NodeJS.ErrnoException).code ?? code.message})`, { hint: 'install zstd' });
    throw e;
  }
  const [[tarCode], [zstdCode]] = await Promise.all([tarDone, zstdDone]);
  if (tarCode !== 0) throw new PydebugError(`tar could not archive ${entryKey}: ${tarErr.trim() || `exit ${String(tarCode)}`}`);
  if (zstdCode !== 0) throw new PydebugError(`zstd could not compress ${entryKey}'s archive: ${zstdErr.trim() || `exit ${String(zstdCode)}`}`, { hint: 'install zstd' });
  return { path: dest, digest: `sha256:${hash.digest('hex')}`, size };
}
