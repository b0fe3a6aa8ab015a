/**
 * The Action's outputs from a sync's outcome (pure): `cache-hit` and the other outputs when every
 * entry was an exact cache hit, when some came through the restore key, when some were built,
 * when none came from the cache; and what the post run retries.
 */
import { describe, expect, it } from 'vitest';
import { actionsCacheKeys } from '../../src/action/cache-keys.js';
import type { RestoreRecord, SaveOutcome } from '../../src/action/entry-cache.js';
import { computeOutputs, type EntryOutcome, pendingSaves, summaryMarkdown, syncedHow } from '../../src/action/outputs.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { githubMatrix } from '../../src/plan/github-matrix.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { manifestOf } from '../support/manifest.js';

const IDS = ['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind'] as const;
type Id = (typeof IDS)[number];
const LOCK = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const MATRIX = githubMatrix(projectConfig(RECIPE_YAML), {});
const IMAGE = { os: 'ubuntu24', version: '20261123.1' };
const entryKey = (id: Id) => `pydebug-${LOCK.builds[id]!.lock_key}-linux-x64-89abcdef`;
const actionsKey = (id: Id) => actionsCacheKeys(entryKey(id), IMAGE).key;
const olderImageKey = (id: Id) => `${entryKey(id)}-ubuntu24-20261116.1`;

/** What the sync and the cache did with one entry. */
function outcome(id: Id, how: 'exact hit' | 'restore key' | 'built' | 'built after a miss' | 'on the runner', save?: SaveOutcome): EntryOutcome {
  const build = LOCK.builds[id]!;
  const prefix = `/opt/hostedtoolcache/pydebug/store/${entryKey(id)}`;
  const restore: RestoreRecord | undefined = {
    'exact hit': { key: actionsKey(id), matchedKey: actionsKey(id), exact: true },
    'restore key': { key: actionsKey(id), matchedKey: olderImageKey(id), exact: false },
    'built after a miss': { key: actionsKey(id), matchedKey: undefined, exact: false },
    built: undefined,
    'on the runner': undefined,
  }[how];
  const built = how === 'built' || how === 'built after a miss';
  return {
    entry: {
      id,
      version: build.source,
      variant: build.variant,
      entryKey: entryKey(id),
      lockKey: build.lock_key,
      status: built ? 'built' : 'reused',
      dir: prefix,
      python: `${prefix}/bin/python3`,
      manifest: manifestOf({ id, entryKey: entryKey(id), lockKey: build.lock_key, prefix, macros: build.expect.macros, env: build.env, seconds: 612 }),
    },
    build,
    restore,
    save: save && { key: actionsKey(id), outcome: save },
  };
}

describe('cache-hit and the other outputs', () => {
  it('every entry an exact hit: cache-hit true, nothing built, each matched key listed', () => {
    const outcomes = IDS.map((id) => outcome(id, 'exact hit'));
    const out = computeOutputs(outcomes, MATRIX);
    expect(out['cache-hit']).toBe('true');
    expect(JSON.parse(out.built)).toEqual([]);
    expect(out['cache-matched-key']).toBe(IDS.map(actionsKey).join(' '));
    expect(out['python-path']).toBe(outcomes[0]!.entry.python);
    expect(out['python-version']).toBe('3.13.2');
    expect(JSON.parse(out.matrix)).toEqual(MATRIX);
    const interpreters = JSON.parse(out.interpreters);
    expect(Object.keys(interpreters)).toEqual([...IDS]);
    expect(IDS.map((id) => interpreters[id].synced)).toEqual(['restored', 'restored', 'restored']);
  });

  it("some restored through the restore key (a runner image update): cache-hit false until saved under this image's key", () => {
    const outcomes = [outcome('3.13.2-debug', 'exact hit'), outcome('3.13.2-trace-refs', 'restore key', 'saved'), outcome('3.13.2-valgrind', 'exact hit')];
    const out = computeOutputs(outcomes, MATRIX);
    expect(out['cache-hit']).toBe('false');
    expect(JSON.parse(out.built)).toEqual([]);
    expect(out['cache-matched-key']).toBe([actionsKey('3.13.2-debug'), olderImageKey('3.13.2-trace-refs'), actionsKey('3.13.2-valgrind')].join(' '));
    expect(JSON.parse(out.interpreters)['3.13.2-trace-refs'].synced).toBe('restored');
  });

  it("some built: cache-hit false, the built ones listed, only the restored ones' keys", () => {
    const outcomes = [outcome('3.13.2-debug', 'exact hit'), outcome('3.13.2-trace-refs', 'built after a miss', 'saved'), outcome('3.13.2-valgrind', 'exact hit')];
    const out = computeOutputs(outcomes, MATRIX);
    expect(out['cache-hit']).toBe('false');
    expect(JSON.parse(out.built)).toEqual(['3.13.2-trace-refs']);
    expect(out['cache-matched-key']).toBe(`${actionsKey('3.13.2-debug')} ${actionsKey('3.13.2-valgrind')}`);
    expect(IDS.map((id) => JSON.parse(out.interpreters)[id].synced)).toEqual(['restored', 'built', 'restored']);
  });

  it('none from the cache (all built, or the cache turned off): cache-hit false, no matched key', () => {
    for (const outcomes of [IDS.map((id) => outcome(id, 'built after a miss', 'saved')), IDS.map((id) => outcome(id, 'built'))]) {
      const out = computeOutputs(outcomes, MATRIX);
      expect(out['cache-hit']).toBe('false');
      expect(JSON.parse(out.built)).toEqual([...IDS]);
      expect(out['cache-matched-key']).toBe('');
    }
  });

  it('already on the runner (a self-hosted runner\'s store): not a cache hit, synced "reused"', () => {
    const outcomes = IDS.map((id) => outcome(id, 'on the runner'));
    const out = computeOutputs(outcomes, MATRIX);
    expect(out['cache-hit']).toBe('false');
    expect(JSON.parse(out.built)).toEqual([]);
    expect(out['cache-matched-key']).toBe('');
    expect(outcomes.map(syncedHow)).toEqual(['reused', 'reused', 'reused']);
  });

  it('synced: how each entry came to be there; pushed: the digests pushed', () => {
    const outcomes = [outcome('3.13.2-debug', 'exact hit'), outcome('3.13.2-trace-refs', 'built after a miss', 'saved'), outcome('3.13.2-valgrind', 'on the runner')];
    const pulled: EntryOutcome = { ...outcome('3.13.2-valgrind', 'on the runner'), restore: undefined };
    pulled.entry = { ...pulled.entry, status: 'pulled', pulled: { digest: `sha256:${'d'.repeat(64)}`, pinned: true } };
    const out = computeOutputs([...outcomes.slice(0, 2), pulled], MATRIX, { '3.13.2-trace-refs': `sha256:${'e'.repeat(64)}` });
    expect(JSON.parse(out.synced)).toEqual({ '3.13.2-debug': 'restored', '3.13.2-trace-refs': 'built', '3.13.2-valgrind': 'pulled' });
    expect(JSON.parse(out.pushed)).toEqual({ '3.13.2-trace-refs': `sha256:${'e'.repeat(64)}` });
    expect(JSON.parse(out.interpreters)['3.13.2-valgrind'].synced).toBe('pulled');
    expect(JSON.parse(computeOutputs(outcomes, MATRIX).synced)['3.13.2-valgrind']).toBe('reused');
    expect(summaryMarkdown([pulled], 1)).toContain(`pulled sha256:${'d'.repeat(64)} from the registry (pinned)`);
  });

  it('no entries: cache-hit false and empty paths', () => {
    const out = computeOutputs([], { include: [] });
    expect(out).toEqual({
      'python-path': '',
      'python-version': '',
      interpreters: '{}',
      synced: '{}',
      pushed: '{}',
      'cache-hit': 'false',
      'cache-matched-key': '',
      built: '[]',
      matrix: '{"include":[]}',
    });
  });

  it('interpreters: the entry JSON of list --json, keyed by id', () => {
    const o = outcome('3.13.2-valgrind', 'built after a miss', 'saved');
    const json = JSON.parse(computeOutputs([o], MATRIX).interpreters)['3.13.2-valgrind'];
    expect(json).toEqual({
      id: '3.13.2-valgrind',
      version: '3.13.2',
      variant: 'valgrind',
      status: 'built',
      reason: null,
      changed: [],
      synced: 'built',
      python: o.entry.python,
      prefix: o.entry.dir,
      entry_key: entryKey('3.13.2-valgrind'),
      lock_key: LOCK.builds['3.13.2-valgrind']!.lock_key,
      abiflags: 'd',
      macros: LOCK.builds['3.13.2-valgrind']!.expect.macros,
      sanitizers: [],
      proven: LOCK.builds['3.13.2-valgrind']!.expect.macros,
      env: LOCK.builds['3.13.2-valgrind']!.env,
      valgrind_suppressions: null,
      lock_stale: false,
      lock_reasons: [],
    });
    expect(json.macros).toMatchObject({ WITH_VALGRIND: true, WITH_PYMALLOC: false });
  });
});

describe('pendingSaves: what the post run tries again', () => {
  it('saves that lost a race or failed, by entry key and cache key; not the saved ones, nor entries not saved at all', () => {
    const outcomes = [outcome('3.13.2-debug', 'built after a miss', 'not-saved'), outcome('3.13.2-trace-refs', 'built after a miss', 'saved'), outcome('3.13.2-valgrind', 'restore key', 'failed')];
    expect(pendingSaves([...outcomes, outcome('3.13.2-debug', 'built')])).toEqual([
      { id: '3.13.2-debug', entryKey: entryKey('3.13.2-debug'), actionsKey: actionsKey('3.13.2-debug') },
      { id: '3.13.2-valgrind', entryKey: entryKey('3.13.2-valgrind'), actionsKey: actionsKey('3.13.2-valgrind') },
    ]);
    expect(pendingSaves(IDS.map((id) => outcome(id, 'exact hit')))).toEqual([]);
  });
});

describe('summaryMarkdown', () => {
  it('one row per entry: proven macros (not NDEBUG), and how it came there', () => {
    const md = summaryMarkdown([outcome('3.13.2-debug', 'exact hit'), outcome('3.13.2-trace-refs', 'restore key', 'saved'), outcome('3.13.2-valgrind', 'built after a miss', 'failed')], 754);
    expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| variant'))).toEqual([
      '| debug | 3.13.2 | `"d"` | `Py_DEBUG` `Py_REF_DEBUG` `WITH_PYMALLOC` | cache hit |',
      '| trace-refs | 3.13.2 | `"d"` | `Py_DEBUG` `Py_REF_DEBUG` `Py_TRACE_REFS` `WITH_PYMALLOC` | cache hit (restore key), saved to cache |',
      '| valgrind | 3.13.2 | `"d"` | `Py_DEBUG` `Py_REF_DEBUG` `WITH_VALGRIND` | built in 10m12s, not saved to cache |',
    ]);
    expect(md).toMatch(/^3 interpreters ready in 12m34s\.$/m);
  });
});
