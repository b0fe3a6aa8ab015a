/**
 * git sources with real repositories on this machine: a small CPython-looking tree in a bare
 * repository, reached by file://, by a local path relative to pydebug.yml, and over loopback
 * (git daemon), with a second commit pushed to main during the test. `pydebug lock` runs in
 * process; the sync side is provideSourceTree (nothing is built here: test/e2e/git-source.test.ts
 * builds one variant from a git checkout).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseLock } from '../../src/lock/format.js';
import type { Lock, LockedGit } from '../../src/lock/types.js';
import { provideSourceTree, type SourceContext } from '../../src/source/provide.js';
import { acquireMutex } from '../../src/store/mutex.js';
import { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { runInProcess } from '../cli/in-process.js';
import { fakeCpythonTree, git, type ServedRepo, serveRepo } from '../support/git-repo.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let project: string;
let repo: ServedRepo;
beforeEach(async () => {
  dir = await tempDir('pydebug-git-source-');
  project = join(dir, 'project');
  await mkdir(project);
  repo = await serveRepo(dir, 'cpython');
});
afterEach(async () => {
  await repo.stopDaemon();
});

const home = () => join(dir, 'home');
const pydebug = (...argv: string[]) => runInProcess(argv, { cwd: project, env: { PATH: process.env.PATH ?? '', HOME: dir, PYDEBUG_HOME: home() } });
const readLock = async (): Promise<Lock> => parseLock(await readFile(join(project, 'pydebug.lock'), 'utf8'));
const pinned = async (name = 'main') => (await readLock()).sources[name] as LockedGit;

async function writeConfig(url: string, ref = 'main', variants = '  debug: {pydebug: true}\n', extra = ''): Promise<void> {
  await writeFile(join(project, 'pydebug.yml'), `python:\n  - git: ${JSON.stringify(url)}\n    ref: ${JSON.stringify(ref)}\n${extra}variants:\n${variants}`);
}

function sourceContext(): SourceContext {
  return { store: new Store(home()), mirror: undefined, reporter: new SilentReporter(), projectDir: project };
}

describe('lock of a git source', () => {
  const forms: Array<[string, () => string]> = [
    ['file://', () => repo.fileUrl],
    ['a local path relative to pydebug.yml', () => relative(project, repo.bare).replace(/^(?!\.)/, './')],
    ['git:// over loopback', () => repo.daemonUrl],
  ];

  it.each(forms)('pins the commit main names and the version in patchlevel.h, reached by %s', async (_form, url) => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(url());
    const r = await pydebug('lock');
    expect(r.code, r.stderr).toBe(0);
    const lock = await readLock();
    expect(lock.sources).toEqual({ main: { git: url(), ref: 'main', commit: first, version: '3.16.0a1+' } });
    expect(lock.builds['main-debug']).toMatchObject({ source: 'main', variant: 'debug', expect: { commit: first } });
    expect(lock.builds['main-debug']!.lock_key).toMatch(/^main-debug-[0-9a-f]{16}$/);
  });

  it('keeps the pin while the entry is unchanged; --upgrade moves it and prints old -> new; --check needs no remote', async () => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(repo.daemonUrl);
    expect((await pydebug('lock')).code).toBe(0);
    const keyBefore = (await readLock()).builds['main-debug']!.lock_key;

    const second = await repo.commit(fakeCpythonTree('3.16.0a2+'), 'second, pushed during the test');
    const again = await pydebug('lock');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('pydebug.lock is up to date');
    expect((await pinned()).commit).toBe(first);

    const upgrade = await pydebug('lock', '--upgrade', 'main');
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain(`main: 3.16.0a1+ ${first.slice(0, 12)} -> 3.16.0a2+ ${second.slice(0, 12)} (${first} -> ${second})`);
    expect(await pinned()).toEqual({ git: repo.daemonUrl, ref: 'main', commit: second, version: '3.16.0a2+' });
    const after = await readLock();
    expect(after.builds['main-debug']!.expect.commit).toBe(second);
    expect(after.builds['main-debug']!.lock_key).not.toBe(keyBefore);

    const still = await pydebug('lock', '--upgrade');
    expect(still.stderr).toContain(`main: 3.16.0a2+ ${second.slice(0, 12)} is still the newest commit of its ref`);

    await repo.stopDaemon();
    const check = await pydebug('lock', '--check');
    expect(check.code, check.stderr).toBe(0);
    expect((await pydebug('lock')).code).toBe(0);
    const offline = await pydebug('lock', '--upgrade');
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/main \(git:\/\/127\.0\.0\.1:\d+\/cpython\.git main\): git fetch failed/);
    expect(offline.stderr).not.toContain('internal error');
  });

  it('pins a full commit given as the ref (not the branch tip)', async () => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await repo.commit(fakeCpythonTree('3.16.0a2+'), 'second');
    await writeConfig(repo.daemonUrl, first, undefined, '    name: pinned\n');
    const r = await pydebug('lock');
    expect(r.code, r.stderr).toBe(0);
    expect(await pinned('pinned')).toEqual({ git: repo.daemonUrl, ref: first, commit: first, version: '3.16.0a1+' });
  });

  it('locks again when the ref changes in pydebug.yml, and --check says so first', async () => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await git(repo.work, 'tag', 'v3.16.0a1');
    await git(repo.work, 'push', '--quiet', 'origin', 'v3.16.0a1');
    await repo.commit(fakeCpythonTree('3.16.0a2+'), 'second');
    await writeConfig(repo.fileUrl);
    expect((await pydebug('lock')).code).toBe(0);
    await writeConfig(repo.fileUrl, 'v3.16.0a1', undefined, '    name: main\n');
    const check = await pydebug('lock', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('main: ref changed: lock has main, pydebug.yml has v3.16.0a1');
    expect((await pydebug('lock')).code).toBe(0);
    expect((await pinned()).commit).toBe(first);
  });

  it('applies the version rules to the version read from the tree', async () => {
    await repo.commit(fakeCpythonTree('3.12.0a1+'), 'an old main');
    await writeConfig(repo.fileUrl, 'main', '  ft: {freethreading: true}\n');
    const r = await pydebug('lock');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('variant "ft" sets freethreading, which needs CPython 3.13 or newer, but is built for main (3.12.0a1+)');
    expect(existsSync(join(project, 'pydebug.lock'))).toBe(false);
  });

  it.each<[string, () => Promise<void>, RegExp]>([
    ['a ref the repository does not have', () => writeConfig(repo.fileUrl, 'no-such-branch', undefined, '    name: x\n'), /git fetch failed/],
    ['a repository that does not exist', () => writeConfig(`${repo.fileUrl}-missing`), /git fetch failed/],
    [
      'a tree that is not CPython',
      async () => {
        await git(repo.work, 'rm', '-r', '--quiet', 'Include');
        await repo.commit({ 'README.md': 'not python\n' }, 'another project');
        await writeConfig(repo.fileUrl);
      },
      /at [0-9a-f]{40} is not a CPython source tree \(no Include\/Python\.h, Include\/patchlevel\.h\)/,
    ],
    [
      'a tree with a patchlevel.h but no Include/Python.h or configure',
      async () => {
        await git(repo.work, 'rm', '--quiet', 'configure', 'Include/Python.h');
        await repo.commit({}, 'not CPython, though it has a patchlevel.h');
        await writeConfig(repo.fileUrl);
      },
      /at [0-9a-f]{40} is not a CPython source tree \(no Include\/Python\.h, configure\)/,
    ],
  ])('fails with a message and a hint for %s', async (_what, setUp, why) => {
    await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await setUp();
    const r = await pydebug('lock');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toContain('internal error');
    expect(await readdir(join(home(), 'tmp'))).toEqual([]);
  });

  it('refuses --upgrade of a name that is not a git source, and an operand without --upgrade', async () => {
    await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(repo.fileUrl);
    const unknown = await pydebug('lock', '--upgrade', 'mian');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no git source named "mian" in pydebug.yml');
    expect(unknown.stderr).toContain('git sources: main');
    const operand = await pydebug('lock', 'main');
    expect(operand.code).toBe(2);
    expect(operand.stderr).toContain('hint: pydebug lock --upgrade main');
  });
});

describe('the checkout sync builds from', () => {
  it('is exactly the pinned commit, fetched shallow, kept per commit and reused without the remote', async () => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await repo.commit(fakeCpythonTree('3.16.0a2+'), 'second');
    await writeConfig(repo.daemonUrl, first, undefined, '    name: main\n');
    expect((await pydebug('lock')).code).toBe(0);
    const source = await pinned();

    const tree = await provideSourceTree(sourceContext(), source);
    expect(tree).toBe(join(home(), 'sources', `git-${first}`));
    expect(await git(tree, 'rev-parse', 'HEAD')).toBe(first);
    expect(await git(tree, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await git(tree, 'status', '--porcelain')).toBe('');
    expect(await readFile(join(tree, 'Include', 'patchlevel.h'), 'utf8')).toContain('"3.16.0a1+"');
    expect(await readdir(join(home(), 'tmp'))).toEqual([]);

    await repo.stopDaemon();
    expect(await provideSourceTree(sourceContext(), source)).toBe(tree);
    expect((await pydebug('lock', '--check')).code).toBe(0);
  });

  it('waits for another pydebug fetching the same commit, then fetches it when that one made nothing', async () => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    const source: LockedGit = { git: repo.fileUrl, ref: 'main', commit: first, version: '3.16.0a1+' };
    const infos: string[] = [];
    const ctx = sourceContext();
    (ctx.reporter as { info: (m: string) => void }).info = (m) => void infos.push(m);
    await ctx.store.ensureLayout();
    const other = await acquireMutex(ctx.store.mutexPath(`source-git-${first}`), { purpose: 'another sync' });
    const waiting = provideSourceTree(ctx, source);
    await vi.waitFor(() => expect(infos).toEqual([`main: waiting for another pydebug (pid ${process.pid}) fetching this commit`]));
    await other.release();
    const tree = await waiting;
    expect(await git(tree, 'rev-parse', 'HEAD')).toBe(first);
  });

  it('refuses a lock whose commit the repository does not have, leaving nothing behind', async () => {
    await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    const source: LockedGit = { git: repo.fileUrl, ref: 'main', commit: 'f'.repeat(40), version: '3.16.0a1+' };
    await expect(provideSourceTree(sourceContext(), source)).rejects.toMatchObject({ message: expect.stringMatching(/git fetch failed/), hint: expect.stringMatching(/pydebug lock --upgrade/) });
    expect(await readdir(join(home(), 'sources'))).toEqual([]);
    expect(await readdir(join(home(), 'tmp'))).toEqual([]);
  });
});

describe('a checkout that is not CPython', () => {
  it('is refused right after the checkout, naming the repository, the commit and what is missing, and leaves nothing', async () => {
    await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await git(repo.work, 'rm', '--quiet', 'Include/Python.h');
    const other = await repo.commit({ 'README.md': 'another project\n' }, 'not CPython any more');
    // A lock pinning that commit, as a hand edit or a lock from before the check could.
    const source: LockedGit = { git: repo.fileUrl, ref: 'main', commit: other, version: '3.16.0a1+' };
    const err = await provideSourceTree(sourceContext(), source).catch((e) => e);
    expect(err.message).toBe(`${repo.fileUrl} at ${other} is not a CPython source tree (no Include/Python.h)`);
    expect(err.hint).toMatch(/point git: at a CPython repository.*pydebug lock --upgrade/);
    expect(await readdir(join(home(), 'sources'))).toEqual([]);
    expect(await readdir(join(home(), 'tmp'))).toEqual([]);
  });
});

describe('a hand-edited git source in the lock', () => {
  it.each<[string, (s: Record<string, unknown>) => void, string]>([
    ['a repository read as an option', (s) => void (s.git = '--upload-pack=touch /tmp/pwned'), 'sources.main.git "--upload-pack=touch /tmp/pwned" cannot be used: it starts with "-"'],
    ['a ref read as an option', (s) => void (s.ref = '--output=/tmp/x'), 'sources.main.ref "--output=/tmp/x" is not a git ref name: it starts with "-"'],
    ['a short commit', (s) => void (s.commit = 'abc123'), 'pydebug.lock cannot be read: sources.main.commit'],
    ['a version that is not one', (s) => void (s.version = '$(id)'), 'sources.main.version "$(id)" is not a CPython version'],
  ])('is refused by --check (%s) and rewritten from pydebug.yml by lock', async (_what, edit, reason) => {
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(repo.fileUrl);
    expect((await pydebug('lock')).code).toBe(0);
    const path = join(project, 'pydebug.lock');
    const data = JSON.parse(await readFile(path, 'utf8')) as { sources: Record<string, Record<string, unknown>> };
    edit(data.sources.main!);
    await writeFile(path, `${JSON.stringify(data, null, 2)}\n`);
    const check = await pydebug('lock', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(reason);
    const fixed = await pydebug('lock');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(await pinned()).toEqual({ git: repo.fileUrl, ref: 'main', commit: first, version: '3.16.0a1+' });
  });
});

describe('read-only commands on a locked git source', () => {
  it('list and matrix name the entry <name>-<variant>, selected by --python <name>', async () => {
    await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(repo.fileUrl);
    expect((await pydebug('lock')).code).toBe(0);
    const list = await pydebug('list', '--python', 'main');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('main-debug');
    const matrix = await pydebug('matrix');
    expect(matrix.code, matrix.stderr).toBe(0);
    expect(JSON.parse(matrix.stdout)).toEqual({ include: [{ id: 'main-debug', version: 'main', variant: 'debug' }] });
  });
});

describe("git runs without the caller's git environment", () => {
  const HOSTILE = {
    // `git -c` settings by environment: would send every file:// fetch to a missing repository.
    GIT_CONFIG_PARAMETERS: `'url.file:///nonexistent/.insteadof'='file://'`,
    GIT_DIR: '/nonexistent/.git',
    GIT_CONFIG_GLOBAL: '/nonexistent/gitconfig',
  };
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, process.env[k]]));
    Object.assign(process.env, HOSTILE);
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('locks and fetches as if none of GIT_CONFIG_PARAMETERS, GIT_DIR, GIT_CONFIG_GLOBAL were set', async () => {
    // The test's own git (test/support/git-repo.ts) runs with an environment of its own too.
    const first = await repo.commit(fakeCpythonTree('3.16.0a1+'), 'first');
    await writeConfig(repo.fileUrl);
    const r = await pydebug('lock');
    expect(r.code, r.stderr).toBe(0);
    expect((await pinned()).commit).toBe(first);
    const tree = await provideSourceTree(sourceContext(), await pinned());
    expect(await readFile(join(tree, 'Include', 'patchlevel.h'), 'utf8')).toContain('3.16.0a1+');
  });
});
