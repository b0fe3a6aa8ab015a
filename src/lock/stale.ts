/**
 * Does the lock still describe pydebug.yml? Each disagreement is a reason a person can read
 * ("3.13.2-debug: configure arguments changed: ..."). Pure.
 */
import type { Project } from '../config/project.js';
import { canonicalJson } from './canonical.js';
import { cacheKey, resolveBuild } from './resolve.js';
import { LOCK_VERSION, type Lock, type LockedBuild } from './types.js';

export interface StaleReason {
  /** A version, an entry id ("3.13.2-debug"), or "lock". */
  subject: string;
  reason: string;
  /** True when fixing it needs the tarball again (new or changed source). */
  needsDownload: boolean;
}

const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(' ') : '(none)') : canonicalJson(v));

/** Sources in the lock that still match pydebug.yml (url and every declared checksum). */
export function sourceStaleReasons(project: Project, lock: Lock | undefined): StaleReason[] {
  const reasons: StaleReason[] = [];
  for (const s of project.sources) {
    const locked = lock?.sources[s.version];
    if (!locked) {
      reasons.push({ subject: s.version, reason: `python ${s.version} is in pydebug.yml but not in the lock`, needsDownload: true });
      continue;
    }
    if (locked.url !== s.url) {
      reasons.push({ subject: s.version, reason: `url changed: lock has ${locked.url}, pydebug.yml has ${s.url}`, needsDownload: true });
    }
    if (s.md5 && s.md5 !== locked.md5) {
      reasons.push({ subject: s.version, reason: `md5 in pydebug.yml (${s.md5}) differs from the lock (${locked.md5})`, needsDownload: true });
    }
    if (s.sha256 && s.sha256 !== locked.sha256) {
      reasons.push({ subject: s.version, reason: `sha256 in pydebug.yml (${s.sha256}) differs from the lock (${locked.sha256})`, needsDownload: true });
    }
  }
  for (const version of Object.keys(lock?.sources ?? {})) {
    if (!project.sources.some((s) => s.version === version)) {
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
  ['cache_key', 'cache key'],
];

export function staleReasons(project: Project, lock: Lock | undefined): StaleReason[] {
  if (!lock) return [{ subject: 'lock', reason: 'there is no lock yet', needsDownload: true }];
  if (lock.lock_version !== LOCK_VERSION) {
    return [
      {
        subject: 'lock',
        reason: `the lock has format version ${lock.lock_version}; this pydebug writes version ${LOCK_VERSION}`,
        needsDownload: false,
      },
    ];
  }
  const reasons = sourceStaleReasons(project, lock);
  const staleSources = new Set(reasons.map((r) => r.subject));
  for (const entry of project.matrix) {
    const locked = lock.builds[entry.id];
    if (!locked) {
      reasons.push({ subject: entry.id, reason: `${entry.id} is in the matrix but not in the lock`, needsDownload: false });
      continue;
    }
    if (staleSources.has(entry.version)) continue;
    const variant = project.variants.find((v) => v.name === entry.variant)!;
    const resolved = resolveBuild(entry.version, variant);
    const expected: LockedBuild = { ...resolved, cache_key: cacheKey(resolved, lock.sources[entry.version]!) };
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
    if (!project.matrix.some((e) => e.id === id)) {
      reasons.push({ subject: id, reason: `${id} is in the lock but no longer in the matrix of pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}
