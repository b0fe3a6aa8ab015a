/**
 * inspect's report of a sanitizer entry (pure): which sanitizers, the options `pydebug run` sets
 * and where CPython's suppression files are, from a probe report like a real TSan build's.
 */
import { describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/builder/probe.js';
import { proveFlags } from '../../src/builder/proofs.js';
import { inspectView, renderInspect } from '../../src/ui/inspect-table.js';

/** What a free-threaded TSan debug build of 3.13.5 with clang-19 reports (shape of a real one). */
const tsanReport: ProbeReport = {
  executable: '/store/e/bin/python3.13t',
  version: '3.13.5',
  full_version: '3.13.5 experimental free-threading build (main) [Clang 19.1.7]',
  implementation: 'cpython',
  abiflags: 'td',
  prefix: '/store/e',
  soabi: 'cpython-313td-x86_64-linux-gnu',
  ext_suffix: '.cpython-313td-x86_64-linux-gnu.so',
  config_args: "'--with-pydebug' '--disable-gil' '--with-thread-sanitizer' 'CC=clang-19' '--prefix=/store/e'",
  cc: 'clang-19',
  opt: '-g -Og -Wall',
  cflags: '-fsanitize=thread -fno-strict-overflow -Wsign-compare -g -Og -Wall',
  ldflags: '-fsanitize=thread',
  include: '/store/e/include/python3.13td',
  config: { Py_DEBUG: 1, Py_TRACE_REFS: 0, Py_REF_DEBUG: 1, WITH_PYMALLOC: 1, WITH_VALGRIND: 0, Py_GIL_DISABLED: 1, Py_ENABLE_SHARED: 0 },
  has_gettotalrefcount: true,
  has_getobjects: false,
  allocator: 'mimalloc_debug',
  gil_enabled: false,
};

const supp = '/store/e/share/pydebug/tsan-suppressions_free_threading.txt';
const entry = {
  valgrindSuppressions: null,
  sanitizerOptions: { TSAN_OPTIONS: `suppressions=${supp}:handle_segv=0` },
  sanitizerSuppressions: { TSAN_OPTIONS: supp },
};

describe('inspect of a sanitizer entry', () => {
  it('names the sanitizer, the options run sets and the suppression file', () => {
    const view = inspectView(tsanReport, proveFlags(tsanReport), entry);
    expect(view.sanitizers).toEqual(['thread']);
    expect(view.sanitizer_options).toEqual({ TSAN_OPTIONS: `suppressions=${supp}:handle_segv=0` });
    expect(view.sanitizer_suppressions).toEqual({ TSAN_OPTIONS: supp });
    const note = view.notes.find((n) => n.startsWith('ThreadSanitizer'))!;
    expect(note).toMatch(/exits 66/);
    expect(note).toMatch(/Py_mod_gil = Py_MOD_GIL_NOT_USED/);
    expect(note).toMatch(/vm\.mmap_rnd_bits=28/);
    const text = renderInspect(view);
    expect(text).toMatch(/^sanitizers {3}thread$/m);
    expect(text).toMatch(new RegExp(`^runtime {6}TSAN_OPTIONS=suppressions=${supp.replace(/\./g, '\\.')}:handle_segv=0$`, 'm'));
  });

  it('UBSan: the note says the first report stops the run; an interpreter that is no entry shows no runtime line', () => {
    const ubsan: ProbeReport = { ...tsanReport, abiflags: 'd', cflags: '-fsanitize=undefined -g -Og', ldflags: '-fsanitize=undefined', config: { ...tsanReport.config, Py_GIL_DISABLED: 0 } };
    const view = inspectView(ubsan, proveFlags(ubsan));
    expect(view.sanitizers).toEqual(['undefined']);
    expect(view.notes.join('\n')).toMatch(/UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1/);
    expect(view.sanitizer_options).toEqual({});
    expect(renderInspect(view)).not.toMatch(/^runtime/m);
  });
});
