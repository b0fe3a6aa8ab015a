/**
 * Shared entries through a real registry (Debian's docker-registry behind the ghcr.io-like front
 * door of test/support/registry.ts): the shared store's three entries are pushed, pinned by
 * `pydebug lock`, pulled by `sync --frozen` into an empty store at another path (relocated),
 * proven, and an extension is built against one. A tag moved after the lock pinned it is
 * ignored; a pull stopped in the middle leaves nothing in the store.
 */

import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRegistryLocation } from '../../src/config/registry.js';
import { RegistryClient } from '../../src/registry/client.js';
import { freshRunnerDirs, runAction } from '../support/action-runner.js';
import { CLI, cleanEnv, runCli } from '../support/cli.js';
import { type FrontDoor, type Registry, registryMissing, startFrontDoor, startRegistry } from '../support/registry.js';
import { copyExampleExtension, SHARED_IDS } from './shared.js';

const e2e = inject('e2e');
const missing = registryMissing();
let registry: Registry;
let door: FrontDoor;
let work: string;
let repo: string;
let project: string;
const timings: Record<string, number> = {};

const env = (home: string, extra: Record<string, string> = {}) => cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_REGISTRY: repo, PYDEBUG_MIRROR: e2e.mirror, ...extra });

describe.skipIf(missing !== undefined)('pull from a registry', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(e2e.work, 'registry-pull-'));
    registry = await startRegistry(join(work, 'registry'));
    door = await startFrontDoor(registry.origin);
    repo = `${door.host}/acme/pydebug-entries`;
    project = join(work, 'project');
    await mkdir(project);
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(e2e.projectDir, f), join(project, f));
  }, 60_000);

  afterAll(async () => {
    await door?.close();
    await registry?.stop();
  });

  it('pushes the shared store’s three entries', async () => {
    const r = await runCli(['push'], { cwd: e2e.projectDir, env: env(e2e.home, { PYDEBUG_REGISTRY_TOKEN: door.token }) });
    expect(r.code, r.stderr).toBe(0);
    timings.push = r.seconds;
    for (const id of SHARED_IDS) expect(r.stdout).toMatch(new RegExp(`^${id} \\S+@sha256:[0-9a-f]{64}`, 'm'));
  }, 300_000);

  it('lock pins each build’s artifact by digest, sorted; lock --check needs no registry for it', async () => {
    const r = await runCli(['lock'], { cwd: project, env: env(join(work, 'lock-home')) });
    expect(r.code, r.stderr).toBe(0);
    const lock = JSON.parse(await readFile(join(project, 'pydebug.lock'), 'utf8'));
    expect(lock.lock_version).toBe(3);
    for (const id of SHARED_IDS) {
      const pins = Object.entries(lock.builds[id].artifacts as Record<string, string>);
      expect(pins).toHaveLength(1);
      expect(pins[0]![0]).toMatch(/^linux-x64-[0-9a-f]{8}$/);
      expect(pins[0]![1]).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    // The same registry content gives the same bytes.
    const before = await readFile(join(project, 'pydebug.lock'), 'utf8');
    expect((await runCli(['lock'], { cwd: project, env: env(join(work, 'lock-home')) })).stderr).toMatch(/is up to date/);
    expect(await readFile(join(project, 'pydebug.lock'), 'utf8')).toBe(before);
    const check = await runCli(['lock', '--check'], { cwd: project, env: env(join(work, 'lock-home'), { PYDEBUG_REGISTRY: '127.0.0.1:1/nothing/here' }) });
    expect(check.code, check.stderr).toBe(0);
  }, 120_000);

  it('sync --frozen pulls the three into an empty store at another path, relocated and proven', async () => {
    const home = join(work, 'elsewhere', 'home');
    const r = await runCli(['sync', '--frozen', '--json'], { cwd: project, env: env(home) });
    expect(r.code, r.stderr).toBe(0);
    timings.pull = r.seconds;
    const synced = JSON.parse(r.stdout) as Array<{ id: string; synced: string; prefix: string; proven: Record<string, boolean> }>;
    expect(synced.map((e) => [e.id, e.synced])).toEqual(SHARED_IDS.map((id) => [id, 'pulled']));
    for (const e of synced) expect(e.prefix.startsWith(join(home, 'entries'))).toBe(true);
    expect(r.stderr).toMatch(/3 entries ready \(0 built, 3 pulled, 0 already in the store\)/);
    expect(r.stderr.match(/pinned in the lock/g)).toHaveLength(3);
    expect(r.stderr).toMatch(/relocated from \S+ \(built at /);
    process.stderr.write(`[registry-pull] push ${timings.push?.toFixed(1)} s, pull+verify+relocate of 3 entries ${r.seconds.toFixed(1)} s\n${r.stderr}\n`);
    // Proven at the new place: sys.prefix and sysconfig point there, and the flags are the lock's.
    const inspect = await runCli(
      ['run', 'trace-refs', '--', 'python', '-c', 'import sys, sysconfig; print(sys.prefix); print(sysconfig.get_config_var("INCLUDEPY")); print(hasattr(sys, "getobjects"))'],
      {
        cwd: project,
        env: env(home),
      },
    );
    expect(inspect.code, inspect.stderr).toBe(0);
    const [prefix, include, getobjects] = inspect.stdout.trim().split('\n');
    expect(include!.startsWith(join(home, 'entries'))).toBe(true);
    expect(prefix).toBeTruthy();
    expect(getobjects).toBe('True');
    // A real C extension builds against the pulled, relocated debug interpreter.
    const ext = await copyExampleExtension(work, 'extension-');
    const built = await runCli(['run', 'debug', '--', 'python', join(ext, 'build.py')], { cwd: project, env: env(home) });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(`-I${join(home, 'entries')}`);
  }, 600_000);

  it('a tag moved after lock pinned it is ignored: the pinned artifact is installed, not the tag’s', async () => {
    const lock = JSON.parse(await readFile(join(project, 'pydebug.lock'), 'utf8'));
    const keys = JSON.parse((await runCli(['list', '--json'], { cwd: project, env: env(join(work, 'elsewhere', 'home')) })).stdout) as Array<{ id: string; entry_key: string }>;
    const debugKey = keys.find((k) => k.id === '3.11.2-debug')!.entry_key;
    const location = parseRegistryLocation(repo);
    if ('message' in location) throw new Error(location.message);
    const client = new RegistryClient(location, { credentials: { user: 'x', token: door.token } });
    // Someone with write access re-pushes the debug tag to point at the valgrind entry's artifact.
    const valgrindDigest = Object.values(lock.builds['3.11.2-valgrind'].artifacts as Record<string, string>)[0]!;
    const tampered = await client.getManifest(valgrindDigest);
    await client.putManifest(debugKey, tampered.bytes);
    const home = join(work, 'moved-tag', 'home');
    const r = await runCli(['sync', '--frozen', '--variant', 'debug', '--json'], { cwd: project, env: env(home) });
    expect(r.code, r.stderr).toBe(0);
    const pin = Object.values(lock.builds['3.11.2-debug'].artifacts as Record<string, string>)[0]!;
    expect(r.stderr).toContain(`the tag ${debugKey} now names ${tampered.digest}, not the ${pin} pydebug.lock pins: the tag is ignored`);
    expect(JSON.parse(r.stdout)[0].synced).toBe('pulled');
    const which = await runCli(['run', 'debug', '--', 'python', '-c', 'import sysconfig; print(sysconfig.get_config_var("WITH_VALGRIND"))'], { cwd: project, env: env(home) });
    expect(which.stdout.trim()).toBe('0');
  }, 300_000);

  it('the Action pulls the pinned entry (no cache, nothing built) and says so in synced and the summary', async () => {
    const dirs = await freshRunnerDirs(join(work, 'runner'));
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(project, f), join(dirs.workspace, f));
    const event = join(dirs.temp, 'event.json');
    await writeFile(event, JSON.stringify({ repository: { default_branch: 'main' } }));
    const run = await runAction('main', {
      dirs,
      inputs: { registry: repo, cache: 'false', variants: 'debug', push: 'auto', 'github-token': 'ghs_not_for_this_registry', 'install-dependencies': 'false', 'add-to-path': 'false' },
      env: { GITHUB_REF: 'refs/heads/feature', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.synced!)).toEqual({ '3.11.2-debug': 'pulled' });
    expect(JSON.parse(run.outputs.pushed!)).toEqual({});
    expect(JSON.parse(run.outputs.built!)).toEqual([]);
    expect(run.summary).toMatch(/pulled sha256:[0-9a-f]{64} from the registry \(pinned\)/);
    process.stderr.write(`[registry-pull] Action pull of one entry: ${run.seconds.toFixed(1)} s\n`);
  }, 300_000);

  it('a pull stopped in the middle of its download leaves nothing in the store', async () => {
    const home = join(work, 'interrupted', 'home');
    const seen = door.requests.length;
    const child = execa(process.execPath, [CLI, 'sync', '--frozen'], { cwd: project, env: env(home), extendEnv: false, reject: false });
    // Stopped as soon as a layer's download has started (the front door sends blob GETs to storage).
    for (let i = 0; i < 1000 && !door.requests.slice(seen).some((q) => q.method === 'GET' && q.path.includes('/blobs/') && q.status === 307); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(143);
    expect(await readdir(join(home, 'entries'))).toEqual([]);
    expect(await readdir(join(home, 'tmp'))).toEqual([]);
  }, 120_000);
});
