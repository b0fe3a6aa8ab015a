/**
 * The store's project records (projects/) as hostile input: a symbolic link, a FIFO, bad JSON, a
 * huge file, a wrong shape or name is ignored with a warning and never followed or opened for
 * writing; registering writes nothing when unchanged and never throws. Real files and FIFOs.
 */
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { PROJECT_RECORD_LIMIT, projectLiveness, projectRecordName, readProjectRecords, registerProject } from '../../src/store/projects.js';
import { Store } from '../../src/store/store.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempStore } from '../support/temp-dir.js';

let dir: string;
let store: Store;
let lock: string;
let warnings: string[];
const warn = (m: string) => void warnings.push(m);
const KEY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234';

beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-projects-'));
  await store.ensureLayout();
  await mkdir(join(dir, 'project'));
  lock = join(dir, 'project', 'pydebug.lock');
  await writeFile(lock, serializeLock(assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() })));
  warnings = [];
});

const recordPath = () => join(store.projectsDir, projectRecordName(lock));
const goodRecord = (over: object = {}) => JSON.stringify({ lock, entries: [KEY], updated: '2026-01-01T00:00:00.000Z', ...over });

describe('registerProject', () => {
  it('writes one record named by the lock path, and writes nothing when it is unchanged', async () => {
    await registerProject(store, lock, { known: [KEY] }, warn);
    expect(await readdir(store.projectsDir)).toEqual([projectRecordName(lock)]);
    expect(JSON.parse(await readFile(recordPath(), 'utf8'))).toMatchObject({ lock, entries: [KEY] });
    const before = await stat(recordPath());
    await new Promise((r) => setTimeout(r, 20));
    await registerProject(store, lock, { known: [KEY] }, warn);
    expect((await stat(recordPath())).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(store.tmpDir)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('does not make a store: an unmarked directory gets no record', async () => {
    const bare = new Store(join(dir, 'bare'));
    await registerProject(bare, lock, { known: [KEY] }, warn);
    expect(await lstat(bare.root).catch(() => undefined)).toBeUndefined();
  });

  it('a store that cannot be written: a warning, never a throw', async () => {
    await chmod(store.projectsDir, 0o555);
    if (process.getuid?.() === 0) return; // root writes anyway
    await registerProject(store, lock, { known: [KEY] }, warn);
    expect(warnings).toEqual([expect.stringMatching(/^could not record this project in the store \(EACCES\)/)]);
  });

  it.each([
    ['a symbolic link to a file elsewhere', async (at: string, victim: string) => symlink(victim, at)],
    ['a FIFO', async (at: string) => void execFileSync('mkfifo', [at])],
  ])('%s in the record’s place is replaced, never written through (the victim stays)', async (_what, make) => {
    const victim = join(dir, 'victim.json');
    await writeFile(victim, 'keep me');
    await make(recordPath(), victim);
    await registerProject(store, lock, { known: [KEY] }, warn);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    expect((await lstat(recordPath())).isFile()).toBe(true);
    expect(JSON.parse(await readFile(recordPath(), 'utf8'))).toMatchObject({ lock, entries: [KEY] });
  });
});

describe('readProjectRecords: what is not a record is ignored with a warning', () => {
  it('a good record is read', async () => {
    await writeFile(recordPath(), goodRecord());
    expect(await readProjectRecords(store, warn)).toEqual([{ path: recordPath(), record: JSON.parse(goodRecord()) }]);
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      'a symbolic link (to a good record)',
      /symbolic link/,
      async () => {
        await writeFile(join(dir, 'elsewhere.json'), goodRecord());
        await symlink(join(dir, 'elsewhere.json'), recordPath());
      },
    ],
    ['a FIFO', /not a regular file/, async () => void execFileSync('mkfifo', [recordPath()])],
    ['a directory', /not a regular file/, () => mkdir(recordPath())],
    ['garbage', /not JSON/, () => writeFile(recordPath(), '{"lock": ')],
    ['a huge file', /larger than/, () => writeFile(recordPath(), ' '.repeat(PROJECT_RECORD_LIMIT + 1))],
    ['a relative lock path', /lock/, () => writeFile(recordPath(), goodRecord({ lock: 'project/pydebug.lock' }))],
    ['an entry key that climbs out', /entries/, () => writeFile(recordPath(), goodRecord({ entries: ['../../victim'] }))],
    ['entries that are not a list', /entries/, () => writeFile(recordPath(), goodRecord({ entries: 'all' }))],
    ['JSON null', /not a project record/, () => writeFile(recordPath(), 'null')],
  ])('%s', async (_what, why, make) => {
    await make();
    expect(await readProjectRecords(store, warn)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^ignoring the project record ${recordPath()}: .*${why.source}`))]);
  });

  it('a record under a name that is not its lock’s hash (a copy speaking for another project)', async () => {
    await writeFile(join(store.projectsDir, '0000000000000000.json'), goodRecord());
    expect(await readProjectRecords(store, warn)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/its name is not that of its lock/)]);
  });

  it('projects/ that is a symbolic link: nothing read through it', async () => {
    await rm(store.projectsDir, { recursive: true });
    await mkdir(join(dir, 'other'));
    await writeFile(join(dir, 'other', projectRecordName(lock)), goodRecord());
    await symlink(join(dir, 'other'), store.projectsDir);
    expect(await readProjectRecords(store, warn)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/is not a directory \(a symbolic link\)/)]);
  });

  it('other names (temporary files, notes) are passed over in silence', async () => {
    await writeFile(join(store.projectsDir, 'README'), 'mine');
    expect(await readProjectRecords(store, warn)).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('projectLiveness', () => {
  const record = (path: string) => ({ lock: path, entries: [KEY], updated: '' });
  it('a lock that reads: live, with its lock keys', async () => {
    const live = await projectLiveness(record(lock));
    expect(live).toMatchObject({ status: 'live' });
    expect(live.status === 'live' && live.lockKeys).toHaveLength(3);
  });
  it('no file there, or a parent that is now a file: gone', async () => {
    expect(await projectLiveness(record(join(dir, 'nowhere', 'pydebug.lock')))).toEqual({ status: 'gone' });
    expect(await projectLiveness(record(join(lock, 'pydebug.lock')))).toEqual({ status: 'gone' });
  });
  it.each([
    ['not a lock', () => writeFile(lock, 'lock_version: [')],
    [
      'a directory',
      async () => {
        await rm(lock);
        await mkdir(lock);
      },
    ],
    [
      'a FIFO (not opened for long)',
      async () => {
        await rm(lock);
        execFileSync('mkfifo', [lock]);
      },
    ],
  ])('something there that is %s: unknown, with why', async (_what, make) => {
    await make();
    expect(await projectLiveness(record(lock))).toMatchObject({ status: 'unknown', why: expect.any(String) });
  });
});
