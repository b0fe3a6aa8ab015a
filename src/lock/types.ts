/**
 * The lock's constants and types. The types are inferred from the schema (schema.ts), which
 * declares each object's fields in the order pydebug.lock lists them; importing only types from
 * it keeps zod out of what does not parse a lock. Pure.
 */
/**
 * The newest lock format this pydebug reads and writes. Bump when the lock's shape changes (not
 * its key order or layout). Version 2 added `artifacts` (registry pins) and `expect.options`
 * (tail_call, jit, strict_overflow); a lock with neither is still written as version 1, byte for
 * byte what earlier pydebug wrote, and a pydebug that knows only version 1 refuses a version 2
 * lock (asks to be upgraded) instead of dropping pins or options it does not know.
 */
export const LOCK_VERSION = 2;
/** The oldest lock format this pydebug reads. */
export const OLDEST_LOCK_VERSION = 1;
/** The format of a lock that pins no registry artifact and sets no build option. */
export const UNPINNED_LOCK_VERSION = 1;

/** A manifest digest in OCI form. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** The machine part of an entry key (see entryKeyFor): "<os>-<arch>-<8 hex>", e.g. "linux-x64-4cd28a0d". */
export const MACHINE_KEY_PATTERN = /^[a-z0-9]+-[a-z0-9_]+-[0-9a-f]{8}$/;

export { MACRO_NAMES, type MacroName } from './macros.js';

export type { BuildOptions, Expectations, Lock, LockedBuild, LockedGit, LockedSource, LockedTarball, MacroSet } from './schema.js';

import type { LockedGit, LockedSource } from './schema.js';

export function isGitSource(s: LockedSource): s is LockedGit {
  return 'git' in s;
}
