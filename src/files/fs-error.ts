/**
 * File-system errors (an errno code and a path, from node:fs) worded for a user: which path,
 * what went wrong in plain words, and what to do about it.
 */
import { isAbsolute, relative, sep } from 'node:path';
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
