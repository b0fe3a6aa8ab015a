/**
 * The Action's cache layer (EntryCache, in process) with the real @actions/cache and the local
 * cache service: an archive that does not match its entry's manifest is ignored (and the entry
 * left to be rebuilt), a good one is restored, and a save that the service refuses ("another job
 * may be creating this cache") only warns.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EntryCache } from '../../src/action/entry-cache.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { Store } from '../../src/store/store.js';
import type { SyncedEntry } from '../../src/sync/sync.js';
import { type CacheServer, startCacheServer } from '../support/cache-server.js';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');
let server: CacheServer;
let work: string;
let store: Store;
const saved = { ...process.env };
const warnings: string[] = [];
const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };

interface Listed {
  id: string;
  entry_key: string;
  prefix: string;
  python: string;
  version: string;
  variant: string;
  lock_key: string;
}
let debug: Listed;
let lock: { builds: Record<string, PlannedBuild['build']>; sources: Record<string, PlannedBuild['source']> };

const planned = (): PlannedBuild => ({ id: debug.id, entryKey: debug.entry_key, build: lock.builds[debug.id]!, source: lock.sources[debug.version]! });
async function syncedFrom(s: Store): Promise<SyncedEntry> {
  const state = await s.readEntry(debug.entry_key);
  if (state.status !== 'ok') throw new Error(`entry not ok: ${JSON.stringify(state)}`);
  return {
    id: debug.id,
    version: debug.version,
    variant: debug.variant,
    entryKey: debug.entry_key,
    lockKey: debug.lock_key,
    status: 'built',
    dir: state.dir,
    python: state.python,
    manifest: state.manifest,
  };
}

beforeAll(async () => {
  server = await startCacheServer(join(e2e.work, 'entry-cache-service'));
  work = await mkdtemp(join(e2e.work, 'entry-cache-'));
  Object.assign(process.env, server.env(), { RUNNER_TEMP: join(work, 'temp'), GITHUB_WORKSPACE: join(work, 'workspace') });
  await mkdir(join(work, 'temp'), { recursive: true });
  await mkdir(join(work, 'workspace'), { recursive: true });
  const listed = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Listed[];
  debug = listed.find((e) => e.id === '3.11.2-debug')!;
  const { readFile } = await import('node:fs/promises');
  lock = JSON.parse(await readFile(join(e2e.projectDir, 'pydebug.lock'), 'utf8'));
  store = new Store(join(work, 'home'));
  // A marked store: pydebug adopts only a new or empty directory (issue 21).
  await store.ensureLayout();
  // Timestamps kept: with newer sources, the interpreter would rewrite its .pyc files on first run.
  await cp(debug.prefix, store.entryDir(debug.entry_key), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
});
afterAll(async () => {
  process.env = saved;
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('EntryCache', () => {
  it('saves an entry, and restores it into an empty store, verified', async () => {
    const cache = new EntryCache(store, { os: 'ubuntu24', version: '1' }, log, { restore: true, save: true });
    expect(await cache.save(await syncedFrom(store))).toBe('saved');
    await store.remove(debug.entry_key);
    expect((await store.readEntry(debug.entry_key)).status).toBe('missing');
    expect(await cache.restore(planned())).toBe(true);
    expect(cache.restores.get(debug.id)).toMatchObject({ exact: true });
    expect((await store.readEntry(debug.entry_key)).status).toBe('ok');
  });

  it('a save the service refuses (another job is creating it) only warns', async () => {
    const cache = new EntryCache(store, { os: 'ubuntu24', version: '1' }, log, { restore: true, save: true });
    warnings.length = 0;
    expect(await cache.save(await syncedFrom(store))).toBe('not-saved');
    expect(warnings.join('\n')).toMatch(/not saved to the cache as pydebug-3\.11\.2-debug-.*another job may be creating it/);
  });

  it('an archive that does not match its manifest is ignored, and the entry left to be rebuilt', async () => {
    // A real archive of a damaged entry (a stdlib file missing), served under the good key.
    const entryDir = store.entryDir(debug.entry_key);
    // Seen once in a full CI rehearsal: lib/python3.11/__pycache__/abc.cpython-311.pyc of this
    // copy had changed since it was built (cause not found; 3.11 debug builds import the stdlib
    // from source, frozen modules off). Say so here, so the report below is read for what it is.
    const before = await store.readEntry(debug.entry_key, { everyFile: true });
    if (before.status !== 'ok') process.stderr.write(`[e2e] entry-cache: the entry copy is not as built before the test damages it: ${JSON.stringify(before)}\n`);
    await rm(join(entryDir, 'lib', 'python3.11', 'os.py'));
    const tamperedCache = new EntryCache(store, { os: 'ubuntu24', version: 'tampered' }, log, { restore: true, save: true });
    expect(await tamperedCache.save(await syncedFrom(store))).toBe('saved');
    const good = server.entries.find((e) => e.key.endsWith('-ubuntu24-1'))!;
    const bad = server.entries.find((e) => e.key.endsWith('-ubuntu24-tampered'))!;
    good.id = bad.id; // the service now hands out the damaged archive for the good key

    await store.remove(debug.entry_key);
    warnings.length = 0;
    const cache = new EntryCache(store, { os: 'ubuntu24', version: '1' }, log, { restore: true, save: true });
    expect(await cache.restore(planned())).toBe(false);
    expect(warnings.join('\n')).toMatch(
      before.status === 'ok'
        ? /3\.11\.2-debug: the cache entry pydebug-3\.11\.2-debug-\S+ is not usable \(1 file differs from what was built: lib\/python3\.11\/os\.py is missing\); building instead/
        : /3\.11\.2-debug: the cache entry pydebug-3\.11\.2-debug-\S+ is not usable \(\d+ files differ from what was built: (?:.*; )?lib\/python3\.11\/os\.py is missing(?:; .*)?\); building instead/,
    );
    expect((await store.readEntry(debug.entry_key)).status).toBe('missing');
    expect((await readdir(store.entriesDir)).filter((n) => n.includes(debug.entry_key))).toEqual([]);
    expect(cache.restores.get(debug.id)).toMatchObject({ exact: false, matchedKey: undefined });
  });
});
