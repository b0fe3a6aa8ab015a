/**
 * Actions cache keys for store entries (pure). The entry key already covers the lock's inputs,
 * OS, architecture and compiler identity; the Actions key adds the runner image, as CPython's
 * own CI keys its caches. A newer image of the same OS may restore an older image's entry
 * (a restore key), since the toolchain hash guards what matters; once verified on the new image
 * (file hashes, then the interpreter run and its flags proven), the entry is saved under the new
 * image's key, so the next run is an exact hit (`cache-hit: true`) again.
 */
export interface RunnerImage {
  os?: string | undefined;
  version?: string | undefined;
}

export function runnerImage(env: Record<string, string | undefined>): RunnerImage {
  return { os: env.ImageOS, version: env.ImageVersion };
}

export function actionsCacheKeys(entryKey: string, image: RunnerImage): { key: string; restoreKeys: string[] } {
  if (!image.os) return { key: entryKey, restoreKeys: [] };
  const prefix = `${entryKey}-${image.os}-`;
  return { key: `${prefix}${image.version ?? 'unknown'}`, restoreKeys: [prefix] };
}

/**
 * Whether a restored (and verified) entry is saved again: only when it came through the restore
 * key, that is from another runner image; an exact hit is already under this key.
 */
export function saveAfterRestore(restore: { key: string; matchedKey?: string | undefined; exact: boolean }, saveEnabled: boolean): boolean {
  return saveEnabled && restore.matchedKey !== undefined && !restore.exact;
}
