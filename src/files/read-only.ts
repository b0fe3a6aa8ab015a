/**
 * Store entries are read-only once verified: no write bit on their files and folders, so that
 * using an interpreter (pip install into it, an import writing a .pyc) cannot change what other
 * projects share; `pydebug run`'s project environments are where packages go. Removing such a
 * tree (clean, a rebuild, a replaced entry) first gives its folders their owner's write bit back.
 * Root ignores file modes: for root, the entry's EXTERNALLY-MANAGED file, its complete bytecode
 * and the stat check of every use (entry-hashes.ts, changedSinceVerified) are what is left.
 */
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const WRITE_BITS = 0o222;

/**
 * Takes the write bits off every file and folder below `dir`, and off `dir` itself unless
 * exceptTop (a folder moved to another parent needs its own write bit, to update its `..`).
 * Symbolic links are left alone: their mode means nothing, and chmod would follow them.
 */
export async function makeTreeReadOnly(dir: string, options: { exceptTop?: boolean } = {}): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() || e.isDirectory()) await makeReadOnly(join(e.parentPath, e.name));
  }
  if (!options.exceptTop) await makeReadOnly(dir);
}

/** Takes the write bits off one file or folder (never through a symbolic link). */
export async function makeReadOnly(path: string): Promise<void> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) return;
  if ((st.mode & WRITE_BITS) !== 0) await chmod(path, st.mode & 0o7777 & ~WRITE_BITS);
}

/**
 * Gives `dir` and every folder below it (not through symbolic links) their owner's read, write
 * and search bits, so that the tree can be removed by a user whom file modes bind. Folders are
 * opened after they are made searchable, so one left without bits is still walked.
 */
export async function makeFoldersWritable(dir: string): Promise<void> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return;
  if ((st.mode & 0o700) !== 0o700) await chmod(dir, (st.mode & 0o7777) | 0o700);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await makeFoldersWritable(join(dir, e.name));
  }
}
