/**
 * pydebug.lock is input: a hand edit (hostile or not) is detected by `lock --check` and
 * `sync --frozen` before anything is downloaded or built, and `pydebug lock` rewrites it from
 * pydebug.yml. Every case runs the CLI in process on a project and store in a temp directory,
 * and checks that nothing outside the store (but the lock, for `pydebug lock`) was touched.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/files/config-file.js';
import { parseLock, serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { LockedTarball } from '../../src/lock/types.js';
import { LOCK_VERSION, type Lock } from '../../src/lock/types.js';
import { checkLock } from '../../src/lockfile/lock-update.js';
import { Store } from '../../src/store/store.js';
import { planFor } from '../../src/sync/sync.js';
import { MD5_3132, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { type InProcessRun, runInProcess } from './in-process.js';

/** Stands in for the tarball: `pydebug lock` can download it from a local mirror. */
const TARBALL = Buffer.from('not a real tarball: only its checksums matter to pydebug lock\n');
const digest = (algorithm: string) => createHash(algorithm).update(TARBALL).digest('hex');
const YAML = RECIPE_YAML.replace(MD5_3132, digest('md5'));

function freshLock(): Lock {
  return assembleLock(projectConfig(YAML), {
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
  root = await tempDir('pydebug-lock-edits-');
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

function pydebug(...argv: string[]): Promise<InProcessRun> {
  return runInProcess(argv, { cwd: at('project'), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, PYDEBUG_HOME: at('home'), PYDEBUG_MIRROR: at('mirror') } });
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
      } else
        seen[rel] = st.isFile()
          ? await readFile(path).then(
              (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16),
              () => 'unreadable',
            )
          : 'other';
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
  await mkdir(at('victim', `data-${plan.selected[0]!.entryKey.slice(-8)}`));
  await writeFile(at('victim', `data-${plan.selected[0]!.entryKey.slice(-8)}`, 'results.csv'), '1,2,3\n');
}

/** `prepare`: the store (and the victim) as each attack needs them to do harm. */
const ATTACKS: Array<{ name: string; edit: (lock: Lock) => void; says: RegExp; prepare: () => Promise<void> }> = [
  {
    name: 'sources.<v>.file pointing outside the store',
    edit: (l) => void ((l.sources['3.13.2'] as LockedTarball).file = '../../../victim/notes.txt'),
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
    edit: (l) => void (l.builds['3.13.2-debug']!.source = '9.9.9'),
    says: /builds\.3\.13\.2-debug\.source is "9\.9\.9", but the entry's id 3\.13\.2-debug says "3\.13\.2"/,
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

  it('is rewritten by sync before it builds, and the build stays inside the store', async () => {
    await editLock(edit);
    const before = await outsideStore(['project/pydebug.lock']);
    const r = await pydebug('sync');
    expect(r.stderr).toMatch(/updated .*pydebug.lock:\n/);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
    expect(await outsideStore(['project/pydebug.lock'])).toEqual(before);
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

describe('pydebug lock keeps only the source facts it can trust', () => {
  it('keeps well-formed facts: a changed file name is corrected without a download', async () => {
    await editLock((l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'Other.tgz'));
    const r = await pydebug('lock');
    expect(r.stderr).toBe('rewrote pydebug.lock from pydebug.yml, correcting what was edited by hand:\n  - sources.3.13.2.file was edited by hand\n');
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
  });

  it('downloads a source whose recorded sha256 is malformed again', async () => {
    await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT.replace(digest('sha256'), 'not-a-digest'));
    const r = await pydebug('lock');
    expect(r.stderr).toMatch(/could not be read \(sources\.3\.13\.2\.sha256: .*\) and was rewritten/);
    expect(r.stderr).toMatch(/3\.13\.2: download/);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
  });

  it('a text edit that changes no value is caught by lock --check and sync --frozen, and undone by lock', async () => {
    await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT.replace('"lock_version": 3', '"lock_version":   3'));
    for (const argv of [
      ['lock', '--check'],
      ['sync', '--frozen'],
    ]) {
      const r = await pydebug(...argv);
      expect(r.stderr).toMatch(/pydebug.lock was edited by hand and is not what pydebug.yml gives:\n {2}- its text is not what `pydebug lock` writes/);
      expect(r.code).toBe(1);
    }
    await nothingBuilt();
    expect((await pydebug('lock')).code).toBe(0);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
  });

  it('a valid lock is up to date and left alone (the same bytes)', async () => {
    expect(await pydebug('lock', '--check')).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
    expect(await pydebug('lock')).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
  });
});

const EVERY_LOCK_READER = ['lock --check', 'lock', 'sync --frozen', 'sync'];

describe('a lock from a newer pydebug', () => {
  it.each(EVERY_LOCK_READER)('is refused by %s, and never rewritten', async (command) => {
    const newer = FRESH_TEXT.replace('"lock_version": 3', `"lock_version": ${LOCK_VERSION + 1}`).replace('"sources": {', '"platforms": ["linux"],\n  "sources": {');
    await writeFile(at('project', 'pydebug.lock'), newer);
    const before = await outsideStore();
    const r = await pydebug(...command.split(' '));
    expect(r.stderr).toBe(
      `error: pydebug.lock was written by a newer pydebug: it has lock format version ${LOCK_VERSION + 1}; this pydebug reads versions 1 to ${LOCK_VERSION}\n` +
        'hint: upgrade pydebug (and the pydebug Action in your workflows) to the version that wrote the lock; pydebug does not rewrite a lock it cannot read\n',
    );
    expect(r.code).toBe(1);
    expect(await outsideStore()).toEqual(before);
    await nothingBuilt();
  });
});

describe('a lock from an older pydebug', () => {
  it('is rewritten by pydebug lock, keeping its well-formed source facts (no download)', async () => {
    await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT.replace('"lock_version": 3', '"lock_version": 0'));
    const r = await pydebug('lock');
    expect(r.stderr).toMatch(/pydebug.lock could not be read \(it has lock format version 0, from an older pydebug; this pydebug reads versions 1 to 3\) and was rewritten/);
    expect(r.stderr).not.toMatch(/download/);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
  });
});

describe('a lock from an earlier pydebug, with its keys sorted alphabetically (lock format version 1)', () => {
  /** A real lock `pydebug lock` wrote before the key order (a release and a git source), and its pydebug.yml. */
  const fixture = (name: string) => readFile(new URL(`../lock/fixtures/previous-pydebug/${name}`, import.meta.url), 'utf8');
  let earlier: string;
  beforeEach(async () => {
    earlier = await fixture('pydebug.lock');
    await writeFile(at('project', 'pydebug.yml'), await fixture('pydebug.yml'));
    await writeFile(at('project', 'pydebug.lock'), earlier);
  });

  it('is current for lock --check, sync --frozen and the Action (checkLock), and left as it is', async () => {
    const before = await outsideStore();
    const r = await pydebug('lock', '--check');
    expect(r.stderr).toBe(`pydebug.lock is up to date (in lock format version 1, its keys sorted, as an earlier pydebug wrote it: \`pydebug lock\` rewrites it as version ${LOCK_VERSION})\n`);
    expect(r.code).toBe(0);
    const cfg = await loadConfigFile(at('project', 'pydebug.yml'), at('project'));
    const checked = await checkLock(cfg, true);
    expect(checked.lock).toEqual(parseLock(earlier));
    expect(await outsideStore()).toEqual(before);
  });

  it('is rewritten by pydebug lock as the current format, with the same content and no download', async () => {
    const r = await pydebug('lock');
    expect(r.stderr).toBe(`upgraded pydebug.lock from lock format version 1 to ${LOCK_VERSION}: build fields renamed (cache_key to lock_key, version to source), lock keys unchanged\n`);
    expect(r.code).toBe(0);
    const now = await readFile(at('project', 'pydebug.lock'), 'utf8');
    expect(now).toBe(serializeLock(parseLock(earlier)));
    expect(now).not.toBe(earlier);
    expect(parseLock(now)).toEqual(parseLock(earlier));
    expect(JSON.parse(now).lock_version).toBe(LOCK_VERSION);
    expect(await pydebug('lock', '--check')).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
    expect(await pydebug('lock')).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
  });

  it('is still refused when edited by hand', async () => {
    await writeFile(at('project', 'pydebug.lock'), earlier.replace('"--with-pydebug"', '"--with-pydebug",\n        "--without-pymalloc"'));
    const r = await pydebug('lock', '--check');
    expect(r.stderr).toMatch(
      /^pydebug.lock is out of date with pydebug.yml:\n {2}- 3\.13\.2-debug: configure arguments changed: lock has --with-pydebug --without-pymalloc, pydebug.yml gives --with-pydebug\n/,
    );
    expect(r.code).toBe(1);
  });
});

describe('pydebug.lock that is not a lock file', () => {
  const UNREADABLE: [string, () => Promise<void>, RegExp] = [
    'unreadable',
    async () => {
      await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT);
      await chmod(at('project', 'pydebug.lock'), 0);
    },
    /^error: cannot read pydebug.lock: EACCES.*\nhint: check the permissions/,
  ];
  const CASES: Array<[string, () => Promise<void>, RegExp]> = [
    ['a directory', () => mkdir(at('project', 'pydebug.lock')), /^error: pydebug.lock is a directory, not a lock file\nhint: remove it and run `pydebug lock`/],
    ['huge', () => writeFile(at('project', 'pydebug.lock'), Buffer.alloc(16 * 1024 * 1024 + 1, 32)), /^error: pydebug.lock is 16777217 bytes, more than a lock can be \(16777216 bytes\)\nhint: /],
    ['a FIFO', async () => void execFileSync('mkfifo', [at('project', 'pydebug.lock')]), /^error: pydebug.lock is not a regular file\nhint: /],
    ['a symlink to /dev/zero', () => symlink('/dev/zero', at('project', 'pydebug.lock')), /^error: pydebug.lock is not a regular file\nhint: /],
    // root reads any file, so only others can see this one refused.
    ...(process.getuid?.() === 0 ? [] : [UNREADABLE]),
  ];
  describe.each(CASES)('%s', (_name, make, says) => {
    it.each(EVERY_LOCK_READER)('gives a one-line error (exit 1) to %s and is left alone', async (command) => {
      await rm(at('project', 'pydebug.lock'), { recursive: true, force: true });
      await make();
      const before = await outsideStore();
      const r = await pydebug(...command.split(' '));
      expect(r.stderr).toMatch(says);
      expect(r.stderr.split('\n')).toHaveLength(3);
      expect(r.code).toBe(1);
      expect(await outsideStore()).toEqual(before);
    });
  });
});

describe('commands that read the lock to find an interpreter', () => {
  it.each(['which trace-refs', 'list', 'run trace-refs -- true', 'inspect trace-refs'])('%s refuses a lock with swapped variants', async (command) => {
    await editLock((l) => {
      l.builds['3.13.2-debug']!.variant = 'trace-refs';
      l.builds['3.13.2-trace-refs']!.variant = 'debug';
    });
    const r = await pydebug(...command.split(' '));
    expect(r.stderr).toMatch(/builds\.3\.13\.2-debug\.variant is "trace-refs", but the entry's id 3\.13\.2-debug says "debug"/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it.each(['which debug', 'list'])('%s refuses a lock from a newer pydebug, with the upgrade hint', async (command) => {
    await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT.replace('"lock_version": 3', `"lock_version": ${LOCK_VERSION + 1}`));
    const r = await pydebug(...command.split(' '));
    expect(r.stderr).toMatch(/was written by a newer pydebug.*\nhint: upgrade pydebug/);
    expect(r.code).toBe(1);
  });
});

describe('writing the lock', () => {
  it('writes through no symlink planted where a temporary file could be, and leaves no temporary file', async () => {
    await editLock((l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'Other.tgz'));
    // The name an earlier pydebug used, and the pattern of today's (whose random part cannot be guessed).
    const planted = [`pydebug.lock.tmp-${process.pid}`, `.pydebug.lock.${process.pid}.tmp`];
    for (const name of planted) await symlink(at('victim', 'notes.txt'), at('project', name));
    const before = await outsideStore(['project/pydebug.lock']);
    const r = await pydebug('lock');
    expect(r.code).toBe(0);
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(FRESH_TEXT);
    expect(await outsideStore(['project/pydebug.lock'])).toEqual(before);
    expect((await readdir(at('project'))).sort()).toEqual([...planted, 'pydebug.lock', 'pydebug.yml'].sort());
  });

  it('a __proto__ key in the lock changes nothing but is caught as an edit', async () => {
    await writeFile(at('project', 'pydebug.lock'), FRESH_TEXT.replace('"builds": {', `"builds": {\n    "__proto__": ${JSON.stringify(freshLock().builds['3.13.2-debug'])},`));
    const r = await pydebug('lock', '--check');
    expect(r.stderr).toMatch(/pydebug.lock was edited by hand/);
    expect(r.code).toBe(1);
  });
});
