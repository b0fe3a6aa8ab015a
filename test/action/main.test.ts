/**
 * The committed Action bundle's main run with `sync: false`, run as the runner runs it (with the
 * Node running the tests: the bundle targets the CLI's oldest Node too): the matrix output and the
 * `pydebug` command for the rest of the job, and nothing built, restored or installed.
 */

import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_DIR, addedPath, freshRunnerDirs, type RunnerDirs, runAction } from '../support/action-runner.js';

const CONFIG = `python:
  - version: "3.13.2"
    md5: 6192ce4725d9c9fc0e8a1cd38410b417
variants:
  debug: {pydebug: true}
  valgrind: {pydebug: true, pymalloc: false, valgrind: true}
`;

let root: string;
let dirs: RunnerDirs;
beforeAll(async () => {
  root = join(tmpdir(), `pydebug-action-main-${process.pid}`);
  dirs = await freshRunnerDirs(root);
  await writeFile(join(dirs.workspace, 'pydebug.yml'), CONFIG);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const matrixOnly = (inputs: Record<string, string>) => runAction('main', { dirs, node: process.execPath, inputs: { sync: 'false', frozen: 'false', ...inputs } });

describe('the Action with sync: false', () => {
  it('outputs the matrix, puts the pydebug command on PATH, and builds nothing', async () => {
    const run = await matrixOnly({});
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.matrix!)).toEqual({
      include: [
        { id: '3.13.2-debug', version: '3.13.2', variant: 'debug' },
        { id: '3.13.2-valgrind', version: '3.13.2', variant: 'valgrind' },
      ],
    });
    expect(addedPath(run)).toEqual([join(dirs.temp, 'pydebug-bin')]);
    expect(run.stdout).toContain('matrix: 2 entries (sync: false, nothing built)');
    expect(await readdir(dirs.toolCache)).toEqual([]);
    expect(run.exportedEnv).toEqual({});
  });

  it("the rest of the job's pydebug is the Action's own CLI, and works in the workspace", async () => {
    const run = await matrixOnly({});
    const env = { HOME: process.env.HOME ?? '/root', PATH: [...addedPath(run), process.env.PATH].join(':') };
    const later = (script: string) => execa('sh', ['-c', script], { cwd: dirs.workspace, env, extendEnv: false, reject: false });
    const { version } = JSON.parse(await readFile(join(ACTION_DIR, 'package.json'), 'utf8')) as { version: string };
    expect((await later('command -v pydebug')).stdout).toBe(join(dirs.temp, 'pydebug-bin', 'pydebug'));
    expect((await later('pydebug --version')).stdout).toBe(`pydebug ${version}`);
    const matrix = await later('pydebug matrix');
    expect(matrix.exitCode, matrix.stderr).toBe(0);
    expect(JSON.parse(matrix.stdout)).toEqual(JSON.parse(run.outputs.matrix!));
  });

  it('with add-to-path: false, leaves PATH alone', async () => {
    const run = await matrixOnly({ 'add-to-path': 'false' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.path).toEqual([]);
    expect(run.outputs.matrix).toBeDefined();
  });
});
