import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  existsNoFollow,
  tempName,
  tempNamePid
} from "./chunk-CEFFNG3H.js";
import {
  ENTRY_FORMAT_VERSION
} from "./chunk-CMRS4EB4.js";
import {
  STORE_MARK
} from "./chunk-3JWHIXLM.js";
import {
  SANITIZER_OPTIONS_VARIABLE
} from "./chunk-CIVUFNK4.js";
import {
  MACRO_NAMES
} from "./chunk-G6Z3WR3T.js";
import {
  OutsideError,
  assertInside,
  diskFullError,
  isAlive,
  isDiskFull,
  isStrictlyInside,
  makeReadOnly,
  makeTreeReadOnly,
  openRegularFile,
  openRegularFileSync,
  readBounded,
  readTextFile,
  removeInside,
  renameInside
} from "./chunk-UJBZKF62.js";
import {
  segmentProblem
} from "./chunk-HEHMV332.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";

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

// src/store/store.ts
import { constants } from "node:fs";
import { access, lstat as lstat3, mkdir as mkdir3, readdir as readdir2, realpath, rm as rm4, stat, statfs, writeFile as writeFile5 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/store/compiler-facts.ts
import { createHash } from "node:crypto";
import { realpathSync, statSync as statSync2 } from "node:fs";
import { lstat, rm, writeFile } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";
var RECORD_LIMIT = 16 * 1024;
var RECORD_VERSION = 2;
function resolveProgram(command, path, cwd) {
  const candidates = command.includes("/") ? [resolve(cwd, command)] : (path ?? "").split(delimiter).flatMap((d) => d && isAbsolute(d) ? [join(d, command)] : []);
  for (const c of candidates) {
    const st = statSync2(c, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 73) !== 0) return c;
  }
  return void 0;
}
function compilerRecordName(command, path, cwd, libc = libcFile()) {
  const found = resolveProgram(command, path, cwd);
  if (found === void 0) return void 0;
  try {
    const real = realpathSync(found);
    const st = statSync2(real, { bigint: true });
    const identity = [RECORD_VERSION, command, path ?? "", found, real, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, libc ?? "no C library file"].join("\0");
    return `compiler-${createHash("sha256").update(identity).digest("hex").slice(0, 32)}.json`;
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
    const read = await readBounded(join(dir, name), RECORD_LIMIT);
    if (!("data" in read)) return void 0;
    const parsed = JSON.parse(read.data.toString("utf8"));
    if (!isFacts(parsed)) return void 0;
    return { version: parsed.version, target: parsed.target, ...parsed.libc === void 0 ? {} : { libc: parsed.libc } };
  } catch {
    return void 0;
  }
}
async function writeCompilerFacts(dir, name, facts) {
  const temp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    if (!(await lstat(dir)).isDirectory()) return;
    await writeFile(temp, `${JSON.stringify(facts)}
`, { flag: "wx" });
    await renameInside(dir, temp, join(dir, name), "a compiler record");
  } catch {
    await rm(temp, { force: true }).catch(() => void 0);
  }
}

// src/store/entry-hashes.ts
import { createHash as createHash2 } from "node:crypto";
import { closeSync, lstatSync, readdirSync, readSync } from "node:fs";
import { lstat as lstat2, mkdir, readdir, readlink, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { basename, dirname, join as join2, posix, relative, sep } from "node:path";
function sha256Of(data) {
  return createHash2("sha256").update(data).digest("hex");
}
var CHUNK = 1 << 20;
var SYNC_READ_LIMIT = 4 * CHUNK;
var FILES_PER_TURN = 64;
var filesSinceTurn = 0;
var buffer = Buffer.allocUnsafe(CHUNK);
async function hashFile(path) {
  const opened = openRegularFileSync(path);
  if (opened.stats.size <= SYNC_READ_LIMIT) {
    const hash = createHash2("sha256");
    let bytes = 0;
    try {
      for (let n = -1; n !== 0; bytes += n) {
        n = readSync(opened.fd, buffer, 0, buffer.length, null);
        hash.update(buffer.subarray(0, n));
      }
    } finally {
      closeSync(opened.fd);
    }
    if (++filesSinceTurn >= FILES_PER_TURN) {
      filesSinceTurn = 0;
      await new Promise((resolve2) => setImmediate(resolve2));
    }
    return { sha256: hash.digest("hex"), bytes };
  }
  closeSync(opened.fd);
  const { handle, stats: st } = await openRegularFile(path);
  try {
    const hash = createHash2("sha256");
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
  const target = await readlink(path, { encoding: "buffer" });
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
  return relative(root, path).split(sep).join("/");
}
async function hashTree(root, exclude) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join2(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (e.isFile()) todo.push({ rel, kind: "f" });
    else if (e.isSymbolicLink()) todo.push({ rel, kind: "l" });
    else others.push(rel);
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join2(root, rel), kind));
  const files = new Map(todo.map(({ rel }, i) => [rel, records[i]]));
  return { files, others: others.sort() };
}
async function hashTreeStamped(root, exclude, expected, stampFile) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const fresh = {};
  const files = /* @__PURE__ */ new Map();
  const stats = /* @__PURE__ */ new Map();
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join2(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (!e.isFile() && !e.isSymbolicLink()) {
      others.push(rel);
      continue;
    }
    const kind = e.isFile() ? "f" : "l";
    const st = lstatSync(join2(root, rel), { bigint: true });
    stats.set(rel, st);
    const record2 = expected.get(rel);
    if (kind === "f" && st.isFile() && record2?.kind === "f" && sameStamp(stamps[rel], stampOf(st, record2.sha256))) {
      files.set(rel, record2);
      fresh[rel] = stamps[rel];
    } else {
      todo.push({ rel, kind, st });
    }
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join2(root, rel), kind));
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
  const base = root.endsWith(sep) ? root : root + sep;
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = e.parentPath === root ? base + e.name : `${e.parentPath}${sep}${e.name}`;
    const rel = sep === "/" ? path.slice(base.length) : path.slice(base.length).split(sep).join("/");
    if (exclude.includes(rel)) continue;
    seen.add(rel);
    const record2 = expected.get(rel);
    const kind = e.isFile() ? "f" : e.isSymbolicLink() ? "l" : void 0;
    if (!record2) problems.push(`${rel} is not part of the build${kind ? "" : " (and not a regular file)"}`);
    else if (kind === void 0) problems.push(`${rel} is not a regular file`);
    else if (kind !== record2.kind) problems.push(kindDifference(rel, record2.kind, kind));
    else {
      const st = lstatSync(path, { throwIfNoEntry: false });
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
      const actual = await hashEntryFile(join2(root, rel), "f").catch(() => void 0);
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
function stampOf(st, sha2562) {
  return { sha256: sha2562, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime_ns: String(st.mtimeNs), ctime_ns: String(st.ctimeNs) };
}
function looksStamped(stamp, st, sha2562) {
  const near = (ns, ms) => Math.abs(Number(ns) / 1e6 - ms) < 1e-3;
  return stamp.sha256 === sha2562 && stamp.ino === String(st.ino) && stamp.dev === String(st.dev) && near(stamp.mtime_ns, st.mtimeMs) && near(stamp.ctime_ns, st.ctimeMs);
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
  const dir = dirname(file);
  const temp = join2(dir, `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile2(temp, `${JSON.stringify(stamps)}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "a verification stamp");
  } catch {
    await rm2(temp, { force: true }).catch(() => void 0);
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
    const path = join2(entryDir, rel);
    let st;
    try {
      st = await lstat2(path, { bigint: true });
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
    const target = await readlink(join2(prefix, rel));
    const next = posix.normalize(posix.join(posix.dirname(rel), target));
    if (posix.isAbsolute(target) || next === ".." || next.startsWith("../") || hops >= 8) throw new Error(`the interpreter link ${rel} -> ${target} does not lead to a file inside the entry`);
    rel = next;
  }
}

// src/store/entry-seal.ts
import { createHash as createHash3 } from "node:crypto";
import { lstatSync as lstatSync2, readdirSync as readdirSync2 } from "node:fs";
import { mkdir as mkdir2, rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
import { basename as basename2, dirname as dirname2, join as join3 } from "node:path";
var SEAL_VERSION = 2;
function statListing(root, options = {}) {
  const names = [];
  let fields = new Float64Array(6 * 1024);
  let used = 0;
  const stats = options.keepStats ? /* @__PURE__ */ new Map() : void 0;
  let files = 0;
  let newest = 0;
  const walk = (dir, prefix) => {
    const entries = readdirSync2(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries) {
      const rel = prefix + e.name;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        names.push(`${rel}/`);
        walk(path, `${rel}/`);
        continue;
      }
      const st = lstatSync2(path);
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
  const digest = createHash3("sha256").update(names.join("\0")).update(new Uint8Array(fields.buffer, 0, used * 8)).digest("hex");
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
  const dir = dirname2(file);
  const temp = join3(dir, `.${basename2(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir2(dir, { recursive: true });
    await writeFile3(temp, `${JSON.stringify({ digest: listing.digest, files: listing.files })}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "an entry seal");
  } catch {
    await rm3(temp, { force: true }).catch(() => void 0);
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
import { writeFile as writeFile4 } from "node:fs/promises";
import { isAbsolute as isAbsolute2, join as join4 } from "node:path";
var MANIFEST_VERSION = ENTRY_FORMAT_VERSION;
var ENTRY_META_DIR = join4("share", "pydebug");
var MANIFEST_FILE = "share/pydebug/manifest.json";
var FILE_LIST_FILE = "share/pydebug/files.sha256";
var MANIFEST_LIMIT = 1024 * 1024;
var FAIL = /* @__PURE__ */ Symbol("not of the schema");
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var when = (test) => (v) => test(v) ? v : FAIL;
var str = when((v) => typeof v === "string");
var num = when((v) => typeof v === "number" && Number.isFinite(v));
var bool = when((v) => typeof v === "boolean");
var count = when((v) => Number.isSafeInteger(v) && v >= 0);
var sha256 = when((v) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v));
var oneOf = (...values) => when((v) => typeof v === "string" && values.includes(v));
var array = (item) => (v) => {
  if (!Array.isArray(v)) return FAIL;
  const out = v.map(item);
  return out.includes(FAIL) ? FAIL : out;
};
var record = (value, key = () => true) => (v) => {
  if (!isObject(v)) return FAIL;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    const checked = value(x);
    if (!key(k) || checked === FAIL) return FAIL;
    Object.defineProperty(out, k, { value: checked, enumerable: true, writable: true, configurable: true });
  }
  return out;
};
var object = (shape, optional = []) => (v) => {
  if (!isObject(v)) return FAIL;
  const out = {};
  for (const [k, check] of Object.entries(shape)) {
    if (optional.includes(k) && v[k] === void 0) continue;
    const checked = check(v[k]);
    if (checked === FAIL) return FAIL;
    out[k] = checked;
  }
  return out;
};
var macros = object(Object.fromEntries(MACRO_NAMES.map((m) => [m, bool])));
var content = object({ sha256, bytes: count });
var relocation = object({
  built_prefix: str,
  built_list_sha256: sha256,
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
    contents: object({ list: str, list_sha256: sha256, core: record(object({ sha256, bytes: count, kind: oneOf("f", "l") })) }),
    relocation
  },
  ["cpu", "slim", "relocation"]
);
function manifestOf(v) {
  const checked = isManifest(v);
  return checked === FAIL ? void 0 : checked;
}
async function readManifest(entryDir) {
  let read;
  try {
    read = await readBounded(join4(entryDir, MANIFEST_FILE), MANIFEST_LIMIT);
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
  const parsed = (await import("./manifest-schema-5SRI3PKM.js")).ManifestSchema.safeParse(json);
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
    if (isAbsolute2(path) || !isStrictlyInside(entryDir, join4(entryDir, path))) return problem;
    try {
      await assertInside(entryDir, join4(entryDir, path), field);
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
  await writeFile4(join4(prefix, FILE_LIST_FILE), list);
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
  if (problem) throw new OutsideError(join5(dir, name), dir, `${what} (${JSON.stringify(name.slice(0, 80))}: ${problem})`);
  return join5(dir, name);
}
var Store = class {
  constructor(root) {
    this.root = root;
  }
  root;
  get entriesDir() {
    return join5(this.root, "entries");
  }
  /** store/ in the root: an older pydebug's entries (OLDER_ENTRIES_DIR). */
  get olderEntriesDir() {
    return join5(this.root, OLDER_ENTRIES_DIR);
  }
  /**
   * The names of the entries an older pydebug left in store/ (not its hidden temporary names),
   * sorted; none when there is no such folder or it is not a directory (nothing is followed).
   */
  async olderEntries() {
    const st = await lstat3(this.olderEntriesDir).catch(() => void 0);
    if (!st?.isDirectory()) return [];
    return (await readdir2(this.olderEntriesDir).catch(() => [])).filter((n) => !n.startsWith(".")).sort();
  }
  get tmpDir() {
    return join5(this.root, "tmp");
  }
  get sourcesDir() {
    return join5(this.root, "sources");
  }
  get logsDir() {
    return join5(this.root, "logs");
  }
  /** Cross-process mutexes (mutex.ts), in locks/: pydebugs of every version sharing a store meet there. */
  get mutexesDir() {
    return join5(this.root, "locks");
  }
  /** Stamps of files that matched their recorded hashes (see entry-hashes.ts): a cache. */
  get verifiedDir() {
    return join5(this.root, "verified");
  }
  get downloadsDir() {
    return join5(this.root, "downloads");
  }
  /** One record per project that uses the store (projects.ts): what `clean` keeps for others. */
  get projectsDir() {
    return join5(this.root, "projects");
  }
  /** What pydebug can work out again (compilers' answers, Node's compile cache): anything here may go. */
  get cacheDir() {
    return join5(this.root, "cache");
  }
  /**
   * Makes cache/ in a store that exists (marked, and not through a link) when a store from an
   * earlier pydebug lacks it; true when it is there. Commands that only read make it too: the
   * next start then finds Node's compile cache and the compiler's answers there.
   */
  async ensureCacheDir() {
    try {
      if (!await this.isMarked()) return false;
      await mkdir3(this.cacheDir).catch((e) => {
        if (e.code !== "EEXIST") throw e;
      });
      return (await lstat3(this.cacheDir)).isDirectory();
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
    return LAYOUT_DIRS.map((d) => join5(this.root, d));
  }
  get markPath() {
    return join5(this.root, STORE_MARK);
  }
  entryDir(entryKey) {
    return inDir(this.entriesDir, entryKey, "an entry key");
  }
  manifestPath(entryKey) {
    return join5(this.entryDir(entryKey), ENTRY_META_DIR, "manifest.json");
  }
  downloadPath(sha2562, file) {
    return inDir(inDir(this.downloadsDir, sha2562, "a SHA-256"), file, "a tarball file name");
  }
  sourceTreeDir(version, sha2562) {
    return inDir(this.sourcesDir, `${version}-${sha2562.slice(0, 16)}`, "a source tree name");
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
        (d) => mkdir3(d, { recursive: true }).catch((e) => {
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
      const st = await lstat3(dir).catch(() => void 0);
      if (st === void 0 || st.isDirectory()) continue;
      const what = st.isSymbolicLink() ? "a symbolic link" : "not a directory";
      throw new PydebugError(`${dir} is ${what}: pydebug keeps its store in real directories and writes or deletes nothing through a link`, {
        hint: `move ${dir} out of the way (it is not pydebug's), or set PYDEBUG_HOME to a new directory`
      });
    }
  }
  /** True when the root carries the mark: a regular file (not a link) that says it is one. */
  async isMarked() {
    const st = await lstat3(this.markPath).catch(() => void 0);
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
    await mkdir3(this.root, { recursive: true });
    const foreign = (await readdir2(this.root)).filter((n) => n !== STORE_MARK).sort();
    if (foreign.length > 0) throw new NotAStoreError(this.root, foreign);
    try {
      await writeFile5(this.markPath, markText(), { flag: "wx" });
    } catch (e) {
      if (e.code === "EEXIST") return;
      if (isDiskFull(e)) {
        await rm4(this.markPath, { force: true });
        throw diskFullError(e, this.markPath, "the store was not marked");
      }
      throw e;
    }
  }
  /** A unique, empty directory under tmp/, named <prefix>.<pid>.<random> (see sweepLeftovers). */
  async makeTemp(prefix) {
    const dir = await assertInside(this.tmpDir, join5(this.tmpDir, tempName(prefix)), "a temporary directory");
    await mkdir3(dir, { recursive: true });
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
      const names = await readdir2(dir).catch(() => []);
      for (const name of names) {
        const pid = tempNamePid(name);
        if (pid === void 0 || pid === process.pid || isAlive(pid)) continue;
        await removeInside(dir, join5(dir, name), "a leftover");
        removed.push(join5(dir, name));
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
    const entry = await lstat3(dir).catch((e) => {
      if (e.code === "ENOENT") return void 0;
      throw e;
    });
    if (!entry) return { status: "missing" };
    if (!entry.isDirectory()) return { status: "damaged", reason: "it is not a directory (a symbolic link or a file is in its place)" };
    const read = await readManifest(dir);
    if ("missing" in read) return { status: "damaged", reason: "its manifest is missing" };
    if ("damaged" in read) return { status: "damaged", reason: read.damaged };
    const { manifest } = read;
    if (manifest.entry_key !== entryKey) return { status: "damaged", reason: `its manifest names another key (${manifest.entry_key})` };
    const ok = { status: "ok", manifest, dir, python: join5(dir, manifest.python) };
    const coreOnly = options.coreOnly === true && options.at === void 0;
    const sealed = !coreOnly && options.at === void 0 && await sealMatches(dir, this.sealPath(entryKey));
    const problem = await manifestPathProblem(dir, manifest) ?? (sealed ? void 0 : await checkCoreFiles(dir, manifest.contents.core, this.verifiedStampPath(entryKey))) ?? await interpreterProblem(dir, manifest.python);
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
    await mkdir3(join5(prefixDir, ENTRY_META_DIR), { recursive: true });
    const contents = await recordContents(prefixDir, fields.python);
    const manifest = { manifest_version: MANIFEST_VERSION, ...fields, size: await entryContentSize(prefixDir), contents };
    await writeFile5(join5(prefixDir, ENTRY_META_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}
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
    await mkdir3(this.entriesDir, { recursive: true });
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
    const aside = join5(this.entriesDir, tempName(`.${entryKey}.removing`));
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
      const checked = tree.stats?.get(rel);
      if (!checked || checked.ino !== BigInt(st.ino) || checked.size !== BigInt(st.size) || Math.abs(Number(checked.ctimeNs) / 1e6 - st.ctimeMs) >= 1e-3) return;
    }
    if (listing.files !== tree.files.size + own.size) return;
    await writeSeal(this.sealPath(entryKey), listing);
  }
  /** Why the store cannot be written, or undefined when it can (probes entries/ and tmp/). */
  async checkWritable() {
    try {
      await this.ensureLayout();
      for (const dir of [this.entriesDir, this.tmpDir]) {
        const probe = join5(dir, tempName(".write-probe"));
        await writeFile5(probe, "", { flag: "wx" });
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
  const entries = await readdir2(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      if (e.isDirectory()) return;
      const path = join5(e.parentPath, e.name);
      if (exclude.includes(path)) return;
      const st = await lstat3(path);
      bytes += st.size;
      files += 1;
    })
  );
  return { bytes, files };
}
function entryContentSize(prefix) {
  return treeSize(prefix, [join5(prefix, ENTRY_META_DIR, "manifest.json")]);
}
async function interpreterProblem(dir, python) {
  const path = join5(dir, python);
  try {
    const real = await realpath(path);
    if (!isStrictlyInside(await realpath(dir), real)) return `its interpreter ${python} leads outside the entry (${real})`;
    await access(path, constants.X_OK);
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
    read = await readBounded(join5(dir, name), FILE_LIST_LIMIT);
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
  trySetPriority,
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
  Store,
  DISK_FULL_HINT,
  fileSystemHint,
  treeSize,
  entryContentSize,
  readFileList
};
