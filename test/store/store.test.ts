/**
 * The store's own layout and its removals: the mark that says a directory is a pydebug store,
 * PYDEBUG_HOME as given by a user, and entry keys or staged paths that point elsewhere. Real
 * directories; a victim directory with files must survive each case.
 */
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { OutsideError } from '../../src/store/contained.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { defaultHome, NotAStoreError, Store, STORE_MARK } from '../../src/store/store.js';

let dir: string;
let victim: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-store-'));
  victim = join(dir, 'victim');
  await mkdir(victim);
  await writeFile(join(victim, 'data'), 'keep me');
});
afterEach(async () => {
  releaseFifos();
  await rm(dir, { recursive: true, force: true });
});

const present = (p: string) =>
  lstat(p).then(
    () => true,
    () => false,
  );
const LAYOUT = ['downloads', 'locks', 'logs', 'sources', 'store', 'tmp', 'verified'];

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

  it("adopts an empty directory and one holding only pydebug's layout (a store made before the mark)", async () => {
    const empty = new Store(join(dir, 'empty'));
    await mkdir(empty.root);
    await empty.ensureLayout();
    expect(await empty.isMarked()).toBe(true);
    const old = new Store(join(dir, 'old'));
    await mkdir(join(old.root, 'store', 'abc'), { recursive: true });
    await mkdir(join(old.root, 'downloads'));
    await old.ensureLayout();
    expect(await old.isMarked()).toBe(true);
    expect(await present(join(old.root, 'store', 'abc'))).toBe(true);
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
    expect(st.entryDir('pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567')).toBe(join(dir, 'home', 'store', 'pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567'));
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

  it('install refuses a staged prefix outside tmp/ and a key outside store/', async () => {
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
    const leftover = join(store.tmpDir, `stage-x.${dead}.abc123`);
    await symlink(victim, leftover);
    const swept = await store.sweepLeftovers();
    expect(swept).toEqual([leftover]);
    expect(await present(leftover)).toBe(false);
    expect(await readFile(join(victim, 'data'), 'utf8')).toBe('keep me');
  });
});
