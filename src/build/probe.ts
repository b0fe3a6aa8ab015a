/**
 * Probe an interpreter: run it with a small script (as an argument, never through a shell) that
 * reports what the recipe checks by hand with sysconfig, and what only the running interpreter
 * can show (sys.gettotalrefcount, sys.getobjects, the allocator in use). Works on any CPython
 * 3.8+, built by pydebug or not.
 */
import { execa } from 'execa';
import { sanitizerBuildEnv } from '../config/cpython.js';
import { PydebugError } from '../errors.js';

export const PROBE_SCRIPT = String.raw`
import json, sys, sysconfig
v = sysconfig.get_config_var
def allocator():
    for mod in ("_testinternalcapi", "_testcapi"):
        try:
            m = __import__(mod)
            return m.pymem_getallocatorsname()
        except Exception:
            pass
    return None
info = {
    "executable": sys.executable,
    "version": "%d.%d.%d" % sys.version_info[:3],
    "full_version": sys.version,
    "implementation": sys.implementation.name,
    "abiflags": getattr(sys, "abiflags", None),
    "prefix": sys.prefix,
    "soabi": v("SOABI"),
    "ext_suffix": v("EXT_SUFFIX"),
    "config_args": v("CONFIG_ARGS"),
    "cc": v("CC"),
    "opt": v("OPT"),
    "cflags": " ".join(str(v(n) or "") for n in ("BASECFLAGS", "CFLAGS", "CONFIGURE_CFLAGS")),
    "ldflags": " ".join(str(v(n) or "") for n in ("LDFLAGS", "PY_LDFLAGS", "CONFIGURE_LDFLAGS")),
    "include": sysconfig.get_paths().get("include"),
    "config": dict((n, v(n)) for n in ("Py_DEBUG", "Py_TRACE_REFS", "Py_REF_DEBUG", "WITH_PYMALLOC", "WITH_VALGRIND", "Py_GIL_DISABLED", "Py_ENABLE_SHARED")),
    "has_gettotalrefcount": hasattr(sys, "gettotalrefcount"),
    "has_getobjects": hasattr(sys, "getobjects"),
    "allocator": allocator(),
    "gil_enabled": sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else None,
}
sys.stdout.write(json.dumps(info))
`;

export interface ProbeReport {
  executable: string;
  version: string;
  full_version: string;
  implementation: string;
  abiflags: string | null;
  prefix: string;
  soabi: string | null;
  ext_suffix: string | null;
  config_args: string | null;
  cc: string | null;
  opt: string | null;
  cflags: string;
  ldflags: string;
  include: string | null;
  config: Record<string, number | string | null>;
  has_gettotalrefcount: boolean;
  has_getobjects: boolean;
  allocator: string | null;
  gil_enabled: boolean | null;
}

export async function probeInterpreter(python: string, options: { signal?: AbortSignal | undefined; env?: Record<string, string> } = {}): Promise<ProbeReport> {
  // -E: ignore PYTHON* variables (a PYTHONMALLOC in the user's shell must not change the answer).
  // An AddressSanitizer build would report CPython's at-exit allocations as leaks and exit
  // non-zero; the probe asks about flags, not leaks (no effect on other interpreters).
  const base = options.env ?? process.env;
  const env = { ...(options.env ?? {}), ...sanitizerBuildEnv(['address'], { ASAN_OPTIONS: base.ASAN_OPTIONS ?? '' }) };
  const r = await execa(python, ['-E', '-c', PROBE_SCRIPT], {
    reject: false,
    cancelSignal: options.signal,
    timeout: 120_000,
    env,
    extendEnv: options.env === undefined,
  });
  if (r.exitCode !== 0 || r.failed) {
    const why = r.code === 'ENOENT' ? 'it does not exist' : (r.stderr || r.shortMessage || '').trim().split('\n').slice(-5).join('\n');
    throw new PydebugError(`could not probe ${python}: ${why}`, { hint: 'pass the path of a CPython 3.8+ interpreter' });
  }
  try {
    return JSON.parse(r.stdout) as ProbeReport;
  } catch {
    throw new PydebugError(`could not probe ${python}: it printed something other than the probe's JSON`);
  }
}
