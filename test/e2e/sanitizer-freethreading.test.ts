/**
 * The variants beyond the recipe, built for real in a store of their own: an AddressSanitizer
 * debug build (3.11.2) and a free-threaded debug build (3.13.5), one sync building both side by
 * side, then examples/extension under each. The ASan build used to fail at make's first run of
 * ./python (LeakSanitizer reports what CPython keeps until exit); this file keeps it working.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, runCli, type CliRun } from '../support/cli.js';
import { copyExampleExtension, TARBALLS } from './shared.js';

const e2e = inject('e2e');
const home = join(e2e.work, 'sanitizer-ft-home');
const project = join(e2e.work, 'sanitizer-ft-project');
const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  runCli(args, { cwd: project, env: cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: e2e.mirror, ...extraEnv }) });

const CONFIG = `python:
  - version: "3.11.2"
    sha256: ${TARBALLS[0].sha256}
  - version: "3.13.5"
    url: https://www.python.org/ftp/python/3.13.5/${TARBALLS[1].file}
    sha256: ${TARBALLS[1].sha256}
variants:
  asan:
    pydebug: true
    sanitizers: [address]
  freethreading:
    pydebug: true
    freethreading: true
exclude:
  - {version: "3.11.2", variant: freethreading}
  - {version: "3.13.5", variant: asan}
`;

let sync: CliRun;
let built: CliRun;
let ext: string;

beforeAll(async () => {
  await rm(home, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'pydebug.yml'), CONFIG);
  sync = await cli(['sync']);
  ext = await copyExampleExtension(e2e.work, 'sanitizer-ft-ext-');
  built = await cli(['run', '--all', '--', 'python', join(ext, 'build.py')]);
});

describe('one sync builds both, and proves their flags', () => {
  it('builds 3.11.2-asan and 3.13.5-freethreading', async () => {
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/3\.11\.2-asan: built \(/);
    expect(sync.stderr).toMatch(/3\.13\.5-freethreading: built \(/);
    expect(sync.stderr).toMatch(/2 entries ready \(2 built, 0 already in the store\)/);
    expect((await readdir(join(home, 'store'))).filter((n) => !n.startsWith('.'))).toHaveLength(2);
  });

  it('the lock gives the ASan variant ASAN_OPTIONS=detect_leaks=0, and the build ran with it', async () => {
    const lock = JSON.parse(await readFile(join(project, 'pydebug.lock'), 'utf8'));
    expect(lock.builds['3.11.2-asan'].env).toEqual({ ASAN_OPTIONS: 'detect_leaks=0' });
    expect(lock.builds['3.11.2-asan'].expect).toMatchObject({ abiflags: 'd', sanitizers: ['address'], macros: { WITH_PYMALLOC: false } });
    expect(lock.builds['3.13.5-freethreading'].env).toEqual({});
    const which = JSON.parse((await cli(['which', 'asan', '--json'])).stdout);
    const manifest = JSON.parse(await readFile(join(which.prefix, 'share', 'pydebug', 'manifest.json'), 'utf8'));
    expect(manifest.proven.sanitizers).toEqual(['address']);
    expect(manifest.env).toEqual({ ASAN_OPTIONS: 'detect_leaks=0' });
  });

  it('inspect: ASan compiled in and pymalloc off; free-threaded abiflags "td" and Py_GIL_DISABLED', async () => {
    const asan = JSON.parse((await cli(['inspect', 'asan', '--json'])).stdout);
    expect(asan.config_args).toMatch(/'--with-address-sanitizer'/);
    expect(asan.abiflags).toBe('d');
    expect(asan.macros.find((m: { macro: string }) => m.macro === 'WITH_PYMALLOC').defined).toBe(false);
    expect(asan.notes.join('\n')).toMatch(/pymalloc is off \(AddressSanitizer turns it off\)/);

    const ft = JSON.parse((await cli(['inspect', 'freethreading', '--json'])).stdout);
    expect(ft.abiflags).toBe('td');
    expect(ft.soabi).toBe('cpython-313td-x86_64-linux-gnu');
    expect(ft.macros.find((m: { macro: string }) => m.macro === 'Py_GIL_DISABLED')).toMatchObject({ defined: true, proof: 'sysconfig Py_GIL_DISABLED=1' });
    expect(ft.macros.find((m: { macro: string }) => m.macro === 'Py_DEBUG').defined).toBe(true);

    const gil = await cli(['run', 'freethreading', '--', 'python', '-c', 'import sys; print(sys.version_info[:2], sys.abiflags, sys._is_gil_enabled())']);
    expect(gil.stdout).toBe('(3, 13) td False');
  });
});

describe('examples/extension under each', () => {
  it('builds against both: the ASan one instrumented, the free-threaded one for the td ABI', async () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/^3\.11\.2-asan +pass /m);
    expect(built.stderr).toMatch(/^3\.13\.5-freethreading +pass /m);
    expect(built.stdout).toMatch(/^gcc -fsanitize=address .*cpyrefs\.c .*-shared -fsanitize=address$/m);
    expect(await readdir(join(ext, 'build', '3.13.5-freethreading'))).toEqual(['cpyrefs.cpython-313td-x86_64-linux-gnu.so']);
  });

  it('asan: AddressSanitizer stops the use after free at the read, in access_after_free (cpyrefs.c:18)', async () => {
    const r = await cli(['run', 'asan', '--', 'python', join(ext, 'use_after_free.py')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/access_after_free\(\): Before Py_DECREF/);
    expect(r.stdout).not.toMatch(/After Py_DECREF/);
    expect(r.stderr).toMatch(/ERROR: AddressSanitizer: heap-use-after-free on address 0x[0-9a-f]+/);
    expect(r.stderr).toMatch(/READ of size 8 at .*\n {4}#0 0x[0-9a-f]+ in Py_REFCNT .*object\.h:\d+\n {4}#1 0x[0-9a-f]+ in access_after_free \S*cpyrefs\.c:18/);
  });

  it('asan: the correct function runs clean and the leak check still names the leak (no leak report at exit)', async () => {
    const r = await cli(['run', 'asan', '--', 'python', join(ext, 'check_leaks.py')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^new_reference +0\.00 refs\/call {2}ok$/m);
    expect(r.stdout).toMatch(/^leaking: leak_new_reference$/m);
    expect(r.stderr).not.toMatch(/LeakSanitizer|AddressSanitizer/);
  });

  it('freethreading: the leak check works on the free-threaded debug build', async () => {
    const r = await cli(['run', 'freethreading', '--', 'python', join(ext, 'check_leaks.py')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^new_reference +0\.00 refs\/call {2}ok$/m);
    expect(r.stdout).toMatch(/^leak_new_reference +1\.00 refs\/call {2}LEAK$/m);
    // The example does not declare Py_mod_gil, so importing it turns the GIL back on, with a warning.
    expect(r.stderr).toMatch(/The global interpreter lock \(GIL\) has been enabled to load module 'cpyrefs'/);
  });
});
