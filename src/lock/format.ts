/**
 * pydebug.lock on disk: JSON, two-space indent, one trailing newline, so the same lock always has
 * the same bytes and diffs stay readable. Keys in the lock's own order rather than the alphabet:
 * the do-not-edit note, then each object's fields in the order schema.ts declares them
 * (`lock_version`, `sources`, `builds`; in a build `source` and `variant` first); maps whose
 * keys are data (sources, builds, env variables, macros) sorted. Written by serialize.ts (no
 * zod); read and checked against the schema here. Pure.
 */
import { migratedLockData } from './migrate.js';
import { LockedSourceSchema, LockSchema } from './schema.js';
import { LockParseError, NewerLockError } from './serialize.js';
import { LOCK_VERSION, type Lock, type LockedSource, OLDEST_LOCK_VERSION } from './types.js';
import { sourceProblems } from './validate.js';

export { LOCK_FILE_NAME, LockParseError, NewerLockError, serializeLock, serializePreviousLock } from './serialize.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LockParseError(`it is not valid JSON (${(e as Error).message})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The lock's JSON in the lock's shape, as version LOCK_VERSION names its fields (a lock of an
 * earlier version is migrated: see migrate.ts). Its fields are not validated yet (see validate.ts): a lock
 * that parses may still be hand-edited nonsense.
 */
export function parseLock(text: string): Lock {
  let data = parseJson(text);
  if (isObject(data)) {
    delete data['//'];
    const version = data.lock_version;
    if (typeof version === 'number' && version > LOCK_VERSION) throw new NewerLockError(version);
    if (typeof version === 'number' && version < OLDEST_LOCK_VERSION) {
      throw new LockParseError(`it has lock format version ${version}, from an older pydebug; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
    }
    // Versions 1 and 2 differ from 3 only in the names of two build fields: read as version 3.
    if (typeof version === 'number' && version < LOCK_VERSION) data = migratedLockData(data, LOCK_VERSION);
  }
  const parsed = LockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LockParseError(`${issue.path.join('.') || 'the top level'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The sources of a lock file that can be trusted one by one, even when the rest of the file
 * cannot: well-formed facts (SHA-256, MD5, size) under their own version, with a file name that
 * is one path segment. `pydebug lock` keeps these and downloads the others again.
 */
export function recordedSources(text: string): Record<string, LockedSource> {
  let data: unknown;
  try {
    data = parseJson(text);
  } catch {
    return {};
  }
  const sources = isObject(data) && isObject(data.sources) ? data.sources : {};
  const trusted: Record<string, LockedSource> = {};
  for (const [key, value] of Object.entries(sources)) {
    const parsed = LockedSourceSchema.safeParse(value);
    if (parsed.success && sourceProblems(key, parsed.data).length === 0) trusted[key] = parsed.data;
  }
  return trusted;
}
