/**
 * A git source built for real: a repository made from the real 3.13.5 tarball (extracted,
 * committed), served over loopback by git daemon, one variant (pydebug: true) synced from ref
 * main in a store of its own. The interpreter's sys._git names the pinned commit, the cache key
 * follows the commit, and a commit pushed later moves the pin only with `lock --upgrade`.
 * One CPython build.
 */

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliRun, cleanEnv, runCli } from '../support/cli.js';
import { git, type ServedRepo, serveRepo } from '../support/git-repo.js';
import { TARBALLS } from './shared.js';

const e2e = inject('e2e');
const root = join(e2e.work, 'git-source');
const home = join(root, 'home');
const project = join(root, 'project');
const cli = (args: string[]) => runCli(args, { cwd: project, env: cleanEnv({ PYDEBUG_HOME: home }) });
const readLock = async () => JSON.parse(await readFile(join(project, 'pydebug.lock'), 'utf8'));

let repo: ServedRepo;
let commit: string;
let sync: CliRun;

beforeAll(async () => {
  await rm(root, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  repo = await serveRepo(root, 'cpython');
  await execa('tar', ['-xf', join(e2e.tarballs, '3.13.5', TARBALLS[1].file), '--strip-components=1', '-C', repo.work]);
  // --force: the tarball holds files CPython's .gitignore lists; the tree must be the tarball's.
  await git(repo.work, 'add', '--all', '--force');
  commit = await repo.commit({}, 'CPython 3.13.5, from the release tarball');
  await writeFile(join(project, 'pydebug.yml'), `python:\n  - git: ${repo.daemonUrl}\n    ref: main\nvariants:\n  debug:\n    pydebug: true\n`);
  sync = await cli(['sync']);
});
afterAll(() => repo?.stopDaemon());

describe('a variant synced from a git ref', () => {
  it('builds main-debug from the pinned commit', async () => {
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/main-debug: built \(/);
    const lock = await readLock();
    expect(lock.sources.main).toEqual({ git: repo.daemonUrl, ref: 'main', commit, version: '3.13.5' });
    expect(lock.builds['main-debug'].expect.commit).toBe(commit);
    expect(await readdir(join(home, 'sources'))).toContain(`git-${commit}`);
  });

  it('sys._git names the pinned commit', async () => {
    const r = await cli(['run', 'debug', 'python', '-c', 'import sys, json; print(json.dumps([sys._git, sys.abiflags]))']);
    expect(r.code, r.stderr).toBe(0);
    const [[name, , short], abiflags] = JSON.parse(r.stdout) as [[string, string, string], string];
    expect(name).toBe('CPython');
    expect(short.length).toBeGreaterThanOrEqual(7);
    expect(commit.startsWith(short)).toBe(true);
    expect(abiflags).toBe('d');
  });

  it('the store entry is keyed by the cache key, which follows the commit: a pushed commit moves it only with lock --upgrade', async () => {
    const before = (await readLock()).builds['main-debug'].lock_key as string;
    expect((await readdir(join(home, 'entries'))).some((k) => k.includes(before))).toBe(true);

    await writeFile(join(repo.work, 'README.pydebug'), 'a second commit\n');
    const second = await repo.commit({}, 'a second commit on main');
    expect((await cli(['lock'])).stderr).toContain('pydebug.lock is up to date');
    const upgrade = await cli(['lock', '--upgrade', 'main']);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain(`${commit} -> ${second}`);
    const after = (await readLock()).builds['main-debug'].lock_key as string;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^main-debug-[0-9a-f]{16}$/);
    expect(await git(repo.work, 'rev-parse', 'HEAD')).toBe(second);
  });
});
