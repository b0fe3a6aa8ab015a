import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  PydebugError,
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/store/contained.ts
import { lstat as lstat2, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute, join as join2, relative, resolve, sep } from "node:path";

// src/store/read-only.ts
import { chmod, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
var WRITE_BITS = 146;
async function makeTreeReadOnly(dir, options = {}) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() || e.isDirectory()) await makeReadOnly(join(e.parentPath, e.name));
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
    if (e.isDirectory()) await makeFoldersWritable(join(dir, e.name));
  }
}

// src/store/contained.ts
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
  const parts = relative(root, dirname(path)).split(sep).filter((p) => p !== "");
  let at = root;
  for (const part of parts) {
    at = join2(at, part);
    const st = await lstat2(at).catch((e) => {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return void 0;
      throw e;
    });
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
  const link = await linkOnTheWay(top, abs);
  if (link) throw new OutsideError(abs, top, `${what} (never through a symlink: ${link} is one)`);
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

// src/platform/index.ts
import { statSync, writeFileSync } from "node:fs";
import { availableParallelism, arch as osArch, platform as osPlatform, setPriority } from "node:os";

// src/files/read-text.ts
import { constants } from "node:fs";
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
function refusal(path, display, st) {
  if (st.isDirectory()) return Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
  if (!st.isFile()) return new NotRegularFileError(display, kindOf(st));
  return void 0;
}
async function readBounded(path, limit) {
  const { handle, stats } = await openToRead(path);
  try {
    if (!stats.isFile()) return { problem: "not a file", kind: stats.isDirectory() ? "a directory" : kindOf(stats), stats };
    if (stats.size > limit) return { problem: "too large", kind: "a file", stats };
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      ({ bytesRead: n } = await handle.read(buffer, length, buffer.length - length, null));
    }
    return length > limit ? { problem: "too large", kind: "a file", stats } : { data: buffer.subarray(0, length), stats };
  } finally {
    await handle.close();
  }
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
    const buffer = Buffer.alloc(Math.min(bytes, stats.size));
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      ({ bytesRead: n } = await handle.read(buffer, length, buffer.length - length, start + length));
    }
    return buffer.toString("utf8", 0, length);
  } finally {
    await handle.close();
  }
}

// src/platform/index.ts
var isMac = osPlatform() === "darwin";
function cpuCount() {
  return Math.max(1, availableParallelism());
}
function defaultCompiler(env) {
  return env.CC?.trim() || (isMac ? "clang" : "gcc");
}
var MAKE = "make";
function buildDependencyHint() {
  return isMac ? "install the build dependencies: xcode-select --install; brew install pkg-config openssl@3 xz gdbm tcl-tk" : "install the build dependencies: apt-get install build-essential pkg-config libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev libncurses-dev uuid-dev libgdbm-dev tk-dev";
}
function valgrindHint() {
  return isMac ? "Valgrind does not run on current macOS; drop valgrind: true for this platform" : "install Valgrind (apt-get install valgrind), which provides valgrind/valgrind.h";
}
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
function interpreterCandidates(version, abiflags) {
  const [major, minor] = version.split(".");
  const t = abiflags.includes("t") ? "t" : "";
  return [`python${major}${t}`, `python${major}.${minor}${t}`, `python${major}`, `python${major}.${minor}`];
}
var BUILD_DIR_PYTHON = isMac ? "python.exe" : "python";
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
  if (!report?.getReport) return osPlatform();
  report.excludeNetwork = true;
  const header = report.getReport().header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : osPlatform();
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
        os: osPlatform(),
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

export {
  kindOf,
  openRegularFile,
  readBounded,
  readTextFile,
  readTextTail,
  makeTreeReadOnly,
  makeReadOnly,
  OutsideError,
  isStrictlyInside,
  assertInside,
  removeInside,
  renameInside,
  cpuCount,
  defaultCompiler,
  MAKE,
  buildDependencyHint,
  valgrindHint,
  withoutRunnerSecrets,
  buildEnvironment,
  trySetPriority,
  interpreterCandidates,
  BUILD_DIR_PYTHON,
  probeToolchain,
  compilerHasHeader,
  llvmSymbolizer,
  readMmapRndBits,
  tsanKernelProblem
};
