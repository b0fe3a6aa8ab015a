/**
 * Project environments with a real interpreter: the machine's python3 stands in for a store
 * interpreter (the e2e tests use real debug builds), and real venvs are made with it.
 */
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureProjectEnv, envsRoot, removeProjectEnvs } from '../../src/env/project-env.js';
import { PydebugError } from '../../src/errors.js';
import { OutsideError } from '../../src/store/contained.js';

let dir: string;
let python: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-env-'));
  python = await realpath((await execa('sh', ['-c', 'command -v python3'])).stdout.trim());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const source = (entryKey: string, id = '3.11.2-debug') => ({ id, entryKey, python, env: {} });

describe('ensureProjectEnv', () => {
  it('makes a venv from the interpreter once, ignored by git, with its own setuptools build directory', async () => {
    const project = join(dir, 'p1');
    await mkdir(project);
    const made = await ensureProjectEnv(project, source('k1'));
    expect(made.created).toBe(true);
    expect(made.dir).toBe(join(project, '.pydebug', 'envs', '3.11.2-debug'));
    const prefix = (await execa(made.python, ['-c', 'import sys; print(sys.prefix); print(sys.base_prefix != sys.prefix)'])).stdout.split('\n');
    expect(prefix).toEqual([made.dir, 'True']);
    // pip, copied from the interpreter's own site-packages, runs from the environment.
    for (const pip of ['pip', 'pip3']) expect((await execa(join(made.bin, pip), ['--version'])).stdout).toMatch(new RegExp(`^pip \\S+ from ${made.dir}/lib/python3\\.\\d+/site-packages/pip `));
    expect((await execa(made.python, ['-c', 'import setuptools, sys; print(setuptools.__file__.startswith(sys.prefix))'])).stdout).toBe('True');
    expect(await readFile(made.setuptoolsConfig, 'utf8')).toMatch(new RegExp(`^\\[build\\]\\nbuild_base = ${made.dir}/build$`, 'm'));
    expect(await readFile(join(project, '.pydebug', '.gitignore'), 'utf8')).toMatch(/^\*$/m);

    const again = await ensureProjectEnv(project, source('k1'));
    expect(again.created).toBe(false);
  });

  it('makes it again when the store entry changed (another key), dropping what was installed', async () => {
    const project = join(dir, 'p2');
    await mkdir(project);
    const first = await ensureProjectEnv(project, source('k1'));
    await writeFile(join(first.dir, 'installed-by-user'), '');
    const second = await ensureProjectEnv(project, source('k2'));
    expect(second.created).toBe(true);
    expect(await exists(join(second.dir, 'installed-by-user'))).toBe(false);
  });

  it('two at once make it once', async () => {
    const project = join(dir, 'p3');
    await mkdir(project);
    const both = await Promise.all([ensureProjectEnv(project, source('k1')), ensureProjectEnv(project, source('k1'))]);
    expect(both.map((e) => e.created).sort()).toEqual([false, true]);
  });

  it('refuses an id that is not one path segment, making nothing', async () => {
    const project = join(dir, 'p4');
    await mkdir(project);
    await expect(ensureProjectEnv(project, source('k1', '../../escape'))).rejects.toBeInstanceOf(PydebugError);
    expect(await readdir(project)).toEqual([]);
  });

  it('an interpreter that cannot make a venv: an error with its output, no half-made environment', async () => {
    const project = join(dir, 'p5');
    await mkdir(project);
    const err = await ensureProjectEnv(project, { id: '3.11.2-debug', entryKey: 'k1', python: '/bin/false', env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(/3\.11\.2-debug: could not make its environment \(\/bin\/false -m venv .*exit 1\)/);
    expect(await readdir(envsRoot(project))).toEqual([]);
  });
});

describe('removeProjectEnvs', () => {
  it('removes the environments and nothing else of the project', async () => {
    const project = join(dir, 'p6');
    await mkdir(join(project, '.pydebug', 'envs', 'x'), { recursive: true });
    await writeFile(join(project, 'pydebug.yml'), '');
    expect(await removeProjectEnvs(project)).toBe(envsRoot(project));
    expect(await readdir(project)).toEqual(['.pydebug', 'pydebug.yml']);
    expect(await removeProjectEnvs(project)).toBeUndefined();
  });

  it('does not follow a symlinked .pydebug out of the project', async () => {
    const project = join(dir, 'p7');
    const victim = join(dir, 'victim7');
    await mkdir(join(victim, 'envs'), { recursive: true });
    await mkdir(project);
    await symlink(victim, join(project, '.pydebug'));
    await expect(removeProjectEnvs(project)).rejects.toBeInstanceOf(OutsideError);
    await expect(ensureProjectEnv(project, source('k1'))).rejects.toBeInstanceOf(OutsideError);
    expect(await readdir(victim)).toEqual(['envs']);
    expect(await readdir(join(victim, 'envs'))).toEqual([]);
  });
});
