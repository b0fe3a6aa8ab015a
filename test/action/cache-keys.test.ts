/** Actions cache keys of store entries, and when a restored entry is saved again (pure). */

import { describe, expect, it } from 'vitest';
import { actionsCacheKeys, runnerImage, saveAfterRestore } from '../../src/action/cache-keys.js';

const STORE_KEY = 'pydebug-3.11.2-debug-0123456789abcdef-linux-x64-89abcdef';

describe('actionsCacheKeys', () => {
  it('adds the runner image, with the image OS as the restore-key prefix', () => {
    const image = runnerImage({ ImageOS: 'ubuntu24', ImageVersion: '20261116.1' });
    expect(actionsCacheKeys(STORE_KEY, image)).toEqual({ key: `${STORE_KEY}-ubuntu24-20261116.1`, restoreKeys: [`${STORE_KEY}-ubuntu24-`] });
  });

  it('is the entry key alone off GitHub-hosted images', () => {
    expect(actionsCacheKeys(STORE_KEY, runnerImage({}))).toEqual({ key: STORE_KEY, restoreKeys: [] });
  });

  it('an image without a version: the key says unknown, the restore prefix is the same', () => {
    expect(actionsCacheKeys(STORE_KEY, runnerImage({ ImageOS: 'ubuntu24' }))).toEqual({ key: `${STORE_KEY}-ubuntu24-unknown`, restoreKeys: [`${STORE_KEY}-ubuntu24-`] });
  });

  it('the restore key matches an older image of the same OS, never another OS or another entry key', () => {
    const newer = actionsCacheKeys(STORE_KEY, { os: 'ubuntu24', version: '20261123.2' });
    const older = actionsCacheKeys(STORE_KEY, { os: 'ubuntu24', version: '20261116.1' });
    const otherOs = actionsCacheKeys(STORE_KEY, { os: 'ubuntu22', version: '20261123.2' });
    const otherEntry = actionsCacheKeys(STORE_KEY.replace('debug', 'valgrind'), { os: 'ubuntu24', version: '20261116.1' });
    expect(older.key.startsWith(newer.restoreKeys[0]!)).toBe(true);
    expect(newer.key).not.toBe(older.key);
    expect(otherOs.key.startsWith(newer.restoreKeys[0]!)).toBe(false);
    expect(otherEntry.key.startsWith(newer.restoreKeys[0]!)).toBe(false);
  });
});

describe("saveAfterRestore: an entry restored through the restore key is saved under the new image's key", () => {
  const { key } = actionsCacheKeys(STORE_KEY, { os: 'ubuntu24', version: '20261123.2' });
  const older = `${STORE_KEY}-ubuntu24-20261116.1`;

  it('saves after a restore-key match (a runner image update), so the next run is an exact hit', () => {
    expect(saveAfterRestore({ key, matchedKey: older, exact: false }, true)).toBe(true);
  });

  it('does not save after an exact hit, a miss, or with saving turned off', () => {
    expect(saveAfterRestore({ key, matchedKey: key, exact: true }, true)).toBe(false);
    expect(saveAfterRestore({ key, matchedKey: undefined, exact: false }, true)).toBe(false);
    expect(saveAfterRestore({ key, matchedKey: older, exact: false }, false)).toBe(false);
  });
});
