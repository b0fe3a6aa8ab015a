/**
 * The action's state, as @actions/core calls it: what the main run hands to the post run
 * (GITHUB_STATE), typed. Underneath is a `StateProvider` (in the Action, @actions/core's
 * saveState/getState, as actions/cache's StateProvider); the post run reads what a file gave
 * back, so it is checked like any input:
 * a retry record names an entry key (a path segment, turned into a path by the Store) rather than
 * a directory.
 */
import * as core from '@actions/core';
import { z } from 'zod';

export interface StateProvider {
  setState(name: string, value: string): void;
  getState(name: string): string;
}

/** The runner's action state: GITHUB_STATE in the main run, STATE_<name> in the post run. */
export const actionsStateProvider: StateProvider = {
  setState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
};

/** An entry whose save did not happen in the main run (a race, or a failed service). */
export interface PendingSave {
  id: string;
  /** The entry key: the entry's directory under the store. */
  entryKey: string;
  /** The Actions cache key to save it under. */
  actionsKey: string;
}

const PendingSaves = z.array(z.strictObject({ id: z.string(), entryKey: z.string(), actionsKey: z.string() }));

/** Names of the state values; the runner keeps them as STATE_<name>. */
export const STATE_HOME = 'pydebug-home';
export const STATE_PENDING_SAVES = 'pydebug-pending-saves';

export class ActionState {
  constructor(private readonly provider: StateProvider = actionsStateProvider) {}

  /** The store the main run used (its PYDEBUG_HOME); the post run cleans its temporary files. */
  setHome(home: string): void {
    this.provider.setState(STATE_HOME, home);
  }
  home(): string | undefined {
    return this.provider.getState(STATE_HOME) || undefined;
  }

  setPendingSaves(saves: PendingSave[]): void {
    if (saves.length > 0) this.provider.setState(STATE_PENDING_SAVES, JSON.stringify(saves));
  }
  /** The pending saves; throws when the state is not what setPendingSaves writes. */
  pendingSaves(): PendingSave[] {
    const text = this.provider.getState(STATE_PENDING_SAVES);
    if (!text) return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`the state ${STATE_PENDING_SAVES} is not valid JSON`);
    }
    const parsed = PendingSaves.safeParse(json);
    if (!parsed.success) throw new Error(`the state ${STATE_PENDING_SAVES} is not a list of pending saves`);
    return parsed.data;
  }
}
