/**
 * From a probe report to proven flags, and from proven flags to the mismatches with what the
 * lock promised. Pure. Each flag is proven as README.md's table of variant options says:
 * sysconfig for what pyconfig.h records (Py_DEBUG, WITH_PYMALLOC, ...), the running interpreter
 * for what only it can show (sys.gettotalrefcount for Py_REF_DEBUG, sys.getobjects for
 * Py_TRACE_REFS).
 */
import { JIT_TIER2, type JitMode } from '../config/cpython.js';
import type { Expectations, MacroName, MacroSet } from '../lock/types.js';
import type { ProbeReport } from './probe.js';

export interface ProvenFlags {
  abiflags: string;
  macros: MacroSet;
  sanitizers: string[];
  /** How each macro was proven, for the manifest and `inspect`. */
  evidence: Record<string, string>;
  /** The short commit in sys._git (CPython's Makefile reads it from the checkout), or "". */
  git: string;
  /** The build options of 3.12+ (see BuildOptionsSchema), each proven as README's table says. */
  options: ProvenOptions;
}

export interface ProvenOptions {
  /** sysconfig Py_TAIL_CALL_INTERP=1 (3.14) or _Py_TAIL_CALL_INTERP=1 (3.15+, renamed), and the flag in CONFIG_ARGS. */
  tail_call: boolean;
  /** The mode -D_Py_TIER2=N (and -D_Py_JIT) in CFLAGS_NODIST says, or "no". */
  jit: JitMode | 'no';
  /** sys._jit (3.14+): whether the JIT is compiled in and on, or null where the interpreter has no sys._jit. */
  jitRuntime: { available: boolean; enabled: boolean } | null;
  /** -fstrict-overflow (not -fno-strict-overflow) in sysconfig BASECFLAGS, and the flag in CONFIG_ARGS. */
  strict_overflow: boolean;
}

/** Whether CONFIG_ARGS (configure's arguments, each single-quoted) has `flag`. */
const configured = (configArgs: string | null, flag: string) => (configArgs ?? '').split(/\s+/).some((a) => a.replace(/^'|'$/g, '') === flag);
const hasWord = (text: string, word: string) => text.split(/\s+/).includes(word);

export function proveOptions(r: ProbeReport): { options: ProvenOptions; evidence: Record<string, string> } {
  const tailMacro = on(r.config.Py_TAIL_CALL_INTERP) ? 'Py_TAIL_CALL_INTERP' : on(r.config._Py_TAIL_CALL_INTERP) ? '_Py_TAIL_CALL_INTERP' : undefined;
  const nodist = r.cflags_nodist ?? '';
  const tier2 = /(^|\s)-D_Py_TIER2=(\d+)(\s|$)/.exec(nodist)?.[2];
  const jitCompiled = hasWord(nodist, '-D_Py_JIT');
  const mode = (Object.entries(JIT_TIER2) as Array<[JitMode, number]>).find(([m, n]) => String(n) === tier2 && jitCompiled === (m !== 'interpreter'))?.[0] ?? 'no';
  const base = r.basecflags ?? '';
  const strict = hasWord(base, '-fstrict-overflow') && !hasWord(base, '-fno-strict-overflow') && configured(r.config_args, '--with-strict-overflow');
  const options: ProvenOptions = {
    tail_call: tailMacro !== undefined && configured(r.config_args, '--with-tail-call-interp'),
    jit: mode,
    jitRuntime: r.jit ?? null,
    strict_overflow: strict,
  };
  const tier2Words = nodist.split(/\s+/).filter((w) => w.startsWith('-D_Py_TIER2=') || w === '-D_Py_JIT');
  const evidence: Record<string, string> = {
    tail_call: tailMacro
      ? `sysconfig ${tailMacro}=1, CONFIG_ARGS ${configured(r.config_args, '--with-tail-call-interp') ? 'has' : 'lacks'} --with-tail-call-interp`
      : 'sysconfig Py_TAIL_CALL_INTERP and _Py_TAIL_CALL_INTERP not 1',
    jit: `sysconfig CFLAGS_NODIST ${tier2Words.length > 0 ? `has ${tier2Words.join(' ')}` : 'has no -D_Py_TIER2'}${r.jit ? `; sys._jit.is_available()=${pyBool(r.jit.available)}, is_enabled()=${pyBool(r.jit.enabled)}` : ''}`,
    strict_overflow: `sysconfig BASECFLAGS ${hasWord(base, '-fstrict-overflow') ? 'has -fstrict-overflow' : hasWord(base, '-fno-strict-overflow') ? 'has -fno-strict-overflow' : 'has neither -fstrict-overflow nor -fno-strict-overflow'}`,
  };
  return { options, evidence };
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');

const on = (x: unknown) => x === 1 || x === '1' || x === true;

export function proveFlags(r: ProbeReport): ProvenFlags {
  const opt = r.opt ?? '';
  const flagsText = `${r.cflags} ${r.ldflags}`;
  const sanitizers = ['address', 'undefined', 'memory', 'thread'].filter((s) => new RegExp(`-fsanitize=([a-z,]*,)?${s}\\b`).test(flagsText));
  const macros: MacroSet = {
    Py_DEBUG: on(r.config.Py_DEBUG),
    Py_REF_DEBUG: r.has_gettotalrefcount,
    Py_TRACE_REFS: r.has_getobjects,
    WITH_PYMALLOC: on(r.config.WITH_PYMALLOC),
    WITH_VALGRIND: on(r.config.WITH_VALGRIND),
    Py_GIL_DISABLED: on(r.config.Py_GIL_DISABLED),
    NDEBUG: /(^|\s)-DNDEBUG(\s|$)/.test(opt),
  };
  const evidence: Record<MacroName, string> = {
    Py_DEBUG: `sysconfig Py_DEBUG=${String(r.config.Py_DEBUG)}`,
    Py_REF_DEBUG: `sys.gettotalrefcount ${r.has_gettotalrefcount ? 'present' : 'absent'}`,
    Py_TRACE_REFS: `sys.getobjects ${r.has_getobjects ? 'present' : 'absent'}`,
    WITH_PYMALLOC: `sysconfig WITH_PYMALLOC=${String(r.config.WITH_PYMALLOC)}`,
    WITH_VALGRIND: `sysconfig WITH_VALGRIND=${String(r.config.WITH_VALGRIND)}`,
    Py_GIL_DISABLED: `sysconfig Py_GIL_DISABLED=${String(r.config.Py_GIL_DISABLED)}`,
    NDEBUG: `sysconfig OPT=${JSON.stringify(opt)}`,
  };
  const git = typeof r.git?.[2] === 'string' ? r.git[2] : '';
  const { options, evidence: optionEvidence } = proveOptions(r);
  const all: Record<string, string> = { ...evidence, ...optionEvidence };
  return { abiflags: r.abiflags ?? '', macros, sanitizers, evidence: r.git ? { ...all, 'sys._git': JSON.stringify(r.git) } : all, git, options };
}

export interface Mismatch {
  flag: string;
  expected: string;
  actual: string;
  evidence: string;
}

export function findMismatches(expect: Expectations, proven: ProvenFlags): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.abiflags !== proven.abiflags) {
    out.push({ flag: 'sys.abiflags', expected: JSON.stringify(expect.abiflags), actual: JSON.stringify(proven.abiflags), evidence: 'sys.abiflags' });
  }
  for (const [name, want] of Object.entries(expect.macros) as Array<[MacroName, boolean]>) {
    const have = proven.macros[name];
    if (have !== want) {
      out.push({ flag: name, expected: want ? 'defined' : 'not defined', actual: have ? 'defined' : 'not defined', evidence: proven.evidence[name] ?? '' });
    }
  }
  // sys._git holds `git rev-parse --short HEAD` of the tree the interpreter was built from.
  if (expect.commit !== undefined && (proven.git.length < 7 || !expect.commit.startsWith(proven.git))) {
    out.push({ flag: 'sys._git', expected: `commit ${expect.commit}`, actual: proven.git ? `commit ${proven.git}` : 'no commit', evidence: proven.evidence['sys._git'] ?? 'sys._git' });
  }
  out.push(...optionMismatches(expect, proven));
  for (const s of expect.sanitizers) {
    if (!proven.sanitizers.includes(s)) out.push({ flag: `-fsanitize=${s}`, expected: 'compiled in', actual: 'missing', evidence: 'sysconfig CFLAGS/LDFLAGS' });
  }
  return out;
}

/** The build options the lock expects (expect.options) that the interpreter does not show. */
function optionMismatches(expect: Expectations, proven: ProvenFlags): Mismatch[] {
  const want = expect.options;
  if (want === undefined) return [];
  const out: Mismatch[] = [];
  const { options, evidence } = proven;
  if (want.tail_call && !options.tail_call) {
    out.push({ flag: 'Py_TAIL_CALL_INTERP', expected: 'defined (--with-tail-call-interp)', actual: 'not defined', evidence: evidence.tail_call ?? '' });
  }
  if (want.strict_overflow && !options.strict_overflow) {
    out.push({ flag: '-fstrict-overflow', expected: 'in BASECFLAGS (--with-strict-overflow)', actual: 'missing', evidence: evidence.strict_overflow ?? '' });
  }
  if (want.jit !== undefined) {
    const runtime = options.jitRuntime;
    // sys._jit (3.14+) says what the running interpreter has; -E keeps PYTHON_JIT from changing it.
    // Whether the running interpreter agrees with the mode sysconfig proves (no JIT: neither available nor on).
    const compiledIn = options.jit === 'yes' || options.jit === 'yes-off';
    const runtimeAgrees = runtime === null || (runtime.available === compiledIn && runtime.enabled === (options.jit === 'yes'));
    if (options.jit !== want.jit || !runtimeAgrees) {
      const actual = options.jit === 'no' ? 'no JIT build' : `--enable-experimental-jit=${options.jit}`;
      out.push({ flag: 'experimental JIT', expected: `--enable-experimental-jit=${want.jit}`, actual: runtimeAgrees ? actual : `${actual}, and sys._jit disagrees`, evidence: evidence.jit ?? '' });
    }
  }
  return out;
}

export function describeMismatches(mismatches: Mismatch[]): string {
  return mismatches.map((m) => `  ${m.flag}: the lock expects ${m.expected}, the interpreter has ${m.actual} (${m.evidence})`).join('\n');
}
