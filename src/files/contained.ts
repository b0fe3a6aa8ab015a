/**
 * The one place where pydebug removes, renames and replaces files. Every such operation names
 * the directory it belongs to (a subdirectory of the store, or the project's directory) and the
 * path is checked to be strictly inside it before anything happens: lexically, and with no
 * symbolic link on the way from that directory down to the path's parent (a link there could
 * point anywhere, so comparing resolved paths is not enough: a linked folder inside the store
 * would move the operation into whatever it names). The directory itself may be reached
 * through links above it (a home directory on another disk). A path computed from data (a lock field, a manifest, a URL, a lock
 * file in locks/) that points elsewhere is refused with OutsideError, never acted on.
 */
import { lstatSync, type Stats } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PydebugError } from '../errors.js';
import { makeFoldersWritable } from './read-only.js';

/** A path that is not where it must be: a bug or hostile data, never acted on. */
export class OutsideError extends PydebugError {
  constructor(
    readonly path: string,
    readonly root: string,
    what: string,
  ) {
    super(`refusing to touch ${path}: ${what} must be inside ${root}`, {
      hint: "pydebug writes and deletes only inside its store and the project's own files; a path read from a file (lock, manifest, URL) pointed elsewhere: check that file",
    });
  }
}

/** True when `path` is `root` itself or below it (lexically, after resolving . and ..). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** True when `path` is strictly below `root` (never `root` itself). */
export function isStrictlyInside(root: string, path: string): boolean {
  return isWithin(root, path) && resolve(root) !== resolve(path);
}

/**
 * The first symbolic link among the components of `path` strictly below `root`, excluding the
 * last one (removing or renaming a link acts on the link), or undefined when there is none. A
 * component that does not exist ends the walk: nothing below it exists either.
 */
async function linkOnTheWay(root: string, path: string): Promise<string | undefined> {
  const parts = relative(root, dirname(path))
    .split(sep)
    .filter((p) => p !== '');
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    // Synchronous: one stat per folder, before every write and removal (files/exists.ts says why).
    let st: Stats | undefined;
    try {
      st = lstatSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
    if (!st) return undefined;
    if (st.isSymbolicLink()) return at;
    if (!st.isDirectory()) return undefined;
  }
  return undefined;
}

/**
 * Checks that `path` is strictly inside `root`: lexically, and with no symbolic link among its
 * parent directories below `root` (the last component itself is not followed: removing a
 * symlink removes the link). Returns the absolute path. Throws OutsideError otherwise.
 */
export async function assertInside(root: string, path: string, what = 'it'): Promise<string> {
  const abs = resolve(path);
  const top = resolve(root);
  if (!isStrictlyInside(top, abs)) throw new OutsideError(abs, top, what);
  const link = await linkOnTheWay(top, abs);
  if (link) throw new OutsideError(abs, top, `${what} (never through a symlink: ${link} is one)`);
  return abs;
}

/**
 * Removes `path` (a file, a symlink, or a whole tree) if it is strictly inside `root`. A tree
 * with read-only folders (a store entry: read-only.ts) gets their write bits back first.
 */
export async function removeInside(root: string, path: string, what?: string): Promise<void> {
  const abs = await assertInside(root, path, what);
  try {
    await rm(abs, { recursive: true, force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
    await makeFoldersWritable(abs);
    await rm(abs, { recursive: true, force: true });
  }
}

/** Renames `from` to `to`, both strictly inside `root`. */
export async function renameInside(root: string, from: string, to: string, what?: string): Promise<void> {
  const a = await assertInside(root, from, what);
  const b = await assertInside(root, to, what);
  await rename(a, b);
}

export { segmentProblem } from '../paths.js';
