/**
 * PYDEBUG_MIRROR as a relative directory, as the README says: resolved against the working
 * directory (not the project's), then checked like an absolute one. In process: `pydebug lock`
 * downloads a stand-in tarball from the mirror directory.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
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
