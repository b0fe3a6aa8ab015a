/**
 * The sanitizer variants, built for real in a store of their own by one sync, then
 * examples/extension (cpyrefs, sanbugs) under each:
 *  - 3.13.5 tsan: ThreadSanitizer on a free-threaded debug build, with clang-19 (as CPython's CI
 *    builds it). A data race called from 4 threads without the GIL is reported naming the
 *    function; its race-free twin gets no report at all (CPython's own known races suppressed
 *    by the tree's suppression file, which the entry carries).
 *  - 3.13.5 ubsan: UndefinedBehaviorSanitizer with clang-19: signed overflow and a misaligned
 *    load reported, the correct twin clean.
 *  - 3.11.2 asan-ubsan: AddressSanitizer and UBSan together, with gcc.
 * The ASan build used to fail at make's first run of ./python (LeakSanitizer reports what CPython
 * keeps until exit); this file keeps it working.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliRun, cleanEnv, runCli } from '../support/cli.js';
import { copyExampleExtension, TARBALLS } from './shared.js';

const e2e = inject('e2e');
const home = join(e2e.work, 'sanitizers-home');
const project = join(e2e.work, 'sanitizers-project');
const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { cwd: project, env: cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: e2e.mirror, ...extraEnv }) });

const CONFIG = `python:
  - version: "3.11.2"
    sha256: ${TARBALLS[0].sha256}
  - version: "3.13.5"
    url: https://www.python.org/ftp/python/3.13.5/${TARBALLS[1].file}
    sha256: ${TARBALLS[1].sha256}
variants:
  # The longest build first: the n-th entry to start runs at nice 5n.
  tsan:
    pydebug: true
    freethreading: true
    sanitizers: [thread]
    compiler: clang-19
  asan-ubsan:
    pydebug: true
    sanitizers: [address, undefined]
  ubsan:
    pydebug: true
    sanitizers: [undefined]
    compiler: clang-19
exclude:
  - {version: "3.11.2", variant: ubsan}
  - {version: "3.11.2", variant: tsan}
  - {version: "3.13.5", variant: asan-ubsan}
`;

/**
 * Three sanitizer builds on 2 cores, two of them 3.13.5 with clang (TSan's install compiles the
 * stdlib under TSan): longer than the e2e project's 15-minute hook limit on a slow machine.
 */
const SYNC_TIMEOUT_MS = 45 * 60_000;

let sync: CliRun;
let built: CliRun;
let ext: string;
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(2);

beforeAll(async () => {
  await rm(home, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'pydebug.yml'), CONFIG);
  sync = await cli(['sync']);
  // The build times, for the record (the bench compares them with plain debug builds).
  for (const line of sync.stderr.split('\n')) if (/: built \(/.test(line)) console.log(`[sanitizers] ${line.trim()}`);
  ext = await copyExampleExtension(e2e.work, 'sanitizers-ext-');
  built = await cli(['run', '--all', '--', 'python', join(ext, 'build.py')]);
}, SYNC_TIMEOUT_MS);

const inspect = async (variant: string) => JSON.parse((await cli(['inspect', variant, '--json'])).stdout);
const lockOf = async () => JSON.parse(await readFile(join(project, 'pydebug.lock'), 'utf8'));

describe('one sync builds the three, and proves their flags', () => {
  it('builds 3.11.2-asan-ubsan, 3.13.5-ubsan and 3.13.5-tsan', async () => {
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/3\.11\.2-asan-ubsan: built \(/);
    expect(sync.stderr).toMatch(/3\.13\.5-ubsan: built \(/);
    expect(sync.stderr).toMatch(/3\.13\.5-tsan: built \(/);
    expect(sync.stderr).toMatch(/3 entries ready \(3 built, 0 already in the store\)/);
    expect((await readdir(join(home, 'entries'))).filter((n) => !n.startsWith('.'))).toHaveLength(3);
  });

  it("the lock gives each its runtime options as CPython's CI sets them", async () => {
    const lock = await lockOf();
    expect(lock.builds['3.11.2-asan-ubsan'].env).toEqual({ ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
    expect(lock.builds['3.11.2-asan-ubsan'].expect).toMatchObject({ abiflags: 'd', sanitizers: ['address', 'undefined'], macros: { WITH_PYMALLOC: false } });
    expect(lock.builds['3.13.5-ubsan'].env).toEqual({ UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
    // clang's function-type check would stop CPython's own first run (PyCFunction casts).
    expect(lock.builds['3.13.5-ubsan'].cflags).toEqual(['-fno-sanitize=function']);
    expect(lock.builds['3.13.5-tsan'].env).toEqual({ TSAN_OPTIONS: 'handle_segv=0' });
    expect(lock.builds['3.13.5-tsan'].expect).toMatchObject({ abiflags: 'td', sanitizers: ['thread'], macros: { Py_GIL_DISABLED: true } });
  });

  it("the TSan entry carries CPython's free-threading suppression file, and its manifest names it", async () => {
    const which = JSON.parse((await cli(['which', 'tsan', '--json'])).stdout);
    const manifest = JSON.parse(await readFile(join(which.prefix, 'share', 'pydebug', 'manifest.json'), 'utf8'));
    expect(manifest.proven.sanitizers).toEqual(['thread']);
    expect(manifest.files.sanitizer_suppressions).toEqual({ TSAN_OPTIONS: 'share/pydebug/tsan-suppressions_free_threading.txt' });
    const copied = await readFile(join(which.prefix, 'share/pydebug/tsan-suppressions_free_threading.txt'), 'utf8');
    expect(copied).toMatch(/^race(_top)?:/m);
    // 3.13.5 has no Tools/ubsan/suppressions.txt: the UBSan entries carry none.
    const ubsan = JSON.parse((await cli(['which', 'ubsan', '--json'])).stdout);
    const ubsanManifest = JSON.parse(await readFile(join(ubsan.prefix, 'share', 'pydebug', 'manifest.json'), 'utf8'));
    expect(ubsanManifest.files.sanitizer_suppressions).toBeUndefined();
    expect(ubsanManifest.proven.sanitizers).toEqual(['undefined']);
  });

  it('inspect shows the sanitizers, the runtime options `run` sets and where the suppression file is', async () => {
    const tsan = await inspect('tsan');
    expect(tsan.sanitizers).toEqual(['thread']);
    expect(tsan.abiflags).toBe('td');
    expect(tsan.config_args).toMatch(/'--with-thread-sanitizer'/);
    expect(tsan.config_args).toMatch(/'CC=clang-19'/);
    expect(tsan.sanitizer_suppressions.TSAN_OPTIONS).toMatch(/\/share\/pydebug\/tsan-suppressions_free_threading\.txt$/);
    // clang's runtime names functions through clang-19's own llvm-symbolizer (provisioned with llvm-19).
    expect(tsan.sanitizer_options.TSAN_OPTIONS).toBe(`suppressions=${tsan.sanitizer_suppressions.TSAN_OPTIONS}:external_symbolizer_path=/usr/lib/llvm-19/bin/llvm-symbolizer:handle_segv=0`);
    expect(tsan.notes.join('\n')).toMatch(/ThreadSanitizer reports data races/);
    const text = (await cli(['inspect', 'tsan'])).stdout;
    expect(text).toMatch(/^sanitizers {3}thread$/m);
    expect(text).toMatch(/^runtime {6}TSAN_OPTIONS=suppressions=\S+tsan-suppressions_free_threading\.txt:external_symbolizer_path=\S+:handle_segv=0$/m);

    const both = await inspect('asan-ubsan');
    expect(both.sanitizers).toEqual(['address', 'undefined']);
    expect(both.macros.find((m: { macro: string }) => m.macro === 'WITH_PYMALLOC').defined).toBe(false);
    expect(both.sanitizer_options).toEqual({ ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
  });

  it('run exports the options; a declared value would extend them', async () => {
    const r = await cli(['run', 'tsan', '--', 'python', '-c', 'import os, sys; print(os.environ["TSAN_OPTIONS"]); print(sys.abiflags, sys._is_gil_enabled())']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^suppressions=\S+\/share\/pydebug\/tsan-suppressions_free_threading\.txt:external_symbolizer_path=\S+:handle_segv=0\ntd False$/);
  });
});

describe('examples/extension under each', () => {
  it('builds cpyrefs and sanbugs against all three, instrumented by their sanitizers', () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/^3\.11\.2-asan-ubsan +pass /m);
    expect(built.stderr).toMatch(/^3\.13\.5-ubsan +pass /m);
    expect(built.stderr).toMatch(/^3\.13\.5-tsan +pass /m);
    expect(built.stdout).toMatch(/^gcc (-fsanitize=(address|undefined) ){2}.*sanbugs\.c .*-fsanitize=(address|undefined)$/m);
    expect(built.stdout).toMatch(/^clang-19 -fsanitize=undefined .*-fno-sanitize=function .*sanbugs\.c /m);
    expect(built.stdout).toMatch(/^clang-19 .*-fsanitize=thread .*sanbugs\.c .*-fsanitize=thread$/m);
  });

  it('tsan: a data race from 4 threads without the GIL is reported, naming the function (exit 66)', async () => {
    const r = await cli(['run', 'tsan', '--', 'python', join(ext, 'race.py'), 'racy']);
    expect(r.stderr).toMatch(/WARNING: ThreadSanitizer: data race/);
    expect(r.stderr).toMatch(/#0 racy_increment \S*sanbugs\.c:\d+/);
    expect(r.stderr).toMatch(/SUMMARY: ThreadSanitizer: data race \S*sanbugs\.c:\d+:\d+ in racy_increment/);
    expect(r.stdout).toMatch(/^racy: 4 threads, \d+ increments in 0\.5 s \(\d+ per second\), GIL enabled: False$/m);
    expect(r.code).toBe(66);
  });

  it("tsan: the race-free twin gets no report at all: CPython's own known races are suppressed", async () => {
    const t0 = Date.now();
    const r = await cli(['run', 'tsan', '--', 'python', join(ext, 'race.py'), 'atomic']);
    console.log(`[sanitizers] race.py atomic under TSan: ${seconds(t0)} s`);
    expect(r.stderr).not.toMatch(/ThreadSanitizer/);
    expect(r.stdout).toMatch(/^atomic: 4 threads, \d+ increments in 0\.5 s \(\d+ per second\), GIL enabled: False$/m);
    console.log(`[sanitizers] ${r.stdout.trim()}`);
    expect(r.code, r.stderr).toBe(0);
  });

  it('ubsan (clang): a too-large shift and a misaligned load are reported with the line, and stop the run; the twin is clean', async () => {
    const shift = await cli(['run', 'ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'shift']);
    expect(shift.stderr).toMatch(/sanbugs\.c:\d+:\d+: runtime error: shift exponent 40 is too large for 32-bit type 'int'/);
    expect(shift.stderr).toMatch(/#0 0x[0-9a-f]+ in bad_shift \S*sanbugs\.c:\d+/);
    expect(shift.code).not.toBe(0);
    const misaligned = await cli(['run', 'ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'misaligned']);
    expect(misaligned.stderr).toMatch(/sanbugs\.c:\d+:\d+: runtime error: load of misaligned address 0x[0-9a-f]+ for type 'const int', which requires 4 byte alignment/);
    expect(misaligned.code).not.toBe(0);
    const aligned = await cli(['run', 'ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'aligned']);
    expect(aligned.stderr).not.toMatch(/runtime error/);
    expect(aligned.code, aligned.stderr).toBe(0);
    // Pinned as documented: CPython compiles extensions with -fno-strict-overflow, which clang
    // takes as -fwrapv, so signed overflow wraps without a report (gcc's UBSan reports it, below).
    const overflow = await cli(['run', 'ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'overflow']);
    expect(overflow.stdout.trim()).toBe('-2147483648');
    expect(overflow.stderr).not.toMatch(/runtime error/);
  });

  it('asan-ubsan: UBSan reports the overflow (gcc), ASan the use of a freed block, in one interpreter', async () => {
    const overflow = await cli(['run', 'asan-ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'overflow']);
    expect(overflow.stderr).toMatch(/sanbugs\.c:\d+:\d+: runtime error: signed integer overflow: (2147483647 \+ 1|1 \+ 2147483647) cannot be represented in type 'int'/);
    expect(overflow.code).not.toBe(0);
    const heap = await cli(['run', 'asan-ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'heap']);
    expect(heap.stderr).toMatch(/ERROR: AddressSanitizer: heap-use-after-free on address 0x[0-9a-f]+/);
    expect(heap.stderr).toMatch(/READ of size 1 at .*\n {4}#0 0x[0-9a-f]+ in use_after_free \S*sanbugs\.c:\d+/);
    expect(heap.code).not.toBe(0);
    const aligned = await cli(['run', 'asan-ubsan', '--', 'python', join(ext, 'undefined_behavior.py'), 'aligned']);
    expect(aligned.stderr).not.toMatch(/runtime error|Sanitizer/);
    expect(aligned.code, aligned.stderr).toBe(0);
  });

  it('asan-ubsan: AddressSanitizer stops the use after free at the read, in access_after_free (cpyrefs.c:18)', async () => {
    const r = await cli(['run', 'asan-ubsan', '--', 'python', join(ext, 'use_after_free.py')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/access_after_free\(\): Before Py_DECREF/);
    expect(r.stdout).not.toMatch(/After Py_DECREF/);
    expect(r.stderr).toMatch(/ERROR: AddressSanitizer: heap-use-after-free on address 0x[0-9a-f]+/);
    expect(r.stderr).toMatch(/READ of size 8 at .*\n {4}#0 0x[0-9a-f]+ in Py_REFCNT .*object\.h:\d+\n {4}#1 0x[0-9a-f]+ in access_after_free \S*cpyrefs\.c:18/);
  });

  it('asan-ubsan: the correct function runs clean and the leak check still names the leak (no leak report at exit)', async () => {
    const r = await cli(['run', 'asan-ubsan', '--', 'python', join(ext, 'check_leaks.py')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^new_reference +0\.00 refs\/call {2}ok$/m);
    expect(r.stdout).toMatch(/^leaking: leak_new_reference$/m);
    expect(r.stderr).not.toMatch(/LeakSanitizer|AddressSanitizer|runtime error/);
  });

  it('tsan: the leak check works on the free-threaded debug build; cpyrefs (no Py_mod_gil) turns the GIL back on', async () => {
    const r = await cli(['run', 'tsan', '--', 'python', join(ext, 'check_leaks.py')]);
    expect(r.stdout).toMatch(/^new_reference +0\.00 refs\/call {2}ok$/m);
    expect(r.stdout).toMatch(/^leak_new_reference +1\.00 refs\/call {2}LEAK$/m);
    expect(r.stderr).toMatch(/The global interpreter lock \(GIL\) has been enabled to load module 'cpyrefs'/);
    expect(r.stderr).not.toMatch(/ThreadSanitizer/);
    expect(r.code).toBe(1);
  });
});
