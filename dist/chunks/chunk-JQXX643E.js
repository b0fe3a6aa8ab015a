import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  readLockFile
} from "./chunk-ZHYB3AII.js";
import {
  tempName
} from "./chunk-CEFFNG3H.js";
import {
  readTextFile,
  removeInside,
  renameInside
} from "./chunk-UJBZKF62.js";
import {
  segmentProblem
} from "./chunk-HEHMV332.js";

// src/plan/clean-plan.ts
function entryHasLockKey(entryKey, lockKey) {
  return /^pydebug-(.+)-[^-]+-[^-]+-[0-9a-f]{8}$/.exec(entryKey)?.[1] === lockKey;
}
function usersOf(entryKey, projects) {
  const users = [];
  for (const { record, liveness } of projects) {
    if (liveness.status === "live" && liveness.lockKeys.some((k) => entryHasLockKey(entryKey, k))) users.push({ lock: record.lock });
    if (liveness.status === "unknown" && record.entries.includes(entryKey)) users.push({ lock: record.lock, unreadable: liveness.why });
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
import { createHash } from "node:crypto";
import { lstat, mkdir, open, readdir, realpath } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
var PROJECT_RECORD_LIMIT = 256 * 1024;
var RECORD_NAME = /^[0-9a-f]{16}\.json$/;
function projectRecordOf(v) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return void 0;
  const { lock, entries, updated } = v;
  if (typeof lock !== "string" || lock.length > 4096 || !isAbsolute(lock) || lock.includes("\0")) return void 0;
  if (!Array.isArray(entries) || entries.length > 1e4) return void 0;
  if (!entries.every((k) => typeof k === "string" && k.length <= 256 && segmentProblem(k) === void 0)) return void 0;
  if (typeof updated !== "string" || updated.length > 64) return void 0;
  return { lock, entries: [...entries], updated };
}
function projectRecordName(lock) {
  return `${createHash("sha256").update(lock).digest("hex").slice(0, 16)}.json`;
}
async function realLockPath(lockPath) {
  return realpath(lockPath).catch(() => resolve(lockPath));
}
async function readProjectRecords(store, warn) {
  const dir = store.projectsDir;
  const st = await lstat(dir).catch(() => void 0);
  if (!st) return [];
  if (!st.isDirectory()) {
    warn(`${dir} is not a directory (${st.isSymbolicLink() ? "a symbolic link" : "a file"}): its project records are ignored`);
    return [];
  }
  const names = (await readdir(dir).catch(() => [])).filter((n) => RECORD_NAME.test(n)).sort();
  const records = [];
  for (const name of names) {
    const path = join(dir, name);
    const read = await readRecord(path);
    if (typeof read === "string") warn(`ignoring the project record ${path}: ${read}`);
    else if (read) records.push({ path, record: read });
  }
  return records;
}
async function readRecord(path) {
  const st = await lstat(path).catch(() => void 0);
  if (!st) return void 0;
  if (st.isSymbolicLink()) return "it is a symbolic link, and pydebug follows none in its store";
  if (!st.isFile()) return "it is not a regular file";
  if (st.size > PROJECT_RECORD_LIMIT) return `it is larger than ${PROJECT_RECORD_LIMIT} bytes`;
  let data;
  try {
    data = JSON.parse(await readTextFile(path, PROJECT_RECORD_LIMIT));
  } catch (e) {
    return e instanceof SyntaxError ? "it is not JSON" : `it cannot be read (${e.code ?? e.message})`;
  }
  const record = projectRecordOf(data);
  if (!record) {
    const parsed = (await import("./projects-schema-3IKSSYPE.js")).ProjectRecordSchema.safeParse(data);
    return `it is not a project record (${parsed.error?.issues[0]?.path.join(".") || "its shape"}: ${parsed.error?.issues[0]?.message})`;
  }
  if (projectRecordName(record.lock) !== path.slice(path.lastIndexOf("/") + 1)) return `its name is not that of its lock (${record.lock})`;
  return record;
}
function sameRecord(a, lock, entries) {
  return a !== void 0 && a.lock === lock && a.entries.length === entries.length && a.entries.every((e, i) => e === entries[i]);
}
async function registerProject(store, lockPath, use, warn) {
  try {
    const lock = await realLockPath(lockPath);
    const path = join(store.projectsDir, projectRecordName(lock));
    const previous = await readRecord(path);
    const entries = registeredEntries(typeof previous === "object" ? previous.entries : [], use.known, use.lockKeys);
    if (typeof previous === "object" && sameRecord(previous, lock, entries)) return;
    if (!await store.isMarked()) return;
    const record = { lock, entries, updated: (/* @__PURE__ */ new Date()).toISOString() };
    await mkdir(store.projectsDir, { recursive: true });
    await mkdir(store.tmpDir, { recursive: true });
    const tmp = join(store.tmpDir, tempName("project-record"));
    const handle = await open(tmp, "wx", 420);
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}
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
async function projectLiveness(record) {
  try {
    const file = await readLockFile(record.lock);
    if (file.status === "missing") return { status: "gone" };
    if (file.status === "invalid") return { status: "unknown", why: `it is not a lock pydebug can read: ${file.reason}` };
    return { status: "live", lockKeys: Object.values(file.lock.builds).map((b) => b.lock_key) };
  } catch (e) {
    const code = await lstat(record.lock).then(
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
  for (const { path, record } of await readProjectRecords(store, warn)) {
    if (self !== void 0 && (record.lock === self || await realLockPath(record.lock) === self)) own.push({ path, record });
    else others.push({ path, record, liveness: await projectLiveness(record) });
  }
  return { own, others };
}

export {
  usersOf,
  planProjectClean,
  realLockPath,
  registerProject,
  forgetProject,
  projectUses
};
