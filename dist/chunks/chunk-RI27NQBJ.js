import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  execa
} from "./chunk-N76HLSXF.js";
import {
  JIT_TIER2,
  sanitizerBuildEnv,
  withoutRunnerSecrets
} from "./chunk-OCXTFSZJ.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-2N76SVMT.js";

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
var configured = (configArgs, flag) => (configArgs ?? "").split(/\s+/).some((a) => a.replace(/^'|'$/g, "") === flag);
var hasWord = (text, word) => text.split(/\s+/).includes(word);
function proveOptions(r) {
  const tailMacro = on(r.config.Py_TAIL_CALL_INTERP) ? "Py_TAIL_CALL_INTERP" : on(r.config._Py_TAIL_CALL_INTERP) ? "_Py_TAIL_CALL_INTERP" : void 0;
  const nodist = r.cflags_nodist ?? "";
  const tier2 = /(^|\s)-D_Py_TIER2=(\d+)(\s|$)/.exec(nodist)?.[2];
  const jitCompiled = hasWord(nodist, "-D_Py_JIT");
  const mode = Object.entries(JIT_TIER2).find(([m, n]) => String(n) === tier2 && jitCompiled === (m !== "interpreter"))?.[0] ?? "no";
  const base = r.basecflags ?? "";
  const strict = hasWord(base, "-fstrict-overflow") && !hasWord(base, "-fno-strict-overflow") && configured(r.config_args, "--with-strict-overflow");
  const options = {
    tail_call: tailMacro !== void 0 && configured(r.config_args, "--with-tail-call-interp"),
    jit: mode,
    jitRuntime: r.jit ?? null,
    strict_overflow: strict
  };
  const tier2Words = nodist.split(/\s+/).filter((w) => w.startsWith("-D_Py_TIER2=") || w === "-D_Py_JIT");
  const evidence = {
    tail_call: tailMacro ? `sysconfig ${tailMacro}=1, CONFIG_ARGS ${configured(r.config_args, "--with-tail-call-interp") ? "has" : "lacks"} --with-tail-call-interp` : "sysconfig Py_TAIL_CALL_INTERP and _Py_TAIL_CALL_INTERP not 1",
    jit: `sysconfig CFLAGS_NODIST ${tier2Words.length > 0 ? `has ${tier2Words.join(" ")}` : "has no -D_Py_TIER2"}${r.jit ? `; sys._jit.is_available()=${pyBool(r.jit.available)}, is_enabled()=${pyBool(r.jit.enabled)}` : ""}`,
    strict_overflow: `sysconfig BASECFLAGS ${hasWord(base, "-fstrict-overflow") ? "has -fstrict-overflow" : hasWord(base, "-fno-strict-overflow") ? "has -fno-strict-overflow" : "has neither -fstrict-overflow nor -fno-strict-overflow"}`
  };
  return { options, evidence };
}
var pyBool = (b) => b ? "True" : "False";
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
  const { options, evidence: optionEvidence } = proveOptions(r);
  const all = { ...evidence, ...optionEvidence };
  return { abiflags: r.abiflags ?? "", macros, sanitizers, evidence: r.git ? { ...all, "sys._git": JSON.stringify(r.git) } : all, git, options };
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
  out.push(...optionMismatches(expect, proven));
  for (const s of expect.sanitizers) {
    if (!proven.sanitizers.includes(s)) out.push({ flag: `-fsanitize=${s}`, expected: "compiled in", actual: "missing", evidence: "sysconfig CFLAGS/LDFLAGS" });
  }
  return out;
}
function optionMismatches(expect, proven) {
  const want = expect.options;
  if (want === void 0) return [];
  const out = [];
  const { options, evidence } = proven;
  if (want.tail_call && !options.tail_call) {
    out.push({ flag: "Py_TAIL_CALL_INTERP", expected: "defined (--with-tail-call-interp)", actual: "not defined", evidence: evidence.tail_call ?? "" });
  }
  if (want.strict_overflow && !options.strict_overflow) {
    out.push({ flag: "-fstrict-overflow", expected: "in BASECFLAGS (--with-strict-overflow)", actual: "missing", evidence: evidence.strict_overflow ?? "" });
  }
  if (want.jit !== void 0) {
    const runtime = options.jitRuntime;
    const compiledIn = options.jit === "yes" || options.jit === "yes-off";
    const runtimeAgrees = runtime === null || runtime.available === compiledIn && runtime.enabled === (options.jit === "yes");
    if (options.jit !== want.jit || !runtimeAgrees) {
      const actual = options.jit === "no" ? "no JIT build" : `--enable-experimental-jit=${options.jit}`;
      out.push({ flag: "experimental JIT", expected: `--enable-experimental-jit=${want.jit}`, actual: runtimeAgrees ? actual : `${actual}, and sys._jit disagrees`, evidence: evidence.jit ?? "" });
    }
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
