/**
 * A full disk is the user's to fix, not a bug in pydebug: `pydebug lock` on a real tmpfs of 64 kB
 * that is full, once as the project's disk (the lock cannot be written) and once as the store's
 * (the tarball cannot be downloaded). The message names the file system's mount point and what
 * was kept. Needs root to mount; skipped with the reason otherwise.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { MD5_3132, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { fillUp, mountTmpfs, unmount } from '../support/tmpfs.js';
import { runInProcess } from './in-process.js';

/** Stands in for the tarball: `pydebug lock` downloads it from a local mirror for its checksums. */
const TARBALL = Buffer.from('not a real tarball: only its checksums matter to pydebug lock\n');
const digest = (algorithm: string) => createHash(algorithm).update(TARBALL).digest('hex');
const YAML = RECIPE_YAML.replace(MD5_3132, digest('md5'));
/** A lock for fewer variants than pydebug.yml has: stale, so `pydebug lock` writes a new one. */
const OLD_LOCK = serializeLock(
  assembleLock(projectConfig(YAML.replace(/ {2}valgrind:\n[\s\S]*$/, '')), {
    '3.13.2': { version: '3.13.2', url: 'https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz', file: 'Python-3.13.2.tgz', sha256: digest('sha256'), md5: digest('md5'), size: TARBALL.length },
  }),
);

let root: string;
let mounted: string | undefined;
const at = (...parts: string[]) => join(root, ...parts);
beforeEach(async () => {
  root = await tempDir('pydebug-full-disk-');
  for (const d of ['project', 'home', 'mirror/3.13.2']) await mkdir(at(d), { recursive: true });
  await writeFile(at('mirror', '3.13.2', 'Python-3.13.2.tgz'), TARBALL);
});
afterEach(async () => {
  if (mounted) await unmount(mounted);
  mounted = undefined;
});

/** A full 64 kB tmpfs on `dir`, or the reason it cannot be mounted. */
async function tinyDisk(dir: string): Promise<string | undefined> {
  const refused = await mountTmpfs(dir, '64k');
  if (!refused) mounted = dir;
  return refused;
}

const lock = (home = at('home')) => runInProcess(['lock'], { cwd: at('project'), env: { PATH: process.env.PATH ?? '', HOME: root, PYDEBUG_HOME: home, PYDEBUG_MIRROR: at('mirror') } });

/** Every path under `dir` (none when it does not exist), with its size for files. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return Promise.all(entries.map(async (e) => `${relative(dir, join(e.parentPath, e.name))}${e.isFile() ? ` ${(await stat(join(e.parentPath, e.name))).size}` : '/'}`)).then((l) => l.sort());
}

describe('pydebug lock on a full disk', () => {
  it('the project disk: names its mount point and leaves the old lock as it was', async (ctx) => {
    const refused = await tinyDisk(at('project'));
    if (refused) return ctx.skip(refused);
    await writeFile(at('project', 'pydebug.yml'), YAML);
    await writeFile(at('project', 'pydebug.lock'), OLD_LOCK);
    await fillUp(at('project'));
    const r = await lock();
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain(`error: cannot write ${at('project', 'pydebug.lock')}: no space left on the file system mounted at ${at('project')}; pydebug.lock was not changed\n`);
    expect(r.stderr).toContain(`hint: free space on ${at('project')}`);
    expect(r.stderr).not.toContain('PYDEBUG_HOME');
    expect(await readFile(at('project', 'pydebug.lock'), 'utf8')).toBe(OLD_LOCK);
    expect((await readdir(at('project'))).sort()).toEqual(['filler', 'pydebug.lock', 'pydebug.yml']);
  });

  it.for<[string, boolean, string]>([
    ['a new store', false, 'store/\\.pydebug-store'],
    ['a store in use', true, 'store/\\S+'],
  ])('the store disk (%s): names its mount point, keeps nothing half-written and writes no lock', async ([, used, failing], ctx) => {
    // No lock yet: `pydebug lock` must download the tarball into the store for its checksums.
    await writeFile(at('project', 'pydebug.yml'), YAML);
    const refused = await tinyDisk(at('home'));
    if (refused) return ctx.skip(refused);
    // The store in a directory of its own on that disk: pydebug refuses a non-empty one it did not make.
    const store = at('home', 'store');
    if (used) {
      expect((await lock(store)).code).toBe(0);
      await rm(at('project', 'pydebug.lock'));
      for (const file of await readdir(join(store, 'downloads'))) await rm(join(store, 'downloads', file), { recursive: true });
    }
    const before = await listTree(store);
    await fillUp(at('home'));
    const r = await lock(store);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toMatch(new RegExp(`^error: cannot write ${at('home')}/${failing}: no space left on the file system mounted at ${at('home')}`, 'm'));
    expect(r.stderr).toContain(`hint: free space on ${at('home')}`);
    expect(await readdir(at('project'))).toEqual(['pydebug.yml']);
    expect(await listTree(store)).toEqual(before);
  });
});
