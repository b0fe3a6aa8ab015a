/**
 * Read-only commands (which, run, list, inspect) use the entries they select while those are
 * current, even when another entry of the lock is stale; a stale selected entry is named, with
 * `pydebug lock` as the fix. `lock --check` and `sync --frozen` stay strict: the whole lock, byte
 * for byte. In process, a project and store in a temp directory, built entries written by hand.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECIPE_YAML } from '../support/fixtures.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

let p: TestProject;
let debugPython: string;
beforeEach(async () => {
  p = await makeProject();
  debugPython = await fakeBuiltEntry(p.store, (await entryKeys(p))['3.13.2-debug']!, '3.13.2-debug');
});
afterEach(() => p.cleanup());

const WITH_RELEASE = RECIPE_YAML.replace('variants:\n', 'variants:\n  release: {}\n');
const VALGRIND_CHANGED = RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    configure_args: ["--with-lto"]\n');

const setYaml = (yaml: string) => writeFile(join(p.dir, 'pydebug.yml'), yaml);
async function editLock(edit: (lock: { builds: Record<string, Record<string, unknown>> }) => void): Promise<void> {
  const lock = JSON.parse(await readFile(join(p.dir, 'pydebug.lock'), 'utf8'));
  edit(lock);
  await writeFile(join(p.dir, 'pydebug.lock'), `${JSON.stringify(lock, null, 2)}\n`);
}

describe('pydebug.yml gained a variant that is not locked yet', () => {
  beforeEach(() => setYaml(WITH_RELEASE));

  it('which debug, run debug and list --variant debug still work', async () => {
    const which = await p.pydebug(['which', 'debug']);
    expect([which.code, which.stdout, which.stderr]).toEqual([0, `${debugPython}\n`, '']);
    expect((await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 4'])).code).toBe(4);
    const list = await p.pydebug(['list', '--variant', 'debug', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: '3.13.2-debug', status: 'built' }]);
  });

  it.each([[['which', 'release']], [['run', 'release', 'true']], [['inspect', 'release']], [['list']], [['run', '--all', 'true']]])(
    '%j names the stale entry, with `pydebug lock` as the fix',
    async (argv) => {
      const r = await p.pydebug(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('3.13.2-release is in the matrix but not in the lock');
      expect(r.stderr).toContain('hint: run `pydebug lock`');
      expect(r.stderr).not.toContain('pydebug sync');
    },
  );

  it('lock --check and sync --frozen stay strict', async () => {
    for (const argv of [
      ['lock', '--check'],
      ['sync', '--frozen', '--variant', 'debug'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain('3.13.2-release is in the matrix but not in the lock');
    }
  });
});

describe('a variant changed in pydebug.yml', () => {
  beforeEach(() => setYaml(VALGRIND_CHANGED));

  it('lock --check names the entry and what changed', async () => {
    const r = await p.pydebug(['lock', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ {2}- 3\.13\.2-valgrind: configure arguments changed: lock has .*, pydebug\.yml gives .*--with-lto/m);
    expect(r.stderr).toContain('hint: run `pydebug lock`');
  });

  it('which debug works; which valgrind names the change', async () => {
    expect((await p.pydebug(['which', 'debug'])).stdout).toBe(`${debugPython}\n`);
    const r = await p.pydebug(['which', 'valgrind']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3\.13\.2-valgrind: configure arguments changed/);
  });
});

describe('a hand-edited lock', () => {
  it('an edit of the selected entry is refused; of another entry, not', async () => {
    await editLock((l) => void (l.builds['3.13.2-trace-refs']!.env = { LD_PRELOAD: '/tmp/evil.so' }));
    expect((await p.pydebug(['which', 'debug'])).code).toBe(0);
    const r = await p.pydebug(['which', 'trace-refs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3\.13\.2-trace-refs: environment changed/);
    expect((await p.pydebug(['lock', '--check'])).code).toBe(1);
  });

  it('an invalid field anywhere refuses the lock for every command', async () => {
    await editLock((l) => void (l.builds['3.13.2-valgrind']!.cache_key = '../../../victim'));
    const r = await p.pydebug(['which', 'debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('builds.3.13.2-valgrind.cache_key "../../../victim" is not');
  });

  it('a layout-only edit does not stop which; lock --check still catches it', async () => {
    const text = await readFile(join(p.dir, 'pydebug.lock'), 'utf8');
    await writeFile(join(p.dir, 'pydebug.lock'), JSON.stringify(JSON.parse(text)));
    expect((await p.pydebug(['which', 'debug'])).code).toBe(0);
    expect((await p.pydebug(['lock', '--check'])).code).toBe(1);
  });

  it('no lock: the hint says pydebug lock', async () => {
    await rm(join(p.dir, 'pydebug.lock'));
    const r = await p.pydebug(['which', 'debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hint: run `pydebug lock`');
  });
});

describe("inspect of a command (not a variant) does not need the project's lock", () => {
  it('inspect <command name> works beside a stale lock', async () => {
    await setYaml(WITH_RELEASE);
    const r = await p.pydebug(['inspect', 'no-such-python-xyz']);
    expect(r.stderr).not.toMatch(/lock/);
  });
});
