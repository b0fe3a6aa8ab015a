/**
 * The build options of CPython 3.12-3.15 in pydebug.yml: tail_call, jit, strict_overflow.
 * Checked against configure facts only (no 3.14 or 3.15 tarball can be fetched here; README
 * "Which versions are built here"). The facts, each cited where its test is:
 *  - 3.13.5 configure.ac:1824-1838: --enable-experimental-jit=no|yes|yes-off|interpreter, giving
 *    -D_Py_TIER2=1|3|4 (and -D_Py_JIT for yes and yes-off) in CFLAGS_NODIST. 3.13.5
 *    Tools/jit/_llvm.py:11 `_LLVM_VERSION = 18`; 3.14 wants 19; 3.15 21 (gh-140479, 3.15 What's New).
 *  - 3.13.5 configure.ac:2327-2342 and main's: --with-strict-overflow; BASECFLAGS gets
 *    -fstrict-overflow (configure.ac:2519-2521 in 3.13.5). 3.11.2's configure.ac has no such option
 *    (added by gh-96821 for 3.12); an unknown --with-* only warns "unrecognized options".
 *  - main's configure.ac (3.16.0a0, "Check for --with-tail-call-interp", after the computed-gotos
 *    check): AC_DEFINE([_Py_TAIL_CALL_INTERP], [1]); 3.14 defines Py_TAIL_CALL_INTERP (gh-128563),
 *    and ceval_macros.h stops with #error "This compiler does not have support for efficient tail
 *    calling." without preserve_none and musttail (gh-140513, in 3.14 and main): clang 19+.
 */
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { formatProblem } from '../../src/errors.js';
import { configProblems } from '../support/fixtures.js';

const SHA = `sha256: ${'a'.repeat(64)}`;
const head = (version: string) => `python:\n  - version: "${version}"\n    ${SHA}\nvariants:\n`;
const problems = (yaml: string) => configProblems(yaml).map(formatProblem);
const variant = (version: string, body: string) => parseConfigText(`${head(version)}  v:\n${body}`, 'pydebug.yml').projectConfig.variants[0]!;

describe('tail_call (--with-tail-call-interp, 3.14+, clang 19+)', () => {
  it('is accepted for 3.14 and 3.15 with clang-19 or a newer clang, and an unversioned clang (asked at sync)', () => {
    expect(variant('3.14.0', '    tail_call: true\n    compiler: clang-19\n')).toMatchObject({ tailCall: true, compiler: 'clang-19' });
    expect(variant('3.15.0a2', '    tail_call: true\n    compiler: clang-21\n')).toMatchObject({ tailCall: true });
    expect(variant('3.14.10', '    tail_call: true\n    compiler: clang\n')).toMatchObject({ tailCall: true });
    expect(variant('3.14.10', '    tail_call: true\n    compiler: /usr/lib/llvm-19/bin/clang\n')).toMatchObject({ tailCall: true });
  });

  it('is refused before 3.14, where configure does not know it (it would only warn and build without)', () => {
    expect(problems(`${head('3.13.5')}  tc:\n    tail_call: true\n    compiler: clang-19\n`)).toEqual([
      'pydebug.yml:6:16: variant "tc" sets tail_call (--with-tail-call-interp), which CPython has since 3.14, but is built for 3.13.5\n' +
        '  fix: exclude it for 3.13.5: exclude: [{version: "3.13.5", variant: "tc"}]',
    ]);
  });

  it('is refused without a declared compiler: the lock is the same on every machine', () => {
    expect(problems(`${head('3.14.0')}  tc:\n    tail_call: true\n`)).toEqual([
      'pydebug.yml:6:16: variant "tc" sets tail_call, but declares no compiler: the tail-calling interpreter (--with-tail-call-interp) needs clang 19 or newer (preserve_none and musttail)\n' +
        '  fix: set compiler: clang-19 (Debian/Ubuntu: apt install clang-19), or drop tail_call',
    ]);
  });

  it('is refused with gcc or a clang older than 19, pointing at the compiler', () => {
    for (const compiler of ['gcc', 'gcc-14', '/usr/bin/gcc-15', 'clang-18', 'clang-14']) {
      expect(problems(`${head('3.14.0')}  tc:\n    tail_call: true\n    compiler: ${compiler}\n`)).toEqual([
        `pydebug.yml:7:15: variant "tc" sets tail_call with compiler ${compiler}, but the tail-calling interpreter (--with-tail-call-interp) needs clang 19 or newer (preserve_none and musttail)\n` +
          '  fix: set compiler: clang-19 (Debian/Ubuntu: apt install clang-19), or drop tail_call',
      ]);
    }
  });

  it('must be a boolean', () => {
    expect(problems(`${head('3.14.0')}  tc:\n    tail_call: yes please\n    compiler: clang-19\n`)[0]).toMatch(/^pydebug\.yml:6:16: /);
  });
});

describe('jit (--enable-experimental-jit=yes|yes-off|interpreter, 3.13+)', () => {
  it('maps true, "off" and "interpreter" to configure\'s yes, yes-off and interpreter; false is no JIT', () => {
    expect(variant('3.13.5', '    jit: true\n').jit).toBe('yes');
    expect(variant('3.14.0', '    jit: "off"\n').jit).toBe('yes-off');
    expect(variant('3.15.0a2', '    jit: interpreter\n').jit).toBe('interpreter');
    expect(variant('3.14.0', '    jit: false\n').jit).toBe(false);
    expect(variant('3.14.0', '    pydebug: true\n').jit).toBe(false);
  });

  it('is refused before 3.13 (3.12 has no --enable-experimental-jit)', () => {
    expect(problems(`${head('3.12.9')}  jit:\n    jit: true\n`)).toEqual([
      'pydebug.yml:6:10: variant "jit" sets jit (--enable-experimental-jit=yes), which CPython has since 3.13, but is built for 3.12.9\n' +
        '  fix: exclude it for 3.12.9: exclude: [{version: "3.12.9", variant: "jit"}]',
    ]);
  });

  it('refuses other values with the ones it takes (YAML reads a bare off as the string "off")', () => {
    const [problem] = problems(`${head('3.14.0')}  j:\n    jit: yes-off\n`);
    expect(problem).toMatch(/^pydebug\.yml:6:10: /);
    expect(problem).toMatch(/off|interpreter/);
    expect(variant('3.14.0', '    jit: off\n').jit).toBe('yes-off');
  });
});

describe('strict_overflow (--with-strict-overflow, 3.12+)', () => {
  it('is accepted from 3.12 on, with any compiler', () => {
    expect(variant('3.12.9', '    strict_overflow: true\n').strictOverflow).toBe(true);
    expect(variant('3.14.0', '    strict_overflow: true\n    sanitizers: [undefined]\n    compiler: clang-19\n')).toMatchObject({ strictOverflow: true, sanitizers: ['undefined'] });
  });

  it("is refused before 3.12: 3.11.2's configure.ac has no --with-strict-overflow", () => {
    expect(problems(`${head('3.11.2')}  so:\n    strict_overflow: true\n`)).toEqual([
      'pydebug.yml:6:22: variant "so" sets strict_overflow (--with-strict-overflow), which CPython has since 3.12, but is built for 3.11.2\n' +
        '  fix: exclude it for 3.11.2: exclude: [{version: "3.11.2", variant: "so"}]',
    ]);
  });
});

describe('the typed options are not accepted in configure_args', () => {
  it.each([
    ['--with-tail-call-interp', 'tail_call: true'],
    ['--enable-experimental-jit=yes', 'jit: true | off | interpreter'],
    ['--enable-experimental-jit', 'jit: true | off | interpreter'],
    ['--with-strict-overflow', 'strict_overflow: true'],
  ])('%s', (arg, typed) => {
    expect(problems(`${head('3.14.0')}  v:\n    configure_args: ["${arg}"]\n`)).toEqual([
      `pydebug.yml:6:22: configure_args passes ${arg.split('=')[0]}, which pydebug must know about to verify the build\n  fix: remove it and set ${typed} in the variant`,
    ]);
  });
});

describe('rules checked against the configure of 3.14 and 3.15', () => {
  it('trace_refs with freethreading stays refused for 3.14, 3.15 and main (configure.ac: "--disable-gil cannot be used with --with-trace-refs")', () => {
    // main's configure.ac (3.16.0a0) still has the AC_MSG_ERROR right after the trace-refs check,
    // as 3.13.5's configure.ac:1783-1786 has it: gh-124043 did not lift it.
    for (const version of ['3.14.0', '3.15.0a2']) {
      expect(problems(`${head(version)}  bad:\n    trace_refs: true\n    freethreading: true\n`)[0]).toMatch(/^pydebug\.yml:6:17: .*--disable-gil cannot be used with --with-trace-refs/);
    }
  });

  it('freethreading (supported from 3.14, PEP 779) is accepted for 3.14 and 3.15 without a warning', () => {
    for (const version of ['3.14.0', '3.15.0a2']) {
      const loaded = parseConfigText(`${head(version)}  ft:\n    pydebug: true\n    freethreading: true\n`, 'pydebug.yml');
      expect(loaded.warnings).toEqual([]);
      expect(loaded.projectConfig.variants[0]).toMatchObject({ freethreading: true });
    }
  });
});
