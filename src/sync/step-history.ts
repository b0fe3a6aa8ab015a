/**
 * Step times of earlier builds on this machine, for the progress estimate (src/estimate.ts): the
 * manifests of the entries in the store (shared by every project), read-only, before builds start.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type StepTimes, stepTimesOf } from '../estimate.js';
import type { LockedBuild } from '../lock/types.js';
import { type Manifest, readManifest } from '../store/manifest.js';
import type { Store } from '../store/store.js';

/** Every readable manifest in store/; an unreadable store gives none (an estimate never fails a sync). */
export async function readBuildHistory(store: Store): Promise<Manifest[]> {
  const names = await readdir(store.entriesDir).catch(() => [] as string[]);
  const read = await Promise.all(names.filter((n) => !n.startsWith('.')).map((n) => readManifest(join(store.entriesDir, n)).catch(() => undefined)));
  return read.flatMap((r) => (r && 'manifest' in r ? [r.manifest] : []));
}

/**
 * The step times of the newest build of the same lock key, else of the same version and variant;
 * a manifest whose built_at is no date is passed over (it would sort anywhere). Pure.
 */
export function recordedStepTimes(build: LockedBuild, history: readonly Manifest[]): StepTimes {
  const dated = history.map((m) => ({ m, at: Date.parse(m.built_at) })).filter(({ at }) => Number.isFinite(at));
  const newest = (matches: (m: Manifest) => boolean) =>
    dated
      .filter(({ m }) => matches(m))
      .sort((a, b) => b.at - a.at)
      .at(0)?.m;
  const chosen = newest((m) => m.lock_key === build.lock_key) ?? newest((m) => m.version === build.source && m.variant === build.variant);
  return chosen ? stepTimesOf(chosen.timings) : {};
}
