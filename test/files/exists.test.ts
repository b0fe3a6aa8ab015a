import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists, existsNoFollow } from '../../src/files/exists.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-exists-'));
  await writeFile(join(dir, 'file'), 'x');
  await mkdir(join(dir, 'dir'));
  await symlink('file', join(dir, 'to-file'));
  await symlink('dir', join(dir, 'to-dir'));
  await symlink('nowhere', join(dir, 'dangling'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exists', () => {
  it.each([
    ['file', 'any', true],
    ['file', 'file', true],
    ['file', 'dir', false],
    ['dir', 'any', true],
    ['dir', 'dir', true],
    ['dir', 'file', false],
    ['to-file', 'file', true],
    ['to-dir', 'dir', true],
    ['dangling', 'any', false],
    ['missing', 'any', false],
    ['file/below-a-file', 'any', false],
  ] as const)('%s as %s: %s (links followed)', async (name, kind, expected) => {
    expect(await exists(join(dir, name), kind)).toBe(expected);
  });
});

describe('existsNoFollow', () => {
  it.each([
    ['file', 'file', true],
    ['dir', 'dir', true],
    ['to-file', 'any', true],
    ['to-file', 'file', false],
    ['to-dir', 'dir', false],
    ['dangling', 'any', true],
    ['missing', 'any', false],
    ['file/below-a-file', 'any', false],
  ] as const)('%s as %s: %s (a link is itself)', async (name, kind, expected) => {
    expect(await existsNoFollow(join(dir, name), kind)).toBe(expected);
  });
});
