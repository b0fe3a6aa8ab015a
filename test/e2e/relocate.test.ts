/**
 * Relocation of real entries: the shared 3.11.2 debug entry, archived as the Actions cache
 * archives it (tar --posix, zstd), extracted through the archive guard into a store at a shorter
 * path, verified, relocated and installed; from there into a store at a longer path; then the
 * first copy is removed, so the last one runs with every earlier path gone. At each place the
 * interpreter, sysconfig, the pip shebang, python3-config and a real C extension built with
 * `pip install` must point into it, and no text file may name an earlier place.
 */

import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extractCacheArchive } from '../../src/store/cache-archive.js';
import { type RelocationRecord, relocateEntry } from '../../src/store/relocate.js';
import { classifyContent } from '../../src/store/relocate-plan.js';
import { Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');
let work: string;
let shorter: string;
let key: string;
let built: string;
const timings: Array<{ to: string; seconds: number; rewritten: number }> = [];

/** Archives the entry at `entryDir` as @actions/cache does, and installs it into the store at `root`, relocated. */
async function moveInto(entryDir: string, root: string): Promise<{ dir: string; record: RelocationRecord }> {
  const store = new Store(root);
  await store.ensureLayout();
  const tmp = await store.makeTemp('relocate-e2e');
  const archive = join(tmp, 'archive.tzst');
  await execa('sh', ['-c', `tar --posix -cf - -C "$1" "$2" | zstd -q -T0 -o "$3"`, 'sh', join(entryDir, '..'), key, archive]);
  const staged = await extractCacheArchive(archive, join(tmp, 'entry'), key, key);
  const state = await store.readEntry(key, { at: staged, everyFile: true });
  expect(state.status).toBe('ok');
  if (state.status !== 'ok') throw new Error('not ok');
  const record = await relocateEntry(staged, state.manifest.prefix, store.entryDir(key));
  timings.push({ to: store.entryDir(key), seconds: record.seconds, rewritten: record.rewritten.length });
  await store.install(staged, key);
  await rm(tmp, { recursive: true, force: true });
  return { dir: store.entryDir(key), record };
}

/** The text files of the entry that name `old`, but pydebug's own record of the build. */
async function textFilesNaming(dir: string, old: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const rel = relative(dir, path);
    if (rel === 'share/pydebug/build.log' || rel === 'share/pydebug/manifest.json') continue;
    const data = await readFile(path);
    if (classifyContent(rel, data) === 'text' && data.includes(old)) found.push(rel);
  }
  return found;
}

async function checkWorksAt(dir: string, earlier: string[]): Promise<void> {
  const py = join(dir, 'bin', 'python3');
  const r = await execa(py, [
    '-c',
    'import json, sys, sysconfig; v = sysconfig.get_config_var; print(json.dumps({"prefix": sys.prefix, "sc_prefix": v("prefix"), "INCLUDEPY": v("INCLUDEPY"), "LIBDIR": v("LIBDIR"), "BINDIR": v("BINDIR"), "LIBPL": v("LIBPL"), "include": sysconfig.get_paths()["include"], "refcount": hasattr(sys, "gettotalrefcount"), "abiflags": sys.abiflags}))',
  ]);
  const facts = JSON.parse(r.stdout) as Record<string, string | boolean>;
  expect(facts.prefix).toBe(dir);
  expect(facts.sc_prefix).toBe(dir);
  for (const name of ['INCLUDEPY', 'LIBDIR', 'BINDIR', 'LIBPL', 'include']) expect(String(facts[name]).startsWith(`${dir}/`), name).toBe(true);
  expect(facts.refcount).toBe(true);
  expect(facts.abiflags).toBe('d');

  // bin/pip3 through its #! line.
  const pip = await execa(join(dir, 'bin', 'pip3'), ['--version']);
  expect(pip.stdout).toContain(`from ${dir}/lib/python3.11/site-packages/pip`);
  const config = await execa(join(dir, 'bin', 'python3-config'), ['--includes']);
  expect(config.stdout.split(' ')).toContain(`-I${dir}/include/python3.11d`);
  const pc = await readFile(join(dir, 'lib', 'pkgconfig', 'python-3.11.pc'), 'utf8');
  expect(pc).toContain(`prefix=${dir}\n`);

  for (const old of earlier) expect(await textFilesNaming(dir, old)).toEqual([]);

  // pip install of a real C extension, in an environment of the relocated interpreter.
  const project = await mkdtemp(join(work, 'ext-'));
  await cp(new URL('../../examples/extension/cpyrefs.c', import.meta.url).pathname, join(project, 'cpyrefs.c'));
  await writeFile(join(project, 'setup.py'), "from setuptools import setup, Extension\nsetup(name='cpyrefs', version='0', ext_modules=[Extension('cpyrefs', ['cpyrefs.c'])])\n");
  await execa(py, ['-m', 'venv', '--without-pip', '--system-site-packages', join(project, 'env')]);
  const env = cleanEnv({});
  const install = await execa(join(project, 'env', 'bin', 'python'), ['-m', 'pip', 'install', '-v', '--no-index', '--no-build-isolation', project], {
    env,
    extendEnv: false,
    all: true,
    reject: false,
  });
  expect(install.exitCode, install.all).toBe(0);
  expect(install.all).toContain(`-I${dir}/include/python3.11d`);
  for (const old of earlier) expect(install.all).not.toContain(old);
  const imported = await execa(join(project, 'env', 'bin', 'python'), ['-c', 'import sys, cpyrefs; print(cpyrefs.__file__, hasattr(sys, "gettotalrefcount"))'], { cwd: work });
  expect(imported.stdout).toMatch(/cpyrefs\.cpython-311d-x86_64-linux-gnu\.so True$/);
}

beforeAll(async () => {
  work = await mkdtemp(join(e2e.work, 'relocate-'));
  // Shorter than the shared store's path (/tmp/pr-XXXXXX/entries/ against <e2e work>/home/entries/).
  shorter = await mkdtemp(join(tmpdir(), 'pr-'));
  const listed = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Array<{ id: string; entry_key: string; prefix: string }>;
  const debug = listed.find((e) => e.id === '3.11.2-debug')!;
  key = debug.entry_key;
  built = debug.prefix;
}, 60_000);
afterAll(async () => {
  for (const dir of [work, shorter]) {
    if (!dir) continue;
    await execa('chmod', ['-R', 'u+w', dir], { reject: false });
    await rm(dir, { recursive: true, force: true });
  }
  process.stderr.write(`[relocate] ${timings.map((t) => `${t.seconds.toFixed(2)} s, ${t.rewritten} files -> ${t.to}`).join('; ')}\n`);
});

describe('a real entry moved to stores at other paths', () => {
  let first: string;
  it('works at a shorter path', async () => {
    const { dir, record } = await moveInto(built, shorter);
    first = dir;
    expect(dir.length).toBeLessThan(built.length);
    expect(record.rewritten.map((f) => f.path)).toEqual(
      expect.arrayContaining(['bin/pip3', 'bin/python3.11d-config', 'lib/pkgconfig/python-3.11.pc', 'lib/python3.11/config-3.11d-x86_64-linux-gnu/Makefile']),
    );
    expect(record.kept.map((k) => k.path)).toEqual(expect.arrayContaining(['bin/python3.11d', 'share/pydebug/build.log']));
    await checkWorksAt(dir, [built]);
    expect((await new Store(shorter).readEntry(key, { everyFile: true })).status).toBe('ok');
  }, 300_000);

  it('works at a longer path, moved on from there, with the earlier copy gone', async () => {
    const longer = join(work, 'a-much-longer-store-path-than-the-one-it-was-built-in', 'home');
    await mkdir(join(longer, '..'), { recursive: true });
    const { dir, record } = await moveInto(first, longer);
    expect(dir.length).toBeGreaterThan(built.length);
    expect(record.builtPrefix).toBe(built);
    expect(record.manifest.relocation?.built_prefix).toBe(built);
    await execa('chmod', ['-R', 'u+w', shorter]);
    await rm(shorter, { recursive: true, force: true });
    await checkWorksAt(dir, [built, first]);
    const state = await new Store(longer).readEntry(key, { everyFile: true });
    expect(state.status).toBe('ok');
  }, 300_000);
});
