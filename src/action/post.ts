/**
 * The Action's post run. Saves happen in the main run; here, an entry whose save lost a race
 * ("another job may be creating this cache") gets one more try, since the other job may have
 * failed. Then temporary build files are removed, as `pydebug clean` would: only from a marked
 * store, and not what another job on the same runner is still using. Never fails the job.
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { exists } from '../files/exists.js';
import { cleanStore } from '../store/clean.js';
import { Store } from '../store/store.js';
import { type RunProcess, runToExit } from './run-to-exit.js';
import { ActionState, type PendingSave } from './state.js';

export interface PostLog {
  info(message: string): void;
  warning(message: string): void;
}

/** The post run as the runner runs it: whatever escapes is a warning, then an explicit exit 0. */
export function postRun(proc?: RunProcess): Promise<never> {
  // 'pydebug post step': the name its warnings have always started with, in users' logs.
  return runToExit('pydebug post step', () => post(), 'warn', proc);
}

export async function post(state: ActionState = new ActionState(), log: PostLog = core): Promise<void> {
  try {
    const home = state.home();
    const store = home ? new Store(home) : undefined;
    if (store) await retrySaves(store, state.pendingSaves(), log);
    if (store) await removeTemporaryFiles(store, log);
  } catch (error) {
    log.warning(`pydebug post step: ${(error as Error).message}`);
  }
}

async function retrySaves(store: Store, pending: PendingSave[], log: PostLog): Promise<void> {
  for (const p of pending) {
    try {
      // The directory comes from the entry key (checked to be one path segment), not from the state.
      const dir = store.entryDir(p.entryKey);
      if (!(await exists(dir))) continue;
      const id = await cache.saveCache([dir], p.actionsKey);
      log.info(id === -1 ? `${p.id}: still not saved (the cache already has ${p.actionsKey}, or the service failed)` : `${p.id}: saved to the cache as ${p.actionsKey}`);
    } catch (error) {
      log.warning(`${p.id}: saving to the cache failed again (${(error as Error).message})`);
    }
  }
}

async function removeTemporaryFiles(store: Store, log: PostLog): Promise<void> {
  const report = await cleanStore(store, { kind: 'entries', keys: [] }, new AbortController().signal);
  for (const { path, why } of report.skipped) log.info(`left ${path}: ${why}`);
}
