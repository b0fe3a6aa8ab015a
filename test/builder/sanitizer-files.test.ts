/**
 * CPython's suppression files, found in a source tree laid out as CPython's (Tools/tsan,
 * Tools/ubsan) and copied into a staged entry.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copySuppressionFiles, findSuppressionFiles, suppressionsInTree } from '../../src/builder/sanitizer-files.js';
import { tempDir } from '../support/temp-dir.js';

let root: string;
let tree: string;
beforeEach(async () => {
  root = await tempDir('pydebug-supp-');
  tree = join(root, 'Python-3.13.5');
  await mkdir(join(tree, 'Tools', 'tsan'), { recursive: true });
  await writeFile(join(tree, 'Tools', 'tsan', 'suppressions.txt'), 'race:with_gil\n');
  await writeFile(join(tree, 'Tools', 'tsan', 'suppressions_free_threading.txt'), 'race:free_threaded_only\n');
});

describe('findSuppressionFiles', () => {
  it('TSan: the free-threading file for a free-threaded build, the other one otherwise', async () => {
    const ft = await findSuppressionFiles(tree, ['thread'], true);
    expect(ft).toEqual([{ variable: 'TSAN_OPTIONS', source: join(tree, 'Tools/tsan/suppressions_free_threading.txt'), entryPath: 'share/pydebug/tsan-suppressions_free_threading.txt' }]);
    const gil = await findSuppressionFiles(tree, ['thread'], false);
    expect(gil.map((f) => f.source)).toEqual([join(tree, 'Tools/tsan/suppressions.txt')]);
    expect(suppressionsInTree(ft)).toEqual({ TSAN_OPTIONS: join(tree, 'Tools/tsan/suppressions_free_threading.txt') });
  });

  it('UBSan: only where the tree has Tools/ubsan/suppressions.txt (3.14+); ASan has none', async () => {
    expect(await findSuppressionFiles(tree, ['address', 'undefined'], false)).toEqual([]);
    await mkdir(join(tree, 'Tools', 'ubsan'));
    await writeFile(join(tree, 'Tools', 'ubsan', 'suppressions.txt'), 'alignment:Objects/x.c\n');
    expect(await findSuppressionFiles(tree, ['address', 'undefined'], false)).toEqual([
      { variable: 'UBSAN_OPTIONS', source: join(tree, 'Tools/ubsan/suppressions.txt'), entryPath: 'share/pydebug/ubsan-suppressions.txt' },
    ]);
  });

  it('a symlink in the tree (a tarball can hold one pointing anywhere) is not taken', async () => {
    await writeFile(join(root, 'outside.txt'), 'secret\n');
    await mkdir(join(tree, 'Tools', 'ubsan'));
    await symlink(join(root, 'outside.txt'), join(tree, 'Tools', 'ubsan', 'suppressions.txt'));
    expect(await findSuppressionFiles(tree, ['undefined'], false)).toEqual([]);
  });
});

describe('copySuppressionFiles', () => {
  it("copies into share/pydebug of the staged entry and returns the manifest's paths", async () => {
    const staged = join(root, 'stage', 'prefix');
    await mkdir(join(staged, 'share', 'pydebug'), { recursive: true });
    const files = await findSuppressionFiles(tree, ['thread'], true);
    expect(await copySuppressionFiles(staged, files)).toEqual({ TSAN_OPTIONS: 'share/pydebug/tsan-suppressions_free_threading.txt' });
    expect(await readFile(join(staged, 'share/pydebug/tsan-suppressions_free_threading.txt'), 'utf8')).toBe('race:free_threaded_only\n');
    expect(await copySuppressionFiles(staged, [])).toBeUndefined();
  });
});
