import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  array,
  number,
  object,
  string
} from "./chunk-QL4V2YBX.js";
import {
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/files/fs-error.ts
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
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
  const inStore = storeRoot !== void 0 && isWithin(storeRoot, error.path);
  const hint = inStore ? `PYDEBUG_HOME (${storeRoot}) must be a directory pydebug can write: ${problem.hint}` : problem.hint;
  return new PydebugError(`cannot ${action} ${target}: ${problem.says}`, { hint, cause: error });
}
function isWithin(root, path) {
  const rel = relative(root, path);
  return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
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
    if (!isWithin(mount, path)) continue;
    if (best === void 0 || mount.length > best.length) best = mount;
  }
  return best;
}
function mountPointOf(path) {
  try {
    return longestMountPoint(readFileSync("/proc/self/mountinfo", "utf8"), resolve(path));
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

// src/store/contained.ts
import { lstat as lstat2, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute as isAbsolute2, join as join2, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";

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
function isWithin2(root, path) {
  const rel = relative2(resolve2(root), resolve2(path));
  return rel === "" || !rel.startsWith(`..${sep2}`) && rel !== ".." && !isAbsolute2(rel);
}
function isStrictlyInside(root, path) {
  return isWithin2(root, path) && resolve2(root) !== resolve2(path);
}
async function linkOnTheWay(root, path) {
  const parts = relative2(root, dirname(path)).split(sep2).filter((p) => p !== "");
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
  const abs = resolve2(path);
  const top = resolve2(root);
  if (!isStrictlyInside(top, abs)) throw new OutsideError(abs, top, what);
  const link2 = await linkOnTheWay(top, abs);
  if (link2) throw new OutsideError(abs, top, `${what} (never through a symlink: ${link2} is one)`);
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
import { closeSync, constants, fstatSync, openSync } from "node:fs";
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
    const start2 = Math.max(0, stats.size - bytes);
    const buffer = Buffer.alloc(Math.min(bytes, stats.size));
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      ({ bytesRead: n } = await handle.read(buffer, length, buffer.length - length, start2 + length));
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
function trySetPriority(pid2, niceness) {
  const nice = Math.min(19, niceness);
  try {
    setPriority(pid2, nice);
  } catch {
  }
  if (!isMac) {
    try {
      writeFileSync(`/proc/${pid2}/autogroup`, String(nice));
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

// src/store/mutex.ts
import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { constants as constants2 } from "node:fs";
import { link, mkdir, open as open2, readFile, readlink, realpath, rename as rename2, rm as rm2, utimes, writeFile } from "node:fs/promises";
import { basename, dirname as dirname2, isAbsolute as isAbsolute3, relative as relative3, resolve as resolve3, sep as sep3 } from "node:path";

// src/platform/step-cpu.ts
var STEP_SHELL = "/bin/sh";
var STEP_SCRIPT = 'case $0 in */*) [ -f "$0" ] && [ -x "$0" ] ;; *) command -v -- "$0" >/dev/null 2>&1 ;; esac || { echo cannot-run >&3; exit 127; }; "$0" "$@" 3>&-; s=$?; times >&3; if [ $s -gt 128 ] && [ $s -lt 192 ]; then ulimit -c 0 2>/dev/null; kill -$((s - 128)) $$ 2>/dev/null; fi; exit $s';
function stepCommand(command, args) {
  return { command: STEP_SHELL, args: ["-c", STEP_SCRIPT, command, ...args] };
}
function unwrapStep(argv) {
  return argv.length >= 4 && argv[0] === STEP_SHELL && argv[1] === "-c" && argv[2] === STEP_SCRIPT ? argv.slice(3) : argv;
}
function parseStepReport(text) {
  if (/^cannot-run$/m.test(text)) return { cannotRun: true };
  const times = [...text.matchAll(/(\d+)m\s*(\d+(?:[.,]\d*)?)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2].replace(",", ".")));
  if (times.length !== 4 || times.some((t) => !Number.isFinite(t))) return { unknown: true };
  const [selfUser, selfSys, childUser, childSys] = times;
  const round = (n) => Math.round(n * 1e3) / 1e3;
  return { cpu: { user: round(selfUser + childUser), sys: round(selfSys + childSys) } };
}
function describeCpu(cpu) {
  return `${cpu.user.toFixed(1)} s user, ${cpu.sys.toFixed(1)} s sys`;
}

// src/store/mutex.ts
var STALE_MS = 3e4;
var POLL_MS = 150;
var heartbeatFor = (staleMs) => Math.max(50, Math.floor(staleMs / 6));
var pid = number().int().min(2);
var start = number().int().nonnegative();
var boot = string().min(1).max(100);
var processIdentity = object({ pid, start: start.optional(), boot: boot.optional() });
var mutexOwner = object({
  ...processIdentity.shape,
  host: string(),
  since: string(),
  purpose: string(),
  /** Process groups the owner started, each identified by its leader (stopped if the owner dies and leaves them running). */
  children: array(processIdentity).max(100).optional(),
  /** Directories the owner is writing (removed if the owner dies). */
  paths: array(string().refine((p) => isAbsolute3(p) && !/[\u0000-\u001f]/.test(p), "an absolute path")).max(100).optional()
});
function parseOwner(raw) {
  try {
    const parsed = mutexOwner.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : void 0;
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
var bootIdOnce;
var currentBootId = () => bootIdOnce ??= readFile("/proc/sys/kernel/random/boot_id", "utf8").then(
  (s) => s.trim(),
  () => void 0
);
async function readProc(pid2) {
  const boot2 = await currentBootId();
  if (boot2 === void 0) return void 0;
  let stat;
  try {
    stat = await readFile(`/proc/${pid2}/stat`, "utf8");
  } catch {
    return isAlive(pid2) ? void 0 : "gone";
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [state, , pgid] = fields;
  if (state === "Z" || state === "X") return "gone";
  const argv = await readFile(`/proc/${pid2}/cmdline`, "utf8").then(
    (s) => s.replace(/\0$/, "").split("\0"),
    () => []
  );
  const cwd = await readlink(`/proc/${pid2}/cwd`).catch(() => void 0);
  return { start: Number(fields[19]), boot: boot2, pgid: Number(pgid), argv, cwd };
}
async function identify(pid2) {
  const facts = await readProc(pid2);
  if (facts === "gone") return void 0;
  return facts ? { pid: pid2, start: facts.start, boot: facts.boot } : { pid: pid2 };
}
async function stillRuns(id) {
  if (id.start === void 0 || id.boot === void 0) return void 0;
  const facts = await readProc(id.pid);
  if (facts === void 0) return void 0;
  return facts !== "gone" && facts.boot === id.boot && facts.start === id.start;
}
function isAlive(pid2) {
  try {
    process.kill(pid2, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
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
  await mkdir(dirname2(path), { recursive: true });
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
      await writeFile(path, JSON.stringify(current), { flag: constants2.O_WRONLY | constants2.O_TRUNC | constants2.O_NOFOLLOW });
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
async function cleanUpAfter(owner, scope) {
  const parsed = mutexOwner.safeParse(owner);
  if (!parsed.success) {
    scope.warn("its mutex file did not say who held it; nothing it may have left was stopped or removed");
    return;
  }
  const o = parsed.data;
  if (o.host !== hostname()) return;
  const stopped = [];
  for (const child of o.children ?? []) {
    const verdict = await buildStepVerdict(child, scope.sourcesDir);
    if (verdict === "ours") {
      killGroup(child.pid);
      stopped.push(child.pid);
    } else if (verdict !== "gone") {
      scope.warn(`not stopping process group ${child.pid} named in its mutex file: ${verdict}`);
    }
  }
  for (let i = 0; i < 50 && stopped.some((g) => groupAlive(g)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const path of o.paths ?? []) await removeLeftover(path, scope);
}
async function buildStepVerdict(child, sourcesDir) {
  if (child.start === void 0 || child.boot === void 0) return "the mutex file does not record its start time";
  const facts = await readProc(child.pid);
  if (facts === void 0) return "it cannot be checked to be a build step of this store (no readable /proc)";
  if (facts === "gone") return "gone";
  if (facts.boot !== child.boot || facts.start !== child.start) return "that pid now belongs to another process (its start time differs)";
  if (facts.pgid !== child.pid) return "it does not lead a process group";
  const realSources = await realpath(sourcesDir).catch(() => void 0);
  if (facts.cwd === void 0 || realSources === void 0 || !isBuildDir(realSources, facts.cwd)) {
    return `it does not run in a build directory under ${sourcesDir} (it runs in ${facts.cwd ?? "a directory that cannot be read"})`;
  }
  if (!await isBuildCommand(facts.argv, facts.cwd)) return `its command (${facts.argv.join(" ").slice(0, 200)}) is not configure, make or the build's python`;
  return "ours";
}
function isBuildDir(sourcesDir, path) {
  const parts = relative3(sourcesDir, resolve3(path)).split(sep3);
  return parts.length === 2 && parts[0] !== ".." && parts[0] !== "" && !isAbsolute3(parts[0]) && parts[1].startsWith("build-");
}
async function isBuildCommand(argv, cwd) {
  const [program = "", ...args] = unwrapStep(argv);
  const is = async (path, dir, name) => path !== void 0 && basename(path) === name && await realpath(dirname2(resolve3(cwd, path))).catch(() => "") === dir;
  if (basename(program) === MAKE) return true;
  if (await is(program, cwd, BUILD_DIR_PYTHON)) return true;
  const script = SHELLS.has(basename(program)) ? args.find((a) => !a.startsWith("-")) : program;
  return is(script, dirname2(cwd), "configure");
}
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "dash", "ksh", "zsh"]);
async function removeLeftover(path, scope) {
  const root = isStrictlyInside(scope.tmpDir, path) ? scope.tmpDir : isBuildDir(scope.sourcesDir, path) ? scope.sourcesDir : void 0;
  if (root === void 0) {
    scope.warn(`not removing ${path} named in its mutex file: only staging directories in ${scope.tmpDir} and build directories in ${scope.sourcesDir} are`);
    return;
  }
  try {
    await removeInside(root, path, "a directory named in a mutex file");
  } catch (e) {
    if (!(e instanceof OutsideError)) throw e;
    scope.warn(`not removing ${path} named in its mutex file: ${e.message}`);
  }
}
function killGroup(pgid) {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
  }
}
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

export {
  isFileSystemError,
  fileSystemError,
  isDiskFull,
  mountPointOf,
  diskFullError,
  kindOf,
  openRegularFile,
  openRegularFileSync,
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
  findLlvmTool,
  compilerHasHeader,
  llvmSymbolizer,
  readMmapRndBits,
  tsanKernelProblem,
  stepCommand,
  parseStepReport,
  describeCpu,
  isAlive,
  acquireMutex,
  withMutex,
  cleanUpAfter
};
