/**
 * What a sync has to do, decided without touching anything: lock + selection + what the store
 * already holds → the builds to reuse, the builds to run and the sources they need. Pure.
 */
import { closest } from '../config/suggest.js';
import { UsageError } from '../errors.js';
import { entryKeyFor } from '../lock/resolve.js';
import type { Lock, LockedBuild, LockedSource } from '../lock/types.js';
import type { MachineIdentity } from '../machine.js';

export interface Selection {
  versions?: string[] | undefined;
  variants?: string[] | undefined;
}

export interface PlannedBuild {
  id: string;
  build: LockedBuild;
  source: LockedSource;
  /** The store entry's name; the Actions cache key extends it (see entryKeyFor). */
  entryKey: string;
}

export interface SyncPlan {
  /** Every selected entry, in lock order. */
  selected: PlannedBuild[];
  reuse: PlannedBuild[];
  build: PlannedBuild[];
  /** Sources that builds need (each once), in lock order. */
  sources: LockedSource[];
}

/**
 * The items (matrix entries) that match a selection of versions and variants. A name that
 * matches nothing in `items` is a usage error with a did-you-mean.
 */
export function applySelection<T extends { version: string; variant: string }>(items: T[], selection: Selection, where: string): T[] {
  for (const kind of ['version', 'variant'] as const) {
    const wanted = kind === 'version' ? selection.versions : selection.variants;
    const known = [...new Set(items.map((i) => i[kind]))];
    for (const w of wanted ?? []) {
      if (!known.includes(w)) {
        const guess = closest(w, known);
        throw new UsageError(`no ${kind} "${w}" in ${where}`, { hint: guess ? `did you mean "${guess}"?` : `known ${kind}s: ${known.join(', ')}` });
      }
    }
  }
  const selected = items.filter((i) => (!selection.versions?.length || selection.versions.includes(i.version)) && (!selection.variants?.length || selection.variants.includes(i.variant)));
  if (selected.length === 0) throw new UsageError(`the selection matches no entry of ${where} (it may be excluded)`);
  return selected;
}

export function planSync(lock: Lock, selection: Selection, machineFor: (build: LockedBuild) => MachineIdentity, isInStore: (entryKey: string) => boolean): SyncPlan {
  const entries = Object.entries(lock.builds).map(([id, build]) => ({ id, build, version: build.source, variant: build.variant }));
  const selected = applySelection(entries, selection, 'the matrix').map(({ id, build }): PlannedBuild => {
    const source = lock.sources[build.source];
    if (!source) throw new Error(`internal: lock has no source ${build.source}`);
    return { id, build, source, entryKey: entryKeyFor(build.lock_key, machineFor(build)) };
  });
  const reuse = selected.filter((p) => isInStore(p.entryKey));
  const build = selected.filter((p) => !isInStore(p.entryKey));
  const sources = [...new Map(build.map((p) => [p.build.source, p.source])).values()];
  return { selected, reuse, build, sources };
}
