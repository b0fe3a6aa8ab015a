/**
 * The committed Action bundle run as a process under Node 24, as the runner runs it, against a
 * real tarball over loopback and the real @actions/cache talking to a local cache service:
 * a cold run builds and saves, a warm run on a fresh runner restores with cache-hit: true, and
 * a cache service that is down never fails the step.
 */
import { execa } from 'execa';
import { cp, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshRunnerDirs, runActionStep, type ActionRun, type RunnerDirs } from '../support/action-runner.js';
import { startCacheServer, type CacheServer } from '../support/cache-server.js';

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

beforeAll(async () => {
  cacheServer = await startCacheServer(join(e2e.work, 'cache-service'));
  const dirs = await freshRunner();
  const run = await runActionStep('main', { dirs, inputs: INPUTS, env: { ...cacheServer.env(), PYDEBUG_MIRROR: e2e.mirror } });
  process.stderr.write(`[e2e] action cold run: ${run.seconds.toFixed(0)} s, exit ${run.code}\n`);
  const post = await runActionStep('post', { dirs, state: run.state, env: cacheServer.env() });
  cold = { dirs, run, post };
});
afterAll(async () => {
  await cacheServer?.close();
});

async function runPython(python: string, code: string): Promise<string> {
  return (await execa(python, ['-c', code])).stdout;
}

describe('the Action, cold: builds, verifies, saves in the main step', () => {
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
    expect(interpreters['3.11.2-debug']).toMatchObject({ version: '3.11.2', variant: 'debug', python: o['python-path'], abiflags: 'd' });
    expect(interpreters['3.11.2-debug'].macros).toEqual(['Py_DEBUG', 'Py_REF_DEBUG', 'WITH_PYMALLOC']);
    expect(o['python-path']!.startsWith(join(cold.dirs.toolCache, 'pydebug', 'store'))).toBe(true);
  });

  it('python-path is a working debug interpreter', async () => {
    expect(await runPython(cold.run.outputs['python-path']!, "import sys, sysconfig; print(sys.abiflags, sysconfig.get_config_var('Py_DEBUG'), sys.gettotalrefcount() > 0)")).toBe('d 1 True');
  });

  it('puts the interpreter on PATH and exports PYDEBUG_HOME / PYDEBUG_PYTHON for later steps', () => {
    expect(cold.run.path).toEqual([dirname(cold.run.outputs['python-path']!)]);
    expect(cold.run.exportedEnv.PYDEBUG_PYTHON).toBe(cold.run.outputs['python-path']);
    expect(cold.run.exportedEnv.PYDEBUG_HOME).toBe(join(cold.dirs.toolCache, 'pydebug'));
  });

  it('groups the log per variant and phase, and writes a step summary table', () => {
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
    // Saved during the main step: the post step had nothing left to save.
    expect(cold.run.stdout).toMatch(/3\.11\.2-debug: saved to the cache as pydebug-3\.11\.2-debug-/);
  });

  it('the post step succeeds and removes temporary build files', async () => {
    expect(cold.post.code, cold.post.stdout).toBe(0);
    const home = join(cold.dirs.toolCache, 'pydebug');
    expect(await readdir(home)).not.toContain('sources');
    expect(await readdir(home)).not.toContain('tmp');
    await expect(stat(cold.run.outputs['python-path']!)).resolves.toBeDefined();
  });
});

describe('the Action, warm: a fresh runner restores from the cache', () => {
  let warm: ActionRun;
  beforeAll(async () => {
    const dirs = await freshRunner();
    warm = await runActionStep('main', { dirs, inputs: INPUTS, env: { ...cacheServer.env(), PYDEBUG_MIRROR: e2e.mirror } });
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

describe('the Action with the cache service down', () => {
  it('warns, builds, and succeeds', async () => {
    const dirs = await freshRunner();
    // Nothing listens there: restores and saves fail with connection refused.
    const down = { ...cacheServer.env(), ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' };
    const run = await runActionStep('main', { dirs, inputs: INPUTS, env: { ...down, PYDEBUG_MIRROR: e2e.mirror } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::warning::Failed to restore/);
    expect(run.stdout).toMatch(/::warning::3\.11\.2-debug: not saved to the cache/);
    expect(run.outputs['cache-hit']).toBe('false');
    expect(JSON.parse(run.outputs.built!)).toEqual(['3.11.2-debug']);
    expect(await runPython(run.outputs['python-path']!, 'import sys; print(sys.abiflags)')).toBe('d');
    const post = await runActionStep('post', { dirs, state: run.state, env: down });
    expect(post.code).toBe(0);
  });
});
