/**
 * Actions cache keys for store entries (pure). The store key already covers the lock's inputs,
 * OS, architecture and compiler identity; the Actions key adds the runner image, as CPython's
 * own CI keys its caches. A newer image of the same OS may restore an older image's entry
 * (a restore key), since the toolchain hash guards what matters; `cache-hit` stays false then.
 */
export interface RunnerImage {
  os?: string | undefined;
  version?: string | undefined;
}

export function runnerImage(env: Record<string, string | undefined>): RunnerImage {
  return { os: env.ImageOS, version: env.ImageVersion };
}

export function actionsCacheKeys(storeKey: string, image: RunnerImage): { key: string; restoreKeys: string[] } {
  if (!image.os) return { key: storeKey, restoreKeys: [] };
  const prefix = `${storeKey}-${image.os}-`;
  return { key: `${prefix}${image.version ?? 'unknown'}`, restoreKeys: [prefix] };
}
