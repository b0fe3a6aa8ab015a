/**
 * The CLI end to end on real CPython builds (see global-setup.ts): lock, sync, which, run,
 * list, inspect, matrix, init, clean, as a user runs them.
 */

import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { STORE_MARK, Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';
import { SHARED_IDS, SHARED_PROJECT, TARBALLS } from './shared.js';

const e2e = inject('e2e');
const env = () => cleanEnv({ PYDEBUG_HOME: e2e.home, PYDEBUG_MIRROR: e2e.mirror });
const cli = (args: string[], cwd = e2e.projectDir, extraEnv: Record<string, string> = {}) => runCli(args, { cwd, env: { ...env(), ...extraEnv } });

interface ListedEntry {
  id: string;
  status: string;
  synced: string | null;
  python: string | null;
  prefix: string | null;
  entry_key: string;
  lock_key: string;
  proven: Record<string, boolean> | null;
  valgrind_suppressions: string | null;
}

let entries: ListedEntry[];
beforeAll(async () => {
  const r = await cli(['list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  entries = JSON.parse(r.stdout) as ListedEntry[];
});
const entry = (id: string) => entries.find((e) => e.id === id)!;

/** A scratch project directory beside the shared one. */
async function scratchProject(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(e2e.work, 'scratch-'));
  await writeFile(join(dir, 'pydebug.yml'), yaml);
  return dir;
}

/** Every path under a directory with its size and mtime, to prove nothing changed. */
async function snapshot(dir: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const list = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of list) {
    const path = join(e.parentPath, e.name);
    const rel = path.slice(dir.length + 1);
    if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
    const st = await stat(path).catch(() => undefined);
    out.push(`${rel} ${st?.size ?? '-'} ${st?.mtimeMs ?? '-'}`);
  }
  return out.sort();
}

describe('pydebug lock', () => {
  it('pins what was downloaded: URL, SHA-256, MD5 and size of the real tarball', async () => {
    expect(e2e.lockRun.code).toBe(0);
    const lock = JSON.parse(await readFile(join(e2e.projectDir, 'pydebug.lock'), 'utf8'));
    const tarball = TARBALLS[0];
    const size = (await stat(join(e2e.tarballs, tarball.version, tarball.file))).size;
    expect(lock.sources['3.11.2']).toEqual({
      version: '3.11.2',
      url: 'https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz',
      file: 'Python-3.11.2.tgz',
      sha256: tarball.sha256,
      md5: tarball.md5,
      size,
    });
    expect(Object.keys(lock.builds)).toEqual(SHARED_IDS);
    expect(lock.builds['3.11.2-valgrind'].configure).toEqual(['--with-pydebug', '--without-pymalloc', '--with-valgrind']);
  });

  it('is deterministic: unchanged inputs leave the file untouched, another store writes the same bytes', async () => {
    const path = join(e2e.projectDir, 'pydebug.lock');
    const before = await stat(path);
    const bytes = await readFile(path, 'utf8');
    const again = await cli(['lock']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/pydebug.lock is up to date/);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);

    const other = await scratchProject(SHARED_PROJECT);
    const otherHome = join(other, 'home');
    const r = await runCli(['lock'], { cwd: other, env: cleanEnv({ PYDEBUG_HOME: otherHome, PYDEBUG_MIRROR: e2e.mirror }) });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(other, 'pydebug.lock'), 'utf8')).toBe(bytes);
    await rm(other, { recursive: true, force: true });
  });

  it('--check says which entry is stale and why; sync --frozen refuses to build from it', async () => {
    const dir = await scratchProject(SHARED_PROJECT.replace('  debug:\n    pydebug: true\n', '  debug:\n    pydebug: true\n    optimization: O0\n'));
    await cp(join(e2e.projectDir, 'pydebug.lock'), join(dir, 'pydebug.lock'));
    const check = await cli(['lock', '--check'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(
      /pydebug.lock is out of date with pydebug.yml:\n {2}- 3\.11\.2-debug: configure arguments changed: lock has --with-pydebug, pydebug.yml gives --with-pydebug CFLAGS=-O0/,
    );

    const before = await snapshot(e2e.home, ['locks', 'tmp', 'projects']);
    const frozen = await cli(['sync', '--frozen'], dir);
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toMatch(/--frozen refuses to build from a stale or missing lock/);
    expect(frozen.stderr).not.toMatch(/configure\.\.\./);
    expect(await snapshot(e2e.home, ['locks', 'tmp', 'projects'])).toEqual(before);

    await rm(join(dir, 'pydebug.lock'));
    const missing = await cli(['sync', '--frozen'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/pydebug.lock is missing/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('pydebug sync', () => {
  it('built every variant, verified, into the store', () => {
    expect(e2e.firstSync.code).toBe(0);
    expect(e2e.firstSync.stderr).toMatch(/3 entries ready \(3 built, 0 already in the store\)/);
    for (const id of SHARED_IDS) {
      expect(e2e.firstSync.stderr).toMatch(new RegExp(`${id}: configure done`));
      expect(e2e.firstSync.stderr).toMatch(new RegExp(`${id}: built \\(`));
    }
    expect(entries.map((e) => [e.id, e.status])).toEqual(SHARED_IDS.map((id) => [id, 'built']));
  });

  // The proofs, checked here by running each interpreter ourselves (not through pydebug's probe).
  it.each([
    ['3.11.2-debug', "'d' 1 True False 1 0"],
    ['3.11.2-trace-refs', "'d' 1 True True 1 0"],
    ['3.11.2-valgrind', "'d' 1 True False 0 1"],
  ])('%s has the flags the recipe asks for', async (id, expected) => {
    const python = entry(id).python!;
    const r = await execa(python, [
      '-c',
      "import sys, sysconfig; v = sysconfig.get_config_var; print(repr(sys.abiflags), v('Py_DEBUG'), hasattr(sys, 'gettotalrefcount'), hasattr(sys, 'getobjects'), v('WITH_PYMALLOC'), v('WITH_VALGRIND'))",
    ]);
    expect(r.stdout).toBe(expected);
  });

  it('keeps a manifest with the proven flags, timings and sizes, the build log and the Valgrind suppressions', async () => {
    for (const id of SHARED_IDS) {
      const e = entry(id);
      const manifest = JSON.parse(await readFile(join(e.prefix!, 'share/pydebug/manifest.json'), 'utf8'));
      expect(manifest.entry_key).toBe(e.entry_key);
      expect(manifest.lock_key).toBe(e.lock_key);
      expect(manifest.proven.macros).toEqual(e.proven);
      expect(manifest.timings.make).toBeGreaterThan(0);
      expect(manifest.size.bytes).toBeGreaterThan(50e6);
      const log = await readFile(join(e.prefix!, manifest.files.log), 'utf8');
      expect(log).toMatch(/\$ \.\.\/configure --with-pydebug/);
      expect(log).toMatch(/\$ make -j\d+\n/);
      expect(log).toMatch(/\$ make install DESTDIR=/);
      expect(await readFile(e.valgrind_suppressions!, 'utf8')).toMatch(/valgrind/i);
    }
    expect(entry('3.11.2-trace-refs').proven).toMatchObject({ Py_TRACE_REFS: true, Py_DEBUG: true });
    expect(entry('3.11.2-valgrind').proven).toMatchObject({ WITH_PYMALLOC: false, WITH_VALGRIND: true });
  });

  it('a second sync builds nothing and touches nothing', async () => {
    // verified/ is a cache of which files matched their hashes: the check itself writes it; so is cache/ (compile cache, compiler answers).
    // projects/ records the projects that use the store: other test files' projects register there meanwhile.
    const before = await snapshot(e2e.home, ['locks', 'tmp', 'verified', 'projects', 'cache']);
    const again = await cli(['sync']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/3 entries ready \(0 built, 3 already in the store\)/);
    expect(again.stderr).not.toMatch(/configure|download|extract/);
    expect(await snapshot(e2e.home, ['locks', 'tmp', 'verified', 'projects', 'cache'])).toEqual(before);
    // Not a timing test: a bound loose enough for any machine, tight enough to catch a rebuild.
    expect(again.seconds).toBeLessThan(10);
    const frozen = await cli(['sync', '--frozen', '--json']);
    expect(frozen.code).toBe(0);
    expect(JSON.parse(frozen.stdout).map((x: ListedEntry) => [x.status, x.synced])).toEqual(SHARED_IDS.map(() => ['built', 'reused']));
  });

  it('a wrong MD5 fails before extraction, names both hashes and leaves the store untouched', async () => {
    const wrong = '0123456789abcdef0123456789abcdef';
    const dir = await scratchProject(SHARED_PROJECT.replace(TARBALLS[0].md5, wrong));
    const before = await snapshot(e2e.home, ['locks', 'tmp', 'projects']);
    const r = await cli(['sync'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`md5 expected ${wrong}`);
    expect(r.stderr).toContain(`md5 actual   ${TARBALLS[0].md5}`);
    expect(r.stderr).toMatch(/The download was deleted; nothing was extracted or built/);
    expect(r.stderr).not.toMatch(/extract\.\.\.|configure/);
    expect(await snapshot(e2e.home, ['locks', 'tmp', 'projects'])).toEqual(before);
    expect(await readdir(join(e2e.home, 'tmp'))).toEqual([]);
    await expect(stat(join(dir, 'pydebug.lock'))).rejects.toThrow();

    // The same in an empty store: nothing is left behind at all.
    const emptyHome = join(dir, 'home');
    const r2 = await runCli(['sync'], { cwd: dir, env: cleanEnv({ PYDEBUG_HOME: emptyHome, PYDEBUG_MIRROR: e2e.mirror }) });
    expect(r2.code).toBe(1);
    const left = await readdir(emptyHome, { recursive: true, withFileTypes: true });
    expect(left.filter((f) => !f.isDirectory()).map((f) => f.name)).toEqual([STORE_MARK]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('which, run, inspect, list, matrix', () => {
  it('which prints the interpreter path; --json the entry', async () => {
    const r = await cli(['which', 'debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(entry('3.11.2-debug').python);
    const j = JSON.parse((await cli(['which', 'trace-refs', '--json'])).stdout);
    expect(j).toMatchObject({ id: '3.11.2-trace-refs', status: 'built', abiflags: 'd', python: entry('3.11.2-trace-refs').python });
    const bad = await cli(['which', 'tracerefs']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no variant "tracerefs".*\nhint: did you mean "trace-refs"\?/s);
  });

  it("run puts the variant (in the project's environment of it) first on PATH, passes its exit code through", async () => {
    const r = await cli(['run', 'trace-refs', '--', 'python', '-c', 'import sys; print(sys.executable, sys.base_prefix, len(sys.getobjects(0)) > 0)']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`${e2e.projectDir}/.pydebug/envs/3.11.2-trace-refs/bin/python ${entry('3.11.2-trace-refs').prefix} True`);
    const code = await cli(['run', 'debug', '--', 'python', '-c', 'raise SystemExit(7)']);
    expect(code.code).toBe(7);
    const missing = await cli(['run', 'debug', '--', 'no-such-command-xyz']);
    expect(missing.code).toBe(127);
  });

  it('run applies the variant env from pydebug.yml', async () => {
    const dir = await scratchProject(SHARED_PROJECT.replace('    valgrind: true\n', '    valgrind: true\n    env:\n      PYTHONMALLOC: malloc\n'));
    expect((await cli(['lock'], dir)).code).toBe(0);
    const r = await cli(['run', 'valgrind', '--', 'python', '-c', 'import os, sys; print(os.environ["PYTHONMALLOC"], os.environ["PYDEBUG_VARIANT"], sys.flags.dev_mode)'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('malloc valgrind False');
    await rm(dir, { recursive: true, force: true });
  });

  it("inspect prints the recipe's table for a variant, and works on interpreters pydebug did not build", async () => {
    const table = await cli(['inspect', 'valgrind']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^WITH_PYMALLOC +no +no +sysconfig WITH_PYMALLOC=0/m);
    expect(table.stdout).toMatch(/^Py_DEBUG +yes +yes +sysconfig Py_DEBUG=1/m);
    expect(table.stdout).toMatch(/PYTHONMALLOCSTATS=1 prints nothing/);
    const j = JSON.parse((await cli(['inspect', entry('3.11.2-trace-refs').python!, '--json'])).stdout);
    expect(j.macros.find((m: { macro: string }) => m.macro === 'Py_TRACE_REFS').defined).toBe(true);
    expect(j.allocator).toBe('pymalloc_debug');
    const system = JSON.parse((await cli(['inspect', '--json'], e2e.work)).stdout);
    expect(system.macros.find((m: { macro: string }) => m.macro === 'Py_DEBUG').defined).toBe(false);
  });

  it('list shows each entry; matrix prints strategy.matrix JSON', async () => {
    const table = await cli(['list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^entry +status +abiflags +python$/);
    expect(table.stdout).toMatch(/^3\.11\.2-valgrind +built +"d" +\//m);
    const m = await cli(['matrix', '--variant', 'debug,valgrind']);
    expect(JSON.parse(m.stdout)).toEqual({
      include: [
        { id: '3.11.2-debug', version: '3.11.2', variant: 'debug' },
        { id: '3.11.2-valgrind', version: '3.11.2', variant: 'valgrind' },
      ],
    });
  });
});

describe('init, config errors, clean', () => {
  it('init writes a starter pydebug.yml that locks', async () => {
    const dir = await mkdtemp(join(e2e.work, 'init-'));
    const r = await cli(['init', '3.11.2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const yaml = await readFile(join(dir, 'pydebug.yml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/pydebug.schema.json\n/);
    expect(yaml).toContain(`sha256: "${TARBALLS[0].sha256}"`);
    expect((await cli(['lock'], dir)).code).toBe(0);
    const lock = JSON.parse(await readFile(join(dir, 'pydebug.lock'), 'utf8'));
    // init's three variants are the recipe's, like the shared project's: same keys, so already built.
    const keys = (l: { builds: Record<string, { lock_key: string }> }) => Object.values(l.builds).map((b) => b.lock_key);
    const shared = JSON.parse(await readFile(join(e2e.projectDir, 'pydebug.lock'), 'utf8'));
    expect(keys(lock)).toEqual(keys(shared));
    expect(JSON.parse((await cli(['list', '--json'], dir)).stdout).map((x: ListedEntry) => x.status)).toEqual(['built', 'built', 'built']);
    const again = await cli(['init', '3.11.2'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists\nhint: pass --force/);
    // A line nobody signs for pydebug: refused before any download, with both fixes.
    const unknown = await cli(['init', '3.9.99', '--force'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/knows neither the checksum of CPython 3.9.99 nor who signs 3.9 releases with Sigstore\nhint: pass --sha256 .*sigstore: \{identity/);
    // A signed line without a known checksum is downloaded to be verified: the mirror has no such
    // file, so init fails and leaves the existing pydebug.yml as it was.
    const notOnMirror = await cli(['init', '3.12.99', '--force'], dir);
    expect(notOnMirror.code).toBe(1);
    expect(notOnMirror.stderr).toMatch(/Python-3.12.99.tgz failed: HTTP 404/);
    expect(await readFile(join(dir, 'pydebug.yml'), 'utf8')).toBe(yaml);
    await rm(dir, { recursive: true, force: true });
  });

  it('a config error exits 2 with file:line:col before anything is downloaded', async () => {
    const dir = await scratchProject(SHARED_PROJECT.replace('    trace_refs: true', '    trace-refs: true'));
    const r = await cli(['sync'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: a problem in pydebug.yml:\npydebug.yml:10:5: unknown key "trace-refs" in variant "trace-refs"\n {2}fix: did you mean "trace_refs"\?/);
    expect(await readdir(dir)).toEqual(['pydebug.yml']);
    await rm(dir, { recursive: true, force: true });
  });

  it('usage errors exit 2 and help is on every command', async () => {
    expect((await cli(['sync', '--jobs', 'many'])).code).toBe(2);
    expect((await cli(['frobnicate'])).stderr).toMatch(/unknown command "frobnicate"/);
    for (const cmd of ['init', 'lock', 'sync', 'which', 'run', 'list', 'inspect', 'matrix', 'clean']) {
      const h = await cli([cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: pydebug ${cmd}`));
    }
  });

  it("clean removes this project's entries from the store", async () => {
    // A separate store holding a copy of one entry, so the shared store stays intact.
    const home = await mkdtemp(join(e2e.work, 'clean-home-'));
    const debug = entry('3.11.2-debug');
    await new Store(home).ensureLayout();
    await cp(debug.prefix!, join(home, 'entries', debug.entry_key), { recursive: true, verbatimSymlinks: true });
    const cleanEnvFor = { PYDEBUG_HOME: home };
    // A copy of the project too: clean removes the project's environments, which other test files use.
    const project = await mkdtemp(join(e2e.work, 'clean-project-'));
    await mkdir(join(project, '.pydebug', 'envs', '3.11.2-debug'), { recursive: true });
    for (const f of ['pydebug.yml', 'pydebug.lock']) await cp(join(e2e.projectDir, f), join(project, f));
    const listed = JSON.parse((await cli(['list', '--json'], project, cleanEnvFor)).stdout);
    expect(listed.map((x: ListedEntry) => x.status)).toEqual(['built', 'missing', 'missing']);
    const r = await cli(['clean'], project, cleanEnvFor);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/freed \d+\.\d MB/);
    expect(r.stderr).toContain(`removed ${join(project, '.pydebug', 'envs')} (this project's environments)`);
    expect(await readdir(join(home, 'entries'))).toEqual([]);
    expect(await readdir(join(project, '.pydebug'))).toEqual([]);
    await rm(home, { recursive: true, force: true });
  });
});
