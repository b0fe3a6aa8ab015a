/** The one JSON shape of an entry (pure): every field always there, whatever the entry's state. */

import { describe, expect, it } from 'vitest';
import type { MacroSet } from '../../src/lock/types.js';
import { type EntryBuild, entryJson, notLockedEntryJson, syncedEntryJson } from '../../src/store/entry-json.js';
import type { Manifest } from '../../src/store/store.js';
import { manifestOf } from '../support/manifest.js';

const MACROS: MacroSet = { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: false, WITH_VALGRIND: true, Py_GIL_DISABLED: false, NDEBUG: false };
const BUILD: EntryBuild = {
  source: '3.13.2',
  variant: 'valgrind',
  lock_key: '3.13.2-valgrind-0123456789abcdef',
  expect: { abiflags: 'd', macros: MACROS, sanitizers: [] },
  env: { PYTHONMALLOC: 'malloc' },
};
const ENTRY = { id: '3.13.2-valgrind', entryKey: 'pydebug-3.13.2-valgrind-0123456789abcdef-linux-x64-89abcdef', build: BUILD };
const PREFIX = `/store/${ENTRY.entryKey}`;
const PROVEN: MacroSet = { ...MACROS };

function manifest(files: Manifest['files']): Manifest {
  return manifestOf({ id: ENTRY.id, entryKey: ENTRY.entryKey, lockKey: BUILD.lock_key, prefix: PREFIX, macros: MACROS, env: BUILD.env, files });
}

const BUILT = manifest({ log: 'share/pydebug/build.log', valgrind_suppressions: 'share/pydebug/valgrind-python.supp' });
const EXPECTED_KEYS = [
  'id',
  'version',
  'variant',
  'status',
  'reason',
  'changed',
  'synced',
  'python',
  'prefix',
  'entry_key',
  'lock_key',
  'abiflags',
  'macros',
  'sanitizers',
  'proven',
  'env',
  'valgrind_suppressions',
  'lock_stale',
  'lock_reasons',
];

describe('entryJson', () => {
  it('a built entry: its paths, what the lock promises and what the probe proved', () => {
    expect(entryJson(ENTRY, { status: 'ok', dir: PREFIX, python: `${PREFIX}/bin/python3`, manifest: BUILT })).toEqual({
      id: '3.13.2-valgrind',
      version: '3.13.2',
      variant: 'valgrind',
      status: 'built',
      reason: null,
      changed: [],
      synced: null,
      python: `${PREFIX}/bin/python3`,
      prefix: PREFIX,
      entry_key: ENTRY.entryKey,
      lock_key: '3.13.2-valgrind-0123456789abcdef',
      abiflags: 'd',
      macros: MACROS,
      sanitizers: [],
      proven: PROVEN,
      env: { PYTHONMALLOC: 'malloc' },
      valgrind_suppressions: `${PREFIX}/share/pydebug/valgrind-python.supp`,
      lock_stale: false,
      lock_reasons: [],
    });
  });

  it('an entry shown from a stale lock says so, with the reasons given', () => {
    const standing = { lock_stale: true, lock_reasons: ['3.13.2-valgrind: configure arguments changed: ...'] };
    const json = entryJson(ENTRY, { status: 'missing' }, null, standing);
    expect([json.lock_stale, json.lock_reasons]).toEqual([true, standing.lock_reasons]);
    expect(Object.keys(json)).toEqual(EXPECTED_KEYS);
  });

  it('a missing or damaged entry has the same fields, null where there is nothing built', () => {
    const missing = entryJson(ENTRY, { status: 'missing' });
    const damaged = entryJson(ENTRY, { status: 'damaged', reason: 'its manifest is missing' });
    for (const json of [missing, damaged]) {
      expect(Object.keys(json)).toEqual(EXPECTED_KEYS);
      expect(json).toMatchObject({ python: null, prefix: null, proven: null, valgrind_suppressions: null, abiflags: 'd', macros: MACROS });
    }
    expect([missing.status, missing.reason, missing.changed]).toEqual(['missing', null, null]);
    expect([damaged.status, damaged.reason]).toEqual(['damaged', 'its manifest is missing']);
  });

  it("a built entry changed since it was built: the stat pass's findings", () => {
    const changed = ['lib/python3.13/site-packages/iniconfig/__init__.py is not part of the build'];
    const json = entryJson(ENTRY, { status: 'ok', dir: PREFIX, python: `${PREFIX}/bin/python3`, manifest: BUILT, changed });
    expect([json.status, json.changed]).toEqual(['built', changed]);
  });

  it('no suppression file: null', () => {
    const json = entryJson(ENTRY, { status: 'ok', dir: PREFIX, python: `${PREFIX}/bin/python3`, manifest: manifest({ log: 'share/pydebug/build.log' }) });
    expect(json.valgrind_suppressions).toBeNull();
  });
});

describe('notLockedEntryJson', () => {
  it('every field of an entry, null where only the lock could say', () => {
    const json = notLockedEntryJson({ id: '3.13.2-release', version: '3.13.2', variant: 'release' }, { lock_stale: true, lock_reasons: ['3.13.2-release is in the matrix but not in the lock'] });
    expect(Object.keys(json)).toEqual(EXPECTED_KEYS);
    expect(json).toMatchObject({ status: 'not locked', entry_key: null, lock_key: null, abiflags: null, macros: null, python: null, lock_stale: true });
    expect(json.reason).toContain('`pydebug lock`');
  });
});

describe('syncedEntryJson', () => {
  const synced = { id: ENTRY.id, entryKey: ENTRY.entryKey, dir: PREFIX, python: `${PREFIX}/bin/python3`, manifest: BUILT };

  it('is entryJson of the built entry, with what the sync did', () => {
    const listed = entryJson(ENTRY, { status: 'ok', dir: PREFIX, python: `${PREFIX}/bin/python3`, manifest: BUILT });
    expect(syncedEntryJson({ ...synced, status: 'built' }, BUILD)).toEqual({ ...listed, synced: 'built' });
    expect(syncedEntryJson({ ...synced, status: 'reused' }, BUILD)).toEqual({ ...listed, synced: 'reused' });
    expect(syncedEntryJson({ ...synced, status: 'reused' }, BUILD, 'restored')).toEqual({ ...listed, synced: 'restored' });
    expect(Object.keys(syncedEntryJson({ ...synced, status: 'built' }, BUILD))).toEqual(EXPECTED_KEYS);
  });
});
