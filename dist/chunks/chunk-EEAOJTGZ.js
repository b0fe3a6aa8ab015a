import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  isAlive,
  readBounded,
  readProc,
  writingTo
} from "./chunk-UJBZKF62.js";
import {
  InterruptedError
} from "./chunk-4QVF5WYY.js";

// src/store/mutex.ts
import { constants, rmSync } from "node:fs";
import { link, mkdir, open, rename, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, isAbsolute } from "node:path";
var STALE_MS = 3e4;
var POLL_MS = 150;
var heartbeatFor = (staleMs) => Math.max(50, Math.floor(staleMs / 6));
var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isPid = (v) => Number.isSafeInteger(v) && v >= 2;
var isStart = (v) => v === void 0 || Number.isSafeInteger(v) && v >= 0;
var isBoot = (v) => v === void 0 || typeof v === "string" && v.length >= 1 && v.length <= 100;
var isOwnerPath = (v) => typeof v === "string" && isAbsolute(v) && !/[\u0000-\u001f]/.test(v);
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

export {
  mutexOwnerOf,
  acquireMutex,
  withMutex
};
