/** The file list format and the stamps that spare re-hashing, on real files. */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCoreFiles, formatFileList, hashTree, parseFileList, sha256Of } from '../../src/store/entry-hashes.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-hashes-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the file list', () => {
  it('records files by content and links by target, sorted, and reads back the same', async () => {
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin', 'python3.11'), 'binary');
    await symlink('python3.11', join(dir, 'bin', 'python3'));
    await writeFile(join(dir, 'a file with spaces.txt'), '');
    const tree = await hashTree(dir, []);
    const text = formatFileList(tree.files);
    expect(text).toBe([`${sha256Of('')} 0 f a file with spaces.txt`, `${sha256Of('python3.11')} 10 l bin/python3`, `${sha256Of('binary')} 6 f bin/python3.11`, ''].join('\n'));
    expect(parseFileList(text)).toEqual(tree.files);
  });

  it.each([
    ['no final line break', `${'0'.repeat(64)} 1 f x`, 'it does not end with a line break'],
    ['a short hash', `${'0'.repeat(63)} 1 f x\n`, 'line 1 is not "<sha256> <bytes> <f|l> <path>"'],
    ['an unknown kind', `${'0'.repeat(64)} 1 d x\n`, 'line 1 is not "<sha256> <bytes> <f|l> <path>"'],
    ['an empty line', '\n', 'line 1 is not "<sha256> <bytes> <f|l> <path>"'],
  ])('refuses %s', (_label, text, problem) => {
    expect(parseFileList(text)).toBe(problem);
  });
});

describe('stamps', () => {
  it('a file changed in the last second is hashed again next time, not stamped', async () => {
    await writeFile(join(dir, 'python'), 'binary');
    const core = { python: { sha256: sha256Of('binary'), bytes: 6, kind: 'f' as const } };
    const stamps = join(dir, 'stamps', 'key.json');
    expect(await checkCoreFiles(dir, core, stamps)).toBeUndefined();
    await expect(readFile(stamps, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('unreadable stamps are ignored: the files are hashed', async () => {
    await writeFile(join(dir, 'python'), 'binary');
    await mkdir(join(dir, 'stamps'));
    await writeFile(join(dir, 'stamps', 'key.json'), '{"python": null');
    const core = { python: { sha256: sha256Of('other!'), bytes: 6, kind: 'f' as const } };
    expect(await checkCoreFiles(dir, core, join(dir, 'stamps', 'key.json'))).toBe('its interpreter python was changed since it was built (its SHA-256 differs)');
  });
});
