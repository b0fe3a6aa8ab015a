import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  BUILD_DIR_PYTHON,
  MAKE,
  OutsideError,
  isStrictlyInside,
  readBounded,
  removeInside
} from "./chunk-TKCZ6LEL.js";
import {
  array,
  number,
  object,
  string
} from "./chunk-RIFX6D3H.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-4QVF5WYY.js";

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

// src/store/mutex.ts
import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { constants } from "node:fs";
import { link, mkdir, open, readFile, readlink, realpath, rename, rm, utimes, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute as isAbsolute2, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";

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
  paths: array(string().refine((p) => isAbsolute2(p) && !/[\u0000-\u001f]/.test(p), "an absolute path")).max(100).optional()
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
    await rename(path, aside);
  } catch {
    return void 0;
  }
  const moved = await readMutexFile(aside).then(
    (m) => m.raw,
    () => ""
  );
  if (moved !== raw) {
    await link(aside, path).catch(() => void 0);
    await rm(aside, { force: true });
    return void 0;
  }
  await rm(aside, { force: true });
  return { owner: parseOwner(raw) };
}
async function acquireMutex(path, options) {
  await mkdir(dirname(path), { recursive: true });
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
    fh = await open(path, "wx");
  } catch (e) {
    if (e.code === "EEXIST") return false;
    throw e;
  }
  try {
    await writingTo(path, "nothing was changed", () => fh.writeFile(JSON.stringify(me)));
  } catch (e) {
    await fh.close();
    await rm(path, { force: true });
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
      await writeFile(path, JSON.stringify(current), { flag: constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW });
    },
    release: async () => {
      clearInterval(beat);
      held.delete(path);
      await rm(path, { force: true });
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
  const parts = relative2(sourcesDir, resolve2(path)).split(sep2);
  return parts.length === 2 && parts[0] !== ".." && parts[0] !== "" && !isAbsolute2(parts[0]) && parts[1].startsWith("build-");
}
async function isBuildCommand(argv, cwd) {
  const [program = "", ...args] = unwrapStep(argv);
  const is = async (path, dir, name) => path !== void 0 && basename(path) === name && await realpath(dirname(resolve2(cwd, path))).catch(() => "") === dir;
  if (basename(program) === MAKE) return true;
  if (await is(program, cwd, BUILD_DIR_PYTHON)) return true;
  const script = SHELLS.has(basename(program)) ? args.find((a) => !a.startsWith("-")) : program;
  return is(script, dirname(cwd), "configure");
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
  COMMIT_PATTERN,
  SOURCE_NAME_PATTERN,
  CHECKOUT_VERSION_PATTERN,
  refFormatProblem,
  gitUrlProblem,
  patchlevelVersion,
  stepCommand,
  parseStepReport,
  describeCpu,
  isAlive,
  acquireMutex,
  withMutex,
  cleanUpAfter
};
