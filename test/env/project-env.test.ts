/**
 * Project environments with a real interpreter: the machine's python3 stands in for a store
 * interpreter (the e2e tests use real debug builds), and real venvs are made with it.
 */

import { copyFile, mkdir, readdir, readFile, realpath, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureProjectEnv, envsRoot, removeProjectEnvs } from '../../src/env/project-env.js';
import { PydebugError } from '../../src/errors.js';
import { OutsideError } from '../../src/files/contained.js';
import { exists } from '../support/exists.js';
import { fileTempDir } from '../support/temp-dir.js';
import { fillUp, mountTmpfs, unmount } from '../support/tmpfs.js';

let dir: string;
let python: string;
beforeAll(async () => {
  dir = await fileTempDir('pydebug-env-');
  // The interpreter itself, not a launcher in front of it (pyenv's shims are shell scripts): a venv's links lead to it.
  python = await realpath((await execa('python3', ['-c', 'import sys; print(sys.executable)'])).stdout.trim());
});

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

  it('records the entry key as entry_key, and takes a record that says key (written before that name)', async () => {
    const project = join(dir, 'p-record');
    await mkdir(project);
    const made = await ensureProjectEnv(project, source('k1'));
    const file = join(made.dir, 'pydebug-env.json');
    const { entry_key, ...rest } = JSON.parse(await readFile(file, 'utf8'));
    expect(entry_key).toBe('k1');
    expect(rest.key).toBeUndefined();
    await writeFile(file, JSON.stringify({ key: 'k1', ...rest }));
    expect((await ensureProjectEnv(project, source('k1'))).created).toBe(false);
    expect((await ensureProjectEnv(project, source('k2'))).created).toBe(true);
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

describe('ensureProjectEnv on a tampered environment', () => {
  /** Makes the environment, lets `tamper` change it, then asks for it again: what was said, and what runs. */
  async function afterTampering(name: string, tamper: (dir: string) => Promise<void>) {
    const project = join(dir, name);
    await mkdir(project);
    const first = await ensureProjectEnv(project, source('k1'));
    await tamper(first.dir);
    await writeFile(join(first.dir, 'installed-by-user'), '');
    const said: string[] = [];
    const again = await ensureProjectEnv(project, source('k1'), { onCreate: (_, tampered) => said.push(tampered ?? '(no reason)') });
    const basePrefix = (await execa(again.python, ['-c', 'import sys, os; print(os.path.realpath(sys._base_executable)); print(sys.base_prefix)'])).stdout.split('\n');
    return { again, said, basePrefix, userFileKept: await exists(join(again.dir, 'installed-by-user')) };
  }
  const basePrefixOf = async () => (await execa(python, ['-c', 'import sys; print(sys.base_prefix)'])).stdout;

  it('bin/python replaced by another interpreter: made again, saying so', async () => {
    const r = await afterTampering('t1', async (env) => {
      await unlink(join(env, 'bin', 'python'));
      await copyFile('/bin/sh', join(env, 'bin', 'python'));
    });
    expect(r.again.created).toBe(true);
    expect(r.said).toEqual([`its bin/python is ${join(r.again.dir, 'bin', 'python')}, not the entry's interpreter ${python}`]);
    expect(r.basePrefix).toEqual([python, await basePrefixOf()]);
    expect(r.userFileKept).toBe(false);
  });

  it('bin/python3 a link to another program: made again', async () => {
    const r = await afterTampering('t2', async (env) => {
      await unlink(join(env, 'bin', 'python3'));
      await symlink('/bin/sh', join(env, 'bin', 'python3'));
    });
    expect(r.again.created).toBe(true);
    expect(r.said[0]).toMatch(/^its bin\/python3? is \/.*, not the entry's interpreter /);
    expect(await realpath(join(r.again.bin, 'python3'))).toBe(python);
  });

  it("pyvenv.cfg's home moved elsewhere (it moves sys.base_prefix): made again", async () => {
    const r = await afterTampering('t3', async (env) => {
      const cfg = await readFile(join(env, 'pyvenv.cfg'), 'utf8');
      await writeFile(join(env, 'pyvenv.cfg'), cfg.replace(/^home = .*$/m, 'home = /usr/bin'));
    });
    expect(r.said).toEqual([`its pyvenv.cfg says home = /usr/bin, not the entry's ${dirname(python)}`]);
    expect(r.basePrefix[1]).toBe(await basePrefixOf());
  });

  it('the interpreter is not the file it was when the environment was made (its stamp): made again', async () => {
    const r = await afterTampering('t4', async (env) => {
      const record = JSON.parse(await readFile(join(env, 'pydebug-env.json'), 'utf8'));
      await writeFile(join(env, 'pydebug-env.json'), JSON.stringify({ ...record, interpreter: '1:2:3:4' }));
    });
    expect(r.said).toEqual(["the entry's interpreter changed since it was made"]);
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

describe('ensureProjectEnv on a full project disk', () => {
  let mounted: string | undefined;
  afterEach(async () => {
    if (mounted) await unmount(mounted);
    mounted = undefined;
  });

  /** A project on a real 64 kB tmpfs: far too small for a venv with pip. */
  async function projectOnTinyDisk(name: string): Promise<string | { refused: string }> {
    const project = join(dir, name);
    await mkdir(project);
    const refused = await mountTmpfs(project, '64k');
    if (refused) return { refused };
    mounted = project;
    return project;
  }

  it('while the venv is made: names the project file system, not the store, and removes the half-made environment', async (ctx) => {
    const project = await projectOnTinyDisk('full1');
    if (typeof project !== 'string') return ctx.skip(project.refused);
    const err = await ensureProjectEnv(project, source('k1')).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(new RegExp(`^cannot write ${join(envsRoot(project), '3.11.2-debug')}: no space left on the file system mounted at ${project}; the half-made environment was removed$`));
    expect(err.hint).toBe(`free space on ${project} (df -h ${project}), then run the command again`);
    expect(await readdir(envsRoot(project))).toEqual([]);
  });

  it('an interpreter that fails for want of space: the project file system, not "the store interpreter could not run venv"', async () => {
    const project = join(dir, 'full3');
    await mkdir(project);
    // As venv fails when the disk fills while it copies: an OSError with errno 28.
    const fake = join(dir, 'python-disk-full');
    await writeFile(fake, '#!/bin/sh\necho "Error: [Errno 28] No space left on device: \'$4\'" >&2\nexit 1\n', { mode: 0o755 });
    const err = await ensureProjectEnv(project, { id: '3.11.2-debug', entryKey: 'k1', python: fake, env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(/^cannot write \S+\/3\.11\.2-debug: no space left on the file system mounted at \/\S*; the half-made environment was removed$/);
    expect(err.hint).not.toMatch(/store/);
    expect(await readdir(envsRoot(project))).toEqual([]);
  });

  it('before anything is made: the .gitignore of .pydebug/ is not left empty', async (ctx) => {
    const project = await projectOnTinyDisk('full2');
    if (typeof project !== 'string') return ctx.skip(project.refused);
    await fillUp(project);
    const err = await ensureProjectEnv(project, source('k1')).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toBe(`cannot write ${join(project, '.pydebug', '.gitignore')}: no space left on the file system mounted at ${project}; no environment was made`);
    expect(await readdir(join(project, '.pydebug'))).toEqual([]);
  });
});
