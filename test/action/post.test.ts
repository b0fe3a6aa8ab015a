/**
 * The Action's post run removes temporary build files from the store its main run used: only
 * from a marked store, and not what another job on the same runner is still using.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { post } from '../../src/action/post.js';
import { ActionState, STATE_HOME, STATE_PENDING_SAVES } from '../../src/action/state.js';
import { tempName } from '../../src/files/temp-name.js';
import { Store } from '../../src/store/store.js';
import { existsNoFollow as present } from '../support/exists.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-post-');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  delete process.env[`STATE_${STATE_HOME}`];
});

describe('post run cleanup', () => {
  it('a home that is not a marked store (PYDEBUG_HOME set to a user directory): its tmp/ and sources/ stay', async () => {
    const victim = join(dir, 'victim');
    await mkdir(join(victim, 'sources'), { recursive: true });
    await mkdir(join(victim, 'tmp'));
    await writeFile(join(victim, 'sources', 'chapter1.tex'), 'keep');
    await writeFile(join(victim, 'tmp', 'draft.tex'), 'keep');
    process.env[`STATE_${STATE_HOME}`] = victim;
    await post();
    expect(await readFile(join(victim, 'sources', 'chapter1.tex'), 'utf8')).toBe('keep');
    expect(await readFile(join(victim, 'tmp', 'draft.tex'), 'utf8')).toBe('keep');
  });

  it('in a marked store: removes dead leftovers and source trees, keeps what a live process uses', async () => {
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    const live = join(store.tmpDir, tempName('stage-3.13.2-debug'));
    const dead = join(store.tmpDir, `stage-3.13.2-debug.${spawnSync(process.execPath, ['-e', '0']).pid}.abc123`);
    const tree = join(store.sourcesDir, '3.13.2-b8d79530e3b7c96a');
    for (const d of [live, dead, tree]) await mkdir(d);
    process.env[`STATE_${STATE_HOME}`] = store.root;
    await post();
    expect(await present(live)).toBe(true);
    expect(await present(dead)).toBe(false);
    expect(await present(tree)).toBe(false);
    expect(await present(store.markPath)).toBe(true);
  });

  it('removes tmp/ and sources/ themselves once nothing is left in them', async () => {
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    await mkdir(join(store.sourcesDir, '3.13.2-b8d79530e3b7c96a'));
    process.env[`STATE_${STATE_HOME}`] = store.root;
    await post();
    expect((await readdir(store.root)).sort()).toEqual(['.pydebug-store', 'cache', 'downloads', 'entries', 'locks', 'logs', 'projects', 'verified']);
  });
});

describe('post run retries', () => {
  it('a pending save whose entry key is not one path segment is refused with a warning, before any upload', async () => {
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    const warnings: string[] = [];
    const infos: string[] = [];
    const values = new Map([
      [STATE_HOME, store.root],
      [STATE_PENDING_SAVES, JSON.stringify([{ id: '3.13.2-debug', entryKey: '../../etc', actionsKey: 'k' }])],
    ]);
    const state = new ActionState({ setState: (n, v) => values.set(n, v), getState: (n) => values.get(n) ?? '' });
    await post(state, { info: (m) => infos.push(m), warning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^3\.13\.2-debug: saving to the cache failed again \(.*an entry key.*\)$/);
    expect(infos.filter((m) => /saved/.test(m))).toEqual([]);
  });
});
