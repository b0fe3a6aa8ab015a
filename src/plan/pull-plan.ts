/**
 * Which registry artifact a sync may install for an entry, decided from the lock and what the
 * entry's tag names now. Pure.
 *
 * A build pinned in pydebug.lock (builds.<id>.artifacts, by the machine part of the entry key)
 * is pulled only by that digest: the tag is whatever anyone with write access last pushed, so a
 * tag that names something else is ignored, with a warning. A build the lock does not pin may be
 * pulled by its tag (the tag is the entry key), and sync says it trusted the registry's word.
 */
import { machineKeyOf } from '../lock/resolve.js';
import type { LockedBuild } from '../lock/types.js';

export type PullChoice = { pull: true; digest: string; pinned: boolean; warning?: string | undefined } | { pull: false; reason: string };

/** The digest pydebug.lock pins for this build on this machine, if any. */
export function pinFor(build: LockedBuild, entryKey: string): string | undefined {
  const machine = machineKeyOf(entryKey, build.lock_key);
  return machine === undefined ? undefined : build.artifacts?.[machine];
}

/**
 * What to pull for the entry `entryKey`, given the pin (pinFor) and the digest its tag names
 * now (undefined: no such tag, or the registry could not say).
 */
export function choosePull(entryKey: string, pin: string | undefined, tagDigest: string | undefined): PullChoice {
  if (pin) {
    const warning = tagDigest && tagDigest !== pin ? `the tag ${entryKey} now names ${tagDigest}, not the ${pin} pydebug.lock pins: the tag is ignored` : undefined;
    return { pull: true, digest: pin, pinned: true, warning };
  }
  if (tagDigest) return { pull: true, digest: tagDigest, pinned: false };
  return { pull: false, reason: 'the registry has no artifact of it' };
}
