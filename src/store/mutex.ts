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
 * the dead owner, and removes only build and staging directories of this store.
 */
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { constants } from 'node:fs';
import { readBounded } from '../files/read-text.js';
import { link, mkdir, open, readFile, readlink, realpath, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import * as z from 'zod';
import { InterruptedError } from '../errors.js';
import { writingTo } from '../files/fs-error.js';
import { BUILD_DIR_PYTHON, MAKE } from '../platform/index.js';
import { unwrapStep } from '../platform/step-cpu.js';
import { isStrictlyInside, OutsideError, removeInside } from './contained.js';

/** How long a mutex may go without a heartbeat before it counts as abandoned. */
const STALE_MS = 30_000;
const POLL_MS = 150;

/** Six heartbeats per stale window: a few missed beats (a busy machine) never look like death. */
const heartbeatFor = (staleMs: number) => Math.max(50, Math.floor(staleMs / 6));

// 0 would signal our own process group, -1 every process we may signal, 1 is init.
const pid = z.number().int().min(2);
const start = z.number().int().nonnegative();
const boot = z.string().min(1).max(100);

/**
 * One process for as long as the machine runs: a pid alone is reused, a pid with its start time
 * (clock ticks since boot) and the boot id is not. Without /proc (macOS) only the pid is known.
 */
const processIdentity = z.object({ pid, start: start.optional(), boot: boot.optional() });
export type ProcessIdentity = z.infer<typeof processIdentity>;

const mutexOwner = z.object({
  ...processIdentity.shape,
  host: z.string(),
  since: z.string(),
  purpose: z.string(),
  /** Process groups the owner started, each identified by its leader (stopped if the owner dies and leaves them running). */
  children: z.array(processIdentity).max(100).optional(),
  /** Directories the owner is writing (removed if the owner dies). */
  paths: z
    .array(z.string().refine((p) => isAbsolute(p) && !/[\u0000-\u001f]/.test(p), 'an absolute path'))
    .max(100)
    .optional(),
});
export type MutexOwner = z.infer<typeof mutexOwner>;

/** What a mutex file's contents say, or undefined for anything that is not a well-formed owner. */
function parseOwner(raw: string): MutexOwner | undefined {
  try {
    const parsed = mutexOwner.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
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

/** What the kernel says about a live process. */
interface ProcessFacts {
  start: number;
  boot: string;
  /** The process group it belongs to. */
  pgid: number;
  argv: string[];
  /** Its working directory (symlinks resolved), when readable. */
  cwd: string | undefined;
}

let bootIdOnce: Promise<string | undefined> | undefined;
const currentBootId = () =>
  (bootIdOnce ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  ));

/**
 * The one place that reads /proc: what it says about `pid`, 'gone' when no such live process
 * exists (a zombie is gone), undefined when it cannot be asked: no /proc (macOS), or a process
 * that exists but is hidden from us (/proc mounted with hidepid).
 */
async function readProc(pid: number): Promise<ProcessFacts | 'gone' | undefined> {
  const boot = await currentBootId();
  if (boot === undefined) return undefined;
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return isAlive(pid) ? undefined : 'gone';
  }
  // Fields after the command name, which is in parentheses and may itself contain any of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, , pgid] = fields; // fields 3, 4, 5 of proc(5)
  if (state === 'Z' || state === 'X') return 'gone';
  const argv = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (s) => s.replace(/\0$/, '').split('\0'),
    () => [],
  );
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return { start: Number(fields[19]), boot, pgid: Number(pgid), argv, cwd }; // field 22: starttime
}

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

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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

/** Where a dead owner's leftovers may be: this store's staging area and its source trees. */
export interface CleanUpScope {
  /** The store's tmp/: staging directories. */
  tmpDir: string;
  /** The store's sources/: build directories are sources/<tree>/build-*. */
  sourcesDir: string;
  /** Told about everything left alone because it is not provably the dead owner's. */
  warn: (message: string) => void;
}

/**
 * Stops what a dead owner left running and removes what it was writing: its process groups
 * (a make that outlived a killed pydebug keeps compiling into its build directory) first, then
 * its directories. Only what is provably the owner's build is touched; the rest is named in a
 * warning and left alone.
 */
export async function cleanUpAfter(owner: MutexOwner | undefined, scope: CleanUpScope): Promise<void> {
  const parsed = mutexOwner.safeParse(owner);
  if (!parsed.success) {
    scope.warn('its mutex file did not say who held it; nothing it may have left was stopped or removed');
    return;
  }
  const o = parsed.data;
  if (o.host !== hostname()) return; // its processes are not ours to see
  const stopped: number[] = [];
  for (const child of o.children ?? []) {
    const verdict = await buildStepVerdict(child, scope.sourcesDir);
    if (verdict === 'ours') {
      killGroup(child.pid);
      stopped.push(child.pid);
    } else if (verdict !== 'gone') {
      scope.warn(`not stopping process group ${child.pid} named in its mutex file: ${verdict}`);
    }
  }
  // Wait (briefly) for the killed groups to be gone before removing their files.
  for (let i = 0; i < 50 && stopped.some((g) => groupAlive(g)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const path of o.paths ?? []) await removeLeftover(path, scope);
}

/**
 * 'ours' when the group led by `child` is provably a build step of this store that the dead
 * owner started: the same process (pid, start time, boot), leading its own group, running
 * configure, make or the build's python in a build directory under sources/. 'gone' when there
 * is nothing to stop; otherwise why it is left alone. Without /proc (macOS) nothing can be
 * proved, so nothing is killed.
 */
async function buildStepVerdict(child: ProcessIdentity, sourcesDir: string): Promise<'ours' | 'gone' | string> {
  if (child.start === undefined || child.boot === undefined) return 'the mutex file does not record its start time';
  const facts = await readProc(child.pid);
  if (facts === undefined) return 'it cannot be checked to be a build step of this store (no readable /proc)';
  if (facts === 'gone') return 'gone';
  if (facts.boot !== child.boot || facts.start !== child.start) return 'that pid now belongs to another process (its start time differs)';
  if (facts.pgid !== child.pid) return 'it does not lead a process group';
  const realSources = await realpath(sourcesDir).catch(() => undefined);
  if (facts.cwd === undefined || realSources === undefined || !isBuildDir(realSources, facts.cwd)) {
    return `it does not run in a build directory under ${sourcesDir} (it runs in ${facts.cwd ?? 'a directory that cannot be read'})`;
  }
  if (!(await isBuildCommand(facts.argv, facts.cwd))) return `its command (${facts.argv.join(' ').slice(0, 200)}) is not configure, make or the build's python`;
  return 'ours';
}

/** True for sources/<tree>/build-*: where build.ts builds. */
function isBuildDir(sourcesDir: string, path: string): boolean {
  const parts = relative(sourcesDir, resolve(path)).split(sep);
  return parts.length === 2 && parts[0] !== '..' && parts[0] !== '' && !isAbsolute(parts[0]!) && parts[1]!.startsWith('build-');
}

/**
 * The commands build.ts runs in a build directory `cwd`: ../configure (through its shell), make,
 * the build's python; each under the step shell that reports its CPU (exactly that shell and script).
 */
async function isBuildCommand(argv: string[], cwd: string): Promise<boolean> {
  const [program = '', ...args] = unwrapStep(argv);
  const is = async (path: string | undefined, dir: string, name: string) => path !== undefined && basename(path) === name && (await realpath(dirname(resolve(cwd, path))).catch(() => '')) === dir;
  if (basename(program) === MAKE) return true;
  if (await is(program, cwd, BUILD_DIR_PYTHON)) return true;
  const script = SHELLS.has(basename(program)) ? args.find((a) => !a.startsWith('-')) : program;
  return is(script, dirname(cwd), 'configure');
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ksh', 'zsh']);

/** Removes `path` if it is a staging directory in tmp/ or a build directory under sources/; warns otherwise. */
async function removeLeftover(path: string, scope: CleanUpScope): Promise<void> {
  const root = isStrictlyInside(scope.tmpDir, path) ? scope.tmpDir : isBuildDir(scope.sourcesDir, path) ? scope.sourcesDir : undefined;
  if (root === undefined) {
    scope.warn(`not removing ${path} named in its mutex file: only staging directories in ${scope.tmpDir} and build directories in ${scope.sourcesDir} are`);
    return;
  }
  try {
    await removeInside(root, path, 'a directory named in a mutex file');
  } catch (e) {
    if (!(e instanceof OutsideError)) throw e;
    scope.warn(`not removing ${path} named in its mutex file: ${e.message}`);
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
