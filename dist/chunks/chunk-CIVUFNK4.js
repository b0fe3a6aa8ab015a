import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
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

export {
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
  isGccName
};
