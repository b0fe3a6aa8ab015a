/**
 * Does the lock still describe pydebug.yml? Each disagreement is a reason a person can read
 * ("3.13.2-debug: configure arguments changed: ..."). A lock is up to date only when it is, byte
 * for byte, the lock `pydebug lock` writes from pydebug.yml and the recorded source facts
 * (SHA-256, MD5, size: the only fields a download decides), so any hand edit is caught; or, byte
 * for byte, that lock as an earlier pydebug wrote it (lock format 1 or 2, in the current key
 * order or with its keys sorted: serialize.ts), which is current but rewritten. Pure.
 */
import { isGitSpec, type ProjectConfig, type SourceSpec, sourceKey } from '../config/project.js';
import { canonicalJson } from './canonical.js';
import { declaredLockVersion } from './migrate.js';
import { assembleLock, lockedSourceFor, lockKeyFor, recordedPins, resolveBuild } from './resolve.js';
import { serializeLock, serializePreviousLock } from './serialize.js';
import { isGitSource, LOCK_VERSION, type Lock, type LockedBuild, type LockedSource } from './types.js';
import { lockProblems } from './validate.js';

export interface StaleReason {
  /** A version, an entry id ("3.13.2-debug"), or "lock". */
  subject: string;
  reason: string;
  /** True when fixing it needs the tarball again (new or changed source). */
  needsDownload: boolean;
  /** The lock itself was changed (by hand, a bad merge...), not pydebug.yml. */
  edited?: true;
  /**
   * The lock is in the format of an earlier pydebug (lock format `version`; with `sortedKeys`, its
   * keys sorted alphabetically, which is told only of a lock whose content is current): not a reason it is stale, but `pydebug lock` rewrites it as
   * LOCK_VERSION. When it is the only reason, the lock's content is current.
   */
  earlierFormat?: { version: number; sortedKeys: boolean };
}

/** Why `pydebug lock` rewrites a lock of an earlier format (see StaleReason.earlierFormat). */
export function earlierFormat(version: number, sortedKeys: boolean): StaleReason {
  const order = sortedKeys ? ', its keys sorted alphabetically' : '';
  return {
    subject: 'lock',
    reason: `it is in lock format version ${version}${order}, as an earlier pydebug wrote it: rewritten as version ${LOCK_VERSION} (the format does not change the lock keys)`,
    needsDownload: false,
    earlierFormat: { version, sortedKeys },
  };
}

const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(' ') : '(none)') : canonicalJson(v));

/**
 * Why a locked source no longer matches its declaration: a release's url and every declared
 * checksum; a git source's repository and ref (its pinned commit is kept while they stay).
 */
export function sourceReasons(spec: SourceSpec, locked: LockedSource): StaleReason[] {
  const reasons: StaleReason[] = [];
  const key = sourceKey(spec);
  const stale = (reason: string) => reasons.push({ subject: key, reason, needsDownload: true });
  if (isGitSpec(spec)) {
    if (!isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a git source in pydebug.yml but a release in the lock`, needsDownload: true }];
    if (locked.git !== spec.git) stale(`git changed: lock has ${locked.git}, pydebug.yml has ${spec.git}`);
    if (locked.ref !== spec.ref) stale(`ref changed: lock has ${locked.ref}, pydebug.yml has ${spec.ref}`);
    return reasons;
  }
  if (isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a release in pydebug.yml but a git source in the lock`, needsDownload: true }];
  if (locked.url !== spec.url) stale(`url changed: lock has ${locked.url}, pydebug.yml has ${spec.url}`);
  if (spec.md5 && spec.md5 !== locked.md5) stale(`md5 in pydebug.yml (${spec.md5}) differs from the lock (${locked.md5})`);
  if (spec.sha256 && spec.sha256 !== locked.sha256) stale(`sha256 in pydebug.yml (${spec.sha256}) differs from the lock (${locked.sha256})`);
  // Without a declared checksum, the Sigstore check is the pin: the lock must have made it, for this identity.
  const expected = spec.sigstore || undefined;
  const signer = (i: { identity: string; issuer: string }) => `${i.identity} (${i.issuer})`;
  if (expected && locked.sigstore && signer(locked.sigstore) !== signer(expected)) {
    stale(`sigstore identity changed: lock verified ${signer(locked.sigstore)}, pydebug.yml expects ${signer(expected)}`);
  } else if (expected && !locked.sigstore && !spec.md5 && !spec.sha256) {
    stale(`no checksum in pydebug.yml and the lock does not record a Sigstore verification by ${signer(expected)}`);
  }
  return reasons;
}

/** Sources in the lock that still match pydebug.yml. */
function sourceStaleReasons(projectConfig: ProjectConfig, lock: Lock): StaleReason[] {
  const reasons: StaleReason[] = [];
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = lock.sources[key];
    if (locked) reasons.push(...sourceReasons(s, locked));
    else reasons.push({ subject: key, reason: `python ${key} is in pydebug.yml but not in the lock`, needsDownload: true });
  }
  for (const version of Object.keys(lock.sources)) {
    if (!projectConfig.sources.some((s) => sourceKey(s) === version)) {
      reasons.push({ subject: version, reason: `python ${version} is in the lock but no longer in pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}

const FIELD_LABELS: Array<[keyof LockedBuild, string]> = [
  ['configure', 'configure arguments'],
  ['cflags', 'CFLAGS'],
  ['compiler', 'compiler'],
  ['env', 'environment'],
  ['test', 'test selection'],
  ['slim', 'slim install'],
  ['expect', 'expected macros and abiflags'],
  ['lock_key', 'lock key'],
];

/** What differs between the lock and pydebug.yml, for fields pydebug.yml decides. */
export function staleReasons(projectConfig: ProjectConfig, lock: Lock | undefined): StaleReason[] {
  if (!lock) return [{ subject: 'lock', reason: 'there is no lock yet', needsDownload: true }];
  const reasons = sourceStaleReasons(projectConfig, lock);
  const staleSources = new Set(reasons.map((r) => r.subject));
  for (const entry of projectConfig.matrix) {
    const locked = lock.builds[entry.id];
    if (!locked) {
      reasons.push({ subject: entry.id, reason: `${entry.id} is in the matrix but not in the lock`, needsDownload: false });
      continue;
    }
    if (staleSources.has(entry.version)) continue;
    const variant = projectConfig.variants.find((v) => v.name === entry.variant)!;
    const source = lock.sources[entry.version]!;
    const resolved = resolveBuild(entry.version, variant, source);
    const expected: LockedBuild = { ...resolved, lock_key: lockKeyFor(resolved, source) };
    for (const [field, label] of FIELD_LABELS) {
      if (canonicalJson(expected[field]) !== canonicalJson(locked[field])) {
        reasons.push({
          subject: entry.id,
          reason: `${label} changed: lock has ${show(locked[field])}, pydebug.yml gives ${show(expected[field])}`,
          needsDownload: false,
        });
        break;
      }
    }
  }
  for (const id of Object.keys(lock.builds)) {
    if (!projectConfig.matrix.some((e) => e.id === id)) {
      reasons.push({ subject: id, reason: `${id} is in the lock but no longer in the matrix of pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}

/**
 * The lock `pydebug lock` writes for this project, given the lock's recorded source facts.
 * Only for a lock with no stale reason (every source of pydebug.yml is in it).
 */
function expectedLock(projectConfig: ProjectConfig, lock: Lock): Lock {
  const sources = Object.fromEntries(projectConfig.sources.map((s) => [sourceKey(s), lockedSourceFor(s, lock.sources[sourceKey(s)]!)]));
  // Registry pins are facts only the registry decides, as a tarball's checksums are a download's: kept.
  return assembleLock(projectConfig, sources, recordedPins(lock));
}

/** Every field whose value is not what pydebug writes: `builds.<id>.<field> was edited by hand`. */
function editedFields(expected: Lock, actual: Lock): StaleReason[] {
  const reasons: StaleReason[] = [];
  for (const section of ['sources', 'builds'] as const) {
    for (const [key, entry] of Object.entries(expected[section])) {
      const edited = actual[section][key] as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(entry)) {
        if (canonicalJson(value) !== canonicalJson(edited[field])) {
          reasons.push({ subject: key, reason: `${section}.${key}.${field} was edited by hand`, needsDownload: false, edited: true });
        }
      }
    }
  }
  return reasons;
}

/** Invalid fields: the lock cannot be trusted to be about this project at all. */
function problemReasons(lock: Lock): StaleReason[] {
  return lockProblems(lock).map((p) => ({ subject: 'lock', reason: p, needsDownload: p.startsWith('sources.'), edited: true }));
}

/**
 * Everything that makes `text` (the lock file, parsed as `lock`) other than the lock pydebug.yml
 * gives: invalid fields first (nothing else is compared then, since the lock cannot be trusted
 * to be about this project), then what pydebug.yml changed, then any other hand edit. A lock
 * that is current but in an earlier pydebug's format gives only an earlierFormat reason, which
 * readers take as current; a stale or edited one gives it too, after the others.
 */
export function lockReasons(projectConfig: ProjectConfig, lock: Lock, text: string): StaleReason[] {
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const version = declaredLockVersion(text) ?? LOCK_VERSION;
  const upgraded = version < LOCK_VERSION ? [earlierFormat(version, false)] : [];
  const stale = staleReasons(projectConfig, lock);
  if (stale.length > 0) return [...stale, ...upgraded];
  const expected = expectedLock(projectConfig, lock);
  if (version === LOCK_VERSION && serializeLock(expected) === text) return [];
  if (version < LOCK_VERSION) {
    if (serializePreviousLock(expected, { sortedKeys: false }) === text) return upgraded;
    if (serializePreviousLock(expected, { sortedKeys: true }) === text) return [earlierFormat(version, true)];
  }
  const edited = editedFields(expected, lock);
  const layout = { subject: 'lock', reason: 'its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)', needsDownload: false, edited: true } as const;
  return [...(edited.length > 0 ? edited : [layout]), ...upgraded];
}

/**
 * For commands that only show what is locked and built (list, which, inspect, matrix): every way
 * the content of a valid lock is not what pydebug.yml gives, whatever the entries asked for (the
 * layout of the text is not compared). Empty when current. Call only when `invalidFields` is
 * empty: those leave the lock unusable.
 */
export function contentReasons(projectConfig: ProjectConfig, lock: Lock): StaleReason[] {
  const stale = staleReasons(projectConfig, lock);
  // Hand edits are looked for in every entry pydebug.yml has not changed, so that one variant
  // added to pydebug.yml does not hide an edit of another.
  const flagged = new Set(stale.map((r) => r.subject));
  const unchanged = projectConfig.matrix.filter((e) => lock.builds[e.id] && lock.sources[e.version] && !flagged.has(e.id) && !flagged.has(e.version)).map((e) => e.id);
  return [...stale, ...editedFields(expectedEntries(projectConfig, lock, unchanged), lock)];
}

/** Invalid fields of the lock (a lock key that is a path, a bad checksum...): no command reads such a lock. */
export function invalidFields(lock: Lock): StaleReason[] {
  return problemReasons(lock);
}

/** Of `reasons`, those about one matrix entry: its own record, or its source's. */
export function reasonsOfEntry(reasons: StaleReason[], entry: { id: string; version: string }): StaleReason[] {
  return reasons.filter((r) => r.subject === entry.id || r.subject === entry.version);
}

/** The entries `ids` as `pydebug lock` writes them, with their sources (recorded facts kept). */
function expectedEntries(projectConfig: ProjectConfig, lock: Lock, ids: string[]): Lock {
  const sources: Lock['sources'] = {};
  const builds: Lock['builds'] = {};
  for (const entry of projectConfig.matrix.filter((e) => ids.includes(e.id))) {
    const spec = projectConfig.sources.find((s) => sourceKey(s) === entry.version)!;
    const source = lockedSourceFor(spec, lock.sources[entry.version]!);
    sources[entry.version] = source;
    const resolved = resolveBuild(entry.version, projectConfig.variants.find((v) => v.name === entry.variant)!, source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = lock.builds[entry.id]?.lock_key === lockKey ? lock.builds[entry.id]?.artifacts : undefined;
    builds[entry.id] = artifacts ? { ...resolved, lock_key: lockKey, artifacts } : { ...resolved, lock_key: lockKey };
  }
  return { lock_version: lock.lock_version, sources, builds };
}

/**
 * For commands that only read the lock (which, run, list, inspect): why the entries `ids` of
 * pydebug.yml's matrix cannot be used from it. Invalid fields anywhere refuse the whole lock;
 * otherwise only what concerns these entries and their sources counts, so a variant added to
 * pydebug.yml and not locked yet does not stop `which debug`. The layout of the text is not
 * compared: `lockReasons` (lock --check, sync --frozen) holds the lock to that.
 */
export function entryReasons(projectConfig: ProjectConfig, lock: Lock | undefined, ids: string[]): StaleReason[] {
  if (!lock) return staleReasons(projectConfig, undefined);
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const versions = new Set(projectConfig.matrix.filter((e) => ids.includes(e.id)).map((e) => e.version));
  const stale = staleReasons(projectConfig, lock).filter((r) => ids.includes(r.subject) || versions.has(r.subject));
  if (stale.length > 0) return stale;
  return editedFields(expectedEntries(projectConfig, lock, ids), lock);
}

/** The lock with only the builds `ids` (in that order) and their sources. */
export function lockOfEntries(lock: Lock, ids: string[]): Lock {
  const builds = Object.fromEntries(ids.map((id) => [id, lock.builds[id]!]));
  const names = new Set(Object.values(builds).map((b) => b.source));
  const sources = Object.fromEntries(Object.entries(lock.sources).filter(([name]) => names.has(name)));
  return { ...lock, sources, builds };
}

/** One reason as a line for a person, naming the entry or version when the reason does not. */
export function describeReason(r: StaleReason): string {
  const named = r.subject === 'lock' || r.edited === true || r.reason.startsWith(`${r.subject} `) || r.reason.startsWith(`python ${r.subject} `);
  return named ? r.reason : `${r.subject}: ${r.reason}`;
}
