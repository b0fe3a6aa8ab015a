/**
 * The Action's post step. Saves happen in the main step; here, an entry whose save lost a race
 * ("another job may be creating this cache") gets one more try, since the other job may have
 * failed. Then temporary build files are removed, as `pydebug clean` would: only from a marked
 * store, and not what another job on the same runner is still using. Never fails the job.
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { stat } from 'node:fs/promises';
import { cleanStore } from '../store/clean.js';
import { Store } from '../store/store.js';
import { STATE_HOME, STATE_RETRY_SAVES } from './state.js';

export async function post(): Promise<void> {
  try {
    const retry = JSON.parse(core.getState(STATE_RETRY_SAVES) || '[]') as Array<{ id: string; dir: string; key: string }>;
    for (const r of retry) {
      if (!(await stat(r.dir).then(() => true, () => false))) continue;
      try {
        const id = await cache.saveCache([r.dir], r.key);
        core.info(id === -1 ? `${r.id}: still not saved (the cache already has ${r.key}, or the service failed)` : `${r.id}: saved to the cache as ${r.key}`);
      } catch (error) {
        core.warning(`${r.id}: saving to the cache failed again (${(error as Error).message})`);
      }
    }
    const home = core.getState(STATE_HOME);
    if (home) {
      const report = await cleanStore(new Store(home), { kind: 'entries', keys: [] }, new AbortController().signal);
      for (const { path, why } of report.skipped) core.info(`left ${path}: ${why}`);
    }
  } catch (error) {
    core.warning(`pydebug post step: ${(error as Error).message}`);
  }
}
