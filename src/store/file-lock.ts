/**
 * Cross-process locks on the store: an O_EXCL lock file holding the owner's pid and host, kept
 * fresh by a heartbeat. A lock whose owner is gone (dead pid on this host, or no heartbeat for
 * STALE_MS) is broken, so a killed pydebug never blocks the next one.
 */
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InterruptedError } from '../errors.js';

/** How long a lock may go without a heartbeat before it counts as abandoned. */
const STALE_MS = 30_000;
const POLL_MS = 150;

/** Six heartbeats per stale window: a few missed beats (a busy machine) never look like death. */
const heartbeatFor = (staleMs: number) => Math.max(50, Math.floor(staleMs / 6));

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
  purpose: string;
  /** Process groups the owner started (killed if the owner dies and leaves them running). */
  children?: number[];
  /** Directories the owner is writing (removed if the owner dies). */
  paths?: string[];
}

export interface HeldLock {
  path: string;
  /** Records what the owner is doing, for whoever has to clean up after it. */
  update(patch: Pick<LockOwner, 'children' | 'paths'>): Promise<void>;
  release(): Promise<void>;
}

const held = new Set<string>();
process.once('exit', () => {
  // Last resort on exit: remove our lock files synchronously.
  for (const path of held) {
    try {
      rmSync(path, { force: true });
    } catch {
      // ignore
    }
  }
});

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<{ owner: LockOwner | undefined; raw: string; mtimeMs: number } | undefined> {
  try {
    const [raw, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(raw) as LockOwner;
    } catch {
      owner = undefined;
    }
    return { owner, raw, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isStale(info: { owner: LockOwner | undefined; mtimeMs: number }, staleMs: number): boolean {
  if (Date.now() - info.mtimeMs > staleMs) return true;
  const o = info.owner;
  if (!o) return Date.now() - info.mtimeMs > POLL_MS * 10; // being written, or garbage
  return o.host === hostname() && !isAlive(o.pid);
}

/**
 * Breaks a stale lock without ever removing a fresh one that replaced it meanwhile. Returns the
 * dead owner when this process is the one that broke it (and so must clean up after it).
 */
async function breakStale(path: string, raw: string): Promise<{ owner: LockOwner | undefined } | undefined> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(path, aside);
  } catch {
    return undefined; // someone else broke or released it
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== raw) {
    // We moved a fresh lock: put it back unless another one took its place.
    await link(aside, path).catch(() => undefined);
    await rm(aside, { force: true });
    return undefined;
  }
  await rm(aside, { force: true });
  try {
    return { owner: JSON.parse(raw) as LockOwner };
  } catch {
    return { owner: undefined };
  }
}

export interface AcquireOptions {
  purpose: string;
  signal?: AbortSignal | undefined;
  /** Called once when the lock is busy, with its owner. */
  onWait?: ((owner: LockOwner | undefined) => void) | undefined;
  /** Called after breaking the lock of an owner that died, to clean up what it left. */
  onStale?: ((owner: LockOwner | undefined) => Promise<void>) | undefined;
  /** How long without a heartbeat makes a lock abandoned (default 30 s; tests use less). */
  staleMs?: number | undefined;
}

export async function acquireLock(path: string, options: AcquireOptions): Promise<HeldLock> {
  await mkdir(dirname(path), { recursive: true });
  const staleMs = options.staleMs ?? STALE_MS;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose: options.purpose };
  let waited = false;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError();
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify(me));
      } finally {
        await fh.close();
      }
      held.add(path);
      const beat = setInterval(() => {
        const now = new Date();
        utimes(path, now, now).catch(() => undefined);
      }, heartbeatFor(staleMs));
      beat.unref();
      let current = me;
      return {
        path,
        update: async (patch) => {
          current = { ...current, ...patch };
          // Written in place: only the owner writes its lock file.
          await writeFile(path, JSON.stringify(current));
        },
        release: async () => {
          clearInterval(beat);
          held.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const info = await readOwner(path);
    if (!info) continue;
    if (isStale(info, staleMs)) {
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

export async function withLock<T>(path: string, options: AcquireOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/**
 * Stops what a dead owner left running and removes what it was writing: its process groups
 * (a make that outlived a killed pydebug keeps compiling into its build directory) first, then
 * its directories.
 */
export async function cleanUpAfter(owner: LockOwner | undefined): Promise<void> {
  if (!owner || owner.host !== hostname()) return;
  for (const pgid of owner.children ?? []) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Wait (briefly) for the killed groups to be gone before removing their files.
  for (let i = 0; i < 50 && (owner.children ?? []).some((g) => groupAlive(g)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const path of owner.paths ?? []) await rm(path, { recursive: true, force: true });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
