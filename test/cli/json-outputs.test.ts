/**
 * `which --json`, `list --json` and `sync --json` print one shape per entry (store/entry-json.ts),
 * in process: a project whose debug entry is built (by hand, as a build writes it), trace-refs
 * missing and valgrind damaged.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryJson } from '../../src/store/entry-json.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

const FIELDS = [
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

let p: TestProject;
let keys: Record<string, string>;
let python: string;
beforeEach(async () => {
  p = await makeProject();
  keys = await entryKeys(p);
  python = await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug');
  await fakeBuiltEntry(p.store, keys['3.13.2-valgrind']!, '3.13.2-valgrind', { suppressions: true });
  await rm(join(p.store.entryDir(keys['3.13.2-valgrind']!), MANIFEST_FILE));
});
afterEach(() => p.cleanup());

async function json<T>(argv: string[]): Promise<T> {
  const r = await p.pydebug(argv);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('one JSON shape for an entry', () => {
  it('list --json: every entry, built or not, with every field', async () => {
    const listed = await json<EntryJson[]>(['list', '--json']);
    expect(listed.map((e) => [e.id, e.status, e.reason, e.synced])).toEqual([
      ['3.13.2-debug', 'built', null, null],
      ['3.13.2-trace-refs', 'missing', null, null],
      ['3.13.2-valgrind', 'damaged', 'its manifest is missing', null],
    ]);
    for (const e of listed) expect(Object.keys(e)).toEqual(FIELDS);
    const debug = listed[0]!;
    expect(debug).toMatchObject({
      version: '3.13.2',
      variant: 'debug',
      python,
      prefix: p.store.entryDir(keys['3.13.2-debug']!),
      entry_key: keys['3.13.2-debug'],
      abiflags: 'd',
      sanitizers: [],
      env: {},
    });
    expect(debug.lock_key).toMatch(/^3\.13\.2-debug-[0-9a-f]{16}$/);
    expect(debug.macros).toMatchObject({ Py_DEBUG: true, Py_TRACE_REFS: false });
    expect(debug.proven).toMatchObject({ Py_DEBUG: true, Py_REF_DEBUG: true });
    expect(listed[1]).toMatchObject({ python: null, prefix: null, proven: null, valgrind_suppressions: null });
    expect(listed[1]!.macros).toMatchObject({ Py_DEBUG: true, Py_TRACE_REFS: true });
  });

  it('which --json: the same object as list --json gives for the entry; --env adds env_python and env_dir', async () => {
    const listed = await json<EntryJson[]>(['list', '--json']);
    expect(await json(['which', 'debug', '--json'])).toEqual(listed[0]);
    const withEnv = await json<EntryJson & { env_python: string; env_dir: string }>(['which', 'debug', '--env', '--json']);
    const envDir = join(p.dir, '.pydebug', 'envs', '3.13.2-debug');
    expect(withEnv).toEqual({ ...listed[0], env_python: join(envDir, 'bin', 'python'), env_dir: envDir });
  });

  it('sync --json: the same object as list --json, with what the sync did (reused)', async () => {
    const listed = await json<EntryJson[]>(['list', '--variant', 'debug', '--json']);
    const synced = await json<EntryJson[]>(['sync', '--frozen', '--variant', 'debug', '--json', '--quiet']);
    expect(synced).toEqual([{ ...listed[0], synced: 'reused' }]);
  });
});
