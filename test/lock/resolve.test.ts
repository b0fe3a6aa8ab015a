import { describe, expect, it } from 'vitest';
import { sanitizerBuildEnv, suppressionsOption } from '../../src/config/cpython.js';
import { normalizeVariant } from '../../src/config/project.js';
import { PydebugError } from '../../src/errors.js';
import { assembleLock, entryKeyFor, lockKeyFor, resolveBuild } from '../../src/lock/resolve.js';
import type { LockedTarball } from '../../src/lock/types.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const resolve = (options: Parameters<typeof normalizeVariant>[1], version = '3.13.2') => resolveBuild(version, normalizeVariant('v', options));

describe('resolveBuild: options → configure arguments, CFLAGS and expectations', () => {
  it('a release build is plain configure, no abiflags, NDEBUG defined, pymalloc on', () => {
    const b = resolve({});
    expect(b.configure).toEqual([]);
    expect(b.expect).toEqual({
      abiflags: '',
      macros: { Py_DEBUG: false, Py_REF_DEBUG: false, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: true },
      sanitizers: [],
    });
  });

  it('pydebug: --with-pydebug, Py_DEBUG + Py_REF_DEBUG, asserts on, abiflag d', () => {
    const b = resolve({ pydebug: true });
    expect(b.configure).toEqual(['--with-pydebug']);
    expect(b.expect.abiflags).toBe('d');
    expect(b.expect.macros).toMatchObject({ Py_DEBUG: true, Py_REF_DEBUG: true, NDEBUG: false });
  });

  it('trace_refs: --with-trace-refs, Py_TRACE_REFS, no abiflag of its own', () => {
    const b = resolve({ pydebug: true, trace_refs: true });
    expect(b.configure).toEqual(['--with-pydebug', '--with-trace-refs']);
    expect(b.expect.abiflags).toBe('d');
    expect(b.expect.macros.Py_TRACE_REFS).toBe(true);
  });

  it('pymalloc: false and valgrind: --without-pymalloc --with-valgrind', () => {
    const b = resolve({ pydebug: true, pymalloc: false, valgrind: true });
    expect(b.configure).toEqual(['--with-pydebug', '--without-pymalloc', '--with-valgrind']);
    expect(b.expect.macros).toMatchObject({ WITH_PYMALLOC: false, WITH_VALGRIND: true });
  });

  it('assertions on a release build: --with-assertions; not repeated with pydebug', () => {
    expect(resolve({ assertions: true }).configure).toEqual(['--with-assertions']);
    expect(resolve({ assertions: true }).expect.macros.NDEBUG).toBe(false);
    expect(resolve({ assertions: true, pydebug: true }).configure).toEqual(['--with-pydebug']);
  });

  it('freethreading: --disable-gil, Py_GIL_DISABLED, abiflags td with pydebug', () => {
    const b = resolve({ pydebug: true, freethreading: true });
    expect(b.configure).toEqual(['--with-pydebug', '--disable-gil']);
    expect(b.expect.abiflags).toBe('td');
    expect(b.expect.macros.Py_GIL_DISABLED).toBe(true);
  });

  it('ASan: the runtime env turns the leak checker off (CPython keeps memory until exit); a declared value wins', () => {
    expect(resolve({ pydebug: true, sanitizers: ['address'] }).env).toEqual({ ASAN_OPTIONS: 'detect_leaks=0' });
    // A declared value extends pydebug's (the last occurrence of an option wins).
    expect(resolve({ sanitizers: ['address'], env: { ASAN_OPTIONS: 'detect_leaks=1', PYTHONMALLOC: 'malloc' } }).env).toEqual({
      ASAN_OPTIONS: 'detect_leaks=0:detect_leaks=1',
      PYTHONMALLOC: 'malloc',
    });
    expect(resolve({ sanitizers: ['undefined'] }).env).toEqual({ UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
    expect(resolve({ pydebug: true, freethreading: true, sanitizers: ['thread'], compiler: 'clang-19' }).env).toEqual({ TSAN_OPTIONS: 'handle_segv=0' });
    expect(resolve({ sanitizers: ['thread'], env: { TSAN_OPTIONS: 'halt_on_error=1' } }).env).toEqual({ TSAN_OPTIONS: 'handle_segv=0:halt_on_error=1' });
    expect(resolve({ sanitizers: ['address', 'undefined'] }).env).toEqual({ ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
    expect(resolve({ pydebug: true, env: { PYTHONMALLOC: 'malloc' } }).env).toEqual({ PYTHONMALLOC: 'malloc' });
  });

  it('ASan: the build always runs with detect_leaks=0, appended to a declared ASAN_OPTIONS so it wins', () => {
    expect(sanitizerBuildEnv(['address'], {})).toEqual({ ASAN_OPTIONS: 'detect_leaks=0' });
    expect(sanitizerBuildEnv(['address'], { ASAN_OPTIONS: 'detect_leaks=0' })).toEqual({ ASAN_OPTIONS: 'detect_leaks=0' });
    expect(sanitizerBuildEnv(['address', 'undefined'], { ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=1' })).toEqual({
      ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=1:detect_leaks=0',
      UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    });
    expect(sanitizerBuildEnv(['undefined'], { ASAN_OPTIONS: 'x=1' })).toEqual({ UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' });
    expect(sanitizerBuildEnv([], {})).toEqual({});
  });

  it("TSan/UBSan: the build runs with the tree's suppression file first (quoted when the path has a space or colon)", () => {
    expect(sanitizerBuildEnv(['thread'], { TSAN_OPTIONS: 'handle_segv=0' }, { TSAN_OPTIONS: '/src/Python-3.13.5/Tools/tsan/suppressions_free_threading.txt' })).toEqual({
      TSAN_OPTIONS: 'suppressions=/src/Python-3.13.5/Tools/tsan/suppressions_free_threading.txt:handle_segv=0',
    });
    expect(sanitizerBuildEnv(['undefined'], {}, { UBSAN_OPTIONS: '/my src/Tools/ubsan/suppressions.txt' })).toEqual({
      UBSAN_OPTIONS: 'suppressions="/my src/Tools/ubsan/suppressions.txt":print_stacktrace=1:halt_on_error=1',
    });
    expect(() => suppressionsOption('/a"b')).toThrow(PydebugError);
    expect(() => suppressionsOption('/a"b')).toThrow(/path contains a double quote/);
  });

  it('UBSan with a declared clang gets -fno-sanitize=function (CPython calls its C functions through PyCFunction); gcc and TSan do not', () => {
    const clang = resolve({ pydebug: true, sanitizers: ['undefined'], compiler: 'clang-19' });
    expect(clang.cflags).toEqual(['-fno-sanitize=function']);
    expect(clang.configure).toEqual(['--with-pydebug', '--with-undefined-behavior-sanitizer', 'CFLAGS=-fno-sanitize=function', 'CC=clang-19']);
    expect(resolve({ sanitizers: ['address', 'undefined'], compiler: '/opt/llvm/bin/clang', optimization: 'O1', cflags: ['-DX=1'] }).cflags).toEqual(['-O1', '-fno-sanitize=function', '-DX=1']);
    expect(resolve({ sanitizers: ['address', 'undefined'] }).cflags).toEqual([]);
    expect(resolve({ sanitizers: ['undefined'], compiler: 'gcc-14' }).cflags).toEqual([]);
    expect(resolve({ sanitizers: ['thread'], compiler: 'clang-19' }).cflags).toEqual([]);
  });

  it('sanitizers: configure flags in a stable order; ASan and MSan turn pymalloc off', () => {
    const b = resolve({ sanitizers: ['undefined', 'address'] });
    expect(b.configure).toEqual(['--with-address-sanitizer', '--with-undefined-behavior-sanitizer']);
    expect(b.expect.sanitizers).toEqual(['address', 'undefined']);
    expect(b.expect.macros.WITH_PYMALLOC).toBe(false);
    expect(resolve({ sanitizers: ['undefined'] }).expect.macros.WITH_PYMALLOC).toBe(true);
    const msan = resolve({ sanitizers: ['memory'], compiler: 'clang' });
    expect(msan.configure).toEqual(['--with-memory-sanitizer', 'CC=clang']);
    expect(msan.expect.macros.WITH_PYMALLOC).toBe(false);
    expect(resolve({ sanitizers: ['thread'] }).configure).toEqual(['--with-thread-sanitizer']);
  });

  it('optimization and cflags go to configure as one CFLAGS argument (recorded by sysconfig), never EXTRA_CFLAGS', () => {
    const b = resolve({ pydebug: true, optimization: 'O0', cflags: ['-g3', '-DPy_REF_DEBUG'] });
    expect(b.configure).toEqual(['--with-pydebug', 'CFLAGS=-O0 -g3 -DPy_REF_DEBUG']);
    expect(b.cflags).toEqual(['-O0', '-g3', '-DPy_REF_DEBUG']);
    expect(b.configure.join(' ')).not.toMatch(/EXTRA_CFLAGS/);
  });

  it('-DPy_REF_DEBUG on a release build is expected to show sys.gettotalrefcount', () => {
    const b = resolve({ cflags: '-DPy_REF_DEBUG' });
    expect(b.expect.macros).toMatchObject({ Py_REF_DEBUG: true, Py_DEBUG: false });
    expect(b.expect.abiflags).toBe('');
  });

  it('configure_args come after the typed options, compiler last', () => {
    const b = resolve({ pydebug: true, configure_args: ['--with-lto', 'LDFLAGS=-L/opt/lib -lfoo'], compiler: 'clang' });
    expect(b.configure).toEqual(['--with-pydebug', '--with-lto', 'LDFLAGS=-L/opt/lib -lfoo', 'CC=clang']);
    expect(b.compiler).toBe('clang');
  });

  it('env and test pass through to the lock', () => {
    const b = resolve({ pydebug: true, env: { PYTHONMALLOC: 'malloc' }, test: ['test_sys'] });
    expect(b.env).toEqual({ PYTHONMALLOC: 'malloc' });
    expect(b.test).toEqual(['test_sys']);
  });
});

describe('cache keys', () => {
  const debug = resolve({ pydebug: true });
  const source = lockedSource();

  it('are stable: the same inputs give the same key (pinned, so a change is deliberate)', () => {
    expect(lockKeyFor(debug, source)).toBe(lockKeyFor(resolve({ pydebug: true }), lockedSource()));
    expect(lockKeyFor(debug, source)).toMatch(/^3\.13\.2-v-[0-9a-f]{16}$/);
    expect(lockKeyFor(debug, source)).toMatchInlineSnapshot(`"3.13.2-v-6357a737937863f3"`);
  });

  it('change with the source hash, the configure arguments and the compiler', () => {
    const base = lockKeyFor(debug, source);
    expect(lockKeyFor(debug, lockedSource('3.13.2', 'c'.repeat(64)))).not.toBe(base);
    expect(lockKeyFor(resolve({ pydebug: true, trace_refs: true }), source)).not.toBe(base);
    expect(lockKeyFor(resolve({ pydebug: true, cflags: ['-g3'] }), source)).not.toBe(base);
    expect(lockKeyFor(resolve({ pydebug: true, compiler: 'clang' }), source)).not.toBe(base);
    // slim changes what is installed, so it changes the key too.
    expect(lockKeyFor(resolve({ pydebug: true, slim: false }), source)).not.toBe(base);
  });

  it('do not change with what does not change the build: runtime env, tests, the md5 of the same file', () => {
    const base = lockKeyFor(debug, source);
    expect(lockKeyFor(resolve({ pydebug: true, env: { PYTHONMALLOC: 'malloc' } }), source)).toBe(base);
    expect(lockKeyFor(resolve({ pydebug: true, test: true }), source)).toBe(base);
    expect(lockKeyFor(debug, { ...source, md5: 'f'.repeat(32), url: 'https://mirror.example/x.tgz' })).toBe(base);
  });

  it('the store/cache key adds the platform and the compiler identity', () => {
    const key = lockKeyFor(debug, source);
    const gcc12 = { os: 'linux', arch: 'x64', toolchain: 'gcc\ngcc (Debian 12.2.0-14) 12.2.0\nx86_64-linux-gnu\nglibc 2.36' };
    expect(entryKeyFor(key, gcc12)).toMatch(/^pydebug-3\.13\.2-v-[0-9a-f]{16}-linux-x64-[0-9a-f]{8}$/);
    expect(entryKeyFor(key, gcc12)).toBe(entryKeyFor(key, { ...gcc12 }));
    expect(entryKeyFor(key, { ...gcc12, toolchain: gcc12.toolchain.replace('12.2.0', '13.1.0') })).not.toBe(entryKeyFor(key, gcc12));
    expect(entryKeyFor(key, { ...gcc12, arch: 'arm64' })).not.toBe(entryKeyFor(key, gcc12));
    expect(entryKeyFor(key, { ...gcc12, os: 'darwin' })).not.toBe(entryKeyFor(key, gcc12));
    // Pinned: the entry format (manifest and file list) is in it, so a change is deliberate.
    expect(entryKeyFor(key, gcc12)).toMatchInlineSnapshot(`"pydebug-3.13.2-v-6357a737937863f3-linux-x64-512fda88"`);
  });
});

describe('assembleLock', () => {
  it('has one build per matrix entry in matrix order, each keyed to its source', () => {
    const lock = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
    expect(Object.keys(lock.builds)).toEqual(['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(lock.builds['3.13.2-valgrind']!.configure).toEqual(['--with-pydebug', '--without-pymalloc', '--with-valgrind']);
    expect(new Set(Object.values(lock.builds).map((b) => b.lock_key)).size).toBe(3);
    expect((lock.sources['3.13.2'] as LockedTarball).sha256).toBe(lockedSource().sha256);
  });
});

describe('cache keys of git sources', () => {
  const debug = normalizeVariant('debug', { pydebug: true });
  const pinned = (commit: string, ref = 'main') => ({ git: 'https://github.com/python/cpython', ref, commit, version: '3.16.0a2+' });
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const keyOf = (source: ReturnType<typeof pinned>) => lockKeyFor(resolveBuild('main', debug, source), source);

  it('leave the keys of releases as they were (a committed lock stays valid)', () => {
    expect(lockKeyFor(resolveBuild('3.13.2', debug), lockedSource())).toBe('3.13.2-debug-6357a737937863f3');
  });

  it('follow the commit, not the ref that named it', () => {
    expect(keyOf(pinned(A))).toMatch(/^main-debug-[0-9a-f]{16}$/);
    expect(keyOf(pinned(A))).not.toBe(keyOf(pinned(B)));
    expect(keyOf(pinned(A, 'main'))).toBe(keyOf(pinned(A, 'v3.16.0a2')));
  });
});
