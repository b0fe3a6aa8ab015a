/**
 * Seals: one digest of every file's stat fields, taken at install and after a sync's full check.
 * A seal must make use cheap and must never vouch for a change: every way of changing an entry
 * below (an extra file as pip writes one, a rewrite of the same size, with the times put back,
 * a removed file, a retargeted link, a mode change) breaks it, and the full check then names it.
 */
import { chmod, cp, mkdir, readFile, rename, rm, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSeal, SETTLE_MS, sealMatches, settledListing, statListing } from '../../src/store/entry-seal.js';
import { Store } from '../../src/store/store.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { stageEntry, writeEntryFiles } from '../support/store-entry.js';
import { tempDir } from '../support/temp-dir.js';

const KEY = 'pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-seal-');
});
afterEach(async () => {
  releaseFifos();
  vi.restoreAllMocks();
});

const tick = () => new Promise((r) => setTimeout(r, 25));

describe('statListing', () => {
  let tree: string;
  beforeEach(async () => {
    tree = join(dir, 'tree');
    await writeEntryFiles(tree);
  });

  it('is the same for the same tree, and counts its files and links', () => {
    const a = statListing(tree);
    expect(statListing(tree)).toEqual(a);
    expect(a.files).toBe(8);
    expect(a.digest).toMatch(/^v2:[0-9a-f]{64}$/);
  });

  const changes: Array<[string, (t: string) => Promise<unknown>]> = [
    ['a file added (as pip install writes one)', (t) => writeFile(join(t, 'lib', 'python3.11', 'extra.py'), '')],
    ['an empty folder added', (t) => mkdir(join(t, 'lib', 'site-packages'))],
    ['a file removed', (t) => unlink(join(t, 'lib', 'python3.11', 'os.py'))],
    ['a file renamed', (t) => rename(join(t, 'lib', 'python3.11', 'os.py'), join(t, 'lib', 'python3.11', 'os2.py'))],
    ['a same-size rewrite', (t) => writeFile(join(t, 'lib', 'python3.11', 'os.py'), 'import sos\n')],
    [
      'a same-size rewrite with its times put back',
      async (t) => {
        const path = join(t, 'lib', 'python3.11', 'json', 'decoder.py');
        const before = await stat(path);
        await writeFile(path, 'def decode(): PASS\n');
        await utimes(path, before.atime, before.mtime);
      },
    ],
    [
      'a link retargeted to a name of the same length',
      async (t) => {
        await unlink(join(t, 'bin', 'python3'));
        await symlink('python3.12', join(t, 'bin', 'python3'));
      },
    ],
    ['a mode change', (t) => chmod(join(t, 'lib', 'python3.11', 'os.py'), 0o600)],
  ];
  it.each(changes)('changes with %s', async (_what, change) => {
    const before = statListing(tree).digest;
    await tick();
    await change(tree);
    expect(statListing(tree).digest).not.toBe(before);
  });

  it('lists a link to a folder without walking it, and a FIFO without opening it', async () => {
    await symlink('/', join(tree, 'lib', 'root-link'));
    makeFifo(join(tree, 'lib', 'fifo'));
    expect(statListing(tree).files).toBe(10);
  });

  it('differs for a copy (other inodes), so a copied entry is checked file by file', async () => {
    await cp(tree, join(dir, 'copy'), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    expect(statListing(join(dir, 'copy')).digest).not.toBe(statListing(tree).digest);
  });
});

describe('settledListing', () => {
  it('waits until every ctime is SETTLE_MS old, so a later write cannot keep a recorded ctime', async () => {
    const tree = join(dir, 'tree');
    await writeEntryFiles(tree);
    const listing = await settledListing(tree);
    expect(listing).toBeDefined();
    expect(Date.now()).toBeGreaterThanOrEqual(listing!.newestChangeMs + SETTLE_MS);
    expect(listing!.digest).toBe(statListing(tree).digest);
  });

  it('gives none when the first pass is not accepted', async () => {
    const tree = join(dir, 'tree');
    await writeEntryFiles(tree);
    expect(await settledListing(tree, () => false)).toBeUndefined();
  });
});

describe('a seal file is input', () => {
  it.each([
    ['missing', async (_f: string) => undefined],
    ['not JSON', (f: string) => writeFile(f, 'v1:abc')],
    ['JSON without a digest', (f: string) => writeFile(f, '{"files": 3}')],
    ['far too large', (f: string) => writeFile(f, `{"digest": "${'a'.repeat(10_000)}"}`)],
    ['a FIFO (never waited on)', async (f: string) => makeFifo(f)],
    ['a folder', (f: string) => mkdir(f)],
  ])(
    '%s: no seal',
    async (_what, make) => {
      const file = join(dir, 'seal.json');
      await make(file);
      expect(await readSeal(file)).toBeUndefined();
      expect(await sealMatches(dir, file)).toBe(false);
    },
    5_000,
  );
});

describe('the store seals what it installs', () => {
  let store: Store;
  beforeEach(async () => {
    store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    await store.install(await stageEntry(store, KEY), KEY);
  });
  const entry = () => store.entryDir(KEY);

  it('install leaves a seal that matches the installed entry', async () => {
    expect(await readSeal(store.sealPath(KEY))).toBe(statListing(entry()).digest);
    const state = await store.readEntry(KEY);
    expect(state).toMatchObject({ status: 'ok', changed: [] });
    expect((await store.readEntry(KEY, { everyFile: true })).status).toBe('ok');
  });

  it('the first full check after install hashes nothing: the seal stands in for the per-file stamps', async () => {
    await store.readEntry(KEY, { everyFile: true });
    // Without the seal, a check of every file leaves per-file stamps behind; with it, none are needed.
    await expect(stat(store.verifiedTreeStampPath(KEY))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a file added after install: which and run are told which, sync finds the entry damaged', async () => {
    await writeFile(join(entry(), 'lib', 'python3.11', 'iniconfig.py'), '');
    const state = await store.readEntry(KEY);
    expect(state).toMatchObject({ status: 'ok', changed: ['lib/python3.11/iniconfig.py is not part of the build'] });
    const full = await store.readEntry(KEY, { everyFile: true });
    expect(full).toMatchObject({ status: 'damaged' });
    expect(full.status === 'damaged' && full.reason).toMatch(/iniconfig\.py is not part of the build/);
  });

  it('a same-size rewrite with the times put back after install is found by the full check', async () => {
    const path = join(entry(), 'lib', 'python3.11', 'json', 'decoder.py');
    const before = await stat(path);
    await tick();
    await writeFile(path, 'def decode(): PASS\n');
    await utimes(path, before.atime, before.mtime);
    const full = await store.readEntry(KEY, { everyFile: true });
    expect(full.status === 'damaged' && full.reason).toMatch(/json\/decoder\.py was changed since it was built \(its SHA-256 differs\)/);
  });

  it('the interpreter swapped for a same-size script is damaged on every read', async () => {
    const python = join(entry(), 'bin', 'python3.11');
    await tick();
    await writeFile(python, (await readFile(python, 'utf8')).replace('Python', 'PYTHON'));
    expect((await store.readEntry(KEY)).status).toBe('damaged');
  });

  it('read with coreOnly (run): the core checked now, what else changed named by changedFiles', async () => {
    const asBuilt = await store.readEntry(KEY, { coreOnly: true });
    expect(asBuilt.status).toBe('ok');
    expect(asBuilt.status === 'ok' && asBuilt.changed).toBeUndefined();
    expect(asBuilt.status === 'ok' && (await store.changedFiles(KEY, asBuilt.manifest))).toEqual([]);
    await writeFile(join(entry(), 'lib', 'python3.11', 'iniconfig.py'), '');
    const changed = await store.readEntry(KEY, { coreOnly: true });
    expect(changed.status === 'ok' && (await store.changedFiles(KEY, changed.manifest))).toEqual(['lib/python3.11/iniconfig.py is not part of the build']);
    expect(await store.readEntry(KEY)).toMatchObject({ status: 'ok', changed: ['lib/python3.11/iniconfig.py is not part of the build'] });
  });

  it('read with coreOnly, a swapped interpreter is damaged before anything runs it, sealed or not', async () => {
    const python = join(entry(), 'bin', 'python3.11');
    await tick();
    await writeFile(python, (await readFile(python, 'utf8')).replace('Python', 'PYTHON'));
    const state = await store.readEntry(KEY, { coreOnly: true });
    expect(state.status === 'damaged' && state.reason).toMatch(/interpreter bin\/python3\.11 .*changed/);
  });

  it('a seal from another entry does not vouch for this one', async () => {
    const other = 'pydebug-3.11.2-debug-fedcba9876543210-linux-x64-01234567';
    await store.install(await stageEntry(store, other), other);
    await cp(store.sealPath(other), store.sealPath(KEY));
    expect(await sealMatches(entry(), store.sealPath(KEY))).toBe(false);
  });

  it('a full check of an entry whose files settled long ago seals it again', async () => {
    await rm(store.sealPath(KEY));
    // The files were written a moment ago; seen from two seconds on, they have settled.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 2_000);
    expect((await store.readEntry(KEY, { everyFile: true })).status).toBe('ok');
    expect(await readSeal(store.sealPath(KEY))).toBe(statListing(entry()).digest);
  });

  it('a full check of files changed a moment ago does not seal them', async () => {
    await rm(store.sealPath(KEY));
    expect((await store.readEntry(KEY, { everyFile: true })).status).toBe('ok');
    await expect(stat(store.sealPath(KEY))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a removed entry loses its seal', async () => {
    await store.remove(KEY);
    await store.forgetVerification(KEY);
    await expect(stat(store.sealPath(KEY))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
