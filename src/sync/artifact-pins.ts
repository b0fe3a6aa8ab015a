/**
 * The edge of `pydebug lock`'s registry pins: which artifacts the registry holds for each build
 * of the lock. Tags are the entry keys ("pydebug-<lock key>-<machine key>"), so one tag listing
 * finds every machine's artifact of every build; each is then read (its manifest must be a
 * pydebug entry's, its config must name that entry key) before its digest is pinned. The result
 * is sorted by format.ts, so the same registry content gives the same lock.
 */

import { type ArtifactPins, machineKeyOf } from '../lock/resolve.js';
import type { Lock } from '../lock/types.js';
import { MAX_CONFIG_BYTES, parseArtifactManifest, parseEntryConfig } from '../registry/artifact.js';
import type { RegistryClient } from '../registry/client.js';

/** What the registry holds for the lock's builds; artifacts that are not the entry their tag names are left out, each with a warning. */
export async function findArtifactPins(client: RegistryClient, lock: Lock, warn: (message: string) => void): Promise<ArtifactPins> {
  const tags = new Set(await client.listTags());
  const pins: ArtifactPins = {};
  for (const build of Object.values(lock.builds)) {
    const machines = [...tags].flatMap((tag) => {
      const machine = machineKeyOf(tag, build.lock_key);
      return machine === undefined ? [] : [[tag, machine] as const];
    });
    for (const [tag, machine] of machines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      try {
        const fetched = await client.getManifest(tag);
        const manifest = parseArtifactManifest(fetched.bytes);
        parseEntryConfig(await client.getBlobBytes(manifest.config.digest, Math.min(manifest.config.size, MAX_CONFIG_BYTES)), tag);
        (pins[build.lock_key] ??= {})[machine] = fetched.digest;
      } catch (error) {
        warn(`${client.location.display}:${tag} is not pinned: ${(error as Error).message}`);
      }
    }
  }
  return pins;
}
