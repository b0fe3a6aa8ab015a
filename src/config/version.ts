/** CPython version arithmetic (pure). */

import { CHECKOUT_VERSION_PATTERN } from './git.js';

export interface PythonVersion {
  major: number;
  minor: number;
  micro: number;
  /** "a1", "b2", "rc1" or "" for a final release. */
  pre: string;
}

/** A release version (3.13.2, 3.15.0a2), or a checkout's version between releases (3.16.0a2+). */
function parseVersion(text: string): PythonVersion | undefined {
  const m = CHECKOUT_VERSION_PATTERN.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3]), pre: m[4] ? `${m[4]}${m[5]}` : '' };
}

/** True when `version` is at least major.minor (pre-releases of major.minor count). */
export function atLeast(version: string, major: number, minor: number): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** "3.13" for "3.13.2". */
export function minorOf(version: string): string {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}

/** The oldest CPython pydebug builds: --with-trace-refs and the 3.8 debug ABI start there. */
export const MIN_SUPPORTED = { major: 3, minor: 8 } as const;
