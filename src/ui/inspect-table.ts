/**
 * The recipe's table of debug macros, filled in for one interpreter (pure). The "ABI change
 * (rebuild extensions)" column is the recipe's "Rebuild EXT?", corrected per version: a macro
 * that changes the ABI needs extensions compiled for it.
 */
import type { ProbeReport } from '../builder/probe.js';
import type { ProvenFlags } from '../builder/proofs.js';
import { atLeast } from '../config/version.js';
import { renderTable } from './table.js';

export interface InspectView {
  interpreter: string;
  version: string;
  implementation: string;
  abiflags: string;
  soabi: string | null;
  allocator: string | null;
  config_args: string | null;
  /** The store entry's Valgrind suppression file; null when it has none or this is no entry. */
  valgrind_suppressions: string | null;
  /** True when the interpreter is a pydebug store entry (so its files are known). */
  pydebug_entry: boolean;
  /** The sanitizer options `pydebug run` and the Action set for this entry (TSAN_OPTIONS...). */
  sanitizer_options: Record<string, string>;
  /** The entry's sanitizer suppression files (CPython's own, from its tree), by options variable. */
  sanitizer_suppressions: Record<string, string>;
  macros: Array<{ macro: string; defined: boolean; proof: string; rebuild_extensions: string; what: string }>;
  sanitizers: string[];
  notes: string[];
}

/** `entry`: what pydebug knows of the interpreter when it is one of its store entries. */
export interface InspectedEntry {
  valgrindSuppressions: string | null;
  sanitizerOptions: Record<string, string>;
  sanitizerSuppressions: Record<string, string>;
}

export function inspectView(r: ProbeReport, p: ProvenFlags, entry?: InspectedEntry): InspectView {
  const m = p.macros;
  const traceRefsAbi = atLeast(r.version, 3, 13) ? 'no (ABI-compatible since 3.13)' : 'yes';
  const macros = [
    { macro: 'Py_DEBUG', defined: m.Py_DEBUG, proof: p.evidence.Py_DEBUG!, rebuild_extensions: 'yes', what: 'standard debug build (--with-pydebug), abiflag "d"' },
    { macro: 'Py_REF_DEBUG', defined: m.Py_REF_DEBUG, proof: p.evidence.Py_REF_DEBUG!, rebuild_extensions: 'no', what: 'total reference count: sys.gettotalrefcount(), -X showrefcount' },
    { macro: 'Py_TRACE_REFS', defined: m.Py_TRACE_REFS, proof: p.evidence.Py_TRACE_REFS!, rebuild_extensions: traceRefsAbi, what: 'list of live objects: sys.getobjects(), PYTHONDUMPREFS' },
    { macro: 'WITH_PYMALLOC', defined: m.WITH_PYMALLOC, proof: p.evidence.WITH_PYMALLOC!, rebuild_extensions: 'no', what: 'small-object allocator (off for Valgrind: --without-pymalloc)' },
    { macro: 'WITH_VALGRIND', defined: m.WITH_VALGRIND, proof: p.evidence.WITH_VALGRIND!, rebuild_extensions: 'no', what: 'pymalloc steps aside when run under Valgrind' },
    { macro: 'Py_GIL_DISABLED', defined: m.Py_GIL_DISABLED, proof: p.evidence.Py_GIL_DISABLED!, rebuild_extensions: 'yes', what: 'free-threaded build (--disable-gil), abiflag "t"' },
    { macro: 'NDEBUG', defined: m.NDEBUG, proof: p.evidence.NDEBUG!, rebuild_extensions: 'no', what: 'assert() compiled out (undefined = asserts on)' },
  ];
  const notes: string[] = [];
  const asan = p.sanitizers.includes('address');
  const msan = p.sanitizers.includes('memory');
  if (!m.WITH_PYMALLOC) {
    const why = asan || msan ? ` (${asan ? 'AddressSanitizer' : 'MemorySanitizer'} turns it off)` : '';
    const sees = asan ? 'AddressSanitizer' : msan ? 'MemorySanitizer' : 'Valgrind';
    notes.push(`pymalloc is off${why}: PYTHONMALLOCSTATS=1 prints nothing (there are no pymalloc arenas to report); ${sees} sees every allocation.`);
  } else {
    notes.push('PYTHONMALLOCSTATS=1 prints pymalloc arena statistics to stderr when a new arena is allocated and at exit.');
  }
  if (asan) {
    notes.push(
      "AddressSanitizer stops at the first invalid access (heap-use-after-free, heap-buffer-overflow) with its stack; build extensions with this interpreter's sysconfig CFLAGS and LDFLAGS (-fsanitize=address) so their code is checked too. `pydebug run` and the Action set ASAN_OPTIONS=detect_leaks=0 unless the variant's env says otherwise: CPython keeps memory until exit by design.",
    );
  }
  if (p.sanitizers.includes('thread')) {
    notes.push(
      `ThreadSanitizer reports data races with both threads' stacks and exits 66 at the end of a run that had a report; build extensions with this interpreter's sysconfig CFLAGS and LDFLAGS (-fsanitize=thread).${m.Py_GIL_DISABLED ? ' Free-threaded: threads really run in parallel; an extension that does not declare Py_mod_gil = Py_MOD_GIL_NOT_USED turns the GIL back on when imported, and hides its races.' : ' With the GIL, only races in code that releases it (Py_BEGIN_ALLOW_THREADS) can show.'} CPython's own known races are suppressed by its suppression file${entry ? ' (TSAN_OPTIONS below)' : ''}. The kernel must randomize mmap with at most 28 bits (sudo sysctl -w vm.mmap_rnd_bits=28).`,
    );
  }
  if (p.sanitizers.includes('undefined')) {
    notes.push(
      'UndefinedBehaviorSanitizer reports signed overflow, misaligned loads, bad shifts and more as "runtime error:" with the source line; `pydebug run` and the Action set UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1, so the first report stops the run with a non-zero exit. With clang, signed overflow is not reported: CPython builds with -fno-strict-overflow, which clang takes as -fwrapv.',
    );
  }
  if (m.Py_DEBUG) notes.push('debug allocator hooks are on by default: freed memory is filled with 0xDD, so a use after free shows refcounts like -2459565876494606883.');
  if (r.allocator === null) notes.push('allocator name unknown: _testcapi/_testinternalcapi are not installed (--disable-test-modules?).');
  return {
    interpreter: r.executable,
    version: r.version,
    implementation: r.implementation,
    abiflags: p.abiflags,
    soabi: r.soabi,
    allocator: r.allocator,
    config_args: r.config_args,
    valgrind_suppressions: entry?.valgrindSuppressions ?? null,
    pydebug_entry: entry !== undefined,
    sanitizer_options: entry?.sanitizerOptions ?? {},
    sanitizer_suppressions: entry?.sanitizerSuppressions ?? {},
    macros,
    sanitizers: p.sanitizers,
    notes,
  };
}

export function renderInspect(v: InspectView): string {
  const head = [
    `interpreter  ${v.interpreter}`,
    `version      ${v.implementation} ${v.version}`,
    `abiflags     ${JSON.stringify(v.abiflags)}${v.soabi ? `   (SOABI ${v.soabi})` : ''}`,
    `allocator    ${v.allocator ?? 'unknown'}`,
    `sanitizers   ${v.sanitizers.length ? v.sanitizers.join(', ') : 'none'}`,
    `configure    ${v.config_args ?? '(unknown)'}`,
    `valgrind     ${suppressionsLine(v)}`,
    ...Object.entries(v.sanitizer_options).map(([name, value]) => `runtime      ${name}=${value}`),
  ];
  const table = renderTable(
    ['macro', 'defined', 'ABI change (rebuild extensions)', 'proof', 'what it gives'],
    v.macros.map((x) => [x.macro, x.defined ? 'yes' : 'no', x.rebuild_extensions, x.proof, x.what]),
  );
  return `${head.join('\n')}\n\n${table}\n\n${v.notes.map((n) => `note: ${n}`).join('\n')}\n`;
}

function suppressionsLine(v: InspectView): string {
  if (v.valgrind_suppressions) return `suppressions ${v.valgrind_suppressions}`;
  return v.pydebug_entry ? 'no suppression file in this entry' : 'no suppression file known (not a pydebug store entry)';
}
