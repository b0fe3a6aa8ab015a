import { lstat, stat } from 'node:fs/promises';

// The tests' own checks that something is there, independent of src/files/exists.ts.

/** Whether something is at `path`, following symbolic links. */
export const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Whether `path` itself is there, a symbolic link (even a dangling one) included. */
export const existsNoFollow = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );
