/**
 * Locks the previous dist wrote (lock formats 1 and 2: test/lock/fixtures/previous-dist): the
 * commands that read a lock take them as current, with the entry keys they had, so the store
 * entries built under them are found; `pydebug lock` rewrites them as format 3 and says so in
 * one line; a lock of a format after this pydebug's is refused, never rewritten.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/files/config-file.js';
import { parseLock, serializeLock } from '../../src/lock/format.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { checkLock } from '../../src/lockfile/lock-update.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

const fixture = (dir: string, name: string) => readFile(new URL(`../lock/fixtures/previous-dist/${dir}/${name}`, import.meta.url), 'utf8');

const PREVIOUS = [
  { dir: 'lock-v1', version: 1, id: '3.13.2-debug', which: ['which', 'debug', '--python', '3.13.2'] },
  { dir: 'lock-v2', version: 2, id: '3.14.0-tail', which: ['which', 'tail'] },
];

describe.each(PREVIOUS)('the lock the previous dist wrote in format $version ($dir)', ({ dir, version, id, which }) => {
  let p: TestProject;
  let earlier: string;
  const lockText = () => readFile(join(p.dir, 'pydebug.lock'), 'utf8');
  beforeEach(async () => {
    earlier = await fixture(dir, 'pydebug.lock');
    p = await makeProject(await fixture(dir, 'pydebug.yml'), { lock: false });
    await writeFile(join(p.dir, 'pydebug.lock'), earlier);
  });
  afterEach(() => p.cleanup());

  it('is current for lock --check, and for sync --frozen and the Action (checkLock), and left as it is', async () => {
    const r = await p.pydebug(['lock', '--check']);
    expect(r.stderr).toBe(`pydebug.lock is up to date (in lock format version ${version}, as an earlier pydebug wrote it: \`pydebug lock\` rewrites it as version ${LOCK_VERSION})\n`);
    expect(r.code).toBe(0);
    const checked = await checkLock(await loadConfigFile(join(p.dir, 'pydebug.yml'), p.dir), true);
    expect(checked.lock).toEqual(parseLock(earlier));
    expect(await lockText()).toBe(earlier);
  });

  it('gives the entry keys the previous dist gave, before and after `pydebug lock`, and finds the entry built under them', async () => {
    const keys = await entryKeys(p);
    const cacheKeys = Object.entries(JSON.parse(earlier).builds as Record<string, { cache_key: string }>);
    expect(Object.keys(keys).sort()).toEqual(cacheKeys.map(([entry]) => entry).sort());
    for (const [entry, build] of cacheKeys) expect(keys[entry]!.startsWith(`pydebug-${build.cache_key}-`), entry).toBe(true);
    const python = await fakeBuiltEntry(p.store, keys[id]!, id);
    const before = await p.pydebug(which);
    expect(before.stderr).toBe('');
    expect(before.stdout).toBe(`${python}\n`);
    expect((await p.pydebug(['lock'])).code).toBe(0);
    expect(await entryKeys(p)).toEqual(keys);
    expect(await p.pydebug(which)).toMatchObject({ code: 0, stdout: `${python}\n`, stderr: '' });
  });

  it('is rewritten by pydebug lock as the current format, saying so in one line, the content unchanged', async () => {
    const r = await p.pydebug(['lock']);
    expect(r.stderr).toBe(`upgraded pydebug.lock from lock format version ${version} to ${LOCK_VERSION}: build fields renamed (cache_key to lock_key, version to source), lock keys unchanged\n`);
    expect(r.code).toBe(0);
    const now = await lockText();
    expect(now).toBe(serializeLock(parseLock(earlier)));
    expect(JSON.parse(now).lock_version).toBe(LOCK_VERSION);
    expect(parseLock(now)).toEqual(parseLock(earlier));
    expect(await p.pydebug(['lock', '--check'])).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
    expect(await p.pydebug(['lock'])).toMatchObject({ code: 0, stderr: 'pydebug.lock is up to date\n' });
  });

  it('with pydebug.yml changed since, is refused by lock --check for the change alone, and rewritten by lock with the change and the upgrade', async () => {
    await writeFile(join(p.dir, 'pydebug.yml'), (await fixture(dir, 'pydebug.yml')).replace(/\n {2}debug:\n {4}pydebug: true\n/, '\n  debug:\n    pydebug: true\n    slim: false\n'));
    const check = await p.pydebug(['lock', '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/^pydebug.lock is out of date with pydebug.yml:\n {2}- \S+-debug: slim install changed: lock has true, pydebug.yml gives false\n/);
    expect(check.stderr).not.toMatch(/lock format/);
    const r = await p.pydebug(['lock']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wrote pydebug.lock:\n {2}- \S+-debug: slim install changed: lock has true, pydebug.yml gives false\n/);
    expect(r.stderr).toMatch(new RegExp(`\\nupgraded pydebug.lock from lock format version ${version} to ${LOCK_VERSION}: .*\\n$`));
    expect(JSON.parse(await lockText()).lock_version).toBe(LOCK_VERSION);
  });

  it.each([['lock', '--check'], ['lock'], ['list']])('with a format after this one, is refused by %s with the upgrade hint, and never rewritten', async (...argv) => {
    const newer = earlier.replace(`"lock_version": ${version}`, `"lock_version": ${LOCK_VERSION + 1}`);
    await writeFile(join(p.dir, 'pydebug.lock'), newer);
    const r = await p.pydebug(argv);
    expect(r.stderr).toBe(
      `error: pydebug.lock was written by a newer pydebug: it has lock format version ${LOCK_VERSION + 1}; this pydebug reads versions 1 to ${LOCK_VERSION}\n` +
        'hint: upgrade pydebug (and the pydebug Action in your workflows) to the version that wrote the lock; pydebug does not rewrite a lock it cannot read\n',
    );
    expect(r.code).toBe(1);
    expect(await lockText()).toBe(newer);
  });
});
