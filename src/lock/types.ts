/**
 * The lock's constants and types. The types are inferred from the schema (schema.ts), which
 * declares each object's fields in the order pydebug.lock lists them; importing only types from
 * it keeps zod out of what does not parse a lock. Pure.
 */
/**
 * The lock format this pydebug writes, and the newest it reads. Bump when the lock's shape
 * changes (not its key order or layout); the lock key does not change with it (LOCK_KEY_VERSION
 * in resolve.ts). Version 2 added `artifacts` (registry pins) and `expect.options` (tail_call,
 * jit, strict_overflow), and was written only when a lock used one of them. Version 3 renamed two
 * fields of every build (`cache_key` to `lock_key`, `version` to `source`), so every lock is
 * written as version 3: a pydebug that knows only versions 1 and 2 refuses it (asks to be
 * upgraded) instead of failing on fields it does not know. Versions 1 and 2 are still read,
 * renamed on read (migrate.ts), and taken as current when their content is: `pydebug lock`
 * rewrites them as version 3.
 */
export const LOCK_VERSION = 3;
/** The oldest lock format this pydebug reads. */
export const OLDEST_LOCK_VERSION = 1;

/** A manifest digest in OCI form. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** The machine part of an entry key (see entryKeyFor): "<os>-<arch>-<8 hex>", e.g. "linux-x64-4cd28a0d". */
export const MACHINE_KEY_PATTERN = /^[a-z0-9]+-[a-z0-9_]+-[0-9a-f]{8}$/;

export { MACRO_NAMES, type MacroName } from './macros.js';

export type { BuildOptions, Expectations, Lock, LockedBuild, LockedGit, LockedSource, LockedTarball, MacroSet, PreviousLockedBuild } from './schema.js';

import type { LockedGit, LockedSource } from './schema.js';

export function isGitSource(s: LockedSource): s is LockedGit {
  return 'git' in s;
}
