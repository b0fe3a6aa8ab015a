/**
 * The one place where pydebug removes, renames and replaces files. Every such operation names
 * the directory it belongs to (a subdirectory of the store, or the project's directory) and the
 * path is checked to be strictly inside it, lexically and after resolving symlinks of its parent,
 * before anything happens. A path computed from data (a lock field, a manifest, a URL, a lock
 * file in locks/) that points elsewhere is refused with OutsideError, never acted on.
 */
import { realpath, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
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

/** The realpath of the nearest existing ancestor of `path` (symlinks resolved), joined with the rest. */
async function realpathOfExisting(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return resolve(await realpathOfExisting(parent), relative(parent, abs));
  }
}

/**
 * Checks that `path` is strictly inside `root`: lexically, and with the symlinks of its parent
 * directories resolved (the last component itself is not followed: removing a symlink removes
 * the link). Returns the absolute path. Throws OutsideError otherwise.
 */
export async function assertInside(root: string, path: string, what = 'it'): Promise<string> {
  const abs = resolve(path);
  if (!isStrictlyInside(root, abs)) throw new OutsideError(abs, resolve(root), what);
  const realRoot = await realpathOfExisting(root);
  const realParent = await realpathOfExisting(dirname(abs));
  if (!isWithin(realRoot, realParent)) throw new OutsideError(abs, resolve(root), `${what} (through a symlink)`);
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
