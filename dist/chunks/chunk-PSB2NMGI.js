import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  readTextFile
} from "./chunk-UJBZKF62.js";

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
import { statSync } from "node:fs";
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
  report.excludeNetwork = true;
  const header = report.getReport().header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : osPlatform2();
}
function probeToolchain(compiler, env, facts) {
  let pending = toolchainCache.get(compiler);
  if (!pending) {
    pending = (async () => {
      let said = await facts?.get(compiler);
      if (!said) {
        said = await askCompiler(compiler, env);
        await facts?.put(compiler, said);
      }
      const machine = {
        os: osPlatform2(),
        arch: osArch(),
        toolchain: `${compiler}
${said.version}
${said.target}
${libcIdentity()}`
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

export {
  withoutRunnerSecrets,
  buildEnvironment,
  defaultCompiler,
  probeToolchain,
  findLlvmTool,
  compilerHasHeader,
  llvmSymbolizer,
  MAKE,
  interpreterCandidates,
  BUILD_DIR_PYTHON,
  buildDependencyHint,
  valgrindHint,
  readMmapRndBits,
  tsanKernelProblem,
  cpuCount,
  trySetPriority
};
