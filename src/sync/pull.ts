/**
 * Pulling a store entry from the registry (sync, for an entry neither in the store nor restored
 * from the Actions cache). Which artifact is decided by plan/pull-plan.ts (a pinned build only
 * by its digest); the registry client reads it (the manifest against its digest, the config
 * against its descriptor, naming the wanted entry key; the layer against its digest, streamed
 * to a file under tmp/); the layer is then installed by the same path as an Actions cache
 * restore (archive-install.ts: guard, every file against files.sha256, relocation, probe,
 * atomic rename). Every failure is a warning, and the entry is built.
 */
import { join } from 'node:path';
import { choosePull, pinFor } from '../plan/pull-plan.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import { removeInside } from '../store/contained.js';
import type { Store } from '../store/store.js';
import type { Reporter } from '../ui/reporter.js';
import { installFromArchive, type RelocateEntry } from './archive-install.js';
import type { PullRecord } from './sync.js';

/** A layer, as the artifact's manifest describes it. */
export interface LayerDescriptor {
  digest: string;
  size: number;
}

/** What pull needs of the registry client (src/registry/). Every answer is checked by it. */
export interface RegistryReader {
  /** The registry and repository, for messages ("ghcr.io/org/pydebug-entries"). */
  readonly display: string;
  /** The manifest digest the tag names now, or undefined when there is no such tag. */
  resolveTag(tag: string, signal: AbortSignal): Promise<string | undefined>;
  /**
   * The pydebug artifact at `digest`: its manifest (checked against the digest), its config
   * (checked against its descriptor, and naming `entryKey`); returns its one layer and the
   * archive's top directory.
   */
  readArtifact(digest: string, entryKey: string, signal: AbortSignal): Promise<{ layer: LayerDescriptor; top: string }>;
  /** Streams a blob into the new file `to`, checking its size and digest; throws on a mismatch. */
  downloadBlob(layer: LayerDescriptor, to: string, signal: AbortSignal): Promise<void>;
}

export interface PullContext {
  store: Store;
  reporter: Reporter;
  signal: AbortSignal;
  registry: RegistryReader;
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
    tagDigest = await registry.resolveTag(planned.entryKey, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    // A pinned build does not need the tag; an unpinned one has nothing to pull without it.
    if (!pin) {
      reporter.warn(`${planned.id}: not pulled from ${registry.display} (${(error as Error).message}); building it`);
      return undefined;
    }
  }
  const choice = choosePull(planned.entryKey, pin, tagDigest);
  if (!choice.pull) return undefined;
  if (choice.warning) reporter.warn(`${planned.id}: ${choice.warning}`);
  let work: string | undefined;
  try {
    const t0 = Date.now();
    const artifact = await registry.readArtifact(choice.digest, planned.entryKey, signal);
    work = await store.makeTemp(`pull-${planned.entryKey}`);
    const archive = join(work, 'layer');
    reporter.phase(planned.id, 'download', `${choice.digest.slice(0, 19)} from ${registry.display}`);
    await registry.downloadBlob(artifact.layer, archive, signal);
    const t1 = Date.now();
    const installed = await installFromArchive(store, { entryKey: planned.entryKey, expect: planned.build.expect, archive, memberPrefix: artifact.top }, { work, relocate: ctx.relocate });
    pullTimings.set(planned.id, { download: (t1 - t0) / 1000, install: (Date.now() - t1) / 1000 });
    return { digest: choice.digest, pinned: choice.pinned, relocatedFrom: installed.relocatedFrom };
  } catch (error) {
    if (signal.aborted) throw error;
    reporter.warn(`${planned.id}: the artifact ${choice.digest} from ${registry.display} is not usable (${(error as Error).message}); building it`);
    return undefined;
  } finally {
    if (work) await removeInside(store.tmpDir, work, 'a pull in progress');
  }
}
