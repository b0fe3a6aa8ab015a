/**
 * A store shared with the previous pydebug (entry format 3): its entries in store/<key>/, with
 * manifests that say `key` and `cache_key`, under keys this pydebug never makes. This pydebug's
 * list, clean in a project, sync planning and a sync leave such an entry exactly as it is (no
 * read as damaged, no rewrite, no chmod); only `clean --all` removes it. Where git still has the
 * previous commit, its own dist reads the planted store before and after this pydebug ran.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeReadOnly, makeTreeReadOnly } from '../../src/files/read-only.js';
import { sha256Hex } from '../../src/lock/canonical.js';
import { parseLock, serializePreviousLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { defaultCompiler, probeToolchain } from '../../src/platform/compiler.js';
import { acquireMutex } from '../../src/store/mutex.js';
import { registerProject } from '../../src/store/projects.js';
import { Store } from '../../src/store/store.js';
import { planFor } from '../../src/sync/store-plan.js';
import { existsNoFollow as present } from '../support/exists.js';
import { lockedSource, projectConfig as projectOf, RECIPE_YAML } from '../support/fixtures.js';
import { fileTempDir } from '../support/temp-dir.js';
import { fakeBuiltEntry, makeProject, type TestProject } from './project.js';

/** main when entry format 3 was the newest: the dist that wrote store/<key>/ entries. */
const PREVIOUS_DIST_COMMIT = '2704156';
const ID = '3.13.2-debug';

/** The previous dist, extracted from git; undefined where git lacks the commit (a shallow clone). */
async function previousDist(): Promise<string | undefined> {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const into = await fileTempDir('pydebug-previous-dist-');
  const archive = spawnSync('git', ['-C', repo, 'archive', '--format=tar', PREVIOUS_DIST_COMMIT, 'dist'], { maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) return undefined;
  execFileSync('tar', ['-x', '-C', into], { input: archive.stdout });
  return join(into, 'dist', 'cli.js');
}

let oldCli: string | undefined;
beforeAll(async () => {
  oldCli = await previousDist();
});

/** The previous pydebug's entry key: the machine part hashed with "entry format 3". */
async function format3Key(p: TestProject, lockKey: string): Promise<string> {
  const { machine } = await probeToolchain(defaultCompiler(p.env), p.env);
  return `pydebug-${lockKey}-${machine.os}-${machine.arch}-${sha256Hex(`${machine.toolchain}\nentry format 3`).slice(0, 8)}`;
}

async function lockKeyOf(p: TestProject, id: string): Promise<string> {
  return (JSON.parse((await p.pydebug(['list', '--json'])).stdout) as Array<{ id: string; lock_key: string }>).find((e) => e.id === id)!.lock_key;
}

/**
 * A format-3 entry as the previous pydebug installed it: store/<key>/ read-only, its manifest
 * with `manifest_version: 3`, `key` and `cache_key` in the order its writeManifest wrote them, its
 * log in logs/, and the project's record naming it. Returns the entry's directory.
 */
async function plantFormat3Entry(p: TestProject, id: string): Promise<{ key: string; dir: string }> {
  const lockKey = await lockKeyOf(p, id);
  const key = await format3Key(p, lockKey);
  const scratch = new Store(join(p.root, 'scratch'));
  await fakeBuiltEntry(scratch, key, id);
  const dir = join(p.store.root, 'store', key);
  await p.store.ensureLayout();
  await mkdir(join(p.store.root, 'store'), { recursive: true });
  await rename(scratch.entryDir(key), dir);
  const manifestPath = join(dir, 'share', 'pydebug', 'manifest.json');
  const { manifest_version: _v, entry_key: _e, lock_key: _l, ...rest } = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestPath, `${JSON.stringify({ manifest_version: 3, key, cache_key: lockKey, ...rest, prefix: dir }, null, 2)}\n`);
  await makeTreeReadOnly(dir, { exceptTop: true });
  await makeReadOnly(dir);
  await writeFile(join(p.store.logsDir, `${key}.log`), '# configure\n');
  await registerProject(p.store, join(p.dir, 'pydebug.lock'), { known: [key], lockKeys: [lockKey] }, () => undefined);
  return { key, dir };
}

/** Every path under `dir` with its kind, mode, size, mtime and content: what "left as it is" means. */
async function snapshot(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of [dir, ...(await readdir(dir, { recursive: true })).map((n) => join(dir, n))].sort()) {
    const st = await lstat(name);
    const content = st.isFile()
      ? createHash('sha256')
          .update(await readFile(name))
          .digest('hex')
      : '';
    lines.push(`${relative(dir, name)} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${content}`);
  }
  return lines;
}

/**
 * The project's lock as the previous pydebug wrote it (lock format 1: the same content and lock
 * keys), which it reads: it refuses the format 3 this pydebug writes, asking to be upgraded.
 */
async function givePreviousLock(p: TestProject): Promise<void> {
  const path = join(p.dir, 'pydebug.lock');
  await writeFile(path, serializePreviousLock(parseLock(await readFile(path, 'utf8')), { sortedKeys: false }));
}

/** The previous dist's `list --json` entry for `id`, run as a user runs it (a few hundred ms). */
function oldList(p: TestProject, id: string): { status: string; key: string; reason: string | null } {
  const r = spawnSync(process.execPath, [oldCli!, 'list', '--json'], { cwd: p.dir, env: { ...p.env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ id: string; status: string; key: string; reason: string | null }>).find((e) => e.id === id)!;
}

describe('a store an older pydebug (entry format 3) shares', () => {
  it('list leaves its entry alone, lists its own entries as missing and says in one line what is there', async () => {
    await using p = await project();
    const { dir } = await plantFormat3Entry(p, ID);
    const before = await snapshot(dir);
    const r = await p.pydebug(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const entry = (JSON.parse(r.stdout) as Array<{ id: string; status: string; entry_key: string }>).find((e) => e.id === ID)!;
    expect(entry.status).toBe('missing');
    expect(entry.entry_key).not.toBe(relative(join(p.store.root, 'store'), dir));
    expect(r.stderr).toBe(`note: 1 entry of an older pydebug in ${join(p.store.root, 'store')} (this pydebug neither uses nor removes it; \`pydebug clean --all\` removes it with the whole store)\n`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('sync plans to build its own entries, and a sync leaves the old one and its log alone', async () => {
    await using p = await project();
    const { key, dir } = await plantFormat3Entry(p, ID);
    const before = await snapshot(dir);
    const lock = { lock: assembleLock(projectOf(RECIPE_YAML), { '3.13.2': lockedSource() }), path: join(p.dir, 'pydebug.lock'), reasons: [], written: false };
    const { plan, states } = await planFor(lock, {}, p.env, p.store, { everyFile: true });
    expect(plan.selected.map((s) => s.id)).toContain(ID);
    expect(plan.selected.map((s) => s.entryKey)).not.toContain(key);
    expect([...states.values()].map((s) => s.status)).toEqual(plan.selected.map(() => 'missing'));
    // A sync that cannot download: it sweeps, registers the project and plans, then fails.
    const r = await p.pydebug(['sync', '--no-pull', '--variant', 'debug']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(await snapshot(dir)).toEqual(before);
    expect(await readFile(join(p.store.logsDir, `${key}.log`), 'utf8')).toBe('# configure\n');
  });

  it('clean in a project leaves it, and says so in one line', async () => {
    await using p = await project();
    const { key, dir } = await plantFormat3Entry(p, ID);
    const before = await snapshot(dir);
    const line = `1 entry of an older pydebug in ${join(p.store.root, 'store')} (this pydebug neither uses nor removes it; \`pydebug clean --all\` removes it with the whole store)`;
    const dry = await p.pydebug(['clean', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would leave ${line}\n`);
    const r = await p.pydebug(['clean']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`left ${line}\n`);
    expect(await snapshot(dir)).toEqual(before);
    expect(await present(join(p.store.logsDir, `${key}.log`))).toBe(true);
  });

  it('clean --all names it in a dry run, then removes it with the rest of the store', async () => {
    await using p = await project();
    const { dir } = await plantFormat3Entry(p, ID);
    const dry = await p.pydebug(['clean', '--all', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`would remove ${dir.replace(/[.+]/g, '\\$&')} \\([0-9.]+ MB\\): an older pydebug's entry\n`));
    expect(await present(dir)).toBe(true);
    const r = await p.pydebug(['clean', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`removed ${dir} (`);
    expect(await present(p.store.root)).toBe(false);
  });

  it('clean --all skips an old entry whose mutex the older pydebug holds', async () => {
    await using p = await project();
    const { key, dir } = await plantFormat3Entry(p, ID);
    const mutex = await acquireMutex(p.store.mutexPath(`entry-${key}`), { purpose: `building ${ID}` });
    try {
      const r = await p.pydebug(['clean', '--all', '--yes']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`skipped ${dir.replace(/[.+]/g, '\\$&')}: in use by pid \\d+ \\(building 3\\.13\\.2-debug\\)`));
      expect(await present(join(dir, 'bin', 'python3'))).toBe(true);
      expect(await present(p.store.markPath)).toBe(true);
    } finally {
      await mutex.release();
    }
  });

  it('a store/ that is a symbolic link is not followed: list says nothing of it, clean --all leaves it and says why', async () => {
    await using p = await project();
    await p.store.ensureLayout();
    const victim = join(p.root, 'victim');
    await mkdir(join(victim, 'pydebug-looks-like-an-entry'), { recursive: true });
    await writeFile(join(victim, 'notes.txt'), 'mine');
    await symlink(victim, join(p.store.root, 'store'));
    const list = await p.pydebug(['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toBe('');
    const r = await p.pydebug(['clean', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`skipped ${join(p.store.root, 'store')}: it is a symbolic link, and pydebug removes nothing through a link`);
    expect((await readdir(victim)).sort()).toEqual(['notes.txt', 'pydebug-looks-like-an-entry']);
  });

  it("the previous dist reads its entry as built before and after this pydebug's list, sync and clean", async (t) => {
    if (!oldCli) t.skip(`git has no commit ${PREVIOUS_DIST_COMMIT} here (a shallow clone): the previous dist cannot be extracted`);
    await using p = await project();
    const { key, dir } = await plantFormat3Entry(p, ID);
    await givePreviousLock(p);
    expect(oldList(p, ID)).toMatchObject({ status: 'built', key, reason: null });
    for (const argv of [['list'], ['sync', '--no-pull', '--variant', 'debug'], ['clean']]) await p.pydebug(argv);
    // This pydebug's sync rewrote the lock as format 3; the previous one is given its own again.
    await givePreviousLock(p);
    expect(oldList(p, ID)).toMatchObject({ status: 'built', key, reason: null });
    // Its own clean still finds what it would remove: the project's record, as this pydebug left it, is readable to it.
    await p.pydebug(['sync', '--no-pull', '--variant', 'debug']);
    await givePreviousLock(p);
    const r = spawnSync(process.execPath, [oldCli!, 'clean', '--dry-run'], { cwd: p.dir, env: { ...p.env }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`would remove ${dir} (`);
  });
});

async function project(): Promise<TestProject & AsyncDisposable> {
  const p = await makeProject();
  p.env.PYDEBUG_MIRROR = 'http://127.0.0.1:9/nowhere';
  p.env.PYDEBUG_RETRY_DELAY_MS = '0';
  return Object.assign(p, { [Symbol.asyncDispose]: () => p.cleanup() });
}
