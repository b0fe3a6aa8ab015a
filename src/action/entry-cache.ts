/**
 * Store entries in the GitHub Actions cache, one cache entry per matrix entry, through the real
 * @actions/cache. Caching is optional by nature: every failure here is a warning, never a failed
 * job, and nothing unverified comes out of it (a restored entry must match its manifest and be
 * probed against the lock before it is used).
 */
import * as cache from '@actions/cache';
import { writeFile } from 'node:fs/promises';
import { probeInterpreter } from '../builder/probe.js';
import { findMismatches, proveFlags } from '../builder/proofs.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import type { Store } from '../store/store.js';
import type { SyncedEntry } from '../sync/sync.js';
import { actionsCacheKeys, saveAfterRestore, type RunnerImage } from './cache-keys.js';

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
  }

  keysFor(entryKey: string) {
    return actionsCacheKeys(entryKey, this.image);
  }

  /** Restores an entry into the store; true only when it is there and verified. */
  async restore(planned: PlannedBuild): Promise<boolean> {
    if (!this.available || !this.options.restore) return false;
    const { key, restoreKeys } = this.keysFor(planned.entryKey);
    const dir = this.store.entryDir(planned.entryKey);
    let matchedKey: string | undefined;
    try {
      await this.store.ensureLayout();
      await writeFile(this.store.incompleteMarker(planned.entryKey), '');
      matchedKey = await cache.restoreCache([dir], key, restoreKeys);
    } catch (error) {
      this.log.warning(`${planned.id}: cache restore failed (${(error as Error).message}); building instead`);
    }
    this.restores.set(planned.id, { key, matchedKey, exact: matchedKey === key });
    if (!matchedKey) {
      await this.store.remove(planned.entryKey);
      return false;
    }
    const problem = await this.verify(planned);
    if (problem) {
      this.log.warning(`${planned.id}: the cache entry ${matchedKey} is not usable (${problem}); building instead`);
      this.restores.set(planned.id, { key, matchedKey: undefined, exact: false });
      await this.store.remove(planned.entryKey);
      return false;
    }
    this.log.info(`${planned.id}: restored from the cache (${matchedKey === key ? 'exact match' : `matched ${matchedKey}`})`);
    // Restored from another runner image and verified on this one: saved under this image's key.
    if (saveAfterRestore(this.restores.get(planned.id)!, this.options.save)) await this.saveDir(planned.id, dir, key);
    return true;
  }

  private async verify(planned: PlannedBuild): Promise<string | undefined> {
    await this.store.clearIncompleteMarker(planned.entryKey);
    const state = await this.store.readEntry(planned.entryKey);
    if (state.status !== 'ok') return state.status === 'damaged' ? state.reason : 'nothing was restored';
    const contents = await this.store.verifyContents(planned.entryKey, state.manifest);
    if (contents) return contents;
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
