/**
 * examples/extension on the real variants (see global-setup.ts): every claim examples/README.md
 * makes about which variant finds which bug is checked here against the actual output.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliRun, cleanEnv, runCli } from '../support/cli.js';
import { copyExampleExtension } from './shared.js';

const e2e = inject('e2e');
let ext: string;
let built: CliRun;

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home, ...extraEnv }) });

beforeAll(async () => {
  ext = await copyExampleExtension(e2e.work, 'extension-');
  built = await cli(['run', '--all', '--', 'python', join(ext, 'build.py')]);
});

describe('pydebug run --all builds the extension against every variant', () => {
  it('reports pass per variant and exits 0', async () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/^3\.11\.2-debug +pass +[\d.]+ s$/m);
    expect(built.stderr).toMatch(/^3\.11\.2-trace-refs +pass /m);
    expect(built.stderr).toMatch(/^3\.11\.2-valgrind +pass /m);
    expect(built.stderr).toMatch(/all passed/);
    // One build per variant: same suffix (cpython-311d), different ABIs, so different directories.
    expect((await readdir(join(ext, 'build'))).sort()).toEqual(['3.11.2-debug', '3.11.2-trace-refs', '3.11.2-valgrind']);
    expect(built.stdout).toMatch(/-I\S+\/include\/python3\.11d /);
  });

  it('a failing command fails the run, with the failing variants named', async () => {
    const r = await cli(['run', '--all', '--', 'python', '-c', 'import sys; sys.exit(0 if hasattr(sys, "getobjects") else 3)']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^3\.11\.2-debug +FAIL \(exit 3\)/m);
    expect(r.stderr).toMatch(/^3\.11\.2-trace-refs +pass /m);
    expect(r.stderr).toMatch(/2 of 3 failed/);
  });
});

describe('what each variant catches', () => {
  it('pydebug: the leak check names the leaking function and passes the correct one', async () => {
    const r = await cli(['run', 'debug', '--', 'python', join(ext, 'check_leaks.py')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^new_reference +0\.00 refs\/call {2}ok$/m);
    expect(r.stdout).toMatch(/^leak_new_reference +1\.00 refs\/call {2}LEAK$/m);
    expect(r.stdout).toMatch(/^leaking: leak_new_reference$/m);
  });

  it("pydebug: the use after free reads the debug allocator's 0xDD fill as the refcount", async () => {
    const r = await cli(['run', 'debug', '--', 'python', join(ext, 'use_after_free.py')]);
    expect(r.stdout).toMatch(/After Py_DECREF\(0x\S+\) Ref count: -2459565876494606883$/m);
    // -2459565876494606883 is 0xDDDDDDDDDDDDDDDD as a signed 64-bit count.
    expect(BigInt.asUintN(64, -2459565876494606883n).toString(16)).toBe('dddddddddddddddd');
  });

  it('valgrind (no pymalloc): Valgrind reports the invalid read in access_after_free', async () => {
    const r = await cli(['run', 'valgrind', '--', 'sh', '-c', `valgrind --error-exitcode=99 --suppressions="$PYDEBUG_VALGRIND_SUPPRESSIONS" python ${join(ext, 'use_after_free.py')}`]);
    expect(r.code).toBe(99);
    expect(r.stderr).toMatch(/Invalid read of size 8\n==\d+== {4}at 0x[0-9A-F]+: access_after_free \(cpyrefs\.c:18\)/);
    expect(r.stderr).toMatch(/ERROR SUMMARY: [1-9]\d* errors/);
  });

  it('trace-refs: sys.getobjects() finds the ten objects the leaking function left behind', async () => {
    const r = await cli(['run', 'trace-refs', '--', 'python', join(ext, 'find_leftovers.py')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/left behind by leak_new_reference: 10$/m);
    expect(r.stdout).toMatch(/(\d+) after new_reference\(x, 10\), (\d+) after leak_new_reference/);
  });

  it('trace-refs: PYTHONDUMPREFS=1 lists the leaked objects at exit', async () => {
    const code = `import sys; sys.path.insert(0, ${JSON.stringify(join(ext, 'build', '3.11.2-trace-refs'))}); import cpyrefs; cpyrefs.leak_new_reference(987654321, 3)`;
    const r = await cli(['run', 'trace-refs', '--', 'python', '-c', code], { PYTHONDUMPREFS: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Remaining objects:/);
    expect(r.stderr.match(/\] 987654321$/gm)?.length).toBeGreaterThanOrEqual(3);
  });

  it('PYTHONMALLOCSTATS reports pymalloc arenas on the pydebug variant and nothing without pymalloc, as inspect explains', async () => {
    const code = (variant: string) => `import sys; sys.path.insert(0, ${JSON.stringify(join(ext, 'build', `3.11.2-${variant}`))}); import cpyrefs; cpyrefs.leak_new_reference(1000, 100000)`;
    const debug = await cli(['run', 'debug', '--', 'python', '-c', code('debug')], { PYTHONMALLOCSTATS: '1' });
    expect(debug.stderr).toMatch(/Small block threshold = 512, in 32 size classes/);
    expect(debug.stderr).toMatch(/^# arenas allocated total += {2,}\d+$/m);
    const valgrind = await cli(['run', 'valgrind', '--', 'python', '-c', code('valgrind')], { PYTHONMALLOCSTATS: '1' });
    expect(valgrind.code).toBe(0);
    expect(valgrind.stderr).toBe('');
    const inspect = await cli(['inspect', 'valgrind']);
    expect(inspect.stdout).toMatch(/pymalloc is off: PYTHONMALLOCSTATS=1 prints nothing/);
  });
});
