/**
 * buildEntry removes and creates its build and staging directories only inside the source tree
 * and tmp/, whatever a (hand-edited) lock says the variant or id is. No compiler runs: each case
 * is refused before the first step.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildEntry } from '../../src/builder/build.js';
import { OutsideError } from '../../src/files/contained.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import type { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempStore } from '../support/temp-dir.js';

const KEY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234';
let dir: string;
let store: Store;
let tree: string;
beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-build-'));
  await store.ensureLayout();
  tree = store.sourceTreeDir('3.13.2', 'b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9');
  await mkdir(tree);
  await mkdir(join(dir, 'victim', 'data-abcd1234'), { recursive: true });
  await writeFile(join(dir, 'victim', 'data-abcd1234', 'notes.txt'), 'keep me');
});

function planned(id: string, variant: string): PlannedBuild {
  const lock = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
  const build = { ...lock.builds['3.13.2-debug']!, variant };
  return { id, build, source: lockedSource(), entryKey: KEY };
}

function build(p: PlannedBuild) {
  const ctx = { store, env: { PATH: process.env.PATH ?? '' }, jobs: 1, reporter: new SilentReporter(), signal: new AbortController().signal, keepBuildDir: false };
  const toolchain = { compiler: 'cc', version: 'cc 1', target: 'x86_64-linux-gnu', machine: { os: 'linux', arch: 'x64', toolchain: 'cc' } };
  return buildEntry(ctx, p, tree, toolchain);
}

describe('buildEntry containment', () => {
  it('a variant that climbs out of the source tree: its "build directory" outside the store is not removed', async () => {
    await expect(build(planned('3.13.2-debug', 'x/../../../../victim/data'))).rejects.toBeInstanceOf(OutsideError);
    expect(await readFile(join(dir, 'victim', 'data-abcd1234', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('an id that climbs out of tmp/: no staging directory is created outside the store', async () => {
    await expect(build(planned('3.13.2-x/../../../victim', 'debug'))).rejects.toBeInstanceOf(OutsideError);
    expect(await readdir(join(dir, 'victim'))).toEqual(['data-abcd1234']);
    expect(await readdir(dir)).toEqual(['home', 'victim']);
  });
});
