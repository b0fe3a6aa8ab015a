/** Reading and writing pydebug.lock: bounded reads, atomic writes that keep the file's mode, untouched when the bytes are the same. */

import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PydebugError } from '../errors.js';
import { LOCK_FILE_NAME, LockParseError, NewerLockError, serializeLock } from '../lock/serialize.js';
import type { Lock } from '../lock/types.js';
import { removeInside, renameInside } from './contained.js';
import { diskFullError, isDiskFull } from './fs-error.js';
import { readBounded } from './read-text.js';

/** Far above any real lock (a few kB per entry); a bigger file is not one pydebug wrote. */
export const MAX_LOCK_BYTES = 16 * 1024 * 1024;

export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE_NAME);
}

export type LockFileState = { status: 'missing' } | { status: 'invalid'; reason: string; text: string } | { status: 'ok'; lock: Lock; text: string };

const REPLACE_HINT = 'remove it and run `pydebug lock`, which writes pydebug.lock from pydebug.yml';

interface LockText {
  text: string;
  /** The permission bits, owner and group of the file: a rewrite keeps them. */
  mode: number;
  uid: number;
  gid: number;
}

/** The lock's text, or undefined when there is none; anything but a regular file of sane size is refused. */
async function readLockText(path: string, display: string): Promise<LockText | undefined> {
  let read;
  try {
    // readBounded opens non-blocking: a FIFO in its place must not hang pydebug.
    read = await readBounded(path, MAX_LOCK_BYTES);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PydebugError(`cannot read ${display}: ${(e as Error).message}`, { hint: 'check the permissions of the file and its directory' });
  }
  const st = read.stats;
  if (st.isDirectory()) throw new PydebugError(`${display} is a directory, not a lock file`, { hint: REPLACE_HINT });
  if (!('data' in read)) {
    if (read.problem === 'not a file') throw new PydebugError(`${display} is not a regular file`, { hint: REPLACE_HINT });
    throw new PydebugError(`${display} is ${st.size} bytes, more than a lock can be (${MAX_LOCK_BYTES} bytes)`, { hint: REPLACE_HINT });
  }
  return { text: read.data.toString('utf8'), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/**
 * The lock file's state. A lock from a newer pydebug is refused here, so that nothing reads it
 * or writes over it.
 */
export async function readLockFile(path: string, display = path): Promise<LockFileState> {
  const text = (await readLockText(path, display))?.text;
  if (text === undefined) return { status: 'missing' };
  try {
    // zod (the lock's schema) is loaded only when a lock is read: not by `run` with a verdict.
    const { parseLock } = await import('../lock/format.js');
    return { status: 'ok', lock: parseLock(text), text };
  } catch (e) {
    if (e instanceof NewerLockError) {
      throw new PydebugError(`${display} was written by a newer pydebug: ${e.message}`, {
        hint: 'upgrade pydebug (and the pydebug Action in your workflows) to the version that wrote the lock; pydebug does not rewrite a lock it cannot read',
      });
    }
    if (e instanceof LockParseError) return { status: 'invalid', reason: e.message, text };
    throw e;
  }
}

/**
 * An unprivileged process cannot give a file away, and some filesystems do not implement chown:
 * neither is a reason to fail the write (as pnpm's lockfile writer).
 */
function ignoreRefusedChown(e: NodeJS.ErrnoException): void {
  const root = process.getuid?.() === 0;
  if (e.code === 'ENOSYS' || (!root && (e.code === 'EPERM' || e.code === 'EINVAL'))) return;
  throw e;
}

/**
 * Writes the lock as pnpm writes its lockfile: into a hidden temporary file of a unique name
 * beside it, created with 'wx' (never an existing file, never through a symlink), given the
 * existing lock's mode and owner, synced to disk, then renamed over the lock, so a reader sees
 * the old lock or the new one, never a part. Returns false, touching nothing, when the file
 * already holds these bytes.
 */
export async function writeLockFile(path: string, lock: Lock, display = path): Promise<boolean> {
  const text = serializeLock(lock);
  const existing = await readLockText(path, display);
  if (existing?.text === text) return false;
  const projectDir = dirname(path);
  const tmp = join(projectDir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, 'wx', existing?.mode ?? 0o666);
    created = true;
    try {
      await handle.writeFile(text);
      if (existing) {
        // A lock written as root (a container over a mounted checkout) stays its owner's.
        await handle.chown(existing.uid, existing.gid).catch(ignoreRefusedChown);
        await handle.chmod(existing.mode);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, path, 'the lock file');
  } catch (e) {
    if (created) await removeInside(projectDir, tmp, "the lock file's temporary copy");
    // A write's ENOSPC names no path: without this it would read as a bug in pydebug.
    if (isDiskFull(e)) throw diskFullError(e as NodeJS.ErrnoException, path, existing ? `${display} was not changed` : `${display} was not written`);
    throw e;
  }
  return true;
}
