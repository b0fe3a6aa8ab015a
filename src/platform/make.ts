/** What CPython's make is called and what it leaves: the interpreter in the build directory, the names `make install` gives it. */

import { isMac } from './os.js';

export const MAKE = 'make';

/** The interpreter names `make install` may create, most specific last. */
export function interpreterCandidates(version: string, abiflags: string): string[] {
  const [major, minor] = version.split('.');
  const t = abiflags.includes('t') ? 't' : '';
  return [`python${major}${t}`, `python${major}.${minor}${t}`, `python${major}`, `python${major}.${minor}`];
}

/** Name of the interpreter left in an out-of-tree build directory. */
export const BUILD_DIR_PYTHON = isMac ? 'python.exe' : 'python';
