import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  LOCK_VERSION,
  MACHINE_KEY_PATTERN,
  UNPINNED_LOCK_VERSION,
  canonicalJson,
  isGitSource,
  sha256Hex
} from "./chunk-RNVBIJE7.js";
import {
  CHECKOUT_VERSION_PATTERN
} from "./chunk-7EBBVXHX.js";
import {
  entryId,
  findVariant,
  isGitSpec,
  sourceKey
} from "./chunk-RLUSPE24.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";

// src/config/cpython.ts
var SANITIZER_CONFIGURE_FLAG = {
  address: "--with-address-sanitizer",
  undefined: "--with-undefined-behavior-sanitizer",
  memory: "--with-memory-sanitizer",
  thread: "--with-thread-sanitizer"
};
var SANITIZER_COMPILER_FLAG = {
  address: "-fsanitize=address",
  undefined: "-fsanitize=undefined",
  memory: "-fsanitize=memory",
  thread: "-fsanitize=thread"
};
var SANITIZER_RUNTIME = {
  address: { variable: "ASAN_OPTIONS", options: "detect_leaks=0", required: "detect_leaks=0" },
  thread: {
    variable: "TSAN_OPTIONS",
    options: "handle_segv=0",
    suppressions: (freethreading) => freethreading ? "Tools/tsan/suppressions_free_threading.txt" : "Tools/tsan/suppressions.txt"
  },
  undefined: { variable: "UBSAN_OPTIONS", options: "print_stacktrace=1:halt_on_error=1", suppressions: () => "Tools/ubsan/suppressions.txt" }
};
var SANITIZER_OPTIONS_VARIABLE = /^(ASAN|TSAN|UBSAN|MSAN|LSAN)_OPTIONS$/;
function sanitizerRuntimes(sanitizers) {
  return [...new Set(sanitizers)].sort().flatMap((s) => SANITIZER_RUNTIME[s] ?? []);
}
function sanitizerRuntimeEnv(sanitizers, declared) {
  const env = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    const given = declared[r.variable];
    env[r.variable] = given && given !== r.options ? `${r.options}:${given}` : r.options;
  }
  return env;
}
function suppressionsOption(file) {
  if (file.includes('"')) {
    throw new PydebugError(`the sanitizer suppression file ${file} cannot be named in sanitizer options: its path contains a double quote`, {
      hint: "use a store (PYDEBUG_HOME) whose path has no double quote"
    });
  }
  return /[\s:']/.test(file) ? `suppressions="${file}"` : `suppressions=${file}`;
}
function withSuppressions(value, file) {
  return value ? `${suppressionsOption(file)}:${value}` : suppressionsOption(file);
}
function sanitizerBuildEnv(sanitizers, runtimeEnv, suppressions = {}) {
  const env = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    let value = runtimeEnv[r.variable] || r.options;
    if (r.required && !value.endsWith(r.required)) value = `${value}:${r.required}`;
    const file = suppressions[r.variable];
    env[r.variable] = file ? withSuppressions(value, file) : value;
  }
  return env;
}
function sanitizerCflags(sanitizers, compiler) {
  const clang = compiler !== null && compiler !== void 0 && /^clang(-\d+)?$/.test(compiler.split("/").pop() ?? "");
  return clang && sanitizers.includes("undefined") ? ["-fno-sanitize=function"] : [];
}
var INCOMPATIBLE_SANITIZERS = [
  ["address", "memory"],
  ["address", "thread"],
  ["memory", "thread"]
];
var TYPED_CONFIGURE_OPTIONS = {
  "--with-pydebug": "pydebug: true",
  "--without-pydebug": "pydebug: false (the default)",
  "--with-trace-refs": "trace_refs: true",
  "--without-trace-refs": "trace_refs: false (the default)",
  "--with-pymalloc": "pymalloc: true (the default)",
  "--without-pymalloc": "pymalloc: false",
  "--with-valgrind": "valgrind: true",
  "--without-valgrind": "valgrind: false (the default)",
  "--with-assertions": "assertions: true",
  "--without-assertions": "assertions: false (the default)",
  "--disable-gil": "freethreading: true",
  "--enable-gil": "freethreading: false (the default)",
  "--with-address-sanitizer": "sanitizers: [address]",
  "--with-undefined-behavior-sanitizer": "sanitizers: [undefined]",
  "--with-memory-sanitizer": "sanitizers: [memory]",
  "--with-thread-sanitizer": "sanitizers: [thread]",
  "--with-tail-call-interp": "tail_call: true",
  "--without-tail-call-interp": "tail_call: false (the default)",
  "--enable-experimental-jit": "jit: true | off | interpreter",
  "--disable-experimental-jit": "jit: false (the default)",
  "--with-strict-overflow": "strict_overflow: true",
  "--without-strict-overflow": "strict_overflow: false (the default)"
};
var RESERVED_CONFIGURE_OPTIONS = {
  "--prefix": "pydebug installs into its store; use PYDEBUG_HOME to move the store",
  "--exec-prefix": "pydebug installs into its store; use PYDEBUG_HOME to move the store",
  CFLAGS: "use the variant's cflags option",
  CC: "use the variant's compiler option"
};
var SAFE_WORD = "[A-Za-z0-9_=.,+/:@%-]+";
var SAFE_WORD_PATTERN = new RegExp(`^${SAFE_WORD}$`);
var SAFE_WORDS_PATTERN = new RegExp(`^${SAFE_WORD}( ${SAFE_WORD})*$`);
function shellWouldInterpret(value, form = "word") {
  return !(form === "words" ? SAFE_WORDS_PATTERN : SAFE_WORD_PATTERN).test(value);
}
var CONFIGURE_OPTION_PATTERN = /^--[a-z][a-z0-9-]*(=.*)?$/;
var CONFIGURE_VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]*=(.*)$/;
var TEST_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/;
var JIT_TIER2 = { yes: 1, "yes-off": 3, interpreter: 4 };
var JIT_LLVM_VERSION = [
  [13, 18],
  [14, 19],
  [15, 21]
];
function jitLlvmVersion(minor) {
  let found = JIT_LLVM_VERSION[0][1];
  for (const [m, llvm] of JIT_LLVM_VERSION) if (minor >= m) found = llvm;
  return found;
}
var TAIL_CALL_MIN_CLANG = 19;
function clangMajor(text) {
  const byName = /^clang-(\d+)$/.exec(text.split("/").pop() ?? "");
  if (byName) return Number(byName[1]);
  const said = /(?<!Apple )clang version (\d+)\./.exec(text);
  return said ? Number(said[1]) : void 0;
}
function isGccName(compiler) {
  return /^(gcc|[a-z0-9_]+-linux-gnu-gcc)(-\d+)?$/.test(compiler.split("/").pop() ?? "");
}

// src/config/version.ts
function parseVersion(text) {
  const m = CHECKOUT_VERSION_PATTERN.exec(text);
  if (!m) return void 0;
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3]), pre: m[4] ? `${m[4]}${m[5]}` : "" };
}
function atLeast(version, major, minor) {
  const v = parseVersion(version);
  if (!v) return false;
  return v.major > major || v.major === major && v.minor >= minor;
}
function minorOf(version) {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}
var MIN_SUPPORTED = { major: 3, minor: 8 };

// src/lock/resolve.ts
var BUILD_RECIPE_VERSION = 2;
var ENTRY_FORMAT_VERSION = 3;
var LOCK_KEY_VERSION = 1;
function resolveConfigureArgs(v) {
  const configure = [];
  if (v.pydebug) configure.push("--with-pydebug");
  else if (v.assertions) configure.push("--with-assertions");
  if (v.traceRefs) configure.push("--with-trace-refs");
  if (!v.pymalloc) configure.push("--without-pymalloc");
  if (v.valgrind) configure.push("--with-valgrind");
  if (v.freethreading) configure.push("--disable-gil");
  if (v.tailCall) configure.push("--with-tail-call-interp");
  if (v.jit !== false) configure.push(`--enable-experimental-jit=${v.jit}`);
  if (v.strictOverflow) configure.push("--with-strict-overflow");
  for (const s of v.sanitizers) configure.push(SANITIZER_CONFIGURE_FLAG[s]);
  configure.push(...v.configureArgs);
  const cflags = [...v.optimization ? [`-${v.optimization}`] : [], ...sanitizerCflags(v.sanitizers, v.compiler), ...v.cflags];
  if (cflags.length > 0) configure.push(`CFLAGS=${cflags.join(" ")}`);
  if (v.compiler) configure.push(`CC=${v.compiler}`);
  return { configure, cflags };
}
function resolveBuildOptions(v, version) {
  const options = {};
  if (v.tailCall) options.tail_call = true;
  if (v.jit !== false) {
    options.jit = v.jit;
    const minor = Number(minorOf(version).split(".")[1]);
    if (v.jit !== "interpreter" && Number.isInteger(minor)) options.jit_llvm = jitLlvmVersion(minor);
  }
  if (v.strictOverflow) options.strict_overflow = true;
  return Object.keys(options).length > 0 ? options : void 0;
}
function resolveExpectations(v, cflags, version = "") {
  const defines = (macro) => cflags.some((f) => f === `-D${macro}` || f.startsWith(`-D${macro}=`));
  const mallocSanitizer = v.sanitizers.includes("address") || v.sanitizers.includes("memory");
  return {
    abiflags: `${v.freethreading ? "t" : ""}${v.pydebug ? "d" : ""}`,
    macros: {
      Py_DEBUG: v.pydebug,
      Py_REF_DEBUG: v.pydebug || defines("Py_REF_DEBUG"),
      Py_TRACE_REFS: v.traceRefs,
      // configure forces pymalloc off under ASan and MSan.
      WITH_PYMALLOC: v.pymalloc && !mallocSanitizer,
      WITH_VALGRIND: v.valgrind,
      Py_GIL_DISABLED: v.freethreading,
      NDEBUG: !(v.pydebug || v.assertions)
    },
    sanitizers: v.sanitizers.map((s) => SANITIZER_COMPILER_FLAG[s].replace("-fsanitize=", "")),
    ...withOptions(resolveBuildOptions(v, version))
  };
}
var withOptions = (options) => options === void 0 ? {} : { options };
function resolveRuntimeEnv(v) {
  return { ...v.env, ...sanitizerRuntimeEnv(v.sanitizers, v.env) };
}
function resolveBuild(version, v, source) {
  const { configure, cflags } = resolveConfigureArgs(v);
  const expect = resolveExpectations(v, cflags, source && isGitSource(source) ? source.version : version);
  return {
    version,
    variant: v.name,
    configure,
    cflags,
    compiler: v.compiler ?? null,
    env: resolveRuntimeEnv(v),
    test: v.test,
    slim: v.slim,
    expect: source && isGitSource(source) ? { ...expect, commit: source.commit } : expect
  };
}
function lockKeyFor(build, source) {
  const digest = sha256Hex(
    canonicalJson({
      lock: LOCK_KEY_VERSION,
      recipe: BUILD_RECIPE_VERSION,
      // A release by its tarball's SHA-256 (the keys of existing locks stay as they are), a git source by its commit.
      source: isGitSource(source) ? `git ${source.commit}` : source.sha256,
      configure: build.configure,
      compiler: build.compiler,
      slim: build.slim
    })
  );
  return `${entryId(build.version, build.variant)}-${digest.slice(0, 16)}`;
}
function entryKeyFor(lockKey, machine) {
  return `pydebug-${lockKey}-${machineKeyFor(machine)}`;
}
function machineKeyFor(machine) {
  return `${machine.os}-${machine.arch}-${sha256Hex(`${machine.toolchain}
entry format ${ENTRY_FORMAT_VERSION}`).slice(0, 8)}`;
}
function machineKeyOf(entryKey, lockKey) {
  const prefix = `pydebug-${lockKey}-`;
  if (!entryKey.startsWith(prefix)) return void 0;
  const machine = entryKey.slice(prefix.length);
  return MACHINE_KEY_PATTERN.test(machine) ? machine : void 0;
}
function recordedPins(lock) {
  const pins = {};
  for (const build of Object.values(lock.builds)) if (build.artifacts && Object.keys(build.artifacts).length > 0) pins[build.cache_key] = build.artifacts;
  return pins;
}
function lockedSourceFor(spec, facts) {
  if (isGitSpec(spec)) {
    const pinned = facts;
    return { git: spec.git, ref: spec.ref, commit: pinned.commit, version: pinned.version };
  }
  const tarball = facts;
  const locked = { version: spec.version, url: spec.url, file: spec.file, sha256: tarball.sha256, md5: tarball.md5, size: tarball.size };
  if (!tarball.sigstore) return locked;
  const { identity, issuer, trustedRoot } = tarball.sigstore;
  return { ...locked, sigstore: trustedRoot ? { identity, issuer, trustedRoot } : { identity, issuer } };
}
function assembleLock(project, sources, pins = {}) {
  const lockedSources = {};
  for (const s of project.sources) {
    const key = sourceKey(s);
    const locked = sources[key];
    if (!locked) throw new Error(`internal: source ${key} was not resolved`);
    lockedSources[key] = locked;
  }
  const builds = {};
  for (const entry of project.matrix) {
    const source = lockedSources[entry.version];
    const resolved = resolveBuild(entry.version, findVariant(project, entry.variant), source);
    const cacheKey = lockKeyFor(resolved, source);
    const artifacts = pins[cacheKey];
    builds[entry.id] = artifacts && Object.keys(artifacts).length > 0 ? { ...resolved, cache_key: cacheKey, artifacts: sortedPins(artifacts) } : { ...resolved, cache_key: cacheKey };
  }
  const needsVersion2 = Object.values(builds).some((b) => b.artifacts || b.expect.options);
  return { lock_version: needsVersion2 ? LOCK_VERSION : UNPINNED_LOCK_VERSION, sources: lockedSources, builds };
}
function sortedPins(artifacts) {
  return Object.fromEntries(
    Object.keys(artifacts).sort().map((k) => [k, artifacts[k]])
  );
}

export {
  SANITIZER_CONFIGURE_FLAG,
  SANITIZER_OPTIONS_VARIABLE,
  sanitizerRuntimes,
  withSuppressions,
  sanitizerBuildEnv,
  INCOMPATIBLE_SANITIZERS,
  TYPED_CONFIGURE_OPTIONS,
  RESERVED_CONFIGURE_OPTIONS,
  shellWouldInterpret,
  CONFIGURE_OPTION_PATTERN,
  CONFIGURE_VARIABLE_PATTERN,
  TEST_NAME_PATTERN,
  JIT_TIER2,
  TAIL_CALL_MIN_CLANG,
  clangMajor,
  isGccName,
  atLeast,
  minorOf,
  MIN_SUPPORTED,
  ENTRY_FORMAT_VERSION,
  resolveBuild,
  lockKeyFor,
  entryKeyFor,
  machineKeyOf,
  recordedPins,
  lockedSourceFor,
  assembleLock
};
