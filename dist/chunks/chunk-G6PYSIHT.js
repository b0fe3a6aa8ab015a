import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  CHECKOUT_VERSION_PATTERN
} from "./chunk-7EBBVXHX.js";
import {
  defaultTarballUrl,
  urlFileName
} from "./chunk-Y75KHDUJ.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";

// src/config/sigstore-identities.ts
var GOOGLE = "https://accounts.google.com";
var GITHUB = "https://github.com/login/oauth";
var RELEASE_MANAGERS = {
  "3.10": { identity: "pablogsal@python.org", issuer: GOOGLE },
  "3.11": { identity: "pablogsal@python.org", issuer: GOOGLE },
  "3.12": { identity: "thomas@python.org", issuer: GOOGLE },
  "3.13": { identity: "thomas@python.org", issuer: GOOGLE },
  "3.14": { identity: "hugo@python.org", issuer: GITHUB },
  "3.15": { identity: "hugo@python.org", issuer: GITHUB }
};
function releaseManagerIdentity(version) {
  const line = /^(\d+\.\d+)\./.exec(version)?.[1];
  return line === void 0 ? void 0 : RELEASE_MANAGERS[line];
}

// src/config/project.ts
function isGitSpec(s) {
  return "git" in s;
}
function sourceKey(s) {
  return isGitSpec(s) ? s.name : s.version;
}
function splitFlags(flags) {
  if (flags === void 0) return [];
  const list = typeof flags === "string" ? [flags] : flags;
  return list.flatMap((f) => f.split(/[ \t]+/)).filter((f) => f.length > 0);
}
function entryId(version, variant) {
  return `${version}-${variant}`;
}
function normalizeSource(s) {
  return "git" in s ? { name: s.name ?? s.ref, git: s.git, ref: s.ref } : normalizeRelease(s);
}
function normalizeRelease(s) {
  const url = s.url ?? defaultTarballUrl(s.version);
  return {
    version: s.version,
    md5: s.md5?.toLowerCase(),
    sha256: s.sha256?.toLowerCase(),
    url,
    // A malformed escape gives no name; checkConfig reports it before anything uses the file.
    file: urlFileName(url) ?? "",
    sigstore: s.sigstore === false ? false : s.sigstore ? { identity: s.sigstore.identity, issuer: s.sigstore.issuer } : releaseManagerIdentity(s.version)
  };
}
function normalizeVariant(name, v) {
  return {
    name,
    pydebug: v.pydebug ?? false,
    traceRefs: v.trace_refs ?? false,
    pymalloc: v.pymalloc ?? true,
    pymallocExplicit: v.pymalloc !== void 0,
    valgrind: v.valgrind ?? false,
    assertions: v.assertions ?? false,
    sanitizers: [...new Set(v.sanitizers ?? [])].sort(),
    freethreading: v.freethreading ?? false,
    tailCall: v.tail_call ?? false,
    jit: v.jit === true ? "yes" : v.jit === "off" ? "yes-off" : v.jit === "interpreter" ? "interpreter" : false,
    strictOverflow: v.strict_overflow ?? false,
    optimization: v.optimization,
    compiler: v.compiler,
    cflags: splitFlags(v.cflags),
    configureArgs: [...v.configure_args ?? []],
    env: { ...v.env ?? {} },
    test: v.test ?? false,
    slim: v.slim ?? true
  };
}
function expandMatrix(config) {
  const excluded = config.exclude ?? [];
  const entries = [];
  for (const source of config.python.map(normalizeSource)) {
    const key = sourceKey(source);
    for (const variant of Object.keys(config.variants)) {
      const hit = excluded.some((e) => (e.version === void 0 || e.version === key) && (e.variant === void 0 || e.variant === variant));
      if (!hit) entries.push({ id: entryId(key, variant), version: key, variant });
    }
  }
  return entries;
}
function toProject(config) {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror,
    registry: config.registry
  };
}
function findVariant(project, name) {
  const v = project.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}

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

export {
  RELEASE_MANAGERS,
  releaseManagerIdentity,
  isGitSpec,
  sourceKey,
  entryId,
  normalizeSource,
  normalizeVariant,
  expandMatrix,
  toProject,
  findVariant,
  SANITIZER_CONFIGURE_FLAG,
  SANITIZER_COMPILER_FLAG,
  SANITIZER_OPTIONS_VARIABLE,
  sanitizerRuntimes,
  sanitizerRuntimeEnv,
  withSuppressions,
  sanitizerBuildEnv,
  sanitizerCflags,
  INCOMPATIBLE_SANITIZERS,
  TYPED_CONFIGURE_OPTIONS,
  RESERVED_CONFIGURE_OPTIONS,
  shellWouldInterpret,
  CONFIGURE_OPTION_PATTERN,
  CONFIGURE_VARIABLE_PATTERN,
  TEST_NAME_PATTERN,
  JIT_TIER2,
  jitLlvmVersion,
  TAIL_CALL_MIN_CLANG,
  clangMajor,
  isGccName,
  atLeast,
  minorOf,
  MIN_SUPPORTED
};
