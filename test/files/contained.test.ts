/**
 * The containment checks every removal and rename goes through: real directories, real
 * symlinks, and the paths an attacker would put in a lock or a manifest.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertInside, isStrictlyInside, OutsideError, removeInside, renameInside, segmentProblem } from '../../src/files/contained.js';
import { exists as present } from '../support/exists.js';

let dir: string;
let root: string;
let victim: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-contained-'));
  root = join(dir, 'store');
  victim = join(dir, 'victim');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(victim);
  await writeFile(join(victim, 'data'), 'keep me');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('containment', () => {
  it('tells inside from outside lexically', () => {
    expect(isStrictlyInside('/a/b', '/a/b/c')).toBe(true);
    expect(isStrictlyInside('/a/b', '/a/b')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/bc')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/b/x/../../b/y')).toBe(true);
  });

  it.each([
    ['a parent climb', (r: string) => join(r, 'sub', '..', '..', 'victim')],
    ['an absolute path elsewhere', () => '/etc/passwd'],
    ['the root itself', (r: string) => r],
    ['the root through a trailing ..', (r: string) => join(r, 'sub', '..')],
  ])('refuses to remove %s, and removes nothing', async (_label, make) => {
    await expect(removeInside(root, make(root))).rejects.toBeInstanceOf(OutsideError);
    expect(await present(join(victim, 'data'))).toBe(true);
    expect(await present(root)).toBe(true);
  });

  it('refuses a path that reaches outside through a symlinked directory', async () => {
    await symlink(victim, join(root, 'link'));
    await expect(removeInside(root, join(root, 'link', 'data'))).rejects.toThrow(/through a symlink/);
    expect(await present(join(victim, 'data'))).toBe(true);
  });

  it('refuses a linked directory below the root even when it points inside the root', async () => {
    // sources/<tree> linked to another folder of the store: resolving paths would call it inside.
    await mkdir(join(root, 'other'));
    await writeFile(join(root, 'other', 'data'), 'keep me');
    await symlink(join(root, 'other'), join(root, 'sub', 'tree'));
    await expect(removeInside(root, join(root, 'sub', 'tree', 'data'))).rejects.toThrow(/never through a symlink: .*sub\/tree is one/);
    await expect(renameInside(root, join(root, 'sub', 'tree', 'data'), join(root, 'moved'))).rejects.toBeInstanceOf(OutsideError);
    expect(await present(join(root, 'other', 'data'))).toBe(true);
  });

  it('refuses a linked source tree that leads to a user directory (issue 21, item 5)', async () => {
    // sources/3.11.2-<sha> -> ~/victim with a configure: the build dir inside it must not be touched.
    await mkdir(join(victim, 'build-debug-12345678'));
    await writeFile(join(victim, 'build-debug-12345678', 'important.txt'), 'keep me');
    await symlink(victim, join(root, 'sub', '3.11.2-abc'));
    await expect(removeInside(root, join(root, 'sub', '3.11.2-abc', 'build-debug-12345678'))).rejects.toBeInstanceOf(OutsideError);
    await expect(assertInside(root, join(root, 'sub', '3.11.2-abc', 'build-debug-12345678', 'x'))).rejects.toBeInstanceOf(OutsideError);
    expect(await present(join(victim, 'build-debug-12345678', 'important.txt'))).toBe(true);
  });

  it('accepts a root reached through a link above it', async () => {
    await symlink(root, join(dir, 'home-link'));
    await writeFile(join(root, 'sub', 'f'), 'x');
    await removeInside(join(dir, 'home-link'), join(dir, 'home-link', 'sub', 'f'));
    expect(await present(join(root, 'sub', 'f'))).toBe(false);
  });

  it('removes a symlink itself, never what it points to', async () => {
    await symlink(victim, join(root, 'link'));
    await removeInside(root, join(root, 'link'));
    expect(await present(join(root, 'link'))).toBe(false);
    expect(await present(join(victim, 'data'))).toBe(true);
  });

  it('removes and renames inside', async () => {
    await writeFile(join(root, 'sub', 'f'), 'x');
    await renameInside(root, join(root, 'sub', 'f'), join(root, 'g'));
    expect(await present(join(root, 'g'))).toBe(true);
    await removeInside(root, join(root, 'sub'));
    expect(await present(join(root, 'sub'))).toBe(false);
    await expect(renameInside(root, join(root, 'g'), join(victim, 'g'))).rejects.toBeInstanceOf(OutsideError);
    expect(await present(join(root, 'g'))).toBe(true);
  });

  it('checks a path whose directories do not exist yet', async () => {
    expect(await assertInside(root, join(root, 'a', 'b', 'c'))).toBe(join(root, 'a', 'b', 'c'));
  });
});

describe('one path segment', () => {
  it.each([
    ['', /empty/],
    ['.', /not a file name/],
    ['..', /not a file name/],
    ['../x.tgz', /separator/],
    ['a\\b', /separator/],
    ['a\0b', /control/],
    ['a\nb', /control/],
    ['x'.repeat(256), /255 bytes/],
  ])('refuses %j', (name, why) => {
    expect(segmentProblem(name)).toMatch(why);
  });
  it('accepts a tarball name', () => {
    expect(segmentProblem('Python-3.13.0a2.tar.xz')).toBeUndefined();
  });
});
