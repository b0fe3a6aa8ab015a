import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTooLargeError, readTextFile } from '../../src/files/read-text.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-read-text-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTextFile', () => {
  it('reads a file of exactly the limit, and refuses one byte more', async () => {
    await writeFile(join(dir, 'fits'), 'é'.repeat(8));
    expect(await readTextFile(join(dir, 'fits'), 16)).toBe('é'.repeat(8));
    await writeFile(join(dir, 'over'), 'x'.repeat(17));
    await expect(readTextFile(join(dir, 'over'), 16, 'over.yml')).rejects.toThrow(FileTooLargeError);
    await expect(readTextFile(join(dir, 'over'), 16, 'over.yml')).rejects.toThrow(/^over\.yml is larger than 16 bytes/);
  });

  it('stops reading an endless device after limit + 1 bytes', async () => {
    await expect(readTextFile('/dev/zero', 1024)).rejects.toThrow(/\/dev\/zero is larger than 1 kB/);
  });

  it('leaves file-system errors to the caller, with their code', async () => {
    await expect(readTextFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readTextFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
