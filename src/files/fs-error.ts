/**
 * File-system errors (an errno code and a path, from node:fs) worded for a user: which path,
 * what went wrong in plain words, and what to do about it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { PydebugError } from '../errors.js';

export interface FileSystemError extends Error {
  code: string;
  syscall: string;
  path: string;
  dest?: string;
}

export function isFileSystemError(error: unknown): error is FileSystemError {
  const e = error as Partial<FileSystemError> | null;
  return error instanceof Error && typeof e?.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string' && typeof e.path === 'string';
}

/** What went wrong, and what a user can do, for each errno code a command can meet. */
const PROBLEMS: Record<string, { says: string; hint: string }> = {
  ENOENT: { says: 'no such file or directory', hint: 'check the path; a file pydebug writes needs its directory to exist' },
  EACCES: { says: 'permission denied', hint: 'check the permissions of the path and of its directory' },
  EPERM: { says: 'operation not permitted', hint: 'check the permissions and attributes of the path and of its directory (owner, read-only or immutable flags)' },
  EISDIR: { says: 'it is a directory', hint: 'give the path of a file, not of a directory' },
  ENOTDIR: { says: 'a part of the path is not a directory', hint: 'a file stands where the path needs a directory: fix the path or move the file' },
  ELOOP: { says: 'too many levels of symbolic links', hint: 'a symbolic link in the path points back to itself: fix or remove it' },
  EROFS: { says: 'read-only file system', hint: 'use a path on a writable file system' },
  ENOSPC: { says: 'no space left on the device', hint: 'free space on that disk' },
  EDQUOT: { says: 'disk quota exceeded', hint: 'free space, or ask for a larger quota' },
  ENAMETOOLONG: { says: 'the path is too long', hint: 'use a shorter path' },
  EEXIST: { says: 'it already exists', hint: 'move or remove what is in the way' },
  ENOTEMPTY: { says: 'the directory is not empty', hint: 'move or remove what is in it' },
  EBUSY: { says: 'it is busy (in use or a mount point)', hint: 'stop what uses it, then try again' },
  EMFILE: { says: 'too many open files', hint: 'raise the open-file limit (ulimit -n)' },
  ENFILE: { says: 'too many open files in the system', hint: "close other programs, or raise the system's open-file limit" },
  EXDEV: { says: 'it cannot be moved across file systems', hint: 'keep the source and destination on one file system' },
  EIO: { says: 'input/output error', hint: 'the disk may be failing: check it (dmesg)' },
  ENXIO: { says: 'no such device', hint: 'give the path of a regular file' },
};

const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  mkdtemp: 'create a directory in',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  scandir: 'list',
  opendir: 'list',
  copyfile: 'copy',
  symlink: 'create the link',
  link: 'create the link',
};

/** `error` as a one-line PydebugError naming its path; `storeRoot` adds PYDEBUG_HOME to the hint. */
export function fileSystemError(error: FileSystemError, storeRoot?: string): PydebugError {
  // A full disk is the disk's problem, not the store's setting: say which file system it is.
  if (isDiskFull(error)) return diskFullError(error, error.syscall === 'copyfile' && error.dest ? error.dest : error.path);
  const action = ACTIONS[error.syscall] ?? 'access';
  const target = error.dest && error.syscall === 'rename' ? `${error.path} to ${error.dest}` : error.path;
  const problem = PROBLEMS[error.code] ?? { says: error.code, hint: 'check the path and try again' };
  const inStore = storeRoot !== undefined && isWithin(storeRoot, error.path);
  const hint = inStore ? `PYDEBUG_HOME (${storeRoot}) must be a directory pydebug can write: ${problem.hint}` : problem.hint;
  return new PydebugError(`cannot ${action} ${target}: ${problem.says}`, { hint, cause: error });
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** ENOSPC or EDQUOT: the write failed for want of space (or of quota), not because of the path. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && (code === 'ENOSPC' || code === 'EDQUOT');
}

/** A mount point field of /proc/self/mountinfo decoded: the kernel writes space, tab, newline and backslash as \ooo. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * The mount point of the file system holding `path`: the longest mount point in `mountinfo`
 * (the text of /proc/self/mountinfo; field 5 of each line) that is `path` or one of its
 * ancestors. Pure; undefined when no line covers it.
 */
export function longestMountPoint(mountinfo: string, path: string): string | undefined {
  let best: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field === undefined) continue;
    const mount = unescapeMountField(field);
    if (!isWithin(mount, path)) continue;
    if (best === undefined || mount.length > best.length) best = mount;
  }
  return best;
}

/** The mount point of `path`'s file system, from /proc/self/mountinfo (Linux); undefined elsewhere. */
export function mountPointOf(path: string): string | undefined {
  try {
    return longestMountPoint(readFileSync('/proc/self/mountinfo', 'utf8'), resolve(path));
  } catch {
    return undefined;
  }
}

/**
 * A full disk (ENOSPC) or quota (EDQUOT) while writing `path`, as a user can act on it: which
 * path, which file system (its mount point), and what pydebug kept as it was (`kept`: "pydebug.lock
 * was not changed").
 */
export function diskFullError(error: NodeJS.ErrnoException, path: string, kept?: string): PydebugError {
  const mount = mountPointOf(path);
  const fileSystem = mount === undefined ? 'its file system' : `the file system mounted at ${mount}`;
  const full = error.code === 'EDQUOT' ? `the disk quota on ${fileSystem} is exceeded` : `no space left on ${fileSystem}`;
  const where = mount ?? 'that disk';
  const hint = error.code === 'EDQUOT' ? `free space on ${where}, or ask for a larger quota, then run the command again` : `free space on ${where} (df -h ${where}), then run the command again`;
  return new PydebugError(`cannot write ${path}: ${full}${kept ? `; ${kept}` : ''}`, { hint, cause: error });
}

/** Runs `write`; a full disk meanwhile is worded for `path` (the ENOSPC of a write names no path). */
export async function writingTo<T>(path: string, kept: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isDiskFull(e)) throw diskFullError(e as NodeJS.ErrnoException, path, kept);
    throw e;
  }
}
