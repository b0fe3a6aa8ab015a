/**
 * Whether something is at a path, for the checks that only branch on it. Any error counts as
 * nothing there: a missing file, a parent that is no folder, one that cannot be looked at
 * (EACCES). Where the error matters, call stat itself. One synchronous stat under the promise:
 * 5 µs against a trip through the thread pool (about 0.1 ms here).
 */

import { lstatSync, type Stats, statSync } from 'node:fs';

/** What must be there: anything, a regular file or a folder. */
export type Kind = 'any' | 'file' | 'dir';

const is = (kind: Kind) => (s: Stats) => kind === 'any' || (kind === 'file' ? s.isFile() : s.isDirectory());

/** True when `path` names something of that kind, following symbolic links (a dangling link is nothing). */
export async function exists(path: string, kind: Kind = 'any'): Promise<boolean> {
  return checked(() => statSync(path, { throwIfNoEntry: false }), kind);
}

/** True when `path` itself is something of that kind, not following a symbolic link at its end (a link counts as 'any'). */
export async function existsNoFollow(path: string, kind: Kind = 'any'): Promise<boolean> {
  return checked(() => lstatSync(path, { throwIfNoEntry: false }), kind);
}

function checked(look: () => Stats | undefined, kind: Kind): boolean {
  try {
    const st = look();
    return st !== undefined && is(kind)(st);
  } catch {
    return false;
  }
}
