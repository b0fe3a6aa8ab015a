/**
 * Store entries are read-only once installed, and every removal still works: Store.install,
 * its replacing of an entry, Store.remove and removeInside (clean's and the sweep's) on trees
 * whose folders have no write bit. Root ignores file modes, so when the tests run as root the
 * removals run with the effective uid of `nobody` (seteuid, put back after), for whom the
 * modes count; real files throughout.
 */
import { chmod, lstat, mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeInside } from '../../src/files/contained.js';
import { makeFoldersWritable, makeTreeReadOnly } from '../../src/files/read-only.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../support/temp-dir.js';

const NOBODY = 65534;
const MACROS = { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false };
const isRoot = process.geteuid?.() === 0;

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-read-only-');
  // Open to `nobody` (below, when the tests run as root).
  await chmod(dir, 0o777);
});
afterEach(async () => {
  if (isRoot) process.seteuid!(0);
});

/** Runs the rest of a test as a user whom file modes bind (`nobody` when run as root). */
function asUserBoundByModes(): void {
  if (isRoot) process.seteuid!(NOBODY);
}

/** A prefix like a build's: files, folders, a link inside and a link to a file outside. */
async function makePrefix(prefix: string, outside: string): Promise<void> {
  await mkdir(join(prefix, 'lib', 'python3.13', '__pycache__'), { recursive: true });
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await writeFile(join(prefix, 'bin', 'python3.13'), '#!/bin/sh\n');
  await chmod(join(prefix, 'bin', 'python3.13'), 0o755);
  await symlink('python3.13', join(prefix, 'bin', 'python3'));
  await writeFile(join(prefix, 'lib', 'python3.13', 'abc.py'), 'class ABC: pass\n');
  await writeFile(join(prefix, 'lib', 'python3.13', '__pycache__', 'abc.cpython-313.pyc'), 'bytecode');
  await symlink(outside, join(prefix, 'lib', 'outside'));
}

async function modes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isSymbolicLink()) out.set(join(e.parentPath, e.name).slice(root.length + 1), (await lstat(join(e.parentPath, e.name))).mode & 0o777);
  }
  return out;
}

describe('makeTreeReadOnly', () => {
  it('takes the write bits off every file and folder, keeps the others, and never follows a link', async () => {
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'not the entry');
    await chmod(outside, 0o644);
    const prefix = join(dir, 'prefix');
    await makePrefix(prefix, outside);
    await makeTreeReadOnly(prefix, { exceptTop: true });
    expect(Object.fromEntries(await modes(prefix))).toEqual({
      bin: 0o555,
      'bin/python3.13': 0o555,
      lib: 0o555,
      'lib/python3.13': 0o555,
      'lib/python3.13/abc.py': 0o444,
      'lib/python3.13/__pycache__': 0o555,
      'lib/python3.13/__pycache__/abc.cpython-313.pyc': 0o444,
    });
    expect((await stat(prefix)).mode & 0o222).not.toBe(0);
    expect((await stat(outside)).mode & 0o777).toBe(0o644);
    await makeTreeReadOnly(prefix);
    expect((await stat(prefix)).mode & 0o777).toBe(0o555);
  });
});

describe('removing a read-only tree', () => {
  it('removeInside gives the folders their write bits back first', async () => {
    asUserBoundByModes();
    const root = join(dir, 'store');
    await mkdir(root);
    const prefix = join(root, 'entry');
    await makePrefix(prefix, join(dir, 'elsewhere'));
    await makeTreeReadOnly(prefix);
    await removeInside(root, prefix, 'a store entry');
    expect(await readdir(root)).toEqual([]);
  });

  it('makeFoldersWritable walks folders that had no bits at all, and no links', async () => {
    asUserBoundByModes();
    const outsideDir = join(dir, 'outside');
    await mkdir(outsideDir, { mode: 0o555 });
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'a', 'b'), { recursive: true });
    await symlink(outsideDir, join(tree, 'a', 'link'));
    await chmod(join(tree, 'a', 'b'), 0o000);
    await chmod(join(tree, 'a'), 0o000);
    await makeFoldersWritable(tree);
    expect((await stat(join(tree, 'a'))).mode & 0o700).toBe(0o700);
    expect((await stat(join(tree, 'a', 'b'))).mode & 0o700).toBe(0o700);
    expect((await stat(outsideDir)).mode & 0o777).toBe(0o555);
  });
});

describe('Store: entries are installed read-only, and replaced and removed', () => {
  async function stage(store: Store, key: string): Promise<string> {
    const staged = join(await store.makeTemp('build'), 'prefix');
    await makePrefix(staged, join(dir, 'elsewhere'));
    await store.writeManifest(staged, {
      entry_key: key,
      lock_key: '0123456789abcdef',
      id: '3.13.5-debug',
      version: '3.13.5',
      variant: 'debug',
      python: 'bin/python3',
      prefix: store.entryDir(key),
      configure: ['--with-pydebug'],
      compiler: { name: 'cc', version: 'cc 13', target: 'x86_64-linux-gnu' },
      expect: { abiflags: 'd', macros: MACROS, sanitizers: [] },
      proven: { abiflags: 'd', macros: MACROS, sanitizers: [], evidence: {} },
      env: {},
      built_at: '2026-01-01T00:00:00.000Z',
      timings: { total: 1 },
      files: { log: 'share/pydebug/manifest.json' },
    });
    return staged;
  }

  it('install, install over it, remove; then sweep and clean find nothing in the way', async () => {
    asUserBoundByModes();
    const store = new Store(join(dir, 'home'));
    await store.ensureLayout();
    const final = await store.install(await stage(store, 'k1'), 'k1');
    const written = [...(await modes(final)).values()];
    expect(written.length).toBeGreaterThan(5);
    expect(written.filter((m) => (m & 0o222) !== 0)).toEqual([]);
    expect((await stat(final)).mode & 0o222).toBe(0);
    // A user (or pip) cannot write into it.
    await expect(writeFile(join(final, 'lib', 'python3.13', 'new.py'), '')).rejects.toMatchObject({ code: 'EACCES' });

    await store.install(await stage(store, 'k1'), 'k1');
    expect(await readdir(store.entriesDir)).toEqual(['k1']);
    await store.remove('k1');
    expect(await readdir(store.entriesDir)).toEqual([]);
  });
});
