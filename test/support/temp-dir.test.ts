import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileTempDir, tempDir, tempStore } from './temp-dir.js';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

let forFile: string;
beforeAll(async () => {
  forFile = await fileTempDir('pydebug-temp-dir-file-');
});

// Runs before the removal: a file's own after-hooks still find its directories.
const seenByAfterEach: boolean[] = [];
let current: string | undefined;
afterEach(async () => {
  if (current) seenByAfterEach.push(await exists(current));
  current = undefined;
});

describe('tempDir', () => {
  let made: string;
  let readOnly: string;

  it('makes an empty directory with the prefix', async () => {
    made = await tempDir('pydebug-temp-dir-');
    current = made;
    expect(made).toMatch(/pydebug-temp-dir-\w{6}$/);
    readOnly = join(made, 'entry', 'lib');
    await mkdir(readOnly, { recursive: true });
    await writeFile(join(readOnly, 'os.py'), '');
    await chmod(readOnly, 0o500);
    await chmod(join(made, 'entry'), 0o500);
  });

  it("removed it after that test (read-only folders too), after the file's own afterEach", async () => {
    expect(await exists(made)).toBe(false);
    expect(seenByAfterEach).toEqual([true]);
  });

  it('tempStore: a store at home/ of a new directory, not created', async () => {
    const { dir, store } = await tempStore('pydebug-temp-store-');
    expect(store.root).toBe(join(dir, 'home'));
    expect(await exists(store.root)).toBe(false);
  });

  it('keeps the fileTempDir for every test of the file', async () => {
    expect(await exists(forFile)).toBe(true);
  });
});
