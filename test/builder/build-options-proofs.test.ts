/**
 * Proving tail_call, jit and strict_overflow on a built interpreter. No 3.14/3.15 interpreter is
 * built here: the reports are what their sysconfig holds per configure.ac (3.13.5
 * configure.ac:1824-1838 puts -D_Py_TIER2=N and -D_Py_JIT in CFLAGS_NODIST; :2519-2521 puts
 * -fstrict-overflow in BASECFLAGS; main's AC_DEFINE([_Py_TAIL_CALL_INTERP], [1]), 3.14's
 * Py_TAIL_CALL_INTERP), and sys._jit.is_available()/is_enabled() of 3.14+.
 */
import { describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/builder/probe.js';
import { describeMismatches, findMismatches, proveFlags } from '../../src/builder/proofs.js';
import { normalizeVariant } from '../../src/config/project.js';
import { resolveBuild } from '../../src/lock/resolve.js';
import { buildOptionProblem } from '../../src/plan/build-options.js';

const report = (over: Partial<ProbeReport>, config: Record<string, number | null> = {}): ProbeReport => ({
  executable: '/store/bin/python3',
  version: '3.14.0',
  full_version: '3.14.0',
  implementation: 'cpython',
  abiflags: '',
  prefix: '/store',
  soabi: null,
  ext_suffix: null,
  config_args: "'--prefix=/store'",
  cc: 'clang-19',
  opt: '-DNDEBUG -g -O3 -Wall',
  cflags: '',
  ldflags: '',
  include: null,
  config: { Py_DEBUG: 0, WITH_PYMALLOC: 1, WITH_VALGRIND: 0, Py_GIL_DISABLED: 0, ...config },
  has_gettotalrefcount: false,
  has_getobjects: false,
  allocator: null,
  gil_enabled: true,
  basecflags: '-fno-strict-overflow -Wsign-compare',
  cflags_nodist: '-std=c11',
  jit: { available: false, enabled: false },
  ...over,
});
const expectFor = (opts: Parameters<typeof normalizeVariant>[1], version = '3.14.0') => resolveBuild(version, normalizeVariant('v', opts)).expect;
const mismatches = (opts: Parameters<typeof normalizeVariant>[1], r: ProbeReport, version?: string) => findMismatches(expectFor(opts, version), proveFlags(r));

describe('tail_call', () => {
  it('is proven by Py_TAIL_CALL_INTERP=1 (3.14) or _Py_TAIL_CALL_INTERP=1 (main) with the flag in CONFIG_ARGS', () => {
    const args = "'--with-tail-call-interp' 'CC=clang-19'";
    expect(mismatches({ tail_call: true, compiler: 'clang-19' }, report({ config_args: args }, { Py_TAIL_CALL_INTERP: 1 }))).toEqual([]);
    expect(mismatches({ tail_call: true, compiler: 'clang-19' }, report({ config_args: args }, { _Py_TAIL_CALL_INTERP: 1 }))).toEqual([]);
  });

  it('a build without it is refused, with the evidence', () => {
    const m = mismatches({ tail_call: true, compiler: 'clang-19' }, report({}));
    expect(describeMismatches(m)).toBe(
      '  Py_TAIL_CALL_INTERP: the lock expects defined (--with-tail-call-interp), the interpreter has not defined (sysconfig Py_TAIL_CALL_INTERP and _Py_TAIL_CALL_INTERP not 1)',
    );
  });

  it('sync refuses an unversioned compiler whose --version is not clang 19+, before building', () => {
    const options = expectFor({ tail_call: true, compiler: 'clang' }).options;
    expect(buildOptionProblem('3.14.0-tc', options, { compiler: 'clang', version: 'Debian clang version 14.0.6' })).toEqual({
      message: '3.14.0-tc sets tail_call, which needs clang 19 or newer (preserve_none and musttail), but clang is "Debian clang version 14.0.6"',
      hint: 'set compiler: clang-19 in the variant (Debian/Ubuntu: apt install clang-19), or point it at a clang 19+',
    });
    expect(buildOptionProblem('3.14.0-tc', options, { compiler: 'clang', version: 'Debian clang version 19.1.7 (3+b1)' })).toBeUndefined();
    expect(buildOptionProblem('3.14.0-tc', options, { compiler: 'cc', version: 'gcc (Debian 12.2.0-14) 12.2.0' })?.message).toMatch(/but cc is "gcc/);
    expect(buildOptionProblem('3.14.0-d', undefined, { compiler: 'gcc', version: 'gcc 12' })).toBeUndefined();
  });
});

describe('jit', () => {
  const jit = (tier2: number, withJit: boolean, runtime: ProbeReport['jit']) => report({ cflags_nodist: `-std=c11 -D_Py_TIER2=${tier2}${withJit ? ' -D_Py_JIT' : ''}`, jit: runtime });

  it('yes, yes-off and interpreter each match their -D_Py_TIER2 and sys._jit', () => {
    expect(mismatches({ jit: true }, jit(1, true, { available: true, enabled: true }))).toEqual([]);
    expect(mismatches({ jit: 'off' }, jit(3, true, { available: true, enabled: false }))).toEqual([]);
    expect(mismatches({ jit: 'interpreter' }, jit(4, false, { available: false, enabled: false }))).toEqual([]);
  });

  it('3.13 has no sys._jit: sysconfig alone proves it', () => {
    expect(mismatches({ jit: true }, jit(1, true, null), '3.13.5')).toEqual([]);
  });

  it('another mode, no JIT, or a sys._jit that disagrees is refused', () => {
    expect(describeMismatches(mismatches({ jit: true }, report({})))).toBe(
      '  experimental JIT: the lock expects --enable-experimental-jit=yes, the interpreter has no JIT build (sysconfig CFLAGS_NODIST has no -D_Py_TIER2; sys._jit.is_available()=False, is_enabled()=False)',
    );
    expect(mismatches({ jit: true }, jit(3, true, { available: true, enabled: false }))[0]?.actual).toBe('--enable-experimental-jit=yes-off');
    expect(mismatches({ jit: true }, jit(1, true, { available: true, enabled: false }))[0]?.actual).toBe('--enable-experimental-jit=yes, and sys._jit disagrees');
  });
});

describe('strict_overflow', () => {
  it('is proven by -fstrict-overflow in BASECFLAGS and the flag in CONFIG_ARGS', () => {
    expect(mismatches({ strict_overflow: true }, report({ basecflags: '-fstrict-overflow -Wsign-compare', config_args: "'--with-strict-overflow'" }))).toEqual([]);
  });

  it('the default -fno-strict-overflow is refused', () => {
    expect(describeMismatches(mismatches({ strict_overflow: true }, report({ config_args: "'--with-strict-overflow'" })))).toBe(
      '  -fstrict-overflow: the lock expects in BASECFLAGS (--with-strict-overflow), the interpreter has missing (sysconfig BASECFLAGS has -fno-strict-overflow)',
    );
  });

  it('a report from an older probe (no basecflags) proves nothing, and an entry that expects nothing is not checked', () => {
    expect(mismatches({ strict_overflow: true }, report({ basecflags: undefined, config_args: "'--with-strict-overflow'" }))).toHaveLength(1);
    expect(mismatches({}, report({ basecflags: undefined, cflags_nodist: undefined, jit: undefined }))).toEqual([]);
  });
});
