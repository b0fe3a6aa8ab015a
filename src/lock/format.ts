/**
 * pydebug.lock on disk: JSON, two-space indent, one trailing newline, so the same lock always has
 * the same bytes and diffs stay readable. Keys in the lock's own order rather than the alphabet:
 * the do-not-edit note, then each object's fields in the order types.ts declares them
 * (`lock_version`, `sources`, `builds`; in a build `version` and `variant` first); maps whose
 * keys are data (sources, builds, env variables, macros) sorted. Pure.
 */
import { canonicalJson } from './canonical.js';
import {
  BuildOptionsSchema,
  ExpectationsSchema,
  isGitSource,
  LOCK_VERSION,
  OLDEST_LOCK_VERSION,
  LockedBuildSchema,
  LockedGitSchema,
  LockedSourceSchema,
  LockedTarballSchema,
  LockSchema,
  type Expectations,
  type Lock,
  type LockedBuild,
  type LockedSource,
} from './types.js';
import { sourceProblems } from './validate.js';

export const LOCK_FILE_NAME = 'pydebug.lock';
const NOTE = 'Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.';

/** `value`'s fields in the order `schema` declares them (`fields` replace some); an absent optional field is left out. */
function declared(schema: { shape: Record<string, unknown> }, value: object, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const entries = Object.keys(schema.shape).map((key) => [key, Object.hasOwn(fields, key) ? fields[key] : (value as Record<string, unknown>)[key]] as const);
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** A map whose keys are data, in sorted order, each value through `each`. */
function sorted<V>(map: Record<string, V>, each: (value: V) => unknown = (value) => value): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((key) => [key, each(map[key]!)]),
  );
}

const sourceInOrder = (s: LockedSource) => declared(isGitSource(s) ? LockedGitSchema : LockedTarballSchema, s);
const expectInOrder = (e: Expectations) => declared(ExpectationsSchema, e, { macros: sorted(e.macros), options: e.options === undefined ? undefined : declared(BuildOptionsSchema, e.options) });
const buildInOrder = (b: LockedBuild) =>
  declared(LockedBuildSchema, b, { env: sorted(b.env), expect: expectInOrder(b.expect), artifacts: b.artifacts === undefined ? undefined : sorted(b.artifacts) });

export function serializeLock(lock: Lock): string {
  const fields = declared(LockSchema, lock, { sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInOrder) });
  return `${JSON.stringify({ '//': NOTE, ...fields }, null, 2)}\n`;
}

/**
 * The same lock as earlier pydebug wrote it, with keys sorted at every depth. The content is the
 * same (the shape, and so `lock_version` and every cache key, did not change): stale.ts takes it
 * as current, and `pydebug lock` rewrites it in the order above.
 */
export function serializeLockSortedKeys(lock: Lock): string {
  return `${canonicalJson({ '//': NOTE, ...lock }, 2)}\n`;
}

/** Why a lock file could not be read; a stale-lock reason, not a crash. */
export class LockParseError extends Error {}

/** The lock has a format version this pydebug does not know: never read, never rewritten. */
export class NewerLockError extends Error {
  constructor(readonly lockVersion: number) {
    super(`it has lock format version ${lockVersion}; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LockParseError(`it is not valid JSON (${(e as Error).message})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The lock's JSON in the lock's shape. Its fields are not validated yet (see validate.ts): a lock
 * that parses may still be hand-edited nonsense.
 */
export function parseLock(text: string): Lock {
  const data = parseJson(text);
  if (isObject(data)) {
    delete data['//'];
    const version = data.lock_version;
    if (typeof version === 'number' && version > LOCK_VERSION) throw new NewerLockError(version);
    if (typeof version === 'number' && version < OLDEST_LOCK_VERSION) {
      throw new LockParseError(`it has lock format version ${version}, from an older pydebug; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
    }
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
