/**
 * pydebug.lock is input: a hand edit (hostile or not) is detected by `lock --check` and
 * `sync --frozen` before anything is downloaded or built, and `pydebug lock` rewrites it from
 * pydebug.yml. Every case runs the CLI in process on a project and store in a temp directory,
 * and checks that nothing outside the store (but the lock, for `pydebug lock`) was touched.
 */
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { Lock } from '../../src/lock/types.js';
import { Store } from '../../src/store/store.js';
import { planFor } from '../../src/sync/sync.js';
import { MD5_3132, project, RECIPE_YAML } from '../support/fixtures.js';

/** Stands in for the tarball: `pydebug lock` can download it from a local mirror. */
const TARBALL = Buffer.from('not a real tarball: only its checksums matter to pydebug lock\n');
const digest = (algorithm: string) => createHash(algorithm).update(TARBALL).digest('hex');
const YAML = RECIPE_YAML.replace(MD5_3132, digest('md5'));

function freshLock(): Lock {
  return assembleLock(project(YAML), {
    '3.13.2': {
      version: '3.13.2',
      url: 'https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz',
      file: 'Python-3.13.2.tgz',
      sha256: digest('sha256'),
      md5: digest('md5'),
      size: TARBALL.length,
    },
  });
}
const FRESH_TEXT = serializeLock(freshLock());

let root: string;
const at = (...parts: string[]) => join(root, ...parts);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pydebug-lock-edits-'));
  await mkdir(at('project'));
  await writeFile(at('project', 'pydebug.yml'), YAML);
  await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT);
  await mkdir(at('mirror', '3.13.2'), { recursive: true });
  await writeFile(at('mirror', '3.13.2', 'Python-3.13.2.tgz'), TARBALL);
  await mkdir(at('victim', 'data'), { recursive: true });
  await writeFile(at('victim', 'notes.txt'), 'the only copy of my notes\n');
  await writeFile(at('victim', 'data', 'thesis.tex'), '\\chapter{Results}\n');
});

const TREE = () => at('home', 'sources', `3.13.2-${digest('sha256').slice(0, 16)}`);

/**
 * An extracted source tree whose configure fails at once: a sync that gets as far as building
 * finds it, so a build that should never start shows up without building CPython.
 */
async function fakeSourceTree(): Promise<void> {
  await mkdir(TREE(), { recursive: true });
  await writeFile(join(TREE(), 'configure'), '#!/bin/sh\nexit 1\n');
  await chmod(join(TREE(), 'configure'), 0o755);
}

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function pydebug(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: at('project'),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, PYDEBUG_HOME: at('home'), PYDEBUG_MIRROR: at('mirror') },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stderrIsTTY: false,
    columns: () => 100,
    signal: new AbortController().signal,
  };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}

/** Every path under the temp dir outside the store, with a digest of each file's bytes. */
async function outsideStore(except: string[] = []): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (rel === 'home' || except.includes(rel)) continue;
      const st = await lstat(path);
      if (st.isDirectory()) {
        seen[rel] = 'dir';
        await walk(path);
      } else seen[rel] = st.isFile() ? createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 16) : 'other';
    }
  };
  await walk(root);
  return seen;
}

/** No build was started: no log, no build directory in the source tree. */
async function nothingBuilt(): Promise<void> {
  expect(await readdir(at('home', 'logs')).catch(() => [])).toEqual([]);
  expect((await readdir(TREE()).catch(() => [])).filter((name) => name.startsWith('build-'))).toEqual([]);
}

async function editLock(edit: (lock: Lock) => void): Promise<string> {
  const lock = freshLock();
  edit(lock);
  const text = serializeLock(lock);
  await writeFile(at('project', 'pydebug.lock'), text);
  return text;
}

/**
 * Where a build of the edited variant would put its build directory: <tree>/build-<variant>-<last
 * 8 characters of the key>, which this edit steers to victim/data-<8>. A directory of the user's
 * is put there, so a sync that gets that far deletes it (as it did before the lock was checked).
 */
async function victimBuildDir(): Promise<void> {
  await fakeSourceTree();
  const store = new Store(at('home'));
  const { plan } = await planFor({ lock: freshLock(), path: '', reasons: [], written: false }, {}, { PATH: process.env.PATH ?? '' }, store);
  await mkdir(at('victim', `data-${plan.selected[0]!.key.slice(-8)}`));
  await writeFile(at('victim', `data-${plan.selected[0]!.key.slice(-8)}`, 'results.csv'), '1,2,3\n');
}

/** `prepare`: the store (and the victim) as each attack needs them to do harm. */
const ATTACKS: Array<{ name: string; edit: (lock: Lock) => void; says: RegExp; prepare: () => Promise<void> }> = [
  {
    name: 'sources.<v>.file pointing outside the store',
    edit: (l) => void (l.sources['3.13.2']!.file = '../../../victim/notes.txt'),
    says: /sources\.3\.13\.2\.file .*one path segment/,
    prepare: async () => {},
  },
  {
    name: 'builds.<id>.variant pointing outside the store',
    edit: (l) => void (l.builds['3.13.2-debug']!.variant = 'x/../../../../victim/data'),
    says: /builds\.3\.13\.2-debug\.variant/,
    prepare: victimBuildDir,
  },
  {
    name: 'two entries with their variants swapped',
    edit: (l) => {
      l.builds['3.13.2-debug']!.variant = 'trace-refs';
      l.builds['3.13.2-trace-refs']!.variant = 'debug';
    },
    says: /builds\.3\.13\.2-debug\.variant is "trace-refs", but the entry's id 3\.13\.2-debug says "debug"/,
    prepare: fakeSourceTree,
  },
  {
    name: 'a build version without a source',
    edit: (l) => void (l.builds['3.13.2-debug']!.version = '9.9.9'),
    says: /builds\.3\.13\.2-debug\.version is "9\.9\.9", but the entry's id 3\.13\.2-debug says "3\.13\.2"/,
    prepare: fakeSourceTree,
  },
];

describe.each(ATTACKS)('a lock with $name', ({ edit, says, prepare }) => {
  beforeEach(prepare);

  it('fails lock --check, naming the field', async () => {
    await editLock(edit);
    const before = await outsideStore();
    const r = await pydebug('lock', '--check');
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/internal error|up to date/);
    expect(r.code).toBe(1);
    expect(await outsideStore()).toEqual(before);
  });

  it('is refused by sync --frozen before anything is downloaded or built', async () => {
    await editLock(edit);
    const before = await outsideStore();
    const r = await pydebug('sync', '--frozen');
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    expect(await outsideStore()).toEqual(before);
    await nothingBuilt();
  });

  it('is rewritten by pydebug lock from pydebug.yml, saying what it corrected', async () => {
    await editLock(edit);
    const before = await outsideStore(['project/pydebug.lock']);
    const r = await pydebug('lock');
    expect(r.stderr).toMatch(says);
    expect(r.code).toBe(0);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
    expect(await outsideStore(['project/pydebug.lock'])).toEqual(before);
  });
});
