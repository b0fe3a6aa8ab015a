/**
 * Tampering with a store entry, on a real entry directory written by hand the way a build
 * writes one (a shell script as the interpreter, a fake libpython, the manifest from the same
 * function the build uses): each attack must make the entry read as damaged.
 */

import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { Interrupts } from '../../src/cli/interrupts.js';
import { main } from '../../src/cli/main.js';
import { loadConfigFile } from '../../src/files/config-file.js';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { checkLock } from '../../src/lockfile/lock-update.js';
import type { Store } from '../../src/store/store.js';
import { planFor } from '../../src/sync/sync.js';
import { lockedSource, projectConfig, RECIPE_CONFIG, RECIPE_YAML } from '../support/fixtures.js';
import { tempStore } from '../support/temp-dir.js';

const KEY = 'pydebug-0123456789abcdef-linux-x64-01234567';
const PYTHON_SCRIPT = '#!/bin/sh\necho "Python 3.11.2"\n';
const EVIL_SCRIPT = '#!/bin/sh\necho "pwned  3.11.2"\n';

let dir: string;
let store: Store;
let entry: string;
beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-store-'));
  await store.ensureLayout();
  entry = store.entryDir(KEY);
  await makeEntry(entry);
});

async function makeEntry(prefix: string, key = KEY): Promise<void> {
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await writeFile(join(prefix, 'bin', 'python3.11'), PYTHON_SCRIPT);
  await chmod(join(prefix, 'bin', 'python3.11'), 0o755);
  await symlink('python3.11', join(prefix, 'bin', 'python3'));
  await mkdir(join(prefix, 'lib', 'python3.11', 'json'), { recursive: true });
  await writeFile(join(prefix, 'lib', 'libpython3.11d.so.1.0'), 'ELF fake libpython');
  await symlink('libpython3.11d.so.1.0', join(prefix, 'lib', 'libpython3.11d.so'));
  await writeFile(join(prefix, 'lib', 'python3.11', 'os.py'), 'import sys\n');
  await writeFile(join(prefix, 'lib', 'python3.11', 'json', 'decoder.py'), 'def decode(): pass\n');
  await mkdir(join(prefix, 'share', 'pydebug'), { recursive: true });
  await writeFile(join(prefix, 'share', 'pydebug', 'build.log'), '# pydebug build\n');
  await store.writeManifest(prefix, {
    entry_key: key,
    lock_key: '0123456789abcdef',
    id: '3.11.2-debug',
    version: '3.11.2',
    variant: 'debug',
    python: 'bin/python3',
    prefix,
    configure: ['--with-pydebug', '--enable-shared'],
    compiler: { name: 'cc', version: 'cc 13', target: 'x86_64-linux-gnu' },
    expect: { abiflags: 'd', macros: { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false }, sanitizers: [] },
    proven: {
      abiflags: 'd',
      macros: { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false },
      sanitizers: [],
      evidence: {},
    },
    env: {},
    built_at: '2026-01-01T00:00:00.000Z',
    timings: { total: 1 },
    files: { log: 'share/pydebug/build.log' },
  });
}

const manifestFile = () => store.manifestPath(KEY);
async function editManifest(edit: (m: Record<string, unknown>) => unknown): Promise<void> {
  const m = JSON.parse(await readFile(manifestFile(), 'utf8'));
  await writeFile(manifestFile(), JSON.stringify(edit(m) ?? m));
}
async function reason(): Promise<string> {
  const state = await store.readEntry(KEY);
  expect(state.status).toBe('damaged');
  return state.status === 'damaged' ? state.reason : '';
}
async function contentsProblem(): Promise<string | undefined> {
  const state = await store.readEntry(KEY);
  if (state.status !== 'ok') throw new Error(`readEntry: ${JSON.stringify(state)}`);
  return store.verifyContents(KEY, state.manifest);
}

describe('an entry as built', () => {
  it('reads as ok and its contents verify', async () => {
    const state = await store.readEntry(KEY);
    expect(state.status).toBe('ok');
    expect(state.status === 'ok' && state.python).toBe(join(entry, 'bin', 'python3'));
    expect(await contentsProblem()).toBeUndefined();
  });
});

describe('a tampered interpreter or libpython is damaged on every read', () => {
  it('a same-size script in place of the interpreter', async () => {
    expect(EVIL_SCRIPT.length).toBe(PYTHON_SCRIPT.length);
    await store.readEntry(KEY);
    await rm(join(entry, 'bin', 'python3.11'));
    await writeFile(join(entry, 'bin', 'python3.11'), EVIL_SCRIPT, { mode: 0o755 });
    expect(await reason()).toMatch(/interpreter bin\/python3\.11 .*changed/);
  });

  it('an in-place rewrite with the mtime put back (caught by ctime)', async () => {
    const python = join(entry, 'bin', 'python3.11');
    // A verification records stat fields only for files older than a second (see entry-hashes.ts).
    const old = new Date(Date.now() - 10_000);
    await utimes(python, old, old);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await store.readEntry(KEY)).status).toBe('ok');
    const stamps = JSON.parse(await readFile(store.verifiedStampPath(KEY), 'utf8'));
    expect(Object.keys(stamps)).toEqual(['bin/python3.11', 'lib/libpython3.11d.so.1.0']);
    const before = await stat(python);
    await writeFile(python, EVIL_SCRIPT);
    await utimes(python, before.atime, before.mtime);
    const after = await stat(python);
    expect([after.size, after.ino, after.mtimeMs]).toEqual([before.size, before.ino, before.mtimeMs]);
    expect(await reason()).toMatch(/interpreter bin\/python3\.11 .*changed/);
  });

  it('the interpreter link pointed elsewhere', async () => {
    await rm(join(entry, 'bin', 'python3'));
    await symlink('/bin/sh', join(entry, 'bin', 'python3'));
    expect(await reason()).toMatch(/bin\/python3/);
  });

  it('libpython replaced', async () => {
    await writeFile(join(entry, 'lib', 'libpython3.11d.so.1.0'), 'ELF evil libpython');
    expect(await reason()).toMatch(/libpython lib\/libpython3\.11d\.so\.1\.0 .*changed/);
  });

  it('the interpreter truncated (the size tells, without hashing)', async () => {
    await truncate(join(entry, 'bin', 'python3.11'), 3);
    expect(await reason()).toBe(`its interpreter bin/python3.11 has 3 bytes, it had ${PYTHON_SCRIPT.length} when built`);
  });
});

describe('every file is verified on reuse and restore', () => {
  it('an extra file', async () => {
    await writeFile(join(entry, 'lib', 'python3.11', 'json', 'sitecustomize.py'), 'import os\n');
    expect(await contentsProblem()).toMatch(/lib\/python3\.11\/json\/sitecustomize\.py is not part of the build/);
  });

  it('a removed file', async () => {
    await rm(join(entry, 'lib', 'python3.11', 'json', 'decoder.py'));
    expect(await contentsProblem()).toMatch(/lib\/python3\.11\/json\/decoder\.py is missing/);
  });

  it('an extra FIFO is reported, never opened', async () => {
    await execa('mkfifo', [join(entry, 'lib', 'python3.11', 'fifo')]);
    expect(await contentsProblem()).toMatch(/lib\/python3\.11\/fifo is not part of the build \(and not a regular file\)/);
  });

  it('an extra link to / is reported, never followed', async () => {
    await symlink('/', join(entry, 'lib', 'root'));
    expect(await contentsProblem()).toBe('1 file differs from what was built: lib/root is not part of the build');
  });

  it('the file list edited to match a changed file', async () => {
    await writeFile(join(entry, 'lib', 'python3.11', 'os.py'), 'import os\n');
    const list = join(entry, 'share', 'pydebug', 'files.sha256');
    const text = await readFile(list, 'utf8');
    await writeFile(list, text.replace(/^[0-9a-f]{64}(?= \d+ f lib\/python3\.11\/os\.py$)/m, createHash('sha256').update('import os\n').digest('hex')));
    expect(await contentsProblem()).toBe('its file list share/pydebug/files.sha256 was changed since it was built (its SHA-256 differs)');
  });

  it('many differences: a few named, the rest counted', async () => {
    for (const n of [1, 2, 3, 4, 5]) await writeFile(join(entry, 'lib', `extra${n}.py`), '');
    expect(await contentsProblem()).toBe(
      '5 files differ from what was built: lib/extra1.py is not part of the build; lib/extra2.py is not part of the build; lib/extra3.py is not part of the build; and 2 more',
    );
  });

  it('a changed file deep in lib/, same size', async () => {
    await writeFile(join(entry, 'lib', 'python3.11', 'json', 'decoder.py'), 'def decode(): PASS\n');
    expect(await contentsProblem()).toMatch(/lib\/python3\.11\/json\/decoder\.py was changed/);
  });

  it('files unchanged since they last matched are not read again; an in-place rewrite with the mtime put back still is', async () => {
    // Stamps are recorded only for files whose ctime is over a second old (see entry-hashes.ts).
    await new Promise((r) => setTimeout(r, 1100));
    expect(await contentsProblem()).toBeUndefined();
    const stamps = JSON.parse(await readFile(store.verifiedTreeStampPath(KEY), 'utf8'));
    expect(Object.keys(stamps).sort()).toEqual(['bin/python3.11', 'lib/libpython3.11d.so.1.0', 'lib/python3.11/json/decoder.py', 'lib/python3.11/os.py', 'share/pydebug/build.log']);
    expect(await contentsProblem()).toBeUndefined();
    const decoder = join(entry, 'lib', 'python3.11', 'json', 'decoder.py');
    const before = await stat(decoder);
    await writeFile(decoder, 'def decode(): PASS\n');
    await utimes(decoder, before.atime, before.mtime);
    expect(await contentsProblem()).toMatch(/lib\/python3\.11\/json\/decoder\.py was changed/);
  });
});

describe('a manifest is input: anything off is damaged, never followed and never a crash', () => {
  it('python pointing outside the entry', async () => {
    await editManifest((m) => void (m.python = '../../../../usr/bin/python3.11'));
    expect(await reason()).toMatch(/its manifest names python "\.\.\/\.\.\/\.\.\/\.\.\/usr\/bin\/python3\.11", which is not inside the entry/);
  });

  it('a sanitizer suppression file outside the entry, or under a key that is not an options variable', async () => {
    await editManifest((m) => void ((m.files as Record<string, unknown>).sanitizer_suppressions = { TSAN_OPTIONS: '../../../etc/passwd' }));
    expect(await reason()).toMatch(/its manifest names files\.sanitizer_suppressions\.TSAN_OPTIONS "\.\.\/\.\.\/\.\.\/etc\/passwd", which is not inside the entry/);
    await editManifest((m) => void ((m.files as Record<string, unknown>).sanitizer_suppressions = { LD_PRELOAD: 'share/pydebug/build.log' }));
    expect(await reason()).toMatch(/its manifest is not a pydebug manifest: files\.sanitizer_suppressions/);
  });

  it('python absolute', async () => {
    await editManifest((m) => void (m.python = '/usr/bin/python3'));
    expect(await reason()).toMatch(/not inside the entry/);
  });

  it('python through a symlinked directory', async () => {
    await symlink('/usr', join(entry, 'usr'));
    await editManifest((m) => void (m.python = 'usr/bin/env'));
    expect(await reason()).toMatch(/not inside the entry/);
  });

  it('python with a NUL byte', async () => {
    await editManifest((m) => {
      m.python = 'bin/python3\u0000.11';
      (m.contents as { core: Record<string, unknown> }).core['bin/python3\u0000.11'] = { sha256: '0'.repeat(64), bytes: 0, kind: 'f' };
    });
    expect(await reason()).toMatch(/its manifest names python "bin\/python3\\u0000\.11", which is not a path/);
  });

  it('the valgrind suppressions outside the entry', async () => {
    await editManifest((m) => void ((m.files as Record<string, string>).valgrind_suppressions = '../../../../etc/passwd'));
    expect(await reason()).toMatch(/its manifest names files\.valgrind_suppressions ".*", which is not inside the entry/);
  });

  it('manifest.json a directory', async () => {
    await rm(manifestFile());
    await mkdir(manifestFile());
    expect(await reason()).toBe('its manifest share/pydebug/manifest.json is not a file');
  });

  it('manifest.json a FIFO (never waited on)', async () => {
    await rm(manifestFile());
    await execa('mkfifo', [manifestFile()]);
    expect(await reason()).toBe('its manifest share/pydebug/manifest.json is not a file');
  });

  it('manifest.json null', async () => {
    await writeFile(manifestFile(), 'null');
    expect(await reason()).toMatch(/^its manifest is not a pydebug manifest/);
  });

  it('manifest.json with fields missing', async () => {
    await editManifest((m) => void delete m.python);
    expect(await reason()).toMatch(/^its manifest is not a pydebug manifest: python/);
  });

  it('manifest.json with a mistyped field', async () => {
    await editManifest((m) => void (m.files = 'share/pydebug/build.log'));
    expect(await reason()).toMatch(/^its manifest is not a pydebug manifest: files/);
  });

  it('a manifest that records no hash for its interpreter', async () => {
    await editManifest((m) => void ((m.contents as { core: unknown }).core = {}));
    expect(await reason()).toBe('its manifest records no hash for its interpreter bin/python3');
  });

  it('a manifest from an older pydebug', async () => {
    await editManifest((m) => void (m.manifest_version = 1));
    expect(await reason()).toBe('its manifest has version 1, this pydebug reads version 4');
  });

  it('the entry a symbolic link to a directory elsewhere', async () => {
    await rename(entry, join(dir, 'elsewhere'));
    await symlink(join(dir, 'elsewhere'), entry);
    expect(await reason()).toBe('it is not a directory (a symbolic link or a file is in its place)');
  });

  it('manifest.json far too large', async () => {
    await writeFile(manifestFile(), `{"pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    expect(await reason()).toMatch(/^its manifest share\/pydebug\/manifest\.json is larger than/);
  });
});

describe('which and run refuse a damaged entry; sync reuses only an entry whose every file matches', () => {
  async function writeProject(): Promise<void> {
    await writeFile(join(dir, 'pydebug.yml'), RECIPE_CONFIG);
    await writeFile(join(dir, 'pydebug.lock'), serializeLock(assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() })));
  }

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, PYDEBUG_HOME: store.root },
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      stderrIsTTY: false,
      columns: () => 100,
      interrupts: new Interrupts({ write: () => undefined }, () => undefined),
    };
    const code = await main(args, ctx);
    return { code, stdout, stderr };
  }

  it('a same-size interpreter swapped under a built entry', async () => {
    await writeProject();
    const listed = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: string; entry_key: string }>;
    const debug = listed.find((e) => e.id === '3.13.2-debug')!;
    await makeEntry(store.entryDir(debug.entry_key), debug.entry_key);
    expect((await cli(['which', 'debug'])).stdout).toBe(`${join(store.entryDir(debug.entry_key), 'bin', 'python3')}\n`);

    await rm(join(store.entryDir(debug.entry_key), 'bin', 'python3.11'));
    await writeFile(join(store.entryDir(debug.entry_key), 'bin', 'python3.11'), EVIL_SCRIPT, { mode: 0o755 });
    const which = await cli(['which', 'debug']);
    expect([which.code, which.stdout]).toEqual([1, '']);
    expect(which.stderr).toMatch(/3\.13\.2-debug: its store entry is damaged \(its interpreter bin\/python3\.11 was changed since it was built/);
    const run = await cli(['run', 'debug', '--', 'true']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/its store entry is damaged/);
    const list = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: string; status: string }>;
    expect(list.find((e) => e.id === '3.13.2-debug')!.status).toBe('damaged');
  });

  it.each([
    [
      'a directory',
      async (m: string) => {
        await rm(m);
        await mkdir(m);
      },
      'its manifest share/pydebug/manifest.json is not a file',
    ],
    ['null', (m: string) => writeFile(m, 'null'), 'its manifest is not a pydebug manifest: Invalid input: expected object, received null'],
  ])('manifest.json %s: which and list say damaged, no internal error', async (_label, spoil, why) => {
    await writeProject();
    const debug = (JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: string; entry_key: string }>).find((e) => e.id === '3.13.2-debug')!;
    await makeEntry(store.entryDir(debug.entry_key), debug.entry_key);
    await spoil(store.manifestPath(debug.entry_key));
    const which = await cli(['which', 'debug']);
    expect(which.code).toBe(1);
    expect(which.stderr.split('\n')[0]).toBe(`error: 3.13.2-debug: its store entry is damaged (${why})`);
    const list = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: string; status: string; reason: string }>;
    expect(list.find((e) => e.id === '3.13.2-debug')).toMatchObject({ status: 'damaged', reason: why });
  });

  it('a changed file deep in lib/: which still answers, sync plans a rebuild', async () => {
    await writeProject();
    const cfg = await loadConfigFile(join(dir, 'pydebug.yml'), dir);
    const lock = await checkLock(cfg, true);
    const env = { PATH: process.env.PATH };
    const debugKey = (states: Map<string, unknown>) => [...states.keys()].find((k) => k.includes('3.13.2-debug'))!;
    const key = debugKey((await planFor(lock, {}, env, store)).states);
    await makeEntry(store.entryDir(key), key);
    expect((await planFor(lock, {}, env, store, { everyFile: true })).plan.reuse.map((p) => p.id)).toEqual(['3.13.2-debug']);

    await writeFile(join(store.entryDir(key), 'lib', 'python3.11', 'json', 'decoder.py'), 'def decode(): PASS\n');
    expect((await planFor(lock, {}, env, store)).states.get(key)?.status).toBe('ok');
    const forSync = await planFor(lock, {}, env, store, { everyFile: true });
    expect(forSync.plan.reuse).toEqual([]);
    const changed = 'lib/python3.11/json/decoder.py was changed since it was built (its SHA-256 differs)';
    expect(forSync.states.get(key)).toEqual({ status: 'damaged', reason: `1 file differs from what was built: ${changed}`, changedFiles: [changed] });
  });
});
