/**
 * The lock as pydebug works with it. On disk it is JSON with sorted keys (see format.ts);
 * the field names below are the on-disk names, so the file reads the same as this type.
 */

/** Bump when the lock's shape changes; it is part of every cache key. */
export const LOCK_VERSION = 1;

/** The C macros (and NDEBUG) a built interpreter must show, each proven by the probe. */
export const MACRO_NAMES = [
  'Py_DEBUG',
  'Py_REF_DEBUG',
  'Py_TRACE_REFS',
  'WITH_PYMALLOC',
  'WITH_VALGRIND',
  'Py_GIL_DISABLED',
  'NDEBUG',
] as const;
export type MacroName = (typeof MACRO_NAMES)[number];
export type MacroSet = Record<MacroName, boolean>;

/** A release tarball, listed under its version. */
export interface LockedTarball {
  version: string;
  /** The tarball URL as declared (python.org form); mirrors are applied at download time. */
  url: string;
  file: string;
  sha256: string;
  md5: string;
  size: number;
}

/** A git source, listed under its name: the commit its ref resolved to, and that tree's version. */
export interface LockedGit {
  /** The repository as pydebug.yml gives it. */
  git: string;
  ref: string;
  /** The full commit id (40 hex) `pydebug lock` resolved the ref to; sync fetches exactly it. */
  commit: string;
  /** PY_VERSION from the commit's Include/patchlevel.h, e.g. "3.16.0a2+". */
  version: string;
}

export type LockedSource = LockedTarball | LockedGit;

export function isGitSource(s: LockedSource): s is LockedGit {
  return 'git' in s;
}

export interface Expectations {
  /** sys.abiflags, e.g. "d", "td", "". */
  abiflags: string;
  macros: MacroSet;
  /** Sanitizers the interpreter must be compiled with (-fsanitize=...). */
  sanitizers: string[];
  /** For a git source: the commit sys._git must name (absent for releases). */
  commit?: string;
}

export interface LockedBuild {
  /** The source's key in `sources`: a release version, or a git source's name. */
  version: string;
  variant: string;
  /**
   * The exact ./configure arguments, in order. pydebug adds only --prefix=<store entry> when it
   * runs configure, since the install location is the machine's, not the project's.
   */
  configure: string[];
  /** The CFLAGS given to configure (also inside `configure` as CFLAGS=...). */
  cflags: string[];
  /** The compiler declared in pydebug.yml, or null for the machine's default ($CC, else cc/gcc). */
  compiler: string | null;
  /** Runtime environment for `pydebug run` and the Action (does not change the build). */
  env: Record<string, string>;
  test: boolean | 'quick' | string[];
  /** Leave the test suite (but test.support) and the static libpython out of the install. */
  slim: boolean;
  expect: Expectations;
  /**
   * Digest of everything in the lock that changes the built files (lock version, build recipe
   * version, source SHA-256, configure arguments, compiler choice, slim install). The store and the Actions
   * cache extend it with the machine's platform and compiler identity (see buildKey).
   */
  cache_key: string;
}

export interface Lock {
  lock_version: number;
  sources: Record<string, LockedSource>;
  builds: Record<string, LockedBuild>;
}
