import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  execa
} from "./chunk-N76HLSXF.js";
import {
  sanitizerBuildEnv
} from "./chunk-PKCDHGLO.js";
import {
  withoutRunnerSecrets
} from "./chunk-ETJ5QNXC.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-4QVF5WYY.js";

// src/builder/probe.ts
var PROBE_SCRIPT = String.raw`
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
    "git": list(getattr(sys, "_git", ())) or None,
}
sys.stdout.write(json.dumps(info))
`;
var PROBE_TIMEOUT_MS = 12e4;
async function probeInterpreter(python, options = {}) {
  const base = options.env ?? withoutRunnerSecrets(process.env);
  const env = { ...base, ...sanitizerBuildEnv(["address"], { ASAN_OPTIONS: base.ASAN_OPTIONS ?? "" }) };
  const r = await execa(python, ["-E", "-c", PROBE_SCRIPT], {
    reject: false,
    cancelSignal: options.signal,
    timeout: PROBE_TIMEOUT_MS,
    env,
    extendEnv: false
  });
  if (r.exitCode !== 0 || r.failed) throw probeFailure(python, r);
  const report = parseReport(r.stdout);
  if (!report) throw new PydebugError(`${python} is not a Python interpreter: it did not answer pydebug's probe`, { hint: PROBE_HINT });
  return report;
}
var PROBE_HINT = "pass the path of a CPython 3.8+ interpreter, or a variant of pydebug.yml";
var PYTHON_FAILURE = /Traceback \(most recent call last\)|^\w*(Error|Exception): |Fatal Python error|Sanitizer/m;
function probeFailure(python, r) {
  if (r.isCanceled) return new InterruptedError();
  if (r.code === "ENOENT") return new PydebugError(`could not probe ${python}: it does not exist`, { hint: PROBE_HINT });
  if (r.timedOut) return new PydebugError(`could not probe ${python}: it did not answer within ${PROBE_TIMEOUT_MS / 1e3} s`, { hint: PROBE_HINT });
  const stderr = r.stderr.trim();
  if (r.exitCode === void 0 && r.signal === void 0) {
    return new PydebugError(`${python} is not a Python interpreter: it cannot be run (${r.code ?? "not a program"})`, { hint: PROBE_HINT });
  }
  if (r.exitCode === void 0 || PYTHON_FAILURE.test(stderr)) {
    const how = r.exitCode === void 0 ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    return new PydebugError(`could not probe ${python}: it ${how}${stderr ? `:
${stderr.split("\n").slice(-5).join("\n")}` : ""}`, { hint: PROBE_HINT });
  }
  const said = stderr.split("\n")[0]?.slice(0, 200);
  return new PydebugError(`${python} is not a Python interpreter: it exited with code ${r.exitCode}${said ? ` (${said})` : ""}`, { hint: PROBE_HINT });
}
function parseReport(stdout) {
  try {
    const report = JSON.parse(stdout);
    return typeof report?.version === "string" && typeof report.implementation === "string" ? report : void 0;
  } catch {
    return void 0;
  }
}

// src/builder/proofs.ts
var on = (x) => x === 1 || x === "1" || x === true;
function proveFlags(r) {
  const opt = r.opt ?? "";
  const flagsText = `${r.cflags} ${r.ldflags}`;
  const sanitizers = ["address", "undefined", "memory", "thread"].filter((s) => new RegExp(`-fsanitize=([a-z,]*,)?${s}\\b`).test(flagsText));
  const macros = {
    Py_DEBUG: on(r.config.Py_DEBUG),
    Py_REF_DEBUG: r.has_gettotalrefcount,
    Py_TRACE_REFS: r.has_getobjects,
    WITH_PYMALLOC: on(r.config.WITH_PYMALLOC),
    WITH_VALGRIND: on(r.config.WITH_VALGRIND),
    Py_GIL_DISABLED: on(r.config.Py_GIL_DISABLED),
    NDEBUG: /(^|\s)-DNDEBUG(\s|$)/.test(opt)
  };
  const evidence = {
    Py_DEBUG: `sysconfig Py_DEBUG=${String(r.config.Py_DEBUG)}`,
    Py_REF_DEBUG: `sys.gettotalrefcount ${r.has_gettotalrefcount ? "present" : "absent"}`,
    Py_TRACE_REFS: `sys.getobjects ${r.has_getobjects ? "present" : "absent"}`,
    WITH_PYMALLOC: `sysconfig WITH_PYMALLOC=${String(r.config.WITH_PYMALLOC)}`,
    WITH_VALGRIND: `sysconfig WITH_VALGRIND=${String(r.config.WITH_VALGRIND)}`,
    Py_GIL_DISABLED: `sysconfig Py_GIL_DISABLED=${String(r.config.Py_GIL_DISABLED)}`,
    NDEBUG: `sysconfig OPT=${JSON.stringify(opt)}`
  };
  const git = typeof r.git?.[2] === "string" ? r.git[2] : "";
  return { abiflags: r.abiflags ?? "", macros, sanitizers, evidence: r.git ? { ...evidence, "sys._git": JSON.stringify(r.git) } : evidence, git };
}
function findMismatches(expect, proven) {
  const out = [];
  if (expect.abiflags !== proven.abiflags) {
    out.push({ flag: "sys.abiflags", expected: JSON.stringify(expect.abiflags), actual: JSON.stringify(proven.abiflags), evidence: "sys.abiflags" });
  }
  for (const [name, want] of Object.entries(expect.macros)) {
    const have = proven.macros[name];
    if (have !== want) {
      out.push({ flag: name, expected: want ? "defined" : "not defined", actual: have ? "defined" : "not defined", evidence: proven.evidence[name] ?? "" });
    }
  }
  if (expect.commit !== void 0 && (proven.git.length < 7 || !expect.commit.startsWith(proven.git))) {
    out.push({ flag: "sys._git", expected: `commit ${expect.commit}`, actual: proven.git ? `commit ${proven.git}` : "no commit", evidence: proven.evidence["sys._git"] ?? "sys._git" });
  }
  for (const s of expect.sanitizers) {
    if (!proven.sanitizers.includes(s)) out.push({ flag: `-fsanitize=${s}`, expected: "compiled in", actual: "missing", evidence: "sysconfig CFLAGS/LDFLAGS" });
  }
  return out;
}
function describeMismatches(mismatches) {
  return mismatches.map((m) => `  ${m.flag}: the lock expects ${m.expected}, the interpreter has ${m.actual} (${m.evidence})`).join("\n");
}

export {
  probeInterpreter,
  proveFlags,
  findMismatches,
  describeMismatches
};
