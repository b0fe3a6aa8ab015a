/**
 * The committed Action bundle run as a process under Node 24, as the runner runs it, against a
 * real tarball over loopback and the real @actions/cache talking to a local cache service:
 * a cold run builds and saves, a warm run on a fresh runner restores with cache-hit: true, a
 * run on a newer runner image restores through the restore key and saves under its own key, a
 * three-variant cache hit installs nothing, and a cache service that is down never fails the job.
 *
 * Build dependencies: every run has a recording `sudo` and `apt-get` first on PATH (in the
 * Action's environment of this test only), so nothing is really installed; the real dpkg-query of
 * this machine (provisioned by npm test's e2e setup) answers.
 */

import { chmod, cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PendingSave, STATE_HOME, STATE_PENDING_SAVES } from '../../src/action/state.js';
import { Store } from '../../src/store/store.js';
import { type ActionRun, addedPath, freshRunnerDirs, type RunnerDirs, runAction } from '../support/action-runner.js';
import { type CacheServer, startCacheServer } from '../support/cache-server.js';
import { SHARED_IDS } from './shared.js';

const e2e = inject('e2e');
let cacheServer: CacheServer;
let cold: { dirs: RunnerDirs; run: ActionRun; post: ActionRun };

/** A fresh runner whose workspace holds the shared project's pydebug.yml and pydebug.lock. */
async function freshRunner(): Promise<RunnerDirs> {
  const dirs = await freshRunnerDirs(join(e2e.work, 'runner'));
  for (const f of ['pydebug.yml', 'pydebug.lock']) await cp(join(e2e.projectDir, f), join(dirs.workspace, f));
  return dirs;
}

const INPUTS = { variants: 'debug', jobs: '2' };
const IMAGE = { ImageOS: 'ubuntu24', ImageVersion: '20261116.1' };
const NEWER_IMAGE = { ImageOS: 'ubuntu24', ImageVersion: '20261123.1' };

/** Recording stand-ins for sudo and apt-get: they only append their arguments to `aptCalls`. */
const fakeApt = join(e2e.work, 'fake-apt');
const aptCalls = join(fakeApt, 'calls');
async function writeFakeApt(): Promise<void> {
  await mkdir(fakeApt, { recursive: true });
  for (const name of ['sudo', 'apt-get']) {
    await writeFile(join(fakeApt, name), `#!/bin/sh\necho "${name} $*" >> '${aptCalls}'\n`);
    await chmod(join(fakeApt, name), 0o755);
  }
}
const recordedAptCalls = () => readFile(aptCalls, 'utf8').catch(() => '');

/** The environment of every Action run here: the cache service, the tarball mirror, the fake apt. */
function actionEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...cacheServer.env(), PYDEBUG_MIRROR: e2e.mirror, PATH: `${fakeApt}:${process.env.PATH}`, ...IMAGE, ...extra };
}

/** The rest of the job: the main run's GITHUB_ENV and GITHUB_PATH applied, as the runner does. */
function inRestOfJob(dirs: RunnerDirs, run: ActionRun, script: string) {
  const env = { HOME: process.env.HOME ?? '/root', ...run.exportedEnv, PATH: [...addedPath(run), process.env.PATH].join(':') };
  return execa('sh', ['-c', script], { cwd: dirs.workspace, env, extendEnv: false, reject: false, all: true });
}

beforeAll(async () => {
  cacheServer = await startCacheServer(join(e2e.work, 'cache-service'));
  await writeFakeApt();
  await rm(aptCalls, { force: true });
  const dirs = await freshRunner();
  const run = await runAction('main', { dirs, inputs: INPUTS, env: actionEnv() });
  process.stderr.write(`[e2e] action cold run: ${run.seconds.toFixed(0)} s, exit ${run.code}\n`);
  const post = await runAction('post', { dirs, state: run.state, env: cacheServer.env() });
  cold = { dirs, run, post };
});
afterAll(async () => {
  await cacheServer?.close();
});

async function runPython(python: string, code: string): Promise<string> {
  return (await execa(python, ['-c', code])).stdout;
}

describe('the Action, cold: builds, verifies, saves in the main run', () => {
  it('succeeds and sets setup-python-style outputs', async () => {
    expect(cold.run.code, cold.run.stdout).toBe(0);
    const o = cold.run.outputs;
    expect(o['python-version']).toBe('3.11.2');
    expect(o['cache-hit']).toBe('false');
    expect(o['cache-matched-key']).toBe('');
    expect(JSON.parse(o.built!)).toEqual(['3.11.2-debug']);
    expect(JSON.parse(o.matrix!)).toEqual({ include: [{ id: '3.11.2-debug', version: '3.11.2', variant: 'debug' }] });
    const interpreters = JSON.parse(o.interpreters!);
    expect(Object.keys(interpreters)).toEqual(['3.11.2-debug']);
    expect(interpreters['3.11.2-debug']).toMatchObject({ id: '3.11.2-debug', version: '3.11.2', variant: 'debug', status: 'built', synced: 'built', python: o['python-path'], abiflags: 'd' });
    // The entry JSON of list --json: macros is what the lock promises, proven what the probe found.
    const proven = interpreters['3.11.2-debug'].proven as Record<string, boolean>;
    expect(Object.keys(proven).filter((m) => proven[m])).toEqual(['Py_DEBUG', 'Py_REF_DEBUG', 'WITH_PYMALLOC']);
    expect(interpreters['3.11.2-debug'].macros).toEqual(proven);
    expect(o['python-path']!.startsWith(join(cold.dirs.toolCache, 'pydebug', 'entries'))).toBe(true);
  });

  it('python-path is a working debug interpreter', async () => {
    expect(await runPython(cold.run.outputs['python-path']!, "import sys, sysconfig; print(sys.abiflags, sysconfig.get_config_var('Py_DEBUG'), sys.gettotalrefcount() > 0)")).toBe('d 1 True');
  });

  it('checked the build packages with dpkg-query before building: all there, nothing installed', async () => {
    expect(cold.run.stdout).toMatch(/build dependencies: all 13 packages are installed/);
    expect(await recordedAptCalls()).toBe('');
  });

  it("puts the entry's project environment, its store bin/ and pydebug first on PATH, and exports what pydebug run and setup-python do", () => {
    const storePython = cold.run.outputs['python-path']!;
    const prefix = JSON.parse(cold.run.outputs.interpreters!)['3.11.2-debug'].prefix as string;
    const envDir = join(cold.dirs.workspace, '.pydebug', 'envs', '3.11.2-debug');
    expect(addedPath(cold.run)).toEqual([join(envDir, 'bin'), dirname(storePython), join(cold.dirs.temp, 'pydebug-bin')]);
    expect(cold.run.exportedEnv).toEqual({
      PYDEBUG_HOME: join(cold.dirs.toolCache, 'pydebug'),
      VIRTUAL_ENV: envDir,
      PYDEBUG_PYTHON: join(envDir, 'bin', 'python'),
      PYDEBUG_ENV: envDir,
      PYDEBUG_STORE_PYTHON: storePython,
      PYDEBUG_PREFIX: prefix,
      PYDEBUG_VARIANT: 'debug',
      PYDEBUG_VERSION: '3.11.2',
      PYDEBUG_ID: '3.11.2-debug',
      DIST_EXTRA_CONFIG: join(envDir, 'pydebug-setuptools.cfg'),
      PYDEBUG_VALGRIND_SUPPRESSIONS: join(prefix, 'share', 'pydebug', 'valgrind-python.supp'),
      pythonLocation: prefix,
      Python_ROOT_DIR: prefix,
      Python3_ROOT_DIR: prefix,
      PKG_CONFIG_PATH: join(prefix, 'lib', 'pkgconfig'),
    });
  });

  it('groups the log per variant and phase, and writes a job summary table', () => {
    for (const phase of ['configure', 'make', 'install']) {
      expect(cold.run.stdout).toMatch(new RegExp(`::group::3\\.11\\.2-debug · ${phase} \\(`));
    }
    expect(cold.run.stdout).toMatch(/::endgroup::/);
    expect(cold.run.summary).toMatch(/\| variant \| version \| abiflags \| proven macros \|/);
    expect(cold.run.summary).toMatch(/\| debug \| 3\.11\.2 \| `"d"` \| `Py_DEBUG` `Py_REF_DEBUG` `WITH_PYMALLOC` \| built in \d+m\d+s, saved to cache \|/);
  });

  it('saved the entry to the cache service, keyed by the lock key, platform, compiler and image', () => {
    const saved = cacheServer.entries.filter((e) => e.finalized);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.key).toMatch(/^pydebug-3\.11\.2-debug-[0-9a-f]{16}-linux-x64-[0-9a-f]{8}-ubuntu24-20261116\.1$/);
    expect(saved[0]!.size).toBeGreaterThan(10e6);
    process.stderr.write(`[e2e] cache archive for 3.11.2-debug: ${(saved[0]!.size / 1e6).toFixed(1)} MB\n`);
    // Saved during the main run: the post run had nothing left to save.
    expect(cold.run.stdout).toMatch(/3\.11\.2-debug: saved to the cache as pydebug-3\.11\.2-debug-/);
  });

  it('the post run succeeds and removes temporary build files', async () => {
    expect(cold.post.code, cold.post.stdout).toBe(0);
    const home = join(cold.dirs.toolCache, 'pydebug');
    expect(await readdir(home)).not.toContain('sources');
    expect(await readdir(home)).not.toContain('tmp');
    await expect(stat(cold.run.outputs['python-path']!)).resolves.toBeDefined();
  });

  // After the post test: pydebug which and run stamp their verification in the store's tmp/.
  it("the rest of the job runs python and pip of the environment, and the Action's own pydebug command", async () => {
    const storePython = cold.run.outputs['python-path']!;
    const r = await inRestOfJob(
      cold.dirs,
      cold.run,
      `set -e
      python -c 'import sys; print(sys.prefix); print(sys.base_prefix); print(sys.abiflags)'
      pip --version
      pydebug which debug
      pydebug run debug -- sh -c 'echo "$PYDEBUG_ID $VIRTUAL_ENV"'`,
    );
    expect(r.exitCode, r.all).toBe(0);
    const envDir = join(cold.dirs.workspace, '.pydebug', 'envs', '3.11.2-debug');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([envDir, dirname(dirname(storePython)), 'd']);
    expect(lines[3]).toMatch(new RegExp(`^pip .* from ${envDir}/lib/python3\\.11/site-packages/pip `));
    expect(lines.slice(4)).toEqual([storePython, `3.11.2-debug ${envDir}`]);
  });
});

describe('the Action, warm: a fresh runner restores from the cache', () => {
  let warm: ActionRun;
  beforeAll(async () => {
    const dirs = await freshRunner();
    warm = await runAction('main', { dirs, inputs: INPUTS, env: actionEnv() });
    process.stderr.write(`[e2e] action warm run (cache hit): ${warm.seconds.toFixed(1)} s vs cold ${cold.run.seconds.toFixed(0)} s\n`);
  });

  it('reports cache-hit and the matched key, builds nothing, downloads no tarball', async () => {
    expect(warm.code, warm.stdout).toBe(0);
    expect(warm.outputs['cache-hit'], warm.stdout).toBe('true');
    expect(warm.outputs['cache-matched-key']).toBe(cacheServer.entries[0]!.key);
    expect(JSON.parse(warm.outputs.built!)).toEqual([]);
    expect(warm.stdout).not.toMatch(/: (configure|make|install)\.\.\.|::group::|3\.11\.2: download/);
    expect(warm.stdout).toMatch(/3\.11\.2-debug: restored from the cache \(exact match\)/);
    expect(warm.summary).toMatch(/\| debug \| 3\.11\.2 \| .* \| cache hit \|/);
    expect(cacheServer.entries.filter((e) => e.finalized)).toHaveLength(1);
  });

  it('the restored interpreter works and has its flags', async () => {
    expect(await runPython(warm.outputs['python-path']!, 'import sys; print(sys.abiflags, hasattr(sys, "gettotalrefcount"))')).toBe('d True');
  });
});

describe('the Action after a runner image update: restores through the restore key, saves under the new key', () => {
  let updated: ActionRun;
  let next: ActionRun;
  beforeAll(async () => {
    updated = await runAction('main', { dirs: await freshRunner(), inputs: INPUTS, env: actionEnv(NEWER_IMAGE) });
    next = await runAction('main', { dirs: await freshRunner(), inputs: INPUTS, env: actionEnv(NEWER_IMAGE) });
  });

  it("the first run on the new image restores the older image's entry (cache-hit false) and saves it under the new key", () => {
    expect(updated.code, updated.stdout).toBe(0);
    const older = cacheServer.entries[0]!.key;
    expect(older).toMatch(/-ubuntu24-20261116\.1$/);
    const newer = older.replace(/20261116\.1$/, NEWER_IMAGE.ImageVersion);
    expect(updated.outputs['cache-hit']).toBe('false');
    expect(updated.outputs['cache-matched-key']).toBe(older);
    expect(JSON.parse(updated.outputs.built!)).toEqual([]);
    expect(updated.stdout).toContain(`3.11.2-debug: restored from the cache (matched ${older})`);
    expect(updated.stdout).toContain(`3.11.2-debug: saved to the cache as ${newer}`);
    expect(cacheServer.entries.filter((e) => e.finalized).map((e) => e.key)).toEqual([older, newer]);
    expect(updated.summary).toMatch(/\| debug \| 3\.11\.2 \| .* \| cache hit \(restore key\), saved to cache \|/);
  });

  it('the next run on the new image is an exact hit', () => {
    expect(next.code, next.stdout).toBe(0);
    expect(next.outputs['cache-hit']).toBe('true');
    expect(next.outputs['cache-matched-key']).toMatch(new RegExp(`-ubuntu24-${NEWER_IMAGE.ImageVersion.replace('.', '\\.')}$`));
    expect(next.stdout).not.toMatch(/saved to the cache/);
  });
});

describe('the Action, warm, three variants: one main run, nothing built or installed', () => {
  let three: ActionRun;
  beforeAll(async () => {
    // The cache gets the shared store's trace-refs and valgrind entries through the Action's own
    // code: copied to where the Action keeps entries, then saved by the post run's retry.
    const seedDirs = await freshRunner();
    const sharedStore = join(e2e.home, 'entries');
    const seedHome = join(seedDirs.toolCache, 'pydebug');
    await new Store(seedHome).ensureLayout();
    const retry: PendingSave[] = [];
    for (const key of await readdir(sharedStore)) {
      const id = SHARED_IDS.find((i) => key.startsWith(`pydebug-${i}-`));
      if (!id || cacheServer.entries.some((e) => e.key.startsWith(`${key}-`))) continue;
      await cp(join(sharedStore, key), join(seedHome, 'entries', key), { recursive: true, verbatimSymlinks: true });
      retry.push({ id, entryKey: key, actionsKey: `${key}-${IMAGE.ImageOS}-${IMAGE.ImageVersion}` });
    }
    const state = { [STATE_HOME]: seedHome, [STATE_PENDING_SAVES]: JSON.stringify(retry) };
    const seeded = await runAction('post', { dirs: seedDirs, state, env: actionEnv() });
    expect(seeded.code, seeded.stdout).toBe(0);
    expect(retry.map((r) => r.id).sort()).toEqual(['3.11.2-trace-refs', '3.11.2-valgrind']);
    await rm(aptCalls, { force: true });
    three = await runAction('main', { dirs: await freshRunner(), inputs: { jobs: '2' }, env: actionEnv() });
    const envLine = /made its environment .* in (\S+)/.exec(three.stdout)?.[1] ?? '?';
    process.stderr.write(`[e2e] action warm run, three variants (cache hit): ${three.seconds.toFixed(1)} s (of which making the first entry's environment: ${envLine})\n`);
  });

  it('restores all three with cache-hit true, installs no build packages, builds nothing', async () => {
    expect(three.code, three.stdout).toBe(0);
    expect(three.outputs['cache-hit'], three.stdout).toBe('true');
    const interpreters = JSON.parse(three.outputs.interpreters!);
    expect(Object.keys(interpreters)).toEqual(SHARED_IDS);
    expect(SHARED_IDS.map((id) => interpreters[id].synced)).toEqual(SHARED_IDS.map(() => 'restored'));
    expect(JSON.parse(three.outputs.built!)).toEqual([]);
    for (const id of SHARED_IDS) expect(three.stdout).toContain(`${id}: restored from the cache (exact match)`);
    expect(three.stdout).not.toMatch(/build dependencies|: (configure|make|install)\.\.\./);
    expect(await recordedAptCalls()).toBe('');
  });

  it('is ready for the rest of the job in a few seconds', () => {
    expect(three.seconds).toBeLessThan(60);
  });
});

describe('the Action with the cache service down', () => {
  it('warns, builds, and succeeds', async () => {
    const dirs = await freshRunner();
    // Nothing listens there: restores and saves fail with connection refused.
    const down = actionEnv({ ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' });
    const run = await runAction('main', { dirs, inputs: INPUTS, env: down });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::warning::3\.11\.2-debug: cache restore failed \(the cache service did not answer/);
    expect(run.stdout).toMatch(/::warning::3\.11\.2-debug: not saved to the cache/);
    expect(run.outputs['cache-hit']).toBe('false');
    expect(JSON.parse(run.outputs.built!)).toEqual(['3.11.2-debug']);
    expect(await runPython(run.outputs['python-path']!, 'import sys; print(sys.abiflags)')).toBe('d');
    const post = await runAction('post', { dirs, state: run.state, env: down });
    expect(post.code).toBe(0);
  });
});
