/** The file list format and the stamps that spare re-hashing, on real files. */

import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { changedSinceVerified, checkCoreFiles, formatFileList, hashTree, hashTreeStamped, parseFileList, sha256Of } from '../../src/store/entry-hashes.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-hashes-');
});

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

describe('changedSinceVerified: the stat pass of which, run and list', () => {
  /** A small entry with its recorded list, as a build leaves it. */
  async function entry(): Promise<{ root: string; list: Map<string, { sha256: string; bytes: number; kind: 'f' | 'l' }>; stamps: string }> {
    const root = join(dir, 'entry');
    await mkdir(join(root, 'lib', 'python3.13', '__pycache__'), { recursive: true });
    await writeFile(join(root, 'lib', 'python3.13', 'abc.py'), 'class ABC: pass\n');
    await writeFile(join(root, 'lib', 'python3.13', '__pycache__', 'abc.cpython-313.pyc'), 'bytecode');
    await symlink('python3.13', join(root, 'lib', 'python'));
    return { root, list: (await hashTree(root, [])).files, stamps: join(dir, 'verified', 'key.files.json') };
  }

  it('finds nothing in an entry as built', async () => {
    const { root, list, stamps } = await entry();
    expect(await changedSinceVerified(root, [], list, stamps)).toEqual([]);
  });

  it('names what pip install adds, what is gone, a file of another size and a replaced link, without stamps', async () => {
    const { root, list, stamps } = await entry();
    await mkdir(join(root, 'lib', 'python3.13', 'site-packages', 'iniconfig'), { recursive: true });
    await writeFile(join(root, 'lib', 'python3.13', 'site-packages', 'iniconfig', '__init__.py'), '');
    await rm(join(root, 'lib', 'python3.13', 'abc.py'));
    await writeFile(join(root, 'lib', 'python3.13', '__pycache__', 'abc.cpython-313.pyc'), 'rewritten bytecode');
    await rm(join(root, 'lib', 'python'));
    await symlink('python3.13t', join(root, 'lib', 'python'));
    expect((await changedSinceVerified(root, [], list, stamps)).sort()).toEqual([
      'lib/python was changed since it was built (11 bytes, it had 10)',
      'lib/python3.13/__pycache__/abc.cpython-313.pyc was changed since it was built (18 bytes, it had 8)',
      'lib/python3.13/abc.py is missing',
      'lib/python3.13/site-packages/iniconfig/__init__.py is not part of the build',
    ]);
  });

  it('hashes a file of the same size whose stat fields differ from its stamp: a rewrite is named, a touch is not', async () => {
    const { root, list, stamps } = await entry();
    // Stamps are written only for files whose ctime is a second old (see settled).
    await new Promise((r) => setTimeout(r, 1100));
    await hashTreeStamped(root, [], list, stamps);
    const pyc = join(root, 'lib', 'python3.13', '__pycache__', 'abc.cpython-313.pyc');
    await utimes(pyc, new Date(), new Date());
    expect(await changedSinceVerified(root, [], list, stamps)).toEqual([]);
    await writeFile(pyc, 'BYTECODE');
    expect(await changedSinceVerified(root, [], list, stamps)).toEqual(['lib/python3.13/__pycache__/abc.cpython-313.pyc was changed since it was built (its SHA-256 differs)']);
  });

  it('leaves out the excluded paths (the manifest and the list itself)', async () => {
    const { root, list, stamps } = await entry();
    await mkdir(join(root, 'share', 'pydebug'), { recursive: true });
    await writeFile(join(root, 'share', 'pydebug', 'manifest.json'), '{}');
    expect(await changedSinceVerified(root, ['share/pydebug/manifest.json'], list, stamps)).toEqual([]);
  });
});

describe('hashFile', () => {
  it('gives the SHA-256 and size of small files (read synchronously) and large ones (streamed), many in a row', async () => {
    const { hashFile } = await import('../../src/store/entry-hashes.js');
    const { createHash } = await import('node:crypto');
    const root = dir;
    const contents = [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc((1 << 20) + 7, 0x61), Buffer.alloc(4 * (1 << 20) + 1, 0x62)];
    for (let i = 0; i < contents.length; i++) await writeFile(join(root, `f${i}`), contents[i]!);
    // More files than one turn of the event loop reads, each checked against its own hash.
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => hashFile(join(root, `f${i % contents.length}`))));
    results.forEach((r, i) => {
      const data = contents[i % contents.length]!;
      expect(r).toEqual({ sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length });
    });
  });
});
