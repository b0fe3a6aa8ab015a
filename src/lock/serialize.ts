/**
 * pydebug.lock written out: JSON, two-space indent, one trailing newline, each object's fields
 * in the order schema.ts declares them (the lists below; test/lock/serialize.test.ts checks they
 * are the schema's), maps whose keys are data sorted. Without zod, so that what only writes or
 * compares a lock (and `run`, `which`, which import this through the lock's readers) does not
 * load it. Pure.
 */
import { canonicalJson } from './canonical.js';
import { previousBuildFieldOrder, previousBuildOf, previousLockVersion } from './migrate.js';
import { type Expectations, isGitSource, LOCK_VERSION, type Lock, type LockedBuild, type LockedSource, OLDEST_LOCK_VERSION } from './types.js';

export const LOCK_FILE_NAME = 'pydebug.lock';
const NOTE = 'Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.';

/** The fields of each object of the lock, in the order schema.ts declares them. */
export const FIELD_ORDER = {
  tarball: ['version', 'url', 'file', 'sha256', 'md5', 'size', 'sigstore'],
  git: ['git', 'ref', 'commit', 'version'],
  options: ['tail_call', 'jit', 'jit_llvm', 'strict_overflow'],
  expect: ['abiflags', 'sanitizers', 'commit', 'macros', 'options'],
  build: ['source', 'variant', 'configure', 'cflags', 'compiler', 'slim', 'test', 'env', 'expect', 'lock_key', 'artifacts'],
  lock: ['lock_version', 'sources', 'builds'],
} as const;

/** `value`'s fields in the order `order` lists them (`fields` replace some); an absent optional field is left out. */
function declared(order: readonly string[], value: object, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const entries = order.map((key) => [key, Object.hasOwn(fields, key) ? fields[key] : (value as Record<string, unknown>)[key]] as const);
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

const sourceInOrder = (s: LockedSource) => declared(isGitSource(s) ? FIELD_ORDER.git : FIELD_ORDER.tarball, s);
const expectInOrder = (e: Expectations) => declared(FIELD_ORDER.expect, e, { macros: sorted(e.macros), options: e.options === undefined ? undefined : declared(FIELD_ORDER.options, e.options) });
/** A build's fields that are objects, each in its own order. */
const buildObjects = (b: LockedBuild) => ({ env: sorted(b.env), expect: expectInOrder(b.expect), artifacts: b.artifacts === undefined ? undefined : sorted(b.artifacts) });
const buildInOrder = (b: LockedBuild) => declared(FIELD_ORDER.build, b, buildObjects(b));

export function serializeLock(lock: Lock): string {
  const fields = declared(FIELD_ORDER.lock, lock, { sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInOrder) });
  return `${JSON.stringify({ '//': NOTE, ...fields }, null, 2)}\n`;
}

/** A build's fields in versions 1 and 2: the same order, two of them named otherwise (migrate.ts). */
const PREVIOUS_BUILD_ORDER = previousBuildFieldOrder(FIELD_ORDER.build);

/**
 * The same lock as the pydebug before lock format 3 wrote it: as version 1 or 2 (whichever it
 * would have written, see previousLockVersion), with the build fields' earlier names; in the
 * order above, or with `sortedKeys` with keys sorted at every depth, as pydebug wrote it before
 * that order. stale.ts takes such a lock as current, and `pydebug lock` rewrites it as
 * LOCK_VERSION. The content is the same: every lock key too.
 */
export function serializePreviousLock(lock: Lock, { sortedKeys }: { sortedKeys: boolean }): string {
  const lockVersion = previousLockVersion(lock);
  if (sortedKeys) {
    const builds = Object.fromEntries(Object.entries(lock.builds).map(([id, b]) => [id, previousBuildOf(b)]));
    return `${canonicalJson({ '//': NOTE, lock_version: lockVersion, sources: lock.sources, builds }, 2)}\n`;
  }
  const buildInPreviousOrder = (b: LockedBuild) => declared(PREVIOUS_BUILD_ORDER, previousBuildOf(b), buildObjects(b));
  const fields = { lock_version: lockVersion, sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInPreviousOrder) };
  return `${JSON.stringify({ '//': NOTE, ...fields }, null, 2)}\n`;
}

/** Why a lock file could not be read; a stale-lock reason, not a crash. */
export class LockParseError extends Error {}

/** The lock has a format version this pydebug does not know: never read, never rewritten. */
export class NewerLockError extends Error {
  constructor(readonly lockVersion: number) {
    super(`it has lock format version ${lockVersion}; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
  }
}
