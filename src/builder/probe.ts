/**
 * Probe an interpreter: run it with a small script (as an argument, never through a shell) that
 * reports what the recipe checks by hand with sysconfig, and what only the running interpreter
 * can show (sys.gettotalrefcount, sys.getobjects, the allocator in use). Works on any CPython
 * 3.8+, built by pydebug or not.
 */
import { execa } from 'execa';
import { sanitizerBuildEnv } from '../config/cpython.js';
import { InterruptedError, PydebugError } from '../errors.js';
import { withoutRunnerSecrets } from '../platform/index.js';

// biome-ignore lint/complexity/noUselessStringRaw: Python source: raw, so a backslash added to it reaches Python as written
const PROBE_SCRIPT = String.raw`
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
def jit():
    j = getattr(sys, "_jit", None)
    if j is None:
        return None
    try:
        return {"available": bool(j.is_available()), "enabled": bool(j.is_enabled())}
    except Exception:
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
    "config": dict((n, v(n)) for n in ("Py_DEBUG", "Py_TRACE_REFS", "Py_REF_DEBUG", "WITH_PYMALLOC", "WITH_VALGRIND", "Py_GIL_DISABLED", "Py_ENABLE_SHARED", "Py_TAIL_CALL_INTERP", "_Py_TAIL_CALL_INTERP")),
    "basecflags": v("BASECFLAGS"),
    "cflags_nodist": " ".join(str(v(n) or "") for n in ("CFLAGS_NODIST", "PY_CORE_CFLAGS")),
    "jit": jit(),
    "has_gettotalrefcount": hasattr(sys, "gettotalrefcount"),
    "has_getobjects": hasattr(sys, "getobjects"),
    "allocator": allocator(),
    "gil_enabled": sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else None,
    "git": list(getattr(sys, "_git", ())) or None,
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
  /** sys._git: ("CPython", tag or branch, short commit); the commit is empty unless built from a git checkout. */
  git?: string[] | null;
  /** sysconfig BASECFLAGS (configure's own flags: -fstrict-overflow or -fno-strict-overflow). Absent from older pydebug's reports. */
  basecflags?: string | null;
  /** sysconfig CFLAGS_NODIST and PY_CORE_CFLAGS: where configure puts -D_Py_TIER2=N and -D_Py_JIT. */
  cflags_nodist?: string;
  /** sys._jit.is_available() and is_enabled() (3.14+), or null where there is no sys._jit. */
  jit?: { available: boolean; enabled: boolean } | null;
}

const PROBE_TIMEOUT_MS = 120_000;

export async function probeInterpreter(python: string, options: { signal?: AbortSignal | undefined; env?: Record<string, string> } = {}): Promise<ProbeReport> {
  // -E: ignore PYTHON* variables (a PYTHONMALLOC in the user's shell must not change the answer).
  // An AddressSanitizer build would report CPython's at-exit allocations as leaks and exit
  // non-zero; the probe asks about flags, not leaks (no effect on other interpreters).
  // The interpreter may be one restored from a cache, not built here: never with the runner's credentials.
  const base = options.env ?? withoutRunnerSecrets(process.env);
  const env = { ...base, ...sanitizerBuildEnv(['address'], { ASAN_OPTIONS: base.ASAN_OPTIONS ?? '' }) };
  const r = await execa(python, ['-E', '-c', PROBE_SCRIPT], {
    reject: false,
    cancelSignal: options.signal,
    timeout: PROBE_TIMEOUT_MS,
    env,
    extendEnv: false,
  });
  if (r.exitCode !== 0 || r.failed) throw probeFailure(python, r);
  const report = parseReport(r.stdout);
  if (!report) throw new PydebugError(`${python} is not a Python interpreter: it did not answer pydebug's probe`, { hint: PROBE_HINT });
  return report;
}

const PROBE_HINT = 'pass the path of a CPython 3.8+ interpreter, or a variant of pydebug.yml';

/** What Python itself prints when it fails: then the interpreter is one, and its words matter. */
const PYTHON_FAILURE = /Traceback \(most recent call last\)|^\w*(Error|Exception): |Fatal Python error|Sanitizer/m;

/**
 * Why the probe failed, in words that never include the probe script (execa's messages quote
 * the whole command line).
 */
function probeFailure(python: string, r: ProbeRun): PydebugError {
  if (r.isCanceled) return new InterruptedError();
  if (r.code === 'ENOENT') return new PydebugError(`could not probe ${python}: it does not exist`, { hint: PROBE_HINT });
  if (r.timedOut) return new PydebugError(`could not probe ${python}: it did not answer within ${PROBE_TIMEOUT_MS / 1000} s`, { hint: PROBE_HINT });
  const stderr = r.stderr.trim();
  if (r.exitCode === undefined && r.signal === undefined) {
    return new PydebugError(`${python} is not a Python interpreter: it cannot be run (${r.code ?? 'not a program'})`, { hint: PROBE_HINT });
  }
  if (r.exitCode === undefined || PYTHON_FAILURE.test(stderr)) {
    const how = r.exitCode === undefined ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    return new PydebugError(`could not probe ${python}: it ${how}${stderr ? `:\n${stderr.split('\n').slice(-5).join('\n')}` : ''}`, { hint: PROBE_HINT });
  }
  const said = stderr.split('\n')[0]?.slice(0, 200);
  return new PydebugError(`${python} is not a Python interpreter: it exited with code ${r.exitCode}${said ? ` (${said})` : ''}`, { hint: PROBE_HINT });
}

interface ProbeRun {
  isCanceled: boolean;
  timedOut: boolean;
  code?: string | undefined;
  exitCode?: number | undefined;
  signal?: string | undefined;
  stderr: string;
}

function parseReport(stdout: string): ProbeReport | undefined {
  try {
    const report = JSON.parse(stdout) as Partial<ProbeReport> | null;
    return typeof report?.version === 'string' && typeof report.implementation === 'string' ? (report as ProbeReport) : undefined;
  } catch {
    return undefined;
  }
}
