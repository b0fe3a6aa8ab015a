/**
 * The lock verdicts are input read back from a project anyone may write: only a record signed
 * with the store's own key, for exactly the text of both files, is ever taken; everything else
 * is ignored without an error, and nothing is followed through a symlink.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockVerdicts, MAX_VERDICTS_BYTES, readVerdict, VERDICT_KEY_FILE, VERDICTS_FILE, verdictKey, writeVerdict } from '../../src/files/lock-verdict.js';
import { parseLock, serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const PROJECT = projectConfig(RECIPE_YAML);
const LOCK_TEXT = serializeLock(assembleLock(PROJECT, { '3.13.2': lockedSource() }));
const LOCK = parseLock(LOCK_TEXT);
const VERDICT = { projectConfig: PROJECT, lock: LOCK };

let root: string;
let projectDir: string;
let cacheDir: string;
const verdictsPath = () => join(projectDir, '.pydebug', VERDICTS_FILE);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pydebug-verdict-'));
  projectDir = join(root, 'project');
  cacheDir = join(root, 'home', 'cache');
  await mkdir(join(projectDir, '.pydebug'), { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  await writeFile(join(projectDir, 'pydebug.yml'), RECIPE_YAML);
  await writeFile(join(projectDir, 'pydebug.lock'), LOCK_TEXT);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function key(): Promise<Buffer> {
  const k = await verdictKey(cacheDir, true);
  if (!k) throw new Error('no key');
  return k;
}

/** A record as writeVerdict writes one, with the body and MAC given. */
async function plant(body: string, mac: string): Promise<void> {
  await writeFile(verdictsPath(), `${JSON.stringify({ body, mac })}\n`);
}

describe('verdictKey', () => {
  it('makes 32 random bytes, mode 0600, once, and gives the same key after', async () => {
    expect(await verdictKey(cacheDir, false)).toBeUndefined();
    const made = await key();
    expect(made).toHaveLength(32);
    expect((await stat(join(cacheDir, VERDICT_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await verdictKey(cacheDir, true))!.equals(made)).toBe(true);
    expect((await verdictKey(cacheDir, false))!.equals(made)).toBe(true);
    // Nothing left behind but the key.
    expect(await readdir(cacheDir)).toEqual([VERDICT_KEY_FILE]);
  });

  it('gives every process the first key when several make one at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => verdictKey(cacheDir, true)));
    for (const k of keys) expect(k!.equals(keys[0]!)).toBe(true);
  });

  it('refuses a key of another size, a link in its place, and a cache/ that is a link', async () => {
    await writeFile(join(cacheDir, VERDICT_KEY_FILE), 'short');
    expect(await verdictKey(cacheDir, true)).toBeUndefined();
    await rm(join(cacheDir, VERDICT_KEY_FILE));
    const elsewhere = join(root, 'planted-key');
    await writeFile(elsewhere, randomBytes(32));
    await symlink(elsewhere, join(cacheDir, VERDICT_KEY_FILE));
    expect(await verdictKey(cacheDir, true)).toBeUndefined();
    const linked = join(root, 'linked-cache');
    await symlink(cacheDir, linked);
    expect(await verdictKey(linked, true)).toBeUndefined();
  });
});

describe('readVerdict', () => {
  it('gives back what was recorded for the same text, under the same key', async () => {
    const k = await key();
    expect(await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT)).toBe(true);
    const read = await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT);
    expect(read).toEqual(VERDICT);
    // The project's config survives the round trip through JSON as the code uses it.
    expect(JSON.parse(JSON.stringify(PROJECT))).toEqual(PROJECT);
    expect(await readdir(join(projectDir, '.pydebug'))).toEqual([VERDICTS_FILE]);
    // The record keeps format 1's fields (the verdict's projectConfig is its `project`).
    const body = JSON.parse(JSON.parse(await readFile(verdictsPath(), 'utf8')).body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['format', 'pydebug', 'config', 'lockfile', 'project', 'lock']);
    expect(body.project).toEqual(PROJECT);
  });

  it('ignores a record for another lock text or another pydebug.yml text', async () => {
    const k = await key();
    await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT);
    const edited = LOCK_TEXT.replace('"--with-pydebug"', '"--with-pydebug", "--enable-shared"');
    expect(edited).not.toBe(LOCK_TEXT);
    expect(await readVerdict(projectDir, k, RECIPE_YAML, edited)).toBeUndefined();
    expect(await readVerdict(projectDir, k, `${RECIPE_YAML}# edited\n`, LOCK_TEXT)).toBeUndefined();
  });

  it('ignores a record signed with another key', async () => {
    await writeVerdict(projectDir, randomBytes(32), RECIPE_YAML, LOCK_TEXT, VERDICT);
    expect(await readVerdict(projectDir, await key(), RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
  });

  it('ignores a record whose body was changed after it was signed', async () => {
    const k = await key();
    await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT);
    const record = JSON.parse(await readFile(verdictsPath(), 'utf8')) as { body: string; mac: string };
    const body = JSON.parse(record.body) as { project: { variants: Array<{ env: Record<string, string> }> } };
    body.project.variants[0]!.env = { LD_PRELOAD: '/tmp/evil.so' };
    await plant(JSON.stringify(body), record.mac);
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    // A MAC changed by one digit, on the untouched body: refused too.
    const flipped = (record.mac[0] === '0' ? '1' : '0') + record.mac.slice(1);
    await plant(record.body, flipped);
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
  });

  it('ignores garbage, another shape, another format and an oversized file, without throwing', async () => {
    const k = await key();
    const signed = (body: unknown) => {
      const text = JSON.stringify(body);
      return plant(text, createHmac('sha256', k).update(text).digest('hex'));
    };
    for (const text of ['', 'not json {', 'null', '[]', '{"body": 1, "mac": "x"}', '{"body": "{}", "mac": "not hex"}']) {
      await writeFile(verdictsPath(), text);
      expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    }
    // Signed with the right key, but not a body pydebug writes.
    await signed('just a string');
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT);
    const good = JSON.parse(JSON.parse(await readFile(verdictsPath(), 'utf8')).body) as Record<string, unknown>;
    await signed({ ...good, format: 99 });
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await signed({ ...good, pydebug: '0.0.1 elsewhere' });
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await signed({ ...good, lock: 'not an object' });
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await writeFile(verdictsPath(), Buffer.alloc(MAX_VERDICTS_BYTES + 1, 0x20));
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await rm(verdictsPath());
    await mkdir(verdictsPath());
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
  });

  it('never follows a link: neither verdicts.json nor .pydebug/ as a link is read or written through', async () => {
    const k = await key();
    const outside = join(root, 'outside');
    await mkdir(outside);
    await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT);
    const genuine = await readFile(verdictsPath());
    await writeFile(join(outside, VERDICTS_FILE), genuine);
    await rm(verdictsPath());
    await symlink(join(outside, VERDICTS_FILE), verdictsPath());
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    // A write replaces the link itself (rename), never the file it points at.
    expect(await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT)).toBe(true);
    expect((await lstat(verdictsPath())).isFile()).toBe(true);
    expect(await readFile(join(outside, VERDICTS_FILE))).toEqual(genuine);

    await rm(join(projectDir, '.pydebug'), { recursive: true });
    await symlink(outside, join(projectDir, '.pydebug'));
    expect(await readVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT)).toBeUndefined();
    await rm(join(outside, VERDICTS_FILE));
    expect(await writeVerdict(projectDir, k, RECIPE_YAML, LOCK_TEXT, VERDICT)).toBe(false);
    expect(await readdir(outside)).toEqual([]);
  });

  it('writes nothing where the project has no .pydebug/', async () => {
    await rm(join(projectDir, '.pydebug'), { recursive: true });
    expect(await writeVerdict(projectDir, await key(), RECIPE_YAML, LOCK_TEXT, VERDICT)).toBe(false);
    expect(await readdir(projectDir)).toEqual(['pydebug.lock', 'pydebug.yml']);
  });
});

describe('lockVerdicts', () => {
  it('trusts nothing before a verdict is remembered, then the lock as it was read', async () => {
    const lockPath = join(projectDir, 'pydebug.lock');
    const before = await lockVerdicts(cacheDir, projectDir, lockPath, RECIPE_YAML);
    expect(before.trusted).toBeUndefined();
    await before.remember(PROJECT, LOCK_TEXT, LOCK);
    const after = await lockVerdicts(cacheDir, projectDir, lockPath, RECIPE_YAML);
    expect(after.trusted).toEqual({ projectConfig: PROJECT, lock: LOCK, lockText: LOCK_TEXT });
    // The lock changed on disk: no verdict.
    await writeFile(lockPath, LOCK_TEXT.replace('3.13.2-debug', '3.13.2-debug '));
    expect((await lockVerdicts(cacheDir, projectDir, lockPath, RECIPE_YAML)).trusted).toBeUndefined();
    // No lock at all: none either, and no error.
    await rm(lockPath);
    expect((await lockVerdicts(cacheDir, projectDir, lockPath, RECIPE_YAML)).trusted).toBeUndefined();
  });

  it('in a store without cache/, reads and writes nothing', async () => {
    await rm(cacheDir, { recursive: true });
    const v = await lockVerdicts(cacheDir, projectDir, join(projectDir, 'pydebug.lock'), RECIPE_YAML);
    await v.remember(PROJECT, LOCK_TEXT, LOCK);
    expect(await readdir(join(projectDir, '.pydebug'))).toEqual([]);
  });
});

describe('the CLI with verdicts', () => {
  it('prints the same with and without a verdict, and still refuses a lock edited after one was recorded', async () => {
    const { makeProject, fakeBuiltEntry, entryKeys } = await import('../cli/project.js');
    const p = await makeProject();
    try {
      await p.store.ensureLayout();
      await mkdir(join(p.dir, '.pydebug'));
      const keys = await entryKeys(p);
      await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug');
      const first = await p.pydebug(['which', 'debug', '--json']);
      expect(first.code).toBe(0);
      expect(await readdir(join(p.dir, '.pydebug'))).toContain(VERDICTS_FILE);
      const second = await p.pydebug(['which', 'debug', '--json']);
      expect(second).toEqual(first);
      expect((await p.pydebug(['lock', '--check'])).code).toBe(0);
      // An edit of the lock: its text is not the verdict's, so it is checked, and refused.
      const lockPath = join(p.dir, 'pydebug.lock');
      const edited = (await readFile(lockPath, 'utf8')).replace('"--with-pydebug"', '"--with-pydebug",\n          "--enable-shared"');
      await writeFile(lockPath, edited);
      const check = await p.pydebug(['lock', '--check']);
      expect(check.code).toBe(1);
      expect(check.stderr).toMatch(/configure arguments changed: lock has --with-pydebug --enable-shared/);
      // A verdict for the edited lock, signed with anything but the store's key, is ignored too.
      const planted = JSON.parse(await readFile(join(p.dir, '.pydebug', VERDICTS_FILE), 'utf8')) as { body: string };
      const body = JSON.parse(planted.body) as Record<string, unknown>;
      const { createHash } = await import('node:crypto');
      body.lockfile = createHash('sha256').update(edited).digest('hex');
      const text = JSON.stringify(body);
      await writeFile(join(p.dir, '.pydebug', VERDICTS_FILE), JSON.stringify({ body: text, mac: createHmac('sha256', randomBytes(32)).update(text).digest('hex') }));
      expect(await p.pydebug(['lock', '--check'])).toEqual(check);
      expect((await p.pydebug(['sync', '--frozen'])).stderr).toMatch(/--frozen refuses to build from a stale or missing lock/);
    } finally {
      await p.cleanup();
    }
  });
});
