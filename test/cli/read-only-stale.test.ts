/**
 * A stale lock (pydebug.yml edited since `pydebug lock`, or the lock edited by hand): the
 * commands that only show (list, which, inspect, matrix) work from the lock as written, say once
 * on stderr that it is stale, why and the fix, and exit 0; --json carries lock_stale and
 * lock_reasons. A variant the lock does not have yet is listed as "not locked", and `which` of it
 * says to lock and sync. The commands that act on the lock (run, which --env, sync --frozen,
 * lock --check) refuse, as before. A missing, unparseable or invalid lock is refused by all but
 * matrix. In process, a project and store in a temp directory, built entries written by hand.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryJson } from '../../src/store/entry-json.js';
import { RECIPE_YAML } from '../support/fixtures.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

let p: TestProject;
let keys: Record<string, string>;
let debugPython: string;
beforeEach(async () => {
  p = await makeProject();
  keys = await entryKeys(p);
  debugPython = await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug');
});
afterEach(() => p.cleanup());

const WITH_RELEASE = RECIPE_YAML.replace('variants:\n', 'variants:\n  release: {}\n');
const VALGRIND_CHANGED = RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    configure_args: ["--with-lto"]\n');
const NOT_LOCKED = '3.13.2-release is in the matrix but not in the lock';
const FIX = 'run `pydebug lock` to bring the lock in line with pydebug.yml, then `pydebug sync`';

const setYaml = (yaml: string) => writeFile(join(p.dir, 'pydebug.yml'), yaml);
async function editLock(edit: (lock: { builds: Record<string, Record<string, unknown>> }) => void): Promise<void> {
  const lock = JSON.parse(await readFile(join(p.dir, 'pydebug.lock'), 'utf8'));
  edit(lock);
  await writeFile(join(p.dir, 'pydebug.lock'), `${JSON.stringify(lock, null, 2)}\n`);
}
const warnings = (stderr: string) => stderr.match(/^warning: pydebug\.lock is out of date with pydebug\.yml:$/gm)?.length ?? 0;

describe('pydebug.yml gained a variant that is not locked yet', () => {
  beforeEach(() => setYaml(WITH_RELEASE));

  it('which debug prints the path, with one warning naming the new entry and the fix', async () => {
    const r = await p.pydebug(['which', 'debug']);
    expect([r.code, r.stdout]).toEqual([0, `${debugPython}\n`]);
    expect(warnings(r.stderr)).toBe(1);
    expect(r.stderr).toContain(`  - ${NOT_LOCKED}\n`);
    expect(r.stderr).toContain(FIX);
  });

  it('list shows what is built and the new entry as "not locked", exit 0', async () => {
    const r = await p.pydebug(['list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^3\.13\.2-release +not locked +- +-$/m);
    expect(r.stdout).toContain(`3.13.2-debug       built `);
    expect(r.stdout).toMatch(/^3\.13\.2-valgrind +missing +"d"/m);
    // pydebug.yml's order: release was declared first.
    expect(
      r.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['3.13.2-release', '3.13.2-debug']);
    expect(warnings(r.stderr)).toBe(1);
  });

  it('list --json: lock_stale and lock_reasons on each entry; the new one with null where only the lock could say', async () => {
    const r = await p.pydebug(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<EntryJson | { id: string; status: string; entry_key: null; lock_stale: boolean; lock_reasons: string[] }>;
    expect(rows.map((e) => [e.id, e.status, e.lock_stale])).toEqual([
      ['3.13.2-release', 'not locked', true],
      ['3.13.2-debug', 'built', false],
      ['3.13.2-trace-refs', 'missing', false],
      ['3.13.2-valgrind', 'missing', false],
    ]);
    expect(rows[0]).toMatchObject({ entry_key: null, lock_key: null, abiflags: null, python: null, lock_reasons: [NOT_LOCKED] });
    expect(rows[1]).toMatchObject({ python: debugPython, entry_key: keys['3.13.2-debug'], lock_reasons: [] });
    // A selection of only the new entry still lists it.
    const only = JSON.parse((await p.pydebug(['list', '--variant', 'release', '--json'])).stdout) as Array<{ id: string; status: string }>;
    expect(only.map((e) => [e.id, e.status])).toEqual([['3.13.2-release', 'not locked']]);
  });

  it.each([[['which', 'release']], [['which', 'release', '--json']], [['inspect', 'release']]])('%j: exit 1, says to lock and sync', async (argv) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: 3.13.2-release is in pydebug.yml but not in pydebug.lock yet\n');
    expect(r.stderr).toContain('hint: run `pydebug lock`, then `pydebug sync --variant release --python 3.13.2` to build it\n');
  });

  it('matrix: the matrix of pydebug.yml, exit 0, and a warning that --frozen jobs will refuse the lock', async () => {
    const r = await p.pydebug(['matrix']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { include: Array<{ id: string }> }).include.map((e) => e.id)).toEqual(['3.13.2-release', '3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(r.stderr).toContain(`  - ${NOT_LOCKED}\n`);
    expect(r.stderr).toContain('--frozen');
    expect(r.stderr).toContain('`pydebug lock`');
  });

  it('run debug still runs (its entry is current); run release, run --all and which --env release refuse', async () => {
    expect((await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 4'])).code).toBe(4);
    for (const argv of [
      ['run', 'release', 'true'],
      ['run', '--all', 'true'],
      ['which', '--env', 'release'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(NOT_LOCKED);
      expect(r.stderr).toContain('hint: run `pydebug lock`');
    }
  });

  it('lock --check and sync --frozen stay strict', async () => {
    for (const argv of [
      ['lock', '--check'],
      ['sync', '--frozen', '--variant', 'debug'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(NOT_LOCKED);
    }
  });
});

describe('a variant changed in pydebug.yml', () => {
  let valgrindPython: string;
  beforeEach(async () => {
    valgrindPython = await fakeBuiltEntry(p.store, keys['3.13.2-valgrind']!, '3.13.2-valgrind');
    await setYaml(VALGRIND_CHANGED);
  });
  const CHANGE = /3\.13\.2-valgrind: configure arguments changed: lock has .*, pydebug\.yml gives .*--with-lto/;

  it('lock --check names the entry and what changed', async () => {
    const r = await p.pydebug(['lock', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ {2}- ${CHANGE.source}`, 'm'));
    expect(r.stderr).toContain('hint: run `pydebug lock`');
  });

  it('which valgrind: the entry the lock pins (built from it), exit 0, the change named', async () => {
    const r = await p.pydebug(['which', 'valgrind']);
    expect([r.code, r.stdout]).toEqual([0, `${valgrindPython}\n`]);
    expect(warnings(r.stderr)).toBe(1);
    expect(r.stderr).toMatch(CHANGE);
    expect(r.stderr).toContain(FIX);
  });

  it('which --json: lock_stale and the reason on the stale entry only', async () => {
    const valgrind = JSON.parse((await p.pydebug(['which', 'valgrind', '--json'])).stdout) as EntryJson;
    expect(valgrind).toMatchObject({ id: '3.13.2-valgrind', status: 'built', entry_key: keys['3.13.2-valgrind'], python: valgrindPython, lock_stale: true });
    expect(valgrind.lock_reasons).toHaveLength(1);
    expect(valgrind.lock_reasons[0]).toMatch(CHANGE);
    const debug = JSON.parse((await p.pydebug(['which', 'debug', '--json'])).stdout) as EntryJson;
    expect([debug.lock_stale, debug.lock_reasons]).toEqual([false, []]);
  });

  it('list: the stale entry marked, in the table and the JSON', async () => {
    const r = await p.pydebug(['list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^3\.13\.2-valgrind +built, lock stale +"d"/m);
    expect(r.stdout).toMatch(/^3\.13\.2-debug +built +"d"/m);
    const rows = JSON.parse((await p.pydebug(['list', '--json'])).stdout) as EntryJson[];
    expect(rows.filter((e) => e.lock_stale).map((e) => e.id)).toEqual(['3.13.2-valgrind']);
  });

  it('run valgrind, which --env valgrind and sync --frozen refuse, naming the change', async () => {
    for (const argv of [
      ['run', 'valgrind', 'true'],
      ['which', '--env', 'valgrind'],
      ['sync', '--frozen'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(CHANGE);
    }
  });
});

describe('a hand-edited lock', () => {
  it('an edit of an entry: which shows it with a warning; run and which --env refuse it', async () => {
    await editLock((l) => void (l.builds['3.13.2-trace-refs']!.env = { LD_PRELOAD: '/tmp/evil.so' }));
    const tracePython = await fakeBuiltEntry(p.store, keys['3.13.2-trace-refs']!, '3.13.2-trace-refs');
    const debug = await p.pydebug(['which', 'debug']);
    expect([debug.code, debug.stdout]).toEqual([0, `${debugPython}\n`]);
    expect(debug.stderr).toMatch(/^ {2}- 3\.13\.2-trace-refs: environment changed: lock has .*LD_PRELOAD/m);
    const shown = await p.pydebug(['which', 'trace-refs', '--json']);
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.stdout) as EntryJson;
    expect(json).toMatchObject({ python: tracePython, lock_stale: true });
    expect(json.lock_reasons).toEqual([expect.stringMatching(/^3\.13\.2-trace-refs: environment changed/)]);
    for (const argv of [
      ['run', 'trace-refs', 'true'],
      ['which', '--env', 'trace-refs'],
      ['lock', '--check'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/3\.13\.2-trace-refs: environment changed/);
    }
  });

  it('an edit that pydebug.yml does not decide (a file name), beside a variant added to pydebug.yml, is still named', async () => {
    await setYaml(WITH_RELEASE);
    await editLock((l) => void ((l as unknown as { sources: Record<string, { file: string }> }).sources['3.13.2']!.file = 'Python-3.13.2.tar.xz'));
    const r = await p.pydebug(['list', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(NOT_LOCKED);
    expect(r.stderr).toContain('  - sources.3.13.2.file was edited by hand\n');
    // The source is every 3.13.2 entry's.
    expect((JSON.parse(r.stdout) as EntryJson[]).find((e) => e.id === '3.13.2-debug')!.lock_reasons).toEqual(['sources.3.13.2.file was edited by hand']);
  });

  it('an invalid field anywhere refuses the lock for every command but matrix, which warns', async () => {
    await editLock((l) => void (l.builds['3.13.2-valgrind']!.lock_key = '../../../victim'));
    for (const argv of [['which', 'debug'], ['list'], ['inspect', 'debug'], ['run', 'debug', 'true']]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain('builds.3.13.2-valgrind.lock_key "../../../victim" is not');
    }
    const m = await p.pydebug(['matrix']);
    expect(m.code).toBe(0);
    expect(m.stderr).toContain('builds.3.13.2-valgrind.lock_key "../../../victim" is not');
  });

  it('a layout-only edit: which and list say nothing; lock --check still catches it', async () => {
    const text = await readFile(join(p.dir, 'pydebug.lock'), 'utf8');
    await writeFile(join(p.dir, 'pydebug.lock'), JSON.stringify(JSON.parse(text)));
    expect(await p.pydebug(['which', 'debug'])).toMatchObject({ code: 0, stderr: '' });
    expect(await p.pydebug(['list'])).toMatchObject({ code: 0, stderr: '' });
    expect((await p.pydebug(['lock', '--check'])).code).toBe(1);
  });
});

describe('a lock that is missing or cannot be parsed stays an error', () => {
  it('no lock: which, list and inspect exit 1, the hint says pydebug lock', async () => {
    await rm(join(p.dir, 'pydebug.lock'));
    for (const argv of [['which', 'debug'], ['list'], ['inspect', 'debug']]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain('pydebug.lock is missing');
      expect(r.stderr).toContain('hint: run `pydebug lock`');
    }
  });

  it('a lock that is not JSON: which and list exit 1, saying it cannot be read', async () => {
    await writeFile(join(p.dir, 'pydebug.lock'), '{"lock_version": 1, "builds": {');
    for (const argv of [
      ['which', 'debug'],
      ['list', '--json'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain('pydebug.lock cannot be read');
    }
  });
});

describe("inspect of a command (not a variant) does not need the project's lock", () => {
  it('inspect <command name> works beside a stale lock', async () => {
    await setYaml(WITH_RELEASE);
    const r = await p.pydebug(['inspect', 'no-such-python-xyz']);
    expect(r.stderr).not.toMatch(/lock/);
  });
});
