/**
 * pydebug.yml is found as git finds .git: in the working directory or the nearest parent, up to
 * the filesystem root; --config names one file and is never searched for; init writes into the
 * working directory. In process, real directories.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exists } from '../support/exists.js';
import { makeProject, type TestProject } from './project.js';

let p: TestProject;
beforeEach(async () => {
  p = await makeProject();
});
afterEach(() => p.cleanup());

/** Directories from `dir` up to the root. */
function upFrom(dir: string): string[] {
  const dirs = [dir];
  while (dirname(dirs.at(-1)!) !== dirs.at(-1)) dirs.push(dirname(dirs.at(-1)!));
  return dirs;
}

describe('pydebug.yml in a parent directory', () => {
  it('list, which and lock --check from a subdirectory use the project above (and its lock)', async () => {
    const deep = join(p.dir, 'src', 'pkg');
    await mkdir(deep, { recursive: true });
    const list = await p.pydebug(['list', '--json'], deep);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(3);
    const check = await p.pydebug(['lock', '--check'], deep);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain(`${join(p.dir, 'pydebug.lock')} is up to date`);
    const matrix = await p.pydebug(['matrix'], deep);
    expect(matrix.code, matrix.stderr).toBe(0);
  });

  it('the nearest pydebug.yml wins', async () => {
    const inner = join(p.dir, 'inner');
    await mkdir(inner);
    await p.pydebug(['init', '3.13.2'], inner);
    const r = await p.pydebug(['lock', '--check'], join(inner));
    expect(r.stderr).toContain('pydebug.lock is missing');
  });

  it('none found: the error says where pydebug looked, from the directory up to /', async () => {
    const lonely = join(p.root, 'elsewhere', 'deeper');
    await mkdir(lonely, { recursive: true });
    const found = (await Promise.all(upFrom(lonely).map((d) => exists(join(d, 'pydebug.yml'))))).some(Boolean);
    if (found) return; // a pydebug.yml above the temp directory: nothing to show here
    const r = await p.pydebug(['list'], lonely);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: no pydebug.yml in ${lonely} or any directory above it (looked from ${lonely} up to /)`);
    expect(r.stderr).toMatch(/^hint: .*pydebug init.*--config/m);
  });

  it('--config names one file: no search in parents, even when a parent has pydebug.yml', async () => {
    const sub = join(p.dir, 'sub');
    await mkdir(sub);
    for (const argv of [
      ['-c', 'pydebug.yml', 'list'],
      ['list', '--config', 'pydebug.yml'],
    ]) {
      const r = await p.pydebug(argv, sub);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error: pydebug.yml does not exist');
    }
  });

  it('init still writes into the working directory, not the project above', async () => {
    const sub = join(p.dir, 'sub');
    await mkdir(sub);
    const before = await readFile(join(p.dir, 'pydebug.yml'), 'utf8');
    const r = await p.pydebug(['init'], sub);
    expect(r.code, r.stderr).toBe(0);
    expect(await exists(join(sub, 'pydebug.yml'))).toBe(true);
    expect(await readFile(join(p.dir, 'pydebug.yml'), 'utf8')).toBe(before);
  });
});
