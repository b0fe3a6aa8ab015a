/**
 * Restoring store entries from the GitHub Actions cache, with the real @actions/cache saving and
 * the local cache service (test/support/cache-server.ts) serving: a real archive of a valid entry
 * restores; hostile archives (real tar bytes, zstd-compressed by the real zstd, served under the
 * entry's key and version) are refused whole, and create nothing anywhere: not beside the
 * workspace, not in the store's sources/, not through a link, not in the store at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCacheVersion } from '../../node_modules/@actions/cache/lib/internal/cacheUtils.js';
import { archivePrefix, cacheVersion, compressionMethod } from '../../src/action/cache-service.js';
import { EntryCache } from '../../src/action/entry-cache.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { readManifest } from '../../src/store/manifest.js';
import { Store } from '../../src/store/store.js';
import type { SyncedEntry } from '../../src/sync/sync.js';
import { fakeBuiltEntry } from '../cli/project.js';
import { type CacheServer, startCacheServer } from '../support/cache-server.js';
import { existsNoFollow as present } from '../support/exists.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { member, pax, tarball } from '../support/tar-writer.js';
import { fileTempDir } from '../support/temp-dir.js';

/** Answers pydebug's probe as a 3.13 debug build does. */
const PROBE_ANSWER = {
  executable: 'python3',
  version: '3.13.2',
  full_version: '3.13.2',
  implementation: 'cpython',
  abiflags: 'd',
  prefix: '/x',
  soabi: null,
  ext_suffix: null,
  config_args: null,
  cc: null,
  opt: '',
  cflags: '',
  ldflags: '',
  include: null,
  config: { Py_DEBUG: 1, WITH_PYMALLOC: 1, WITH_VALGRIND: 0, Py_GIL_DISABLED: 0 },
  has_gettotalrefcount: true,
  has_getobjects: false,
  allocator: null,
  gil_enabled: true,
};
const PROBED_PYTHON = `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(PROBE_ANSWER)}\nEOF\n`;

const ID = '3.13.2-debug';
const KEY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-test';
const IMAGE = { os: 'ubuntu24', version: '1' };
const lock = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const planned: PlannedBuild = { id: ID, entryKey: KEY, build: lock.builds[ID]!, source: lock.sources['3.13.2']! };

let server: CacheServer;
let work: string;
let serviceDir: string;
const savedEnv = { ...process.env };
let store: Store;
let warnings: string[];
const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };

beforeAll(async () => {
  work = await fileTempDir('pydebug-entry-cache-');
  serviceDir = join(work, 'service');
  server = await startCacheServer(serviceDir);
  await mkdir(join(work, 'ws'));
  await mkdir(join(work, 'runner-temp'));
  Object.assign(process.env, server.env(), { RUNNER_TEMP: join(work, 'runner-temp'), GITHUB_WORKSPACE: join(work, 'ws') });
});
afterAll(async () => {
  process.env = savedEnv;
  await server?.close();
});

let n = 0;
beforeEach(async () => {
  n += 1;
  store = new Store(join(work, `home-${n}`));
  await store.ensureLayout();
  warnings = [];
  server.entries.length = 0;
});

/** Serves `archive` (compressed bytes) as the cache entry of KEY for this store, as if a workflow had saved it. */
async function serve(archive: Buffer): Promise<void> {
  const id = 1000 + n;
  await writeFile(join(serviceDir, `entry-${id}.bin`), archive);
  const version = cacheVersion([store.entryDir(KEY)], await compressionMethod());
  server.entries.push({ key: `${KEY}-${IMAGE.os}-${IMAGE.version}`, version, id, size: archive.length, finalized: true });
}

function zstd(tar: Buffer): Buffer {
  const r = spawnSync('zstd', ['-q', '-c'], { input: tar, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`zstd: ${r.stderr}`);
  return r.stdout;
}

/** A member with its name (and link) in a pax header, as @actions/cache's `tar --posix` writes long names. */
function paxMember(name: string, spec: { type?: string; data?: string; linkname?: string } = {}): Buffer {
  const records: Array<[string, string]> = [['path', name]];
  if (spec.linkname) records.push(['linkpath', spec.linkname]);
  return Buffer.concat([pax(records), member({ name: 'placeholder', ...spec })]);
}

/** The entry's directory member, as the start of every archive @actions/cache makes of it. */
const prefix = () => archivePrefix(store.entryDir(KEY));

async function restoreRefused(): Promise<void> {
  const cache = new EntryCache(store, IMAGE, log, { restore: true, save: false });
  expect(await cache.restore(planned)).toBe(false);
  expect(warnings.join('\n')).toMatch(new RegExp(`^${ID}: the cache entry ${KEY}-ubuntu24-1 is not usable \\(.+\\); building instead$`));
  expect(cache.restores.get(ID)).toMatchObject({ matchedKey: undefined, exact: false });
  expect(await readdir(store.entriesDir)).toEqual([]);
  expect(await readdir(store.tmpDir)).toEqual([]);
}

describe('EntryCache.restore, through the cache service protocol', () => {
  it('computes the version @actions/cache saves under', async () => {
    const dir = store.entryDir(KEY);
    expect(cacheVersion([dir], 'zstd-without-long')).toBe(getCacheVersion([dir], 'zstd-without-long' as never));
    expect(cacheVersion([dir], 'gzip')).toBe(getCacheVersion([dir], 'gzip' as never));
  });

  it('restores a real archive saved by @actions/cache of a valid entry, verified, into the store', async () => {
    const python = await fakeBuiltEntry(store, KEY, ID, { interpreter: PROBED_PYTHON });
    const cache = new EntryCache(store, IMAGE, log, { restore: true, save: true });
    const state = await store.readEntry(KEY);
    if (state.status !== 'ok') throw new Error(JSON.stringify(state));
    const entry: SyncedEntry = { id: ID, version: '3.13.2', variant: 'debug', entryKey: KEY, lockKey: 'x', status: 'built', dir: state.dir, python, manifest: state.manifest };
    expect(await cache.save(entry)).toBe('saved');

    expect(server.entries[0]!.version).toBe(cacheVersion([store.entryDir(KEY)], await compressionMethod()));
    await store.remove(KEY);

    expect(await cache.restore(planned)).toBe(true);
    expect(warnings).toEqual([]);
    expect(cache.restores.get(ID)).toEqual({ key: `${KEY}-ubuntu24-1`, matchedKey: `${KEY}-ubuntu24-1`, exact: true });
    const restored = await store.readEntry(KEY, { everyFile: true });
    expect(restored.status).toBe('ok');
    expect(await readFile(join(store.entryDir(KEY), 'share', 'pydebug', 'build.log'), 'utf8')).toBe('# pydebug build\n');
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  /** Serves an archive of an entry built in a store at another path, named as @actions/cache would name this store's entry. */
  async function serveBuiltElsewhere(): Promise<string> {
    const other = new Store(join(work, `elsewhere-${n}`));
    await fakeBuiltEntry(other, KEY, ID, { interpreter: PROBED_PYTHON });
    const built = other.entryDir(KEY);
    const read = await readManifest(built);
    if (!('manifest' in read)) throw new Error('no manifest');
    await mkdir(join(built, 'lib', 'pkgconfig'));
    await writeFile(join(built, 'lib', 'pkgconfig', 'python-3.13.pc'), `prefix=${built}\nincludedir=\${prefix}/include\n`);
    const { manifest_version: _v, size: _s, contents: _c, ...fields } = read.manifest;
    await other.writeManifest(built, fields);
    const tar = spawnSync('tar', ['--posix', '-cf', '-', '-C', other.entriesDir, '--transform', `s,^${KEY},${prefix()},`, KEY], { maxBuffer: 1 << 28 });
    await serve(zstd(tar.stdout));
    return built;
  }

  it('relocates an entry that was built for another path, and it verifies at its new place', async () => {
    const built = await serveBuiltElsewhere();
    const infos: string[] = [];
    const cache = new EntryCache(store, IMAGE, { info: (m) => infos.push(m), warning: (m) => warnings.push(m) }, { restore: true, save: false });
    expect(await cache.restore(planned)).toBe(true);
    expect(warnings).toEqual([]);
    expect(infos.join('\n')).toContain(`${ID}: relocated from ${built} (built at ${built}): 1 files rewritten`);
    const restored = await store.readEntry(KEY, { everyFile: true });
    expect(restored.status).toBe('ok');
    if (restored.status !== 'ok') return;
    expect(restored.manifest.prefix).toBe(store.entryDir(KEY));
    expect(restored.manifest.relocation?.built_prefix).toBe(built);
    expect(await readFile(join(store.entryDir(KEY), 'lib', 'pkgconfig', 'python-3.13.pc'), 'utf8')).toBe(`prefix=${store.entryDir(KEY)}\nincludedir=\${prefix}/include\n`);
  });

  it('refuses to relocate into a store path with a space, and builds instead', async () => {
    store = new Store(join(work, `home with space ${n}`));
    await store.ensureLayout();
    await serveBuiltElsewhere();
    const cache = new EntryCache(store, IMAGE, log, { restore: true, save: false });
    expect(await cache.restore(planned)).toBe(false);
    expect(warnings.join('\n')).toMatch(/is not usable \(cannot move the entry to ".*home with space.*": it contains a space, which the Makefile/);
    expect(await readdir(store.entriesDir)).toEqual([]);
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  it('a miss restores nothing and warns nothing', async () => {
    const cache = new EntryCache(store, IMAGE, log, { restore: true, save: false });
    expect(await cache.restore(planned)).toBe(false);
    expect(warnings).toEqual([]);
    expect(await readdir(store.entriesDir)).toEqual([]);
  });
});

describe('EntryCache.restore refuses hostile archives whole, creating nothing outside its staging directory', () => {
  it('an absolute member name', async () => {
    const target = join(work, `absolute-${n}`);
    await serve(zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }), paxMember(target, { data: 'pwned' }))));
    await restoreRefused();
    expect(warnings[0]).toContain(`${target}, an absolute path`);
    expect(await present(target)).toBe(false);
  });

  it('a member that climbs out of the entry with ../', async () => {
    // From the workspace: <ws>/../home-N/entries/<key>/../../../escaped-N is <work>/escaped-N.
    await serve(zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }), paxMember(`${prefix()}/../../../escaped-${n}`, { data: 'pwned' }))));
    await restoreRefused();
    expect(warnings[0]).toContain('climbs out with ".."');
    expect(await present(join(work, `escaped-${n}`))).toBe(false);
  });

  it('a member beside the workspace (../x), outside the entry', async () => {
    await serve(zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }), paxMember(`../beside-${n}`, { data: 'pwned' }))));
    await restoreRefused();
    expect(warnings[0]).toMatch(/outside the entry/);
    expect(await present(join(work, `beside-${n}`))).toBe(false);
  });

  it("a source tree planted in the store's sources/ (then built as if pydebug had extracted it)", async () => {
    const sources = archivePrefix(store.sourcesDir);
    const tree = `3.13.2-${lockedSource().sha256.slice(0, 16)}`;
    await serve(
      zstd(
        tarball(
          paxMember(`${prefix()}/`, { type: '5' }),
          paxMember(`${sources}/${tree}/`, { type: '5' }),
          paxMember(`${sources}/${tree}/configure`, { data: '#!/bin/sh\necho pwned\n' }),
          paxMember(`${sources}/${tree}/Lib/site.py`, { data: 'import os; os.system("pwned")\n' }),
        ),
      ),
    );
    await restoreRefused();
    expect(warnings[0]).toMatch(/outside the entry/);
    expect(await readdir(store.sourcesDir)).toEqual([]);
  });

  it('a symlink to a directory outside, then a file written through it', async () => {
    const victim = join(work, `victim-${n}`);
    await mkdir(victim);
    await writeFile(join(victim, 'notes.txt'), 'user data');
    await serve(
      zstd(
        tarball(
          paxMember(`${prefix()}/`, { type: '5' }),
          paxMember(`${prefix()}/lib/`, { type: '5' }),
          paxMember(`${prefix()}/lib/evil`, { type: '2', linkname: victim }),
          paxMember(`${prefix()}/lib/evil/notes.txt`, { data: 'pwned' }),
          paxMember(`${prefix()}/lib/evil/new.txt`, { data: 'pwned' }),
        ),
      ),
    );
    await restoreRefused();
    expect(warnings[0]).toMatch(/symlink .*lib\/evil points to the absolute path/);
    expect(await readFile(join(victim, 'notes.txt'), 'utf8')).toBe('user data');
    expect(await readdir(victim)).toEqual(['notes.txt']);
  });

  it('a relative symlink that climbs out, then a file written through it', async () => {
    const victim = join(work, `victim-${n}`);
    await mkdir(victim);
    await serve(
      zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }), paxMember(`${prefix()}/up`, { type: '2', linkname: `../../../victim-${n}` }), paxMember(`${prefix()}/up/new.txt`, { data: 'pwned' }))),
    );
    await restoreRefused();
    expect(await readdir(victim)).toEqual([]);
  });

  it('a hardlink to a file outside the entry', async () => {
    const victim = join(work, `victim-${n}.txt`);
    await writeFile(victim, 'user data');
    await serve(zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }), paxMember(`${prefix()}/linked`, { type: '1', linkname: victim }))));
    await restoreRefused();
    expect(warnings[0]).toMatch(/hardlink .* points to .*, an absolute path/);
    expect(await readFile(victim, 'utf8')).toBe('user data');
  });

  it('a file that is not a compressed archive at all', async () => {
    await serve(Buffer.from('not an archive'));
    await restoreRefused();
    expect(warnings[0]).toContain('neither zstd nor gzip');
  });
});

describe('an archive the previous pydebug saved (entry format 3: its entries in store/<key>/)', () => {
  /** A valid entry, archived as @actions/cache names the previous pydebug's store/<key>/ of this store. */
  async function oldArchive(): Promise<Buffer> {
    const other = new Store(join(work, `format3-${n}`));
    await fakeBuiltEntry(other, KEY, ID, { interpreter: PROBED_PYTHON });
    const old = archivePrefix(join(store.root, 'store', KEY));
    const tar = spawnSync('tar', ['--posix', '-cf', '-', '-C', other.entriesDir, '--transform', `s,^${KEY},${old},`, KEY], { maxBuffer: 1 << 28 });
    return zstd(tar.stdout);
  }

  it('is not found: the version @actions/cache keyed it under names the old path', async () => {
    const archive = await oldArchive();
    const id = 2000 + n;
    await writeFile(join(serviceDir, `entry-${id}.bin`), archive);
    const version = cacheVersion([join(store.root, 'store', KEY)], await compressionMethod());
    server.entries.push({ key: `${KEY}-${IMAGE.os}-${IMAGE.version}`, version, id, size: archive.length, finalized: true });
    const cache = new EntryCache(store, IMAGE, log, { restore: true, save: false });
    expect(await cache.restore(planned)).toBe(false);
    expect(warnings).toEqual([]);
    expect(await readdir(store.entriesDir)).toEqual([]);
    expect(await present(join(store.root, 'store'))).toBe(false);
  });

  it("served under this entry's key and version anyway: refused whole, nothing extracted into store/ or entries/", async () => {
    await serve(await oldArchive());
    await restoreRefused();
    expect(warnings[0]).toMatch(/outside the entry/);
    expect(await present(join(store.root, 'store'))).toBe(false);
  });
});

describe('the incomplete-restore marker', () => {
  it('a planted entries/.<key>.incomplete linked to a user file: the file keeps its content', async () => {
    const userFile = join(work, `precious-${n}.txt`);
    await writeFile(userFile, 'user data');
    await symlink(userFile, store.incompleteMarker(KEY));
    await serve(zstd(tarball(paxMember(`${prefix()}/`, { type: '5' }))));
    const cache = new EntryCache(store, IMAGE, log, { restore: true, save: false });
    expect(await cache.restore(planned)).toBe(false);
    expect(await readFile(userFile, 'utf8')).toBe('user data');
  });
});
