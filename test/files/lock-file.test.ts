/**
 * Writing pydebug.lock, on real files in a temp directory: atomic (a new file renamed over the
 * old one), the old file's mode and owner kept, nothing left behind, nothing written when the
 * bytes are the same, and never through a symlink.
 */
import { chmod, chown, lstat, mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PydebugError } from '../../src/errors.js';
import { readLockFile, writeLockFile } from '../../src/files/lock-file.js';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { Lock } from '../../src/lock/types.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { fillUp, mountTmpfs, unmount } from '../support/tmpfs.js';

const lock = (): Lock => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const otherLock = (): Lock => assembleLock(projectConfig(RECIPE_YAML.replace(/ {2}valgrind:\n[\s\S]*$/, '')), { '3.13.2': lockedSource() });

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-lock-file-');
  path = join(dir, 'pydebug.lock');
});

const umask = () => {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
};

describe('writeLockFile', () => {
  it('writes a new lock, a regular file with the default mode, and leaves nothing else', async () => {
    expect(await writeLockFile(path, lock())).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(serializeLock(lock()));
    expect((await stat(path)).mode & 0o777).toBe(0o666 & ~umask());
    expect(await readdir(dir)).toEqual(['pydebug.lock']);
  });

  it('leaves the file untouched (same inode, same mtime) when the bytes are the same', async () => {
    await writeFile(path, serializeLock(lock()));
    const old = new Date('2020-01-01T00:00:00Z');
    await utimes(path, old, old);
    const before = await stat(path);
    expect(await writeLockFile(path, lock())).toBe(false);
    const after = await stat(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await readdir(dir)).toEqual(['pydebug.lock']);
  });

  it('replaces the file by a rename (a new inode), never rewriting it in place', async () => {
    await writeFile(path, serializeLock(otherLock()));
    const before = await stat(path);
    expect(await writeLockFile(path, lock())).toBe(true);
    expect((await stat(path)).ino).not.toBe(before.ino);
    expect(await readFile(path, 'utf8')).toBe(serializeLock(lock()));
  });

  it.each([0o640, 0o444, 0o600].map((mode) => [mode.toString(8), mode] as const))('keeps the mode %s of the lock it replaces', async (_octal, mode) => {
    await writeFile(path, serializeLock(otherLock()));
    await chmod(path, mode);
    expect(await writeLockFile(path, lock())).toBe(true);
    expect((await stat(path)).mode & 0o7777).toBe(mode);
    expect(await readdir(dir)).toEqual(['pydebug.lock']);
  });

  it.skipIf(process.getuid?.() !== 0)('run as root, keeps the owner of the lock it replaces', async () => {
    await writeFile(path, serializeLock(otherLock()));
    await chown(path, 4242, 4343);
    expect(await writeLockFile(path, lock())).toBe(true);
    const st = await stat(path);
    expect([st.uid, st.gid]).toEqual([4242, 4343]);
  });

  it('gives each write its own temporary file: writes at the same time do not collide', async () => {
    const results = await Promise.all([writeLockFile(path, lock()), writeLockFile(path, otherLock()), writeLockFile(path, lock())]);
    expect(results).toEqual([true, true, true]);
    expect([serializeLock(lock()), serializeLock(otherLock())]).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['pydebug.lock']);
  });

  it("replaces a symlink at the lock's name with the lock, and leaves the file it pointed to alone", async () => {
    const elsewhere = await tempDir('pydebug-lock-file-victim-');
    await writeFile(join(elsewhere, 'notes.txt'), 'the only copy of my notes\n');
    await symlink(join(elsewhere, 'notes.txt'), path);
    expect(await writeLockFile(path, lock())).toBe(true);
    expect((await lstat(path)).isFile()).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(serializeLock(lock()));
    expect(await readFile(join(elsewhere, 'notes.txt'), 'utf8')).toBe('the only copy of my notes\n');
  });

  it("refuses to replace what is not a lock file, with the reader's error", async () => {
    await mkdir(path);
    await expect(writeLockFile(path, lock(), 'pydebug.lock')).rejects.toThrow('pydebug.lock is a directory, not a lock file');
    expect((await lstat(path)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual(['pydebug.lock']);
  });

  it('writes what readLockFile reads back', async () => {
    await writeLockFile(path, lock());
    expect(await readLockFile(path)).toMatchObject({ status: 'ok', lock: lock(), text: serializeLock(lock()) });
  });
});

describe('writeLockFile on a full disk', () => {
  let mount: string | undefined;
  afterEach(async () => {
    if (mount) await unmount(mount);
    mount = undefined;
  });

  it('names the file system that is full and keeps the old lock', async (ctx) => {
    const disk = join(dir, 'disk');
    await mkdir(disk);
    const refused = await mountTmpfs(disk, '64k');
    if (refused) return ctx.skip(refused);
    mount = disk;
    const lockPath = join(disk, 'pydebug.lock');
    await writeLockFile(lockPath, otherLock());
    const old = await readFile(lockPath, 'utf8');
    await fillUp(disk);
    const err = await writeLockFile(lockPath, lock(), 'pydebug.lock').catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toBe(`cannot write ${lockPath}: no space left on the file system mounted at ${disk}; pydebug.lock was not changed`);
    expect(err.hint).toContain(`free space on ${disk}`);
    expect(await readFile(lockPath, 'utf8')).toBe(old);
    expect((await readdir(disk)).sort()).toEqual(['filler', 'pydebug.lock']);
  });
});
