/**
 * Locks of format versions 1 and 2, which pydebug wrote before two build fields were renamed
 * (`version` is now `source`, `cache_key` is now `lock_key`): read as version 3, and written back
 * as the earlier pydebug wrote them, so that stale.ts can tell such a lock is current. Neither
 * the lock keys nor any other field changed. Pure, without zod.
 */
import type { Lock, LockedBuild, PreviousLockedBuild } from './types.js';

/** Each build field that versions 1 and 2 named otherwise: its earlier name, and its name since version 3. */
export const RENAMED_BUILD_FIELDS = [
  ['version', 'source'],
  ['cache_key', 'lock_key'],
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `record` with each key renamed by `names` (earlier → current), in the same position. A key whose new name is taken keeps its name, for the schema to refuse. */
function renamed(record: Record<string, unknown>, names: ReadonlyArray<readonly [string, string]>): Record<string, unknown> {
  const rename = new Map(names.filter(([from, to]) => Object.hasOwn(record, from) && !Object.hasOwn(record, to)));
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [rename.get(key) ?? key, value]));
}

/**
 * The data of a version 1 or 2 lock, as version 3 names it: each build's fields renamed, and
 * `lock_version` set to `current`. What is not a build record is left for the schema to refuse.
 */
export function migratedLockData(data: Record<string, unknown>, current: number): Record<string, unknown> {
  const builds = isObject(data.builds) ? Object.fromEntries(Object.entries(data.builds).map(([id, build]) => [id, isObject(build) ? renamed(build, RENAMED_BUILD_FIELDS) : build])) : data.builds;
  return { ...data, lock_version: current, builds };
}

/** A build's record as versions 1 and 2 named its fields, each in the same position. */
export function previousBuildOf(build: LockedBuild): PreviousLockedBuild {
  return renamed(
    build,
    RENAMED_BUILD_FIELDS.map(([from, to]) => [to, from] as const),
  ) as PreviousLockedBuild;
}

/** The field names of a build in versions 1 and 2, in the order of `current` (version 3's). */
export function previousBuildFieldOrder(current: readonly string[]): string[] {
  const earlier = new Map(RENAMED_BUILD_FIELDS.map(([from, to]) => [to as string, from as string]));
  return current.map((field) => earlier.get(field) ?? field);
}

/**
 * The format pydebug wrote this lock's content in before version 3: 2 when it pins a registry
 * artifact or sets a build option (what version 1 lacks), else 1.
 */
export function previousLockVersion(lock: Lock): 1 | 2 {
  return Object.values(lock.builds).some((b) => b.artifacts || b.expect.options) ? 2 : 1;
}

/** The `lock_version` a lock's text declares, when it is a number (the text parsed as a lock already). */
export function declaredLockVersion(text: string): number | undefined {
  try {
    const version = (JSON.parse(text) as { lock_version?: unknown } | null)?.lock_version;
    return typeof version === 'number' ? version : undefined;
  } catch {
    return undefined;
  }
}
