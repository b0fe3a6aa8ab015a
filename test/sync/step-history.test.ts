/**
 * The step times a sync reads from the store's manifests before it builds: real manifest files in
 * a temporary store, among them broken ones, which are passed over.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { stepsOf } from '../../src/builder/build.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { MANIFEST_FILE, MANIFEST_VERSION } from '../../src/store/manifest.js';
import { Store } from '../../src/store/store.js';
import { readBuildHistory, recordedStepTimes } from '../../src/sync/step-history.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { manifestOf } from '../support/manifest.js';
import { tempStore } from '../support/temp-dir.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-step-history-'));
  await store.ensureLayout();
});

const build = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }).builds['3.13.2-debug']!;

/** An entry directory holding `manifest` (an object, written as JSON, or the file's text). */
async function entry(key: string, manifest: object | string): Promise<void> {
  const file = join(store.entriesDir, key, MANIFEST_FILE);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
}

function built(key: string, lockKey: string, builtAt: string, timings: Record<string, number>, id = '3.13.2-debug') {
  return { ...manifestOf({ id, entryKey: key, lockKey, prefix: store.entryDir(key) }), manifest_version: MANIFEST_VERSION, built_at: builtAt, timings };
}

describe('the step times of earlier builds', () => {
  it("are the newest build's of the same lock key, else of the same version and variant; broken manifests are passed over", async () => {
    const b = build();
    await entry('k-old', built('k-old', 'another-lock-key', '2026-01-01T00:00:00.000Z', { configure: 50, make: 500, install: 30, probe: 3, total: 600 }));
    await entry('k-new', built('k-new', 'another-lock-key', '2026-02-01T00:00:00.000Z', { configure: 40, make: 400, install: 20, probe: 2, total: 470 }));
    await entry('k-other-variant', built('k-other-variant', 'x', '2026-03-01T00:00:00.000Z', { configure: 1, make: 1, install: 1, probe: 1 }, '3.13.2-valgrind'));
    await entry('k-not-json', '{"manifest_version": 3, "timings": {"make": 1');
    await entry('k-bad-timings', { ...built('k-bad-timings', b.lock_key, '2026-04-01T00:00:00.000Z', {}), timings: { make: 'fast' } });
    await entry('k-undated', built('k-undated', b.lock_key, 'tomorrow', { configure: 8, make: 8, install: 8, probe: 8 }));
    await writeFile(join(store.entriesDir, 'stray-file'), 'not an entry');
    await entry(`.k-half.incomplete`, built('k-half', b.lock_key, '2026-05-01T00:00:00.000Z', { configure: 9, make: 9, install: 9, probe: 9 }));

    const history = await readBuildHistory(store);
    expect(history.map((m) => m.entry_key).sort()).toEqual(['k-new', 'k-old', 'k-other-variant', 'k-undated']);
    expect(recordedStepTimes(b, history)).toEqual({ configure: 40, make: 400, install: 20, probe: 2 });

    await entry('k-same-lock', built('k-same-lock', b.lock_key, '2025-12-01T00:00:00.000Z', { configure: 45, make: 450, install: 25, probe: 2 }));
    expect(recordedStepTimes(b, await readBuildHistory(store))).toEqual({ configure: 45, make: 450, install: 25, probe: 2 });
  });

  it('a recorded time no step can take is left out, so no estimate is made from it', async () => {
    await entry('k', built('k', 'l', '2026-01-01T00:00:00.000Z', { configure: 40, make: -3, install: 1e9, probe: 2 }));
    expect(recordedStepTimes(build(), await readBuildHistory(store))).toEqual({ configure: 40, probe: 2 });
  });

  it('none known: an empty store, a store not made yet, or no build of this variant', async () => {
    expect(recordedStepTimes(build(), await readBuildHistory(store))).toEqual({});
    expect(await readBuildHistory(new Store(join(dir, 'nowhere')))).toEqual([]);
    await entry('k', built('k', 'l', '2026-01-01T00:00:00.000Z', { configure: 40 }, '3.13.2-asan'));
    expect(recordedStepTimes(build(), await readBuildHistory(store))).toEqual({});
  });
});

describe('stepsOf', () => {
  it('configure, make, the tests when the variant runs any, install, probe', () => {
    const b = build();
    expect(stepsOf({ ...b, test: false })).toEqual(['configure', 'make', 'install', 'probe']);
    expect(stepsOf({ ...b, test: [] })).toEqual(['configure', 'make', 'install', 'probe']);
    for (const test of [true, 'quick' as const, ['test_os']]) expect(stepsOf({ ...b, test })).toEqual(['configure', 'make', 'test', 'install', 'probe']);
  });
});
