/** A store entry's manifest as a build writes it, for pure tests of what is made from one. */

import type { MacroSet } from '../../src/lock/types.js';
import type { Manifest } from '../../src/store/store.js';

export const DEBUG_MACROS: MacroSet = { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false };

export function manifestOf(entry: {
  id: string;
  entryKey: string;
  lockKey: string;
  prefix: string;
  macros?: MacroSet;
  env?: Record<string, string>;
  files?: Manifest['files'];
  seconds?: number;
}): Manifest {
  const [version, variant] = [entry.id.slice(0, entry.id.indexOf('-')), entry.id.slice(entry.id.indexOf('-') + 1)];
  const macros = entry.macros ?? DEBUG_MACROS;
  return {
    manifest_version: 1,
    entry_key: entry.entryKey,
    lock_key: entry.lockKey,
    id: entry.id,
    version,
    variant,
    python: 'bin/python3',
    prefix: entry.prefix,
    configure: ['--with-pydebug'],
    compiler: { name: 'gcc', version: 'gcc 13', target: 'x86_64-linux-gnu' },
    expect: { abiflags: 'd', macros, sanitizers: [] },
    proven: { abiflags: 'd', macros: { ...macros }, sanitizers: [], evidence: {} },
    env: entry.env ?? {},
    built_at: '2026-01-01T00:00:00.000Z',
    timings: { total: entry.seconds ?? 600 },
    size: { bytes: 1, files: 1 },
    files: entry.files ?? { log: 'share/pydebug/build.log' },
    contents: { list: 'share/pydebug/files.sha256', list_sha256: '0'.repeat(64), core: {} },
  };
}
