import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
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

// src/files/contained.ts
import { lstat as lstat2, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute as isAbsolute2, join as join2, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";

// src/files/read-only.ts
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
  let stat;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return isAlive(pid) ? void 0 : "gone";
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
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

export {
  isFileSystemError,
  fileSystemError,
  isDiskFull,
  mountPointOf,
  diskFullError,
  writingTo,
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
  readProc,
  isAlive
};
