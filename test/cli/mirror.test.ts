/**
 * PYDEBUG_MIRROR as a relative directory, as the README says: resolved against the working
 * directory (not the project's), then checked like an absolute one. In process: `pydebug lock`
 * downloads a stand-in tarball from the mirror directory.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MD5_3132, RECIPE_YAML } from '../support/fixtures.js';
import { runInProcess } from './in-process.js';
import { makeProject, type TestProject } from './project.js';

const TARBALL = Buffer.from('not a real tarball: only its checksums matter to pydebug lock\n');
const YAML = RECIPE_YAML.replace(MD5_3132, createHash('md5').update(TARBALL).digest('hex'));

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(YAML, { lock: false });
  await mkdir(join(p.root, 'tarballs', '3.13.2'), { recursive: true });
  await writeFile(join(p.root, 'tarballs', '3.13.2', 'Python-3.13.2.tgz'), TARBALL);
});
afterEach(() => p.cleanup());

const lockWith = (mirror: string, cwd: string) => runInProcess(['-c', join(p.dir, 'pydebug.yml'), 'lock'], { cwd, env: { ...p.env, PYDEBUG_MIRROR: mirror } });

describe('PYDEBUG_MIRROR as a relative directory', () => {
  it.each([
    ['../tarballs', () => p.dir],
    ['tarballs', () => p.root],
    ['./tarballs/', () => p.root],
    ['../../tarballs', () => join(p.dir, 'src')],
  ])('%s is resolved against the working directory', async (mirror, cwd) => {
    await mkdir(join(p.dir, 'src'), { recursive: true });
    const r = await lockWith(mirror, cwd());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*pydebug\.lock/);
  });

  it('a relative directory that does not hold the tarball fails naming the resolved path', async () => {
    const r = await lockWith('nowhere', p.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(p.dir, 'nowhere'));
  });

  it.each([['~/tarballs'], ['ftp:tarballs'], ['tar\u0001balls']])('%j is still refused before any download', async (mirror) => {
    const r = await lockWith(mirror, p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: PYDEBUG_MIRROR is not usable/m);
  });
});

describe('mirror: in pydebug.yml as a relative directory', () => {
  const lockFrom = (cwd: string) => runInProcess(['lock'], { cwd, env: p.env });
  const withMirror = (mirror: string) => writeFile(join(p.dir, 'pydebug.yml'), `${YAML}mirror: ${mirror}\n`);

  it("is resolved against pydebug.yml's directory, from any working directory, and leaves the lock as without a mirror", async () => {
    await mkdir(join(p.dir, 'src', 'deep'), { recursive: true });
    await withMirror('../tarballs');
    const r = await lockFrom(join(p.dir, 'src', 'deep'));
    expect(r.code, r.stderr).toBe(0);
    const lock = await readFile(join(p.dir, 'pydebug.lock'), 'utf8');
    // The lock keeps python.org's URL: no path of this machine, the same bytes wherever it is made.
    expect(lock).toContain('"url": "https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz"');
    expect(lock).not.toContain(p.root);
    expect(lock).not.toContain('tarballs');
  });

  it('names the resolved directory when it does not hold the tarball', async () => {
    await mkdir(join(p.dir, 'src'), { recursive: true });
    await withMirror('nowhere');
    const r = await lockFrom(join(p.dir, 'src'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(p.dir, 'nowhere', '3.13.2', 'Python-3.13.2.tgz'));
  });
});
