/**
 * `pydebug clean` as a hostile or careless user would run it: PYDEBUG_HOME naming a directory
 * that is not a store, the project itself, a relative path or `~/...`; a store whose entries are
 * symlinks to a victim; a clean while a sync holds its mutexes. In process, real directories; a
 * victim directory with files must survive each case.
 */
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { Interrupts } from '../../src/cli/interrupts.js';
import { main } from '../../src/cli/main.js';
import { tempName } from '../../src/files/temp-name.js';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { acquireMutex, type HeldMutex } from '../../src/store/mutex.js';
import { Store } from '../../src/store/store.js';
import { existsNoFollow as present } from '../support/exists.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { runInProcess } from './in-process.js';
import { entryKeys, fakeBuiltEntry, freshLockText, makeProject as makeTestProject, type TestProject } from './project.js';

let dir: string;
let victim: string;
let held: HeldMutex[];
beforeEach(async () => {
  dir = await tempDir('pydebug-clean-');
  victim = join(dir, 'victim');
  await mkdir(join(victim, 'sources'), { recursive: true });
  await mkdir(join(victim, 'tmp'));
  await writeFile(join(victim, 'notes.txt'), 'four years of work');
  await writeFile(join(victim, 'sources', 'chapter1.tex'), 'keep');
  await writeFile(join(victim, 'tmp', 'draft.tex'), 'keep');
  held = [];
});
afterEach(async () => {
  for (const mutex of held) await mutex.release();
});

async function run(argv: string[], env: Record<string, string>, cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), ...env },
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    stderrIsTTY: false,
    columns: () => 80,
    interrupts: new Interrupts({ write: () => undefined }, () => undefined),
  };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}

async function victimIntact(): Promise<void> {
  expect(await readFile(join(victim, 'notes.txt'), 'utf8')).toBe('four years of work');
  expect(await readFile(join(victim, 'sources', 'chapter1.tex'), 'utf8')).toBe('keep');
  expect(await readFile(join(victim, 'tmp', 'draft.tex'), 'utf8')).toBe('keep');
}

/** A project (pydebug.yml + a lock that matches it) in its own directory. */
async function makeProject(): Promise<string> {
  const proj = join(dir, 'project');
  await mkdir(proj);
  await writeFile(join(proj, 'pydebug.yml'), RECIPE_YAML);
  await writeFile(join(proj, 'pydebug.lock'), serializeLock(assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() })));
  return proj;
}

async function keysOf(proj: string, home: string): Promise<string[]> {
  const r = await run(['list', '--json'], { PYDEBUG_HOME: home }, proj);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ entry_key: string }>).map((e) => e.entry_key);
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

async function makeStore(): Promise<Store> {
  const store = new Store(join(dir, 'home', '.cache', 'pydebug'));
  await store.ensureLayout();
  return store;
}

async function fakeEntry(store: Store, key: string): Promise<void> {
  await mkdir(join(store.entryDir(key), 'bin'), { recursive: true });
  await writeFile(join(store.entryDir(key), 'bin', 'python3'), 'x'.repeat(1000));
}

async function holdMutex(store: Store, name: string): Promise<void> {
  held.push(await acquireMutex(store.mutexPath(name), { purpose: 'building 3.13.2-debug' }));
}

describe('clean refuses a directory that is not a pydebug store', () => {
  it('PYDEBUG_HOME naming a user directory: clean --all removes nothing, exit 1, the path named', async () => {
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: victim });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(victim);
    expect(r.stderr).toMatch(/not a pydebug store/);
    expect(r.stderr).toMatch(/^hint: /m);
    await victimIntact();
  });

  it('PYDEBUG_HOME=~/victim expands ~ to the home directory, and is refused there', async () => {
    const home = join(dir, 'home');
    await mkdir(home);
    await symlink(victim, join(home, 'thesis'));
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: '~/thesis', HOME: home });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(join(home, 'thesis'));
    await victimIntact();
  });

  it('PYDEBUG_HOME naming the project directory: refused, the project stays', async () => {
    const proj = await makeProject();
    for (const argv of [['clean', '--all'], ['clean']]) {
      const r = await run(argv, { PYDEBUG_HOME: proj }, proj);
      expect(r.code, r.stderr).toBe(1);
      expect(await present(join(proj, 'pydebug.yml'))).toBe(true);
      expect(await present(join(proj, 'pydebug.lock'))).toBe(true);
    }
  });

  it('plain clean in a directory that merely has sources/ and tmp/: refused, both stay', async () => {
    const proj = await makeProject();
    const r = await run(['clean'], { PYDEBUG_HOME: victim }, proj);
    expect(r.code, r.stderr).toBe(1);
    await victimIntact();
  });

  it('a directory with only store/ (as an old pydebug left it) is not provably a store: refused', async () => {
    const old = join(dir, 'old');
    await mkdir(join(old, 'store', 'abc'), { recursive: true });
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: old });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a pydebug store .*refusing to clean it/);
    expect(await present(join(old, 'store', 'abc'))).toBe(true);
  });

  it('a mark that is a symlink to a real mark elsewhere does not make a store', async () => {
    const store = await makeStore();
    await symlink(store.markPath, join(victim, '.pydebug-store'));
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: victim });
    expect(r.code).toBe(1);
    await victimIntact();
  });

  it.each([['.'], ['store'], ['./x/../..'], ['~bob/store']])('a relative PYDEBUG_HOME (%s) is a usage error naming the variable; nothing is created', async (home) => {
    const before = await readdir(dir);
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: home }, victim);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/PYDEBUG_HOME/);
    expect(r.stderr).toMatch(/absolute/);
    expect(await readdir(dir)).toEqual(before);
    await victimIntact();
  });

  it.each([['sync'], ['lock'], ['list']])('%s with a relative PYDEBUG_HOME: a usage error before anything is written in the project', async (cmd) => {
    const proj = await makeProject();
    const r = await run([cmd], { PYDEBUG_HOME: 'store', PYDEBUG_MIRROR: 'http://127.0.0.1:9/nowhere' }, proj);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/PYDEBUG_HOME is a relative path \(store\)/);
    expect((await readdir(proj)).sort()).toEqual(['pydebug.lock', 'pydebug.yml']);
  });

  it('a PYDEBUG_HOME that does not exist: nothing to clean, exit 0', async () => {
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: join(dir, 'nowhere') });
    expect(r.code, r.stderr).toBe(0);
    expect(await present(join(dir, 'nowhere'))).toBe(false);
  });
});

describe('clean --all in a marked store', () => {
  it("removes pydebug's subdirectories, the mark and the emptied root", async () => {
    const store = await makeStore();
    await fakeEntry(store, 'k1');
    await writeFile(join(store.root, 'logs', 'k1.log'), 'log');
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/freed 0\.0 MB/);
    expect(await present(store.root)).toBe(false);
  });

  it('keeps what the user put in the store root (and the mark with it)', async () => {
    const store = await makeStore();
    await writeFile(join(store.root, 'README.txt'), 'mine');
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(store.root)).toEqual(['.pydebug-store', 'README.txt'].sort());
  });

  it('an entry that is a symlink to a victim: the link goes, the victim stays, nothing counted as freed', async () => {
    const store = await makeStore();
    await writeFile(join(victim, 'big'), 'x'.repeat(3_000_000));
    await symlink(victim, store.entryDir('k1'));
    await symlink(victim, join(store.root, 'logs', 'k1.log'));
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/freed 0\.0 MB/);
    expect(await present(store.root)).toBe(false);
    await victimIntact();
    expect(await present(join(victim, 'big'))).toBe(true);
  });

  it('plain clean: a project entry that is a symlink to a victim is removed as a link and not counted as freed', async () => {
    const proj = await makeProject();
    const store = await makeStore();
    const [debug] = await keysOf(proj, store.root);
    await writeFile(join(victim, 'big'), 'x'.repeat(3_000_000));
    await symlink(victim, store.entryDir(debug!));
    const r = await run(['clean'], { PYDEBUG_HOME: store.root }, proj);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/freed 0\.0 MB/);
    expect(await present(store.entryDir(debug!))).toBe(false);
    await victimIntact();
    expect(await present(join(victim, 'big'))).toBe(true);
  });

  it('a layout directory that is a symlink to a victim: nothing removed through it', async () => {
    const store = await makeStore();
    await rm(store.sourcesDir, { recursive: true });
    await symlink(victim, store.sourcesDir);
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped .*sources.*symbolic link/);
    await victimIntact();
  });
});

describe('clean while a sync is running', () => {
  // Entry keys on one machine share their last 8 characters (the toolchain), as build directories do.
  const BUSY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234';
  const IDLE = 'pydebug-3.13.2-trace-refs-0123456789abcdef-linux-x64-abcd1234';
  it('--all skips an entry whose mutex is held, its log, its build directory, the source trees and live temporary directories, and says so', async () => {
    const store = await makeStore();
    await fakeEntry(store, BUSY);
    await fakeEntry(store, IDLE);
    await holdMutex(store, `entry-${BUSY}`);
    await writeFile(store.logPath(BUSY), 'configure output');
    await writeFile(store.logPath(IDLE), 'old');
    const tree = join(store.sourcesDir, '3.13.2-b8d79530e3b7c96a');
    await mkdir(join(tree, 'build-debug-abcd1234'), { recursive: true });
    await mkdir(join(tree, 'build-trace-refs-abcd1234'), { recursive: true });
    await writeFile(join(tree, 'configure'), '#!/bin/sh');
    const liveStage = join(store.tmpDir, tempName('stage-3.13.2-debug'));
    const deadStage = join(store.tmpDir, `stage-3.13.2-debug.${deadPid()}.abc123`);
    await mkdir(liveStage);
    await mkdir(deadStage);

    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(await present(store.entryDir(BUSY))).toBe(true);
    expect(await present(store.logPath(BUSY))).toBe(true);
    expect(await present(join(tree, 'configure'))).toBe(true);
    expect(await present(join(tree, 'build-debug-abcd1234'))).toBe(true);
    expect(await present(liveStage)).toBe(true);
    expect(await present(store.mutexPath(`entry-${BUSY}`))).toBe(true);
    expect(await present(store.markPath)).toBe(true);

    expect(await present(store.entryDir(IDLE))).toBe(false);
    expect(await present(store.logPath(IDLE))).toBe(false);
    expect(await present(join(tree, 'build-trace-refs-abcd1234'))).toBe(false);
    expect(await present(deadStage)).toBe(false);

    expect(r.stderr).toMatch(/skipped .*entries\/pydebug-3\.13\.2-debug-[0-9a-f]+-linux-x64-abcd1234: in use by pid \d+ \(building 3\.13\.2-debug\)/);
    expect(r.stderr).toMatch(/skipped .*stage-3\.13\.2-debug\.pydebug-tmp-\d+-[0-9a-f]{8}: in use by pid \d+/);
    expect(r.stderr).toMatch(/skipped .*3\.13\.2-b8d79530e3b7c96a/);
  });

  it('takes over the mutex of a pydebug that died, and removes its entry', async () => {
    const store = await makeStore();
    await fakeEntry(store, IDLE);
    await mkdir(store.mutexesDir, { recursive: true });
    await writeFile(store.mutexPath(`entry-${IDLE}`), JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString(), purpose: 'building' }));
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/skipped/);
    expect(await present(store.root)).toBe(false);
  });

  it('skips a source tree being extracted and the download it reads', async () => {
    const store = await makeStore();
    const sha = 'b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9';
    await holdMutex(store, 'source-3.13.2-b8d79530e3b7c96a');
    await mkdir(join(store.root, 'downloads', sha), { recursive: true });
    await writeFile(store.downloadPath(sha, 'Python-3.13.2.tgz'), 'tarball');
    const extracting = join(store.sourcesDir, tempName('3.13.2-b8d79530e3b7c96a.extracting'));
    await mkdir(extracting);
    const r = await run(['clean', '--all'], { PYDEBUG_HOME: store.root });
    expect(r.code, r.stderr).toBe(0);
    expect(await present(store.downloadPath(sha, 'Python-3.13.2.tgz'))).toBe(true);
    expect(await present(extracting)).toBe(true);
  });

  it("plain clean removes this project's idle entries, skips a busy one, and keeps live temporary directories", async () => {
    const proj = await makeProject();
    const store = await makeStore();
    const [debug, traceRefs, valgrind] = await keysOf(proj, store.root);
    for (const key of [debug!, traceRefs!, valgrind!, 'other-project-key']) await fakeEntry(store, key);
    await holdMutex(store, `entry-${traceRefs}`);
    const liveTmp = join(store.tmpDir, tempName('download'));
    await mkdir(liveTmp);
    const r = await run(['clean'], { PYDEBUG_HOME: store.root }, proj);
    expect(r.code, r.stderr).toBe(0);
    expect(await present(store.entryDir(debug!))).toBe(false);
    expect(await present(store.entryDir(valgrind!))).toBe(false);
    expect(await present(store.entryDir(traceRefs!))).toBe(true);
    expect(await present(store.entryDir('other-project-key'))).toBe(true);
    expect(await present(liveTmp)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`skipped .*${traceRefs}: in use`));
  });
});

describe('clean with two projects sharing one store (issue 26, item 1)', () => {
  const DEBUG_ONLY = RECIPE_YAML.slice(0, RECIPE_YAML.indexOf('  trace-refs:'));
  let first: TestProject;
  let second: TestProject;
  let keys: Record<string, string>;
  beforeEach(async () => {
    first = await makeTestProject();
    second = await makeTestProject(RECIPE_YAML, { home: first.store.root });
    keys = await entryKeys(first);
    for (const [id, key] of Object.entries(keys)) await fakeBuiltEntry(first.store, key, id);
  });
  afterEach(async () => {
    await second.cleanup();
    await first.cleanup();
  });

  const statuses = async (p: TestProject) => {
    const r = await p.pydebug(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as Array<{ status: string }>).map((e) => e.status);
  };
  const firstLock = () => join(first.dir, 'pydebug.lock');

  it("clean in the second keeps what the first uses (naming it); the first's list still says built; then clean in the first removes them", async () => {
    for (const p of [first, second]) expect((await p.pydebug(['sync', '--frozen'])).code).toBe(0);
    const r = await second.pydebug(['clean']);
    expect(r.code, r.stderr).toBe(0);
    for (const key of Object.values(keys)) expect(r.stderr).toContain(`kept ${first.store.entryDir(key)}: used by ${firstLock()}\n`);
    expect(r.stderr).toMatch(/freed 0\.0 MB\n$/);
    expect(await statuses(first)).toEqual(['built', 'built', 'built']);

    // The second forgot itself: nothing is kept for it any more.
    const again = await first.pydebug(['clean']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/^kept /m);
    for (const key of Object.values(keys)) expect(await present(first.store.entryDir(key))).toBe(false);
    expect(await readdir(first.store.projectsDir)).toEqual([]);
  });

  it('run registers a project too (and a second run writes nothing)', async () => {
    expect((await first.pydebug(['run', 'debug', '--', 'true'])).code).toBe(0);
    const [record] = await readdir(first.store.projectsDir);
    const before = await lstat(join(first.store.projectsDir, record!));
    expect((await first.pydebug(['run', 'debug', '--', 'true'])).code).toBe(0);
    expect((await lstat(join(first.store.projectsDir, record!))).mtimeMs).toBe(before.mtimeMs);
    const r = await second.pydebug(['clean']);
    expect(r.code, r.stderr).toBe(0);
    expect(await statuses(first)).toEqual(['built', 'built', 'built']);
  });

  it('one project reached through a symlinked path is one record, and its own clean does not keep for itself', async () => {
    const alias = join(first.root, 'alias');
    await symlink(first.dir, alias);
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    expect((await first.pydebug(['sync', '--frozen'], alias)).code).toBe(0);
    expect(await readdir(first.store.projectsDir)).toHaveLength(1);
    const r = await first.pydebug(['clean'], alias);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^kept /m);
    for (const key of Object.values(keys)) expect(await present(first.store.entryDir(key))).toBe(false);
  });

  it('clean --dry-run lists what would go and what is kept for whom, and removes nothing', async () => {
    await writeFile(join(first.dir, 'pydebug.yml'), DEBUG_ONLY);
    await writeFile(join(first.dir, 'pydebug.lock'), freshLockText(DEBUG_ONLY));
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    expect((await second.pydebug(['run', 'debug', '--', 'true'])).code).toBe(0);
    await mkdir(join(second.store.sourcesDir, '3.13.2-b8d79530e3b7c96a'));
    const r = await second.pydebug(['clean', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const dir = (id: string) => second.store.entryDir(keys[id]!);
    expect(r.stdout).toBe(
      [
        `would remove ${dir('3.13.2-trace-refs')} (0.0 MB)`,
        `would remove ${dir('3.13.2-valgrind')} (0.0 MB)`,
        `would remove ${join(second.dir, '.pydebug', 'envs')} (this project's environments)`,
        `would remove what is in ${second.store.sourcesDir} (0.0 MB), except what a running pydebug is using`,
        `would keep ${dir('3.13.2-debug')}: used by ${firstLock()}`,
        'would free 0.0 MB',
        '',
      ].join('\n'),
    );
    for (const key of Object.values(keys)) expect(await present(second.store.entryDir(key))).toBe(true);
    expect(await present(join(second.dir, '.pydebug', 'envs'))).toBe(true);
    expect(await readdir(second.store.projectsDir)).toHaveLength(2);
  });

  it('a project whose lock was deleted keeps nothing, and its record is forgotten; one whose lock no longer names an entry keeps only the rest', async () => {
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    await writeFile(join(first.dir, 'pydebug.lock'), freshLockText(DEBUG_ONLY));
    const edited = await second.pydebug(['clean']);
    expect(edited.code, edited.stderr).toBe(0);
    expect(await present(first.store.entryDir(keys['3.13.2-debug']!))).toBe(true);
    expect(await present(first.store.entryDir(keys['3.13.2-valgrind']!))).toBe(false);
    expect(await present(first.store.entryDir(keys['3.13.2-trace-refs']!))).toBe(false);

    await rm(join(first.dir, 'pydebug.lock'));
    const gone = await second.pydebug(['clean']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stderr).toContain(`forgot the project ${firstLock()}: its lock is gone\n`);
    expect(await present(first.store.entryDir(keys['3.13.2-debug']!))).toBe(false);
    expect(await readdir(first.store.projectsDir)).toEqual([]);
  });

  it('a lock that is there but cannot be read keeps what its project last used, and says why', async () => {
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    await writeFile(join(first.dir, 'pydebug.lock'), 'lock_version: [');
    const r = await second.pydebug(['clean']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`kept .*${keys['3.13.2-debug']}: used by ${firstLock()} \\(it cannot be read: .*; kept to be safe\\)`));
    for (const key of Object.values(keys)) expect(await present(first.store.entryDir(key))).toBe(true);
  });

  it('list --projects names the projects that use each entry, this one first; --json as used_by', async () => {
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    const table = await second.pydebug(['list', '--projects']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/ used by\n/);
    expect(table.stdout).toContain(`${second.dir}, ${first.dir}`);
    const json = await second.pydebug(['list', '--projects', '--json']);
    const rows = JSON.parse(json.stdout) as Array<{ used_by: string[] }>;
    expect(rows.map((r) => r.used_by)).toEqual(Array(3).fill([join(second.dir, 'pydebug.lock'), firstLock()]));
    expect(JSON.parse((await second.pydebug(['list', '--json'])).stdout)[0]).not.toHaveProperty('used_by');
  });

  it('lock registers the project and prunes what its lock no longer names', async () => {
    expect((await first.pydebug(['sync', '--frozen'])).code).toBe(0);
    const [name] = await readdir(first.store.projectsDir);
    const recordOf = async () => JSON.parse(await readFile(join(first.store.projectsDir, name!), 'utf8')) as { lock: string; entries: string[] };
    expect((await recordOf()).entries).toHaveLength(3);
    await writeFile(join(first.dir, 'pydebug.yml'), DEBUG_ONLY);
    await writeFile(join(first.dir, 'pydebug.lock'), freshLockText(DEBUG_ONLY));
    expect((await first.pydebug(['lock'])).code).toBe(0);
    expect(await recordOf()).toMatchObject({ lock: firstLock(), entries: [keys['3.13.2-debug']] });
  });
});

describe('clean --all asks on a terminal', () => {
  let p: TestProject;
  beforeEach(async () => {
    p = await makeTestProject();
    await p.store.ensureLayout();
  });
  afterEach(() => p.cleanup());
  const withAnswer = (argv: string[], answer: string | undefined) => {
    const asked: string[] = [];
    const ask = async (q: string) => {
      asked.push(q);
      return answer;
    };
    return runInProcess(argv, { cwd: p.dir, env: p.env, ask }).then((r) => ({ ...r, asked }));
  };

  it.each([['n'], [''], [undefined]])('answered %j: nothing removed, exit 1', async (answer) => {
    const r = await withAnswer(['clean', '--all'], answer);
    expect(r.asked).toEqual([`remove the whole store ${p.store.root} (0 entries, and all downloads)? [y/N] `]);
    expect([r.code, r.stderr]).toEqual([1, 'nothing removed (pydebug clean --all --yes does not ask)\n']);
    expect(await present(p.store.markPath)).toBe(true);
  });

  it('answered y: the store goes; --yes does not ask; no terminal does not ask (CI), as before', async () => {
    const yes = await withAnswer(['clean', '--all'], 'y');
    expect(yes.code, yes.stderr).toBe(0);
    expect(await present(p.store.root)).toBe(false);
    await p.store.ensureLayout();
    const skip = await withAnswer(['clean', '--all', '--yes'], 'n');
    expect([skip.code, skip.asked]).toEqual([0, []]);
    expect(await present(p.store.root)).toBe(false);
  });

  it('--all --dry-run lists every entry with the projects that use it, and removes nothing', async () => {
    const keys = await entryKeys(p);
    for (const [id, key] of Object.entries(keys)) await fakeBuiltEntry(p.store, key, id);
    expect((await p.pydebug(['sync', '--frozen'])).code).toBe(0);
    const r = await withAnswer(['clean', '--all', '--dry-run'], 'n');
    expect([r.code, r.asked]).toEqual([0, []]);
    for (const key of Object.values(keys)) expect(r.stdout).toContain(`would remove ${p.store.entryDir(key)} (0.0 MB): used by ${join(p.dir, 'pydebug.lock')}\n`);
    expect(r.stdout).toMatch(/would free \d+\.\d MB\n$/);
    expect(await present(p.store.entryDir(keys['3.13.2-debug']!))).toBe(true);
  });
});
