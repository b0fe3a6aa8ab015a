/**
 * Pulling a store entry from the registry (sync, for an entry neither in the store nor restored
 * from the Actions cache). Which artifact is decided by plan/pull-plan.ts (a pinned build only
 * by its digest); the registry client reads it (the manifest against its digest, the config
 * against its descriptor, naming the wanted entry key; the layer against its digest, streamed
 * to a file under tmp/); the layer is then installed by the same path as an Actions cache
 * restore (archive-install.ts: guard, every file against files.sha256, relocation, probe,
 * atomic rename). Every failure is a warning, and the entry is built.
 */

import { removeInside } from '../files/contained.js';
import { choosePull, pinFor } from '../plan/pull-plan.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import type { Reporter } from '../progress.js';
import type { RegistryClient } from '../registry/client.js';
import { fetchEntryArtifact } from '../registry/pull-artifact.js';
import type { Store } from '../store/store.js';
import { installFromArchive, type RelocateEntry } from './archive-install.js';
import type { PullRecord } from './sync.js';

export interface PullContext {
  store: Store;
  reporter: Reporter;
  signal: AbortSignal;
  registry: RegistryClient;
  relocate?: RelocateEntry | undefined;
}

/** Seconds spent per phase of the last pulls, by entry id (for the measurements in docs/speed.md). */
export const pullTimings = new Map<string, { download: number; install: number }>();

/**
 * Pulls one entry into the store; what it pulled, or undefined (it warned why) so the entry is
 * built. Call it holding the entry's mutex.
 */
export async function pullEntry(ctx: PullContext, planned: PlannedBuild): Promise<PullRecord | undefined> {
  const { store, reporter, signal, registry } = ctx;
  const pin = pinFor(planned.build, planned.entryKey);
  let tagDigest: string | undefined;
  try {
    // The tag is the entry key; what it names is the registry's word, checked when it is pulled.
    tagDigest = (await registry.headManifest(planned.entryKey))?.digest;
  } catch (error) {
    if (signal.aborted) throw error;
    // A pinned build does not need the tag; an unpinned one has nothing to pull without it.
    if (!pin) {
      reporter.warn(`${planned.id}: not pulled from ${registry.location.display} (${(error as Error).message}); building it`);
      return undefined;
    }
  }
  const choice = choosePull(planned.entryKey, pin, tagDigest);
  if (!choice.pull) return undefined;
  if (choice.warning) reporter.warn(`${planned.id}: ${choice.warning}`);
  let work: string | undefined;
  try {
    const t0 = Date.now();
    work = await store.makeTemp(`pull-${planned.entryKey}`);
    reporter.phase(planned.id, 'download', `${choice.digest.slice(0, 19)} from ${registry.location.display}`);
    // By digest: the manifest's bytes must hash to it, its config must name this entry, the layer must match its digest and size.
    const artifact = await fetchEntryArtifact(registry, choice.digest, planned.entryKey, work);
    const t1 = Date.now();
    const installed = await installFromArchive(
      store,
      { entryKey: planned.entryKey, expect: planned.build.expect, archive: artifact.layerPath, memberPrefix: artifact.config.archive.top },
      { work, relocate: ctx.relocate, info: (m) => reporter.info(`${planned.id}: ${m}`) },
    );
    pullTimings.set(planned.id, { download: (t1 - t0) / 1000, install: (Date.now() - t1) / 1000 });
    return { digest: choice.digest, pinned: choice.pinned, relocatedFrom: installed.relocatedFrom };
  } catch (error) {
    if (signal.aborted) throw error;
    reporter.warn(`${planned.id}: the artifact ${choice.digest} from ${registry.location.display} is not usable (${(error as Error).message}); building it`);
    return undefined;
  } finally {
    if (work) await removeInside(store.tmpDir, work, 'a pull in progress');
  }
}
