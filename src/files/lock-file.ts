/** Reading and writing pydebug.lock: bounded reads, atomic writes, untouched when the bytes are the same. */
import { constants } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PydebugError } from '../errors.js';
import { LOCK_FILE_NAME, LockParseError, NewerLockError, parseLock, serializeLock } from '../lock/format.js';
import type { Lock } from '../lock/types.js';
import { removeInside, renameInside } from '../store/contained.js';

/** Far above any real lock (a few kB per entry); a bigger file is not one pydebug wrote. */
export const MAX_LOCK_BYTES = 16 * 1024 * 1024;

export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE_NAME);
}

export type LockFileState =
  | { status: 'missing' }
  | { status: 'invalid'; reason: string; text: string }
  | { status: 'ok'; lock: Lock; text: string };

const REPLACE_HINT = 'remove it and run `pydebug lock`, which writes pydebug.lock from pydebug.yml';

/** The lock's text, or undefined when there is none; anything but a regular file of sane size is refused. */
async function readLockText(path: string, display: string): Promise<string | undefined> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO in its place must not hang pydebug.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PydebugError(`cannot read ${display}: ${(e as Error).message}`, { hint: 'check the permissions of the file and its directory' });
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new PydebugError(`${display} is a directory, not a lock file`, { hint: REPLACE_HINT });
    if (!st.isFile()) throw new PydebugError(`${display} is not a regular file`, { hint: REPLACE_HINT });
    if (st.size > MAX_LOCK_BYTES) {
      throw new PydebugError(`${display} is ${st.size} bytes, more than a lock can be (${MAX_LOCK_BYTES} bytes)`, { hint: REPLACE_HINT });
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The lock file's state. A lock from a newer pydebug is refused here, so that nothing reads it
 * or writes over it.
 */
export async function readLockFile(path: string, display = path): Promise<LockFileState> {
  const text = await readLockText(path, display);
  if (text === undefined) return { status: 'missing' };
  try {
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

/** Writes the lock atomically; returns false (and leaves the file alone) when nothing changed. */
export async function writeLockFile(path: string, lock: Lock, previousText?: string): Promise<boolean> {
  const text = serializeLock(lock);
  if (previousText === text) return false;
  const projectDir = dirname(path);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    // Whatever is at the temporary name (a leftover, or a symlink committed to the repository)
    // goes first; 'wx' then creates a new file and never follows a link.
    await removeInside(projectDir, tmp, 'the lock file\'s temporary copy');
    await writeFile(tmp, text, { flag: 'wx' });
    await renameInside(projectDir, tmp, path, 'the lock file');
  } catch (e) {
    await removeInside(projectDir, tmp, 'the lock file\'s temporary copy');
    throw e;
  }
  return true;
}
