import { describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/builder/probe.js';
import { findMismatches, proveFlags } from '../../src/builder/proofs.js';
import { normalizeVariant } from '../../src/config/project.js';
import { resolveBuild } from '../../src/lock/resolve.js';

/** What a --with-pydebug 3.11.2 build reports (values seen on a real build here). */
const debugReport: ProbeReport = {
  executable: '/store/bin/python3',
  version: '3.11.2',
  full_version: '3.11.2 (main) [GCC 12.2.0]',
  implementation: 'cpython',
  abiflags: 'd',
  prefix: '/store',
  soabi: 'cpython-311d-x86_64-linux-gnu',
  ext_suffix: '.cpython-311d-x86_64-linux-gnu.so',
  config_args: "'--with-pydebug' '--prefix=/store' 'CC=gcc'",
  cc: 'gcc',
  opt: '-DDYNAMIC_ANNOTATIONS_ENABLED=1 -g -Og -Wall',
  cflags: '-Wsign-compare -g -Og -Wall',
  ldflags: '',
  include: '/store/include/python3.11d',
  config: { Py_DEBUG: 1, Py_TRACE_REFS: 0, Py_REF_DEBUG: 0, WITH_PYMALLOC: 1, WITH_VALGRIND: 0, Py_GIL_DISABLED: null, Py_ENABLE_SHARED: 0 },
  has_gettotalrefcount: true,
  has_getobjects: false,
  allocator: 'pymalloc_debug',
  gil_enabled: null,
};

const expectFor = (opts: Parameters<typeof normalizeVariant>[1]) => resolveBuild('3.11.2', normalizeVariant('v', opts)).expect;

describe('proveFlags', () => {
  it('reads each macro from its proof', () => {
    const p = proveFlags(debugReport);
    expect(p.abiflags).toBe('d');
    expect(p.macros).toEqual({ Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false });
    expect(p.evidence.Py_REF_DEBUG).toBe('sys.gettotalrefcount present');
  });

  it('sees NDEBUG in OPT and sanitizers in the compiler flags', () => {
    const p = proveFlags({ ...debugReport, opt: '-DNDEBUG -g -O3 -Wall', cflags: '-fsanitize=address -fno-omit-frame-pointer', ldflags: '-fsanitize=undefined' });
    expect(p.macros.NDEBUG).toBe(true);
    expect(p.sanitizers).toEqual(['address', 'undefined']);
  });
});

describe('findMismatches', () => {
  it('is empty when the interpreter has what the lock promised', () => {
    expect(findMismatches(expectFor({ pydebug: true }), proveFlags(debugReport))).toEqual([]);
  });

  it('names every flag that differs, both ways', () => {
    const m = findMismatches(expectFor({ pydebug: true, trace_refs: true, pymalloc: false }), proveFlags(debugReport));
    expect(m.map((x) => `${x.flag}: ${x.expected} / ${x.actual}`)).toEqual(['Py_TRACE_REFS: defined / not defined', 'WITH_PYMALLOC: not defined / defined']);
    const release = findMismatches(expectFor({}), proveFlags(debugReport));
    expect(release.map((x) => x.flag)).toEqual(['sys.abiflags', 'Py_DEBUG', 'Py_REF_DEBUG', 'NDEBUG']);
  });

  it('requires the sanitizers', () => {
    const m = findMismatches(expectFor({ pydebug: true, sanitizers: ['undefined'] }), proveFlags(debugReport));
    expect(m.map((x) => x.flag)).toEqual(['-fsanitize=undefined']);
  });
});

describe('the commit of a git source', () => {
  const COMMIT = '0123456789abcdef0123456789abcdef01234567';
  const gitSource = { git: 'https://github.com/python/cpython', ref: 'main', commit: COMMIT, version: '3.16.0a2+' };
  const expected = resolveBuild('main', normalizeVariant('debug', { pydebug: true }), gitSource).expect;
  const withGit = (git: string[] | null) => proveFlags({ ...debugReport, git });

  it('is locked as an expectation only for git sources', () => {
    expect(expected.commit).toBe(COMMIT);
    expect(expectFor({ pydebug: true }).commit).toBeUndefined();
  });

  it('is proven by sys._git naming the pinned commit', () => {
    expect(findMismatches(expected, withGit(['CPython', 'heads/main', COMMIT.slice(0, 12)]))).toEqual([]);
  });

  it.each([
    ['another commit', ['CPython', 'heads/main', 'fedcba987654']],
    ['a tarball build (no commit)', ['CPython', '', '']],
    ['no sys._git at all', null],
    ['a prefix too short to name a commit', ['CPython', 'heads/main', '0123']],
  ])('is a mismatch for %s', (_what, git) => {
    const [m, ...rest] = findMismatches(expected, withGit(git));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ flag: 'sys._git', expected: `commit ${COMMIT}` });
  });
});
