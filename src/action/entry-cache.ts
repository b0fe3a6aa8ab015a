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

import { join } from 'node:path';
import * as cache from '@actions/cache';
import { removeInside } from '../files/contained.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import { UnusableArchiveError } from '../store/cache-archive.js';
import type { Store } from '../store/store.js';
import { installFromArchive, type RelocateEntry } from '../sync/archive-install.js';
import type { SyncedEntry } from '../sync/sync.js';
import { actionsCacheKeys, type RunnerImage, saveAfterRestore } from './cache-keys.js';
import { archivePrefix, type CacheServiceAccess, cacheServiceFromEnv, cacheVersion, compressionMethod, downloadArchive, findCacheEntry } from './cache-service.js';

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
    private readonly options: { restore: boolean; save: boolean; relocate?: RelocateEntry | undefined },
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
      // The same checks as a pull from a registry (sync/archive-install.ts).
      await installFromArchive(
        this.store,
        { entryKey: planned.entryKey, expect: planned.build.expect, archive, memberPrefix: archivePrefix(dir) },
        { work, relocate: this.options.relocate, info: (m) => this.log.info(`${planned.id}: ${m}`) },
      );
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
