/**
 * Store entries in the GitHub Actions cache, one cache entry per matrix entry. Caching is optional
 * by nature: every failure here is a warning, never a failed job.
 *
 * Saving goes through @actions/cache. Restoring does not: its restoreCache extracts with
 * `tar -P` into $GITHUB_WORKSPACE, where the archive's member names decide where files land. Here
 * the archive is fetched through the cache service's own protocol (cache-service.ts), extracted
 * through pydebug's guard into a staging directory of that one entry (store/cache-archive.ts),
 * checked there (manifest, every file against its recorded hash, the interpreter probed against
 * the lock) and only then renamed into the store. What this proves: the entry is whole and as
 * its manifest describes it, and has the lock's flags. What it cannot prove: who made it. An
 * archive made self-consistent (a file added, its hash in files.sha256 and the list's hash in the
 * manifest updated) passes, so a restored entry is as trustworthy as the workflows that can write
 * this repository's cache (see README, "The Action's cache").
 */
import * as cache from '@actions/cache';
import { join } from 'node:path';
import { probeInterpreter } from '../builder/probe.js';
import { findMismatches, proveFlags } from '../builder/proofs.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import { extractCacheArchive, UnusableArchiveError } from '../store/cache-archive.js';
import { removeInside } from '../store/contained.js';
import { relocateEntry, RelocationError } from '../store/relocate.js';
import type { Store } from '../store/store.js';
import type { SyncedEntry } from '../sync/sync.js';
import { actionsCacheKeys, saveAfterRestore, type RunnerImage } from './cache-keys.js';
import { archivePrefix, cacheServiceFromEnv, cacheVersion, compressionMethod, downloadArchive, findCacheEntry, type CacheServiceAccess } from './cache-service.js';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
}

export interface RestoreRecord {
  key: string;
  matchedKey?: string | undefined;
  exact: boolean;
}

export type SaveOutcome = 'saved' | 'not-saved' | 'failed';

export class EntryCache {
  /** Per entry id: what the cache had. */
  readonly restores = new Map<string, RestoreRecord>();
  /** Per entry id: what happened to the save. */
  readonly saves = new Map<string, { key: string; outcome: SaveOutcome }>();
  private readonly available: boolean;
  private readonly service: CacheServiceAccess | undefined;

  constructor(
    private readonly store: Store,
    private readonly image: RunnerImage,
    private readonly log: Log,
    private readonly options: { restore: boolean; save: boolean },
  ) {
    this.available = (options.restore || options.save) && cache.isFeatureAvailable();
    if ((options.restore || options.save) && !this.available) {
      log.info('the GitHub Actions cache service is not available here: building without it');
    }
    const service = this.available && options.restore ? cacheServiceFromEnv() : undefined;
    if (service && 'unavailable' in service) log.info(`not restoring from the GitHub Actions cache: ${service.unavailable}`);
    this.service = service && !('unavailable' in service) ? service : undefined;
  }

  keysFor(entryKey: string) {
    return actionsCacheKeys(entryKey, this.image);
  }

  /**
   * Restores an entry into the store; true only when it is there and verified. The archive is
   * downloaded and extracted under tmp/, checked there, and renamed into store/ whole: nothing
   * it holds is written anywhere else, and a refused archive leaves nothing behind.
   */
  async restore(planned: PlannedBuild): Promise<boolean> {
    if (!this.service) return false;
    const { key, restoreKeys } = this.keysFor(planned.entryKey);
    const dir = this.store.entryDir(planned.entryKey);
    this.restores.set(planned.id, { key, matchedKey: undefined, exact: false });
    let work: string | undefined;
    let matchedKey: string | undefined;
    try {
      await this.store.ensureLayout();
      // The version @actions/cache saved under: the path exactly as given to saveCache, and the compression.
      const found = await findCacheEntry(this.service, { key, restoreKeys, version: cacheVersion([dir], await compressionMethod()) });
      if (!found) return false;
      matchedKey = found.matchedKey;
      work = await this.store.makeTemp(`cache-restore-${planned.entryKey}`);
      const archive = join(work, 'archive');
      await downloadArchive(found.downloadUrl, archive);
      const staged = await extractCacheArchive(archive, join(work, 'entry'), archivePrefix(dir), planned.entryKey);
      const problem = await this.verify(planned, staged, dir);
      if (problem) throw new UnusableArchiveError(problem);
      await this.store.install(staged, planned.entryKey);
    } catch (error) {
      if (matchedKey && error instanceof UnusableArchiveError) {
        this.log.warning(`${planned.id}: the cache entry ${matchedKey} is not usable (${error.message}); building instead`);
      } else {
        this.log.warning(`${planned.id}: cache restore failed (${(error as Error).message}); building instead`);
      }
      return false;
    } finally {
      if (work) await removeInside(this.store.tmpDir, work, 'a cache restore in progress');
    }
    this.restores.set(planned.id, { key, matchedKey, exact: matchedKey === key });
    this.log.info(`${planned.id}: restored from the cache (${matchedKey === key ? 'exact match' : `matched ${matchedKey}`})`);
    // Restored from another runner image and verified on this one: saved under this image's key.
    if (saveAfterRestore(this.restores.get(planned.id)!, this.options.save)) await this.saveDir(planned.id, dir, key);
    return true;
  }

  /**
   * Why the staged entry must not be installed, or undefined: its manifest and every file; then,
   * when it was built for another path than `dir`, it is relocated there (relocate.ts) instead of
   * being installed pointing elsewhere; then the interpreter's flags are proven.
   */
  private async verify(planned: PlannedBuild, staged: string, dir: string): Promise<string | undefined> {
    const state = await this.store.readEntry(planned.entryKey, { at: staged, everyFile: true });
    if (state.status !== 'ok') return state.status === 'damaged' ? state.reason : 'nothing was restored';
    if (state.manifest.prefix !== dir) {
      try {
        const moved = await relocateEntry(staged, state.manifest.prefix, dir);
        this.log.info(`${planned.id}: relocated from ${moved.from} (built at ${moved.builtPrefix}): ${moved.rewritten.length} files rewritten in ${moved.seconds.toFixed(1)} s`);
      } catch (error) {
        return error instanceof RelocationError ? error.message : `relocating it failed (${(error as Error).message})`;
      }
    }
    try {
      const proven = proveFlags(await probeInterpreter(state.python));
      const mismatches = findMismatches(planned.build.expect, proven);
      if (mismatches.length > 0) return `its interpreter lacks ${mismatches.map((m) => m.flag).join(', ')}`;
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }

  /** Saves a freshly built (and verified) entry. Never throws. */
  async save(entry: SyncedEntry): Promise<SaveOutcome> {
    if (!this.available || !this.options.save) return 'not-saved';
    return this.saveDir(entry.id, entry.dir, this.keysFor(entry.entryKey).key);
  }

  private async saveDir(id: string, dir: string, key: string): Promise<SaveOutcome> {
    let outcome: SaveOutcome;
    try {
      const cacheId = await cache.saveCache([dir], key);
      if (cacheId === -1) {
        this.log.warning(`${id}: not saved to the cache as ${key} (another job may be creating it, or the cache service failed: see above); the entry is still used`);
        outcome = 'not-saved';
      } else {
        this.log.info(`${id}: saved to the cache as ${key}`);
        outcome = 'saved';
      }
    } catch (error) {
      this.log.warning(`${id}: saving to the cache failed (${(error as Error).message}); the entry is still used`);
      outcome = 'failed';
    }
    this.saves.set(id, { key, outcome });
    return outcome;
  }
}
