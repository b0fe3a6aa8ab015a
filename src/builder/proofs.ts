/**
 * From a probe report to proven flags, and from proven flags to the mismatches with what the
 * lock promised. Pure. Each flag is proven as README.md's table of variant options says:
 * sysconfig for what pyconfig.h records (Py_DEBUG, WITH_PYMALLOC, ...), the running interpreter
 * for what only it can show (sys.gettotalrefcount for Py_REF_DEBUG, sys.getobjects for
 * Py_TRACE_REFS).
 */
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
}

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
  return { abiflags: r.abiflags ?? '', macros, sanitizers, evidence: r.git ? { ...evidence, 'sys._git': JSON.stringify(r.git) } : evidence, git };
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
  for (const s of expect.sanitizers) {
    if (!proven.sanitizers.includes(s)) out.push({ flag: `-fsanitize=${s}`, expected: 'compiled in', actual: 'missing', evidence: 'sysconfig CFLAGS/LDFLAGS' });
  }
  return out;
}

export function describeMismatches(mismatches: Mismatch[]): string {
  return mismatches.map((m) => `  ${m.flag}: the lock expects ${m.expected}, the interpreter has ${m.actual} (${m.evidence})`).join('\n');
}
