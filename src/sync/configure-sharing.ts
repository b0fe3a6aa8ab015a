/**
 * Who shares configure answers with whom in one sync (builder/configure-facts.ts says what is
 * shared and why it is safe). Entries with the same sharing key form a group; its first entry (in
 * build order, so the lowest rank and nice value) configures as usual and offers its answers; the
 * others wait for them before asking for their turn to configure. The offer is made once, with
 * answers or without: when the first entry's configure ends, or when its build ends in any other
 * way (reused, failed, interrupted), so nobody waits for an entry that will never configure.
 */
import { InterruptedError } from '../errors.js';
import type { ConfigureSharing, SharedSite } from '../builder/configure-facts.js';
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
    const wait = () =>
      new Promise<SharedSite | undefined>((resolve, reject) => {
        if (signal.aborted) return reject(new InterruptedError());
        const onAbort = () => reject(new InterruptedError());
        signal.addEventListener('abort', onAbort, { once: true });
        offered.then((site) => {
          signal.removeEventListener('abort', onAbort);
          resolve(site);
        });
      });
    for (const p of others) roles.set(p.id, { waitFor: first.id, wait });
  }
  return roles;
}
