/**
 * Cross-process mutexes on the store (named so to tell them from the lockfile, pydebug.lock): an
 * O_EXCL file holding the owner's identity (pid, start time, boot id, host), kept fresh by a
 * heartbeat. On this host a mutex is stale exactly when its
 * owner process is gone (a stopped owner still holds it); the heartbeat only speaks for an owner
 * on another host (a shared network store) or a mutex file that cannot be read.
 *
 * On disk they are locks/<name>.lock, the path every version of pydebug uses, so pydebugs of
 * different versions sharing a store find each other's mutexes.
 *
 * A mutex file is input: anyone who can write locks/ could put anything there. The breaker of a
 * stale mutex stops only process groups it can prove are build steps of this store started by
 * the dead owner, and removes only build and staging directories of this store
 * (builder/leftovers.ts, given as onStale).
 */
import { constants, rmSync } from 'node:fs';
import { link, mkdir, open, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute } from 'node:path';
import { InterruptedError } from '../errors.js';
import { writingTo } from '../files/fs-error.js';
import { readBounded } from '../files/read-text.js';
import { isAlive, readProc } from '../platform/proc.js';

/** How long a mutex may go without a heartbeat before it counts as abandoned. */
const STALE_MS = 30_000;
const POLL_MS = 150;

/** Six heartbeats per stale window: a few missed beats (a busy machine) never look like death. */
const heartbeatFor = (staleMs: number) => Math.max(50, Math.floor(staleMs / 6));

/**
 * One process for as long as the machine runs: a pid alone is reused, a pid with its start time
 * (clock ticks since boot) and the boot id is not. Without /proc (macOS) only the pid is known.
 */
export interface ProcessIdentity {
  pid: number;
  start?: number | undefined;
  boot?: string | undefined;
}

export interface MutexOwner extends ProcessIdentity {
  host: string;
  since: string;
  purpose: string;
  /** Process groups the owner started, each identified by its leader (stopped if the owner dies and leaves them running). */
  children?: ProcessIdentity[] | undefined;
  /** Directories the owner is writing (removed if the owner dies). */
  paths?: string[] | undefined;
}

// Checked by hand rather than with zod: loading zod cost every `run` about 40 ms.
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// 0 would signal our own process group, -1 every process we may signal, 1 is init.
const isPid = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 2;
const isStart = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);
const isBoot = (v: unknown) => v === undefined || (typeof v === 'string' && v.length >= 1 && v.length <= 100);
const isOwnerPath = (v: unknown) => typeof v === 'string' && isAbsolute(v) && !/[\u0000-\u001f]/.test(v);

/** Only the fields an identity has (anything else the file holds is dropped). */
function processIdentity(v: unknown): ProcessIdentity | undefined {
  if (!isRecord(v) || !isPid(v.pid) || !isStart(v.start) || !isBoot(v.boot)) return undefined;
  const identity: ProcessIdentity = { pid: v.pid as number };
  if (v.start !== undefined) identity.start = v.start as number;
  if (v.boot !== undefined) identity.boot = v.boot as string;
  return identity;
}

/** A well-formed owner record with only its own fields, or undefined. */
export function mutexOwnerOf(v: unknown): MutexOwner | undefined {
  const identity = processIdentity(v);
  if (!identity || !isRecord(v) || typeof v.host !== 'string' || typeof v.since !== 'string' || typeof v.purpose !== 'string') return undefined;
  const owner: MutexOwner = { ...identity, host: v.host, since: v.since, purpose: v.purpose };
  if (v.children !== undefined) {
    if (!Array.isArray(v.children) || v.children.length > 100) return undefined;
    const children = v.children.map(processIdentity);
    if (children.some((c) => c === undefined)) return undefined;
    owner.children = children as ProcessIdentity[];
  }
  if (v.paths !== undefined) {
    if (!Array.isArray(v.paths) || v.paths.length > 100 || !v.paths.every(isOwnerPath)) return undefined;
    owner.paths = [...(v.paths as string[])];
  }
  return owner;
}

/** What a mutex file's contents say, or undefined for anything that is not a well-formed owner. */
function parseOwner(raw: string): MutexOwner | undefined {
  try {
    return mutexOwnerOf(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export interface HeldMutex {
  path: string;
  /**
   * Records what the owner is doing, for whoever has to clean up after it: the directories it
   * writes and the pids of the process groups it started (each the leader of its own group);
   * their start times are recorded with them.
   */
  update(patch: { children?: number[]; paths?: string[] }): Promise<void>;
  release(): Promise<void>;
}

const held = new Set<string>();
process.once('exit', () => {
  // Last resort on exit: remove our mutex files synchronously.
  for (const path of held) {
    try {
      rmSync(path, { force: true });
    } catch {
      // ignore
    }
  }
});

/** Who `pid` is, as precisely as this system can say; undefined when it is already gone. */
async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  const facts = await readProc(pid);
  if (facts === 'gone') return undefined;
  return facts ? { pid, start: facts.start, boot: facts.boot } : { pid };
}

/**
 * Whether the process `id` names still runs: true or false when its start time and boot id
 * can be checked, undefined when they cannot (no /proc, or a mutex from a pydebug that did not
 * record them).
 */
async function stillRuns(id: ProcessIdentity): Promise<boolean | undefined> {
  if (id.start === undefined || id.boot === undefined) return undefined;
  const facts = await readProc(id.pid);
  if (facts === undefined) return undefined;
  return facts !== 'gone' && facts.boot === id.boot && facts.start === id.start;
}

/** A mutex file is one line of JSON (see MutexOwner); more is not one pydebug wrote. */
const MUTEX_FILE_LIMIT = 64 * 1024;

/**
 * The text of a mutex file, read through one non-blocking handle, and its stat. What is not a
 * regular file (a FIFO put in its place) reads as '' and is no one's mutex: pydebug creates
 * its mutex files as regular files, so such a thing is broken at once, never waited on.
 */
async function readMutexFile(path: string): Promise<{ raw: string; mtimeMs: number; regular: boolean }> {
  const read = await readBounded(path, MUTEX_FILE_LIMIT);
  return { raw: 'data' in read ? read.data.toString('utf8') : '', mtimeMs: read.stats.mtimeMs, regular: read.stats.isFile() };
}

async function readOwner(path: string): Promise<{ owner: MutexOwner | undefined; raw: string; mtimeMs: number; regular: boolean } | undefined> {
  try {
    const { raw, mtimeMs, regular } = await readMutexFile(path);
    return { owner: parseOwner(raw), raw, mtimeMs, regular };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * A mutex on this host is stale exactly when its owner is gone, however long ago its last
 * heartbeat (a stopped or swapped-out pydebug still owns its build). Where the owner's start
 * time cannot be checked (no /proc, or a mutex that does not record it) the heartbeat decides
 * too, as a running pid may be a recycled one. An owner on another host, or a mutex file that
 * does not say who owns it (being written, or garbage), is judged by its heartbeat alone.
 */
async function isStale(info: { owner: MutexOwner | undefined; mtimeMs: number; regular: boolean }, staleMs: number): Promise<boolean> {
  if (!info.regular) return true;
  const silent = Date.now() - info.mtimeMs > staleMs;
  const o = info.owner;
  if (!o || o.host !== hostname()) return silent;
  const runs = await stillRuns(o);
  if (runs !== undefined) return !runs;
  return silent || !isAlive(o.pid);
}

/**
 * Breaks a stale mutex without ever removing a fresh one that replaced it meanwhile. Returns the
 * dead owner when this process is the one that broke it (and so must clean up after it).
 */
async function breakStale(path: string, raw: string): Promise<{ owner: MutexOwner | undefined } | undefined> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(path, aside);
  } catch {
    return undefined; // someone else broke or released it
  }
  const moved = await readMutexFile(aside).then(
    (m) => m.raw,
    () => '',
  );
  if (moved !== raw) {
    // We moved a fresh mutex: put it back unless another one took its place.
    await link(aside, path).catch(() => undefined);
    await rm(aside, { force: true });
    return undefined;
  }
  await rm(aside, { force: true });
  return { owner: parseOwner(raw) };
}

export interface AcquireOptions {
  purpose: string;
  signal?: AbortSignal | undefined;
  /** Called once when the mutex is busy, with its owner. */
  onWait?: ((owner: MutexOwner | undefined) => void) | undefined;
  /** Called after breaking the mutex of an owner that died, to clean up what it left. */
  onStale?: ((owner: MutexOwner | undefined) => Promise<void>) | undefined;
  /** How long without a heartbeat makes a mutex abandoned (default 30 s; tests use less). */
  staleMs?: number | undefined;
}

export async function acquireMutex(path: string, options: AcquireOptions): Promise<HeldMutex> {
  await mkdir(dirname(path), { recursive: true });
  const staleMs = options.staleMs ?? STALE_MS;
  const me: MutexOwner = { ...(await identify(process.pid)), pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose: options.purpose };
  let waited = false;
  for (;;) {
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

/** Creates the mutex file with `me` in it; false when it exists (someone holds the mutex). */
async function createMutexFile(path: string, me: MutexOwner): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await writingTo(path, 'nothing was changed', () => fh.writeFile(JSON.stringify(me)));
  } catch (e) {
    // A mutex file without its owner would read as held by no one known: not left behind.
    await fh.close();
    await rm(path, { force: true });
    throw e;
  }
  await fh.close();
  return true;
}

/** The mutex just created: kept fresh by a heartbeat until it is released. */
function hold(path: string, me: MutexOwner, staleMs: number): HeldMutex {
  held.add(path);
  const beat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, heartbeatFor(staleMs));
  beat.unref();
  let current = me;
  return {
    path,
    update: async ({ children, paths }) => {
      if (paths) current = { ...current, paths };
      if (children) current = { ...current, children: (await Promise.all(children.map(identify))).filter((c) => c !== undefined) };
      // Written in place: only the owner writes its mutex file (never through a link put there).
      await writeFile(path, JSON.stringify(current), { flag: constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW });
    },
    release: async () => {
      clearInterval(beat);
      held.delete(path);
      await rm(path, { force: true });
    },
  };
}

export async function withMutex<T>(path: string, options: AcquireOptions, fn: () => Promise<T>): Promise<T> {
  const mutex = await acquireMutex(path, options);
  try {
    return await fn();
  } finally {
    await mutex.release();
  }
}
