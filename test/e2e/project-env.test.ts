/**
 * Using the interpreters (issue "Safe to use"): `pydebug run` runs in the project's own
 * environment of each entry, so pip never writes into the shared store, and `pip install .` under
 * every variant leaves each with an extension compiled for it. Real interpreters from the shared
 * store (global-setup.ts), the real CLI bundle, a real setuptools build (3.11.2's ensurepip
 * brings setuptools 65.5 and pip 22.3), examples/setuptools-extension.
 */
import { copyFile, cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, runCli } from '../support/cli.js';
import { exists } from '../support/exists.js';
import { SHARED_IDS } from './shared.js';

const e2e = inject('e2e');

/** Another project using the same store: a copy of the shared project's pydebug.yml and lock. */
async function newProject(name: string): Promise<string> {
  const dir = join(await mkdtemp(join(e2e.work, `${name}-`)), 'project');
  await mkdir(dir, { recursive: true });
  for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(e2e.projectDir, f), join(dir, f));
  return dir;
}

async function extensionCopy(project: string): Promise<string> {
  const ext = join(project, 'macroreport-src');
  await cp(new URL('../../examples/setuptools-extension/', import.meta.url).pathname, ext, { recursive: true });
  return ext;
}

const cli = (cwd: string, args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { cwd, env: cleanEnv({ PYDEBUG_HOME: e2e.home, ...extraEnv }) });

/** Offline: no index, and setuptools from the environment (ensurepip put it there). */
const PIP_INSTALL = ['python', '-m', 'pip', 'install', '--quiet', '--no-index', '--no-build-isolation'];
const IMPORT_CHECK = ['python', '-c', 'import macroreport, json; print(json.dumps(macroreport.check(), sort_keys=True))'];

describe("pydebug run uses the project's own environment", () => {
  let project: string;
  beforeAll(async () => {
    project = await newProject('env');
  });

  it('makes it on first use from the store interpreter, with python and pip first on PATH, and reuses it', async () => {
    const show = ['sh', '-c', 'command -v python && command -v pip && command -v pip3 && python -c "import sys; print(sys.prefix); print(sys.base_prefix)" && pip --version'];
    const first = await cli(project, ['run', 'debug', '--', ...show]);
    expect(first.code, first.stderr).toBe(0);
    const env = join(project, '.pydebug', 'envs', '3.11.2-debug');
    expect(first.stderr).toMatch(/3\.11\.2-debug: making its environment/);
    const lines = first.stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([join(env, 'bin', 'python'), join(env, 'bin', 'pip'), join(env, 'bin', 'pip3')]);
    expect(lines[3]).toBe(env);
    expect(lines[4]).toMatch(new RegExp(`^${e2e.home}/entries/pydebug-3\\.11\\.2-debug-`));
    expect(lines[5]).toMatch(new RegExp(`^pip \\S+ from ${env}/lib/python3\\.11/site-packages/pip `));
    // git never sees it.
    expect(await exists(join(project, '.pydebug', '.gitignore'))).toBe(true);

    const again = await cli(project, ['run', 'debug', '--', 'python', '-c', 'pass']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/making its environment/);
  });

  it("which gives the store interpreter, which --env the environment's", async () => {
    const store = await cli(project, ['which', 'debug']);
    const env = await cli(project, ['which', '--env', 'debug']);
    expect(store.stdout.trim()).toMatch(new RegExp(`^${e2e.home}/entries/`));
    expect(env.stdout.trim()).toBe(join(project, '.pydebug', 'envs', '3.11.2-debug', 'bin', 'python'));
  });
});

describe('pip install . under every variant', () => {
  it("without a build directory per environment, setuptools reuses one variant's build for the others (the defect)", async () => {
    // DIST_EXTRA_CONFIG of the user's own wins over pydebug's: an empty one shows what setuptools
    // does by default, building in <source>/build/ named by SOABI only.
    const project = await newProject('shared-build');
    const ext = await extensionCopy(project);
    const empty = join(project, 'empty.cfg');
    await writeFile(empty, '');
    const installed = await cli(project, ['run', '--all', '--', ...PIP_INSTALL, ext], { DIST_EXTRA_CONFIG: empty });
    expect(installed.code, installed.stderr).toBe(0);
    const imported = await cli(project, ['run', '--all', '--', ...IMPORT_CHECK]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/^3\.11\.2-debug +pass /m);
    // trace-refs has another ABI under the same SOABI; no-pymalloc the same ABI, other macros.
    expect(imported.stderr).toMatch(/^3\.11\.2-trace-refs +FAIL/m);
    expect(imported.stderr).toMatch(/^3\.11\.2-valgrind +FAIL/m);
    expect(imported.stderr).toMatch(/WITH_PYMALLOC compiled 1 running 0/);
  });

  it("with pydebug's environments, every variant gets an extension compiled for it; the store and other projects see none of it", async () => {
    const project = await newProject('per-env-build');
    const ext = await extensionCopy(project);
    const installed = await cli(project, ['run', '--all', '--', ...PIP_INSTALL, ext]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).toMatch(/all passed/);
    const imported = await cli(project, ['run', '--all', '--', ...IMPORT_CHECK]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('{"Py_DEBUG": 1, "Py_TRACE_REFS": 0, "WITH_PYMALLOC": 1, "WITH_VALGRIND": 0}');
    expect(imported.stdout).toContain('{"Py_DEBUG": 1, "Py_TRACE_REFS": 1, "WITH_PYMALLOC": 1, "WITH_VALGRIND": 0}');
    expect(imported.stdout).toContain('{"Py_DEBUG": 1, "Py_TRACE_REFS": 0, "WITH_PYMALLOC": 0, "WITH_VALGRIND": 1}');
    // Each environment built in its own build directory; none in the source tree.
    expect(await exists(join(ext, 'build'))).toBe(false);
    for (const id of SHARED_IDS) expect(await readdir(join(project, '.pydebug', 'envs', id, 'build'))).not.toEqual([]);

    // Another project on the same store does not see this project's installs.
    const other = await newProject('other');
    const elsewhere = await cli(other, ['run', 'debug', '--', 'python', '-c', 'import macroreport']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/ModuleNotFoundError: No module named 'macroreport'/);

    // The store entries are exactly as built: sync verifies every file and reuses them.
    const sync = await cli(project, ['sync', '--frozen']);
    expect(sync.code, sync.stderr).toBe(0);
    for (const id of SHARED_IDS) expect(sync.stderr).toMatch(new RegExp(`${id}.*reused`));
    expect(sync.stderr).not.toMatch(/damaged|rebuilding|configure/);
  });
});
