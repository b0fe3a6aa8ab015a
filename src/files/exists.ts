/**
 * Whether something is at a path, for the checks that only branch on it. Any error counts as
 * nothing there: a missing file, a parent that is no folder, one that cannot be looked at
 * (EACCES). Where the error matters, call stat itself.
 */

import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

/** What must be there: anything, a regular file or a folder. */
export type Kind = 'any' | 'file' | 'dir';

const is = (kind: Kind) => (s: Stats) => kind === 'any' || (kind === 'file' ? s.isFile() : s.isDirectory());

/** True when `path` names something of that kind, following symbolic links (a dangling link is nothing). */
export function exists(path: string, kind: Kind = 'any'): Promise<boolean> {
  return stat(path).then(is(kind), () => false);
}

/** True when `path` itself is something of that kind, not following a symbolic link at its end (a link counts as 'any'). */
export function existsNoFollow(path: string, kind: Kind = 'any'): Promise<boolean> {
  return lstat(path).then(is(kind), () => false);
}
