import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileTooLargeError, openRegularFile, readBounded, readTextFile, readTextTail } from '../../src/files/read-text.js';
import { cleanEnv, runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-read-text-');
});

describe('readTextFile', () => {
  it('reads a file of exactly the limit, and refuses one byte more', async () => {
    await writeFile(join(dir, 'fits'), 'é'.repeat(8));
    expect(await readTextFile(join(dir, 'fits'), 16)).toBe('é'.repeat(8));
    await writeFile(join(dir, 'over'), 'x'.repeat(17));
    await expect(readTextFile(join(dir, 'over'), 16, 'over.yml')).rejects.toThrow(FileTooLargeError);
    await expect(readTextFile(join(dir, 'over'), 16, 'over.yml')).rejects.toThrow(/^over\.yml is larger than 16 bytes/);
  });

  it('refuses an endless device without reading it', async () => {
    await expect(readTextFile('/dev/zero', 1024)).rejects.toThrow(/\/dev\/zero is not a regular file \(a character device\)/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    await expect(readTextFile(fifo, 1024, 'pydebug.yml')).rejects.toThrow(/^pydebug\.yml is not a regular file \(a FIFO\)$/);
  });

  it('pydebug list with a FIFO for pydebug.yml exits promptly with the error', async () => {
    const project = join(dir, 'fifo-project');
    await mkdir(project);
    execFileSync('mkfifo', [join(project, 'pydebug.yml')]);
    const r = await runCli(['list'], { cwd: project, env: cleanEnv({ PYDEBUG_HOME: join(dir, 'home') }) });
    expect(r.seconds).toBeLessThan(20);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pydebug.yml is not a regular file (a FIFO)');
  }, 30_000);

  it('leaves file-system errors to the caller, with their code', async () => {
    await expect(readTextFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readTextFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('readBounded', () => {
  it('returns the bytes and the stat of what it read', async () => {
    await writeFile(join(dir, 'data'), Buffer.from([0, 1, 2]));
    const read = await readBounded(join(dir, 'data'), 3);
    expect('data' in read && [...read.data]).toEqual([0, 1, 2]);
    expect(read.stats.size).toBe(3);
  });

  it('says what it refused instead of throwing: too large, a directory, a FIFO', async () => {
    await writeFile(join(dir, 'big'), 'x'.repeat(5));
    expect(await readBounded(join(dir, 'big'), 4)).toMatchObject({ problem: 'too large' });
    expect(await readBounded(dir, 4)).toMatchObject({ problem: 'not a file', kind: 'a directory' });
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await readBounded(fifo, 4)).toMatchObject({ problem: 'not a file', kind: 'a FIFO' });
  }, 5_000);
});

describe('readTextTail and openRegularFile', () => {
  it('reads only the last bytes of a file, all of a shorter one', async () => {
    await writeFile(join(dir, 'log'), 'first\nsecond\nthird\n');
    expect(await readTextTail(join(dir, 'log'), 6)).toBe('third\n');
    expect(await readTextTail(join(dir, 'log'), 1000)).toBe('first\nsecond\nthird\n');
  });

  it('refuse a FIFO at once', async () => {
    const fifo = join(dir, 'fifo.log');
    execFileSync('mkfifo', [fifo]);
    await expect(readTextTail(fifo, 10, 'build.log')).rejects.toThrow(/^build\.log is not a regular file \(a FIFO\)$/);
    await expect(openRegularFile(fifo)).rejects.toThrow(/is not a regular file \(a FIFO\)/);
    await expect(openRegularFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  }, 5_000);
});

describe('openRegularFileSync', () => {
  it('opens a regular file, and refuses a FIFO (at once), a device and a directory as openRegularFile does', async () => {
    const { openRegularFileSync } = await import('../../src/files/read-text.js');
    const { closeSync, readSync } = await import('node:fs');
    await writeFile(join(dir, 'data'), 'abc');
    const opened = openRegularFileSync(join(dir, 'data'));
    const buffer = Buffer.alloc(8);
    expect(readSync(opened.fd, buffer, 0, 8, null)).toBe(3);
    expect(opened.stats.size).toBe(3);
    closeSync(opened.fd);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => openRegularFileSync(fifo, 'the entry file')).toThrow(/^the entry file is not a regular file \(a FIFO\)$/);
    expect(() => openRegularFileSync('/dev/zero')).toThrow(/is not a regular file \(a character device\)/);
    expect(() => openRegularFileSync(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => openRegularFileSync(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
