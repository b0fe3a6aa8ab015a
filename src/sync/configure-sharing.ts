/**
 * Who shares configure answers with whom in one sync (builder/configure-facts.ts says what is
 * shared and why it is safe). Entries with the same sharing key form a group; its first entry (in
 * build order, so the lowest rank and nice value) configures as usual and offers its answers; the
 * others wait for them, and ask for their turn to configure as they are handed them (in the
 * promise callback that delivers them: no await between, see ConfigureSharing.wait). The offer is made once, with
 * answers or without: when the first entry's configure ends, or when its build ends in any other
 * way (reused, failed, interrupted), so nobody waits for an entry that will never configure.
 */

import type { ConfigureSharing, SharedSite } from '../builder/configure-facts.js';
import { InterruptedError } from '../errors.js';
import type { PlannedBuild } from '../plan/sync-plan.js';

export function planConfigureSharing(builds: readonly PlannedBuild[], keyOf: (p: PlannedBuild) => string, signal: AbortSignal): Map<string, ConfigureSharing> {
  const groups = new Map<string, PlannedBuild[]>();
  for (const p of builds) {
    const key = keyOf(p);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const roles = new Map<string, ConfigureSharing>();
  for (const [first, ...others] of groups.values()) {
    if (!first || others.length === 0) continue;
    let settle!: (site: SharedSite | undefined) => void;
    const offered = new Promise<SharedSite | undefined>((resolve) => (settle = resolve));
    // A promise settles once: a later offer changes nothing.
    roles.set(first.id, { offer: (site) => settle(site && site.answers > 0 ? site : undefined) });
    const wait = <T>(ask: () => Promise<T> | undefined) =>
      new Promise<{ site: SharedSite | undefined; turn: T | undefined }>((resolve, reject) => {
        if (signal.aborted) return reject(new InterruptedError());
        const onAbort = () => reject(new InterruptedError());
        signal.addEventListener('abort', onAbort, { once: true });
        offered.then((site) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) return;
          // Here, not after the caller's await: an entry given the answers with others asks in
          // the same turn of the event loop as they do (test/sync/configure-sharing.test.ts).
          const asked = ask();
          if (!asked) return resolve({ site, turn: undefined });
          asked.then((turn) => resolve({ site, turn }), reject);
        });
      });
    for (const p of others) roles.set(p.id, { waitFor: first.id, wait });
  }
  return roles;
}
