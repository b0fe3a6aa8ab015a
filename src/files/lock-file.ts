/** Reading and writing pydebug.lock: atomic writes, untouched when the bytes are the same. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LOCK_FILE_NAME, LockParseError, parseLock, serializeLock } from '../lock/format.js';
import type { Lock } from '../lock/types.js';

export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE_NAME);
}

export type LockFileState =
  | { status: 'missing' }
  | { status: 'invalid'; reason: string; text: string }
  | { status: 'ok'; lock: Lock; text: string };

export async function readLockFile(path: string): Promise<LockFileState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw e;
  }
  try {
    return { status: 'ok', lock: parseLock(text), text };
  } catch (e) {
    if (e instanceof LockParseError) return { status: 'invalid', reason: e.message, text };
    throw e;
  }
}

/** Writes the lock atomically; returns false (and leaves the file alone) when nothing changed. */
export async function writeLockFile(path: string, lock: Lock, previousText?: string): Promise<boolean> {
  const text = serializeLock(lock);
  if (previousText === text) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text, { flag: 'w' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return true;
}
