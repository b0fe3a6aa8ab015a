/**
 * The store's own layout and its removals: the mark that says a directory is a pydebug store,
 * PYDEBUG_HOME as given by a user, and entry keys or staged paths that point elsewhere. Real
 * directories; a victim directory with files must survive each case.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { OutsideError } from '../../src/files/contained.js';
import { defaultHome, NotAStoreError, STORE_MARK, Store } from '../../src/store/store.js';
import { existsNoFollow as present } from '../support/exists.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let victim: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-store-');
  victim = join(dir, 'victim');
  await mkdir(victim);
  await writeFile(join(victim, 'data'), 'keep me');
});
afterEach(async () => {
  releaseFifos();
});

const LAYOUT = ['cache', 'downloads', 'entries', 'locks', 'logs', 'projects', 'sources', 'tmp', 'verified'];

describe('the store mark', () => {
  it('a FIFO in its place is no mark, and is not waited on', async () => {
    const store = new Store(join(dir, 'home'));
    await mkdir(store.root);
    makeFifo(join(store.root, STORE_MARK));
    expect(await store.isMarked()).toBe(false);
    await store.ensureLayout();
    expect(await store.isMarked()).toBe(false);
  }, 5_000);

  it('ensureLayout creates the layout and marks a new directory as a store', async () => {
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    expect((await readdir(store.root)).sort()).toEqual([STORE_MARK, ...LAYOUT].sort());
    expect(await readFile(store.markPath, 'utf8')).toMatch(/pydebug store/);
    expect(await store.isMarked()).toBe(true);
    await store.ensureLayout();
    expect(await store.isMarked()).toBe(true);
  });

  it('adopts an empty directory', async () => {
    const empty = new Store(join(dir, 'empty'));
    await mkdir(empty.root);
    await empty.ensureLayout();
    expect(await empty.isMarked()).toBe(true);
  });

  it("refuses a directory whose folders only look like a store's, and removes nothing there (issue 21, item 6)", async () => {
    // PYDEBUG_HOME=~/data holding downloads/important.iso, logs/app.log, tmp/session.
    const data = new Store(join(dir, 'data'));
    for (const [folder, file] of [
      ['downloads', 'important.iso'],
      ['logs', 'app.log'],
      ['tmp', 'session'],
    ] as const) {
      await mkdir(join(data.root, folder), { recursive: true });
      await writeFile(join(data.root, folder, file), 'mine');
    }
    const error = await data.ensureLayout().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAStoreError);
    expect((error as NotAStoreError).message).toMatch(/holds downloads, logs, tmp/);
    expect(await data.isMarked()).toBe(false);
    expect((await readdir(data.root)).sort()).toEqual(['downloads', 'logs', 'tmp']);
    expect(await readFile(join(data.root, 'tmp', 'session'), 'utf8')).toBe('mine');
  });

  it('refuses to make a store in a directory holding anything else, and creates nothing there', async () => {
    const store = new Store(victim);
    const error = await store.ensureLayout().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAStoreError);
    expect((error as NotAStoreError).message).toContain(victim);
    expect((error as NotAStoreError).message).toContain('data');
    expect((error as NotAStoreError).hint).toMatch(/PYDEBUG_HOME/);
    expect(await readdir(victim)).toEqual(['data']);
    expect(await store.checkWritable().catch((e: unknown) => e)).toBeInstanceOf(NotAStoreError);
    expect(await readdir(victim)).toEqual(['data']);
  });

  it('a mark that is empty, a directory or a symlink does not count', async () => {
    const store = new Store(join(dir, 'home'));
    await mkdir(store.root);
    await writeFile(store.markPath, '');
    expect(await store.isMarked()).toBe(false);
    await rm(store.markPath);
    await mkdir(store.markPath);
    expect(await store.isMarked()).toBe(false);
    await rm(store.markPath, { recursive: true });
    const real = new Store(join(dir, 'real'));
    await real.ensureLayout();
    await symlink(real.markPath, store.markPath);
    expect(await store.isMarked()).toBe(false);
  });
});

describe('PYDEBUG_HOME', () => {
  it('expands ~ and ~/ to the home directory', () => {
    expect(defaultHome({ PYDEBUG_HOME: '~/thesis', HOME: '/home/u' })).toBe('/home/u/thesis');
    expect(defaultHome({ PYDEBUG_HOME: '~', HOME: '/home/u' })).toBe('/home/u');
    expect(defaultHome({ PYDEBUG_HOME: ' /abs/store ', HOME: '/home/u' })).toBe('/abs/store');
    expect(defaultHome({ HOME: '/home/u', XDG_CACHE_HOME: '/c' })).toBe('/c/pydebug');
  });

  it.each(['.', 'store', '../x', '~bob/x', '$HOME/x'])('refuses the relative path %s with a usage error naming the variable and the fix', (home) => {
    let error: unknown;
    try {
      defaultHome({ PYDEBUG_HOME: home, HOME: '/home/u' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('PYDEBUG_HOME');
    expect((error as UsageError).message).toContain(home);
    expect((error as UsageError).hint).toMatch(/absolute path/);
  });
});

describe('PYDEBUG_HOME with a control character', () => {
  it.each(['/abs/one\n/abs/two', '/abs/st\rore', '/abs/\x00x'])('refuses %j with a usage error and the fix', (home) => {
    let error: unknown;
    try {
      defaultHome({ PYDEBUG_HOME: home, HOME: '/home/u' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`PYDEBUG_HOME contains a control character (${JSON.stringify(home)})`);
    expect((error as UsageError).hint).toMatch(/one line/);
  });

  it('a relative XDG_CACHE_HOME is ignored (the XDG spec), not made a store under the working directory', () => {
    expect(defaultHome({ HOME: '/home/u', XDG_CACHE_HOME: 'rel/cache' })).toBe('/home/u/.cache/pydebug');
  });
});

describe('paths built from data are one segment under their directory', () => {
  it.each([
    ['an entry key', (st: Store) => st.entryDir('../../victim')],
    ['a log', (st: Store) => st.logPath('x/../../../etc/passwd')],
    ['a mutex name', (st: Store) => st.mutexPath('entry-../../victim')],
    ['an incomplete marker', (st: Store) => st.incompleteMarker('a/b')],
    ['a verification stamp', (st: Store) => st.verifiedTreeStampPath('../x')],
    ['a download file name', (st: Store) => st.downloadPath('f'.repeat(64), '../x.tgz')],
    ['a download hash', (st: Store) => st.downloadPath('../..', 'x.tgz')],
    ['a source tree', (st: Store) => st.sourceTreeDir('3.11.2/../..', 'f'.repeat(64))],
  ])('%s with a separator or .. is refused', (_what, make) => {
    expect(() => make(new Store(join(dir, 'home')))).toThrow(OutsideError);
  });

  it('ordinary names pass', () => {
    const st = new Store(join(dir, 'home'));
    expect(st.entryDir('pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567')).toBe(join(dir, 'home', 'entries', 'pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567'));
    expect(st.downloadPath('f'.repeat(64), 'Python-3.15.0a2.tgz')).toBe(join(dir, 'home', 'downloads', 'f'.repeat(64), 'Python-3.15.0a2.tgz'));
  });
});

describe('removals and renames stay in the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = new Store(join(dir, 'home'));
    await store.ensureLayout();
  });

  it.each([['../../victim'], ['../../victim/data'], ['..']])('remove(%s) refuses and leaves the victim', async (key) => {
    await expect(store.remove(key)).rejects.toBeInstanceOf(OutsideError);
    expect(await readFile(join(victim, 'data'), 'utf8')).toBe('keep me');
    expect(await present(store.entriesDir)).toBe(true);
  });

  it('install refuses a staged prefix outside tmp/ and a key outside entries/', async () => {
    const staged = await store.makeTemp('stage');
    await expect(store.install(victim, 'k1')).rejects.toBeInstanceOf(OutsideError);
    await expect(store.install(staged, '../../victim')).rejects.toBeInstanceOf(OutsideError);
    expect(await readFile(join(victim, 'data'), 'utf8')).toBe('keep me');
    expect(await present(staged)).toBe(true);
  });

  it('makeTemp refuses a prefix that climbs out of tmp/, and creates nothing', async () => {
    await expect(store.makeTemp('stage-x/../../../victim/new')).rejects.toBeInstanceOf(OutsideError);
    expect(await readdir(victim)).toEqual(['data']);
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  it('install moves a staged prefix in with one rename and replaces what was there', async () => {
    await mkdir(join(store.entryDir('k1'), 'old'), { recursive: true });
    const staged = await store.makeTemp('stage');
    await writeFile(join(staged, 'new'), 'x');
    await store.install(staged, 'k1');
    expect(await readdir(store.entryDir('k1'))).toEqual(['new']);
    expect((await readdir(store.entriesDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it("sweepLeftovers removes a dead process's leftover, and a leftover that is a symlink only as a link", async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = join(store.tmpDir, `stage-x.pydebug-tmp-${dead}-0123abcd`);
    await symlink(victim, leftover);
    const swept = await store.sweepLeftovers();
    expect(swept).toEqual([leftover]);
    expect(await present(leftover)).toBe(false);
    expect(await readFile(join(victim, 'data'), 'utf8')).toBe('keep me');
  });
});

describe('linked layout folders (issue 21, item 4)', () => {
  async function victimFiles(): Promise<string[]> {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const names = ['report.2024.pdf', 'notes.1.txt', `backup.${dead}.d`, `old.${dead}.abc123`];
    for (const n of names) await writeFile(join(victim, n), 'mine');
    return names;
  }

  it.each(['tmp', 'entries', 'sources'])('sync stops at a linked %s/ and deletes nothing through it', async (folder) => {
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    const names = await victimFiles();
    await rm(join(store.root, folder), { recursive: true });
    await symlink(victim, join(store.root, folder));
    const error = await store.sweepLeftovers().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`${folder} is a symbolic link: pydebug keeps its store in real directories`));
    await expect(store.ensureLayout()).rejects.toThrow(/is a symbolic link/);
    expect((await readdir(victim)).sort()).toEqual(['data', ...names].sort());
  });
});
