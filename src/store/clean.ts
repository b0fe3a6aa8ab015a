/**
 * Cleaning a store that other pydebugs may be using at the same moment. Only a marked store is
 * cleaned, only inside pydebug's own subdirectories, and nothing is removed through a symlink
 * (a link is removed as a link, and counts as no space freed).
 *
 * What a running sync uses is skipped, never waited for: an entry (and its log) whose mutex is
 * held, a source tree being extracted (its source mutex) or any source tree while a build runs in
 * this store (a build holds its entry's mutex, not the tree's), a download whose source mutex is
 * held, and temporary names (tempName) whose process is alive. Every mutex that is free is taken
 * and held until the cleaning is done, so a sync starting meanwhile waits instead of building
 * into a directory being removed.
 *
 * An older pydebug's entries (store/, Store.olderEntriesDir) go only with `all`, each skipped
 * while its mutex is held, as this pydebug's own: every pydebug names its entry mutexes alike.
 */
import { lstat, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InterruptedError, PydebugError } from '../errors.js';
import { assertInside, removeInside } from '../files/contained.js';
import { existsNoFollow } from '../files/exists.js';
import { tempNamePid } from '../files/temp-name.js';
import { isAlive } from '../platform/proc.js';
import { acquireMutex, type HeldMutex, type MutexOwner } from './mutex.js';
import { STORE_MARK, type Store, treeSize } from './store.js';

/** `all`: the whole store, an older pydebug's entries too. `entries`: these store entries, plus tmp/ and sources/. */
export type CleanScope = { kind: 'all' } | { kind: 'entries'; keys: string[] };

export interface CleanReport {
  /** What went, with the bytes it freed: one line per store entry, one per other directory. */
  removed: Array<{ path: string; bytes: number }>;
  skipped: Array<{ path: string; why: string }>;
}

/** sources/<tree>/build-<variant>-<last 8 characters of the entry key>. */
const BUILD_DIR = /^build-(.+)-([0-9a-z]{8})$/;
/** locks/entry-<entry key>.lock (held while an entry is built or restored), locks/source-<tree>.lock (while a tree is extracted). */
const MUTEX_FILE = /^(entry|source)-.+\.lock$/;

/** Refuses (exit 1, the path named) a directory that pydebug did not mark as its store. */
export async function assertCleanable(store: Store): Promise<void> {
  if (await store.isMarked()) return;
  throw new PydebugError(`${store.root} is not a pydebug store (it has no ${STORE_MARK}): refusing to clean it`, {
    hint: `check PYDEBUG_HOME; pydebug cleans only a directory it marked as its store (${STORE_MARK}); a directory pydebug did not make is yours to remove by hand`,
  });
}

export async function cleanStore(store: Store, scope: CleanScope, signal: AbortSignal): Promise<CleanReport> {
  await assertCleanable(store);
  const cleaner = new Cleaner(store, signal);
  try {
    await cleaner.takeMutexes(scope.kind === 'all' ? [] : scope.keys);
    if (scope.kind === 'all') {
      for (const dir of [store.entriesDir, store.olderEntriesDir, store.logsDir, store.tmpDir, store.sourcesDir, store.downloadsDir, store.verifiedDir, store.projectsDir])
        await cleaner.cleanLayoutDir(dir);
    } else {
      for (const key of scope.keys) await cleaner.cleanEntry(key);
      for (const dir of [store.tmpDir, store.sourcesDir]) await cleaner.cleanLayoutDir(dir);
    }
  } finally {
    await cleaner.releaseMutexes();
  }
  if (scope.kind === 'all') await cleaner.removeLayoutAndMark();
  else for (const dir of [store.tmpDir, store.sourcesDir]) await cleaner.removeIfEmpty(dir);
  return cleaner.report;
}

/** A mutex owner as one short line; its file is data anyone could have written. */
function describeOwner(owner: MutexOwner | undefined): string {
  const pid = Number.isSafeInteger(owner?.pid) ? String(owner!.pid) : '?';
  const purpose = typeof owner?.purpose === 'string' ? owner.purpose.replace(/[^\x20-\x7e]/g, '?').slice(0, 80) : '';
  return `pid ${pid}${purpose ? ` (${purpose})` : ''}`;
}

async function bytesOf(path: string): Promise<number> {
  const st = await lstat(path).catch(() => undefined);
  if (!st || st.isSymbolicLink()) return 0;
  return st.isDirectory() ? (await treeSize(path)).bytes : st.size;
}

class Cleaner {
  readonly report: CleanReport = { removed: [], skipped: [] };
  private readonly held = new Map<string, HeldMutex>();
  /** Mutex name (entry-<entry key>, source-<tree>) → who holds it: "pid N (purpose)". */
  private readonly busy = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly signal: AbortSignal,
  ) {}

  /** Tries every mutex in locks/, and the entry mutexes of `keys`, once each. */
  async takeMutexes(keys: string[]): Promise<void> {
    const files = await readdir(this.store.mutexesDir).catch(() => [] as string[]);
    const names = files.filter((f) => MUTEX_FILE.test(f)).map((f) => f.slice(0, -'.lock'.length));
    for (const name of new Set([...names, ...keys.map((k) => `entry-${k}`)])) await this.tryMutex(name);
  }

  /** Takes the mutex if it is free (and keeps it), or records who holds it: no waiting. */
  private async tryMutex(name: string): Promise<void> {
    if (this.held.has(name) || this.busy.has(name)) return;
    const once = new AbortController();
    let owner: MutexOwner | undefined;
    try {
      const mutex = await acquireMutex(this.store.mutexPath(name), {
        purpose: 'pydebug clean',
        signal: AbortSignal.any([this.signal, once.signal]),
        onWait: (o) => {
          owner = o;
          once.abort();
        },
      });
      this.held.set(name, mutex);
    } catch (e) {
      if (!(e instanceof InterruptedError) || this.signal.aborted) throw e;
      this.busy.set(name, describeOwner(owner));
    }
  }

  async releaseMutexes(): Promise<void> {
    for (const mutex of this.held.values()) await mutex.release();
    this.held.clear();
  }

  private entryBusy(entryKey: string): string | undefined {
    return this.inUse(`entry-${entryKey}`);
  }

  private inUse(name: string): string | undefined {
    const owner = this.busy.get(name);
    return owner && `in use by ${owner}`;
  }

  private skip(path: string, why: string): void {
    this.report.skipped.push({ path, why });
  }

  private async remove(root: string, path: string, line: string): Promise<void> {
    const bytes = await bytesOf(path);
    await removeInside(root, path);
    const known = this.report.removed.find((r) => r.path === line);
    if (known) known.bytes += bytes;
    else this.report.removed.push({ path: line, bytes });
  }

  /** One store entry (and its incomplete-restore marker), under its mutex. */
  async cleanEntry(entryKey: string): Promise<void> {
    const dir = this.store.entryDir(entryKey);
    await this.tryMutex(`entry-${entryKey}`);
    const busy = this.entryBusy(entryKey);
    if (busy) {
      if (await existsNoFollow(dir)) this.skip(dir, busy);
      return;
    }
    if (!(await existsNoFollow(dir))) {
      await this.store.clearIncompleteMarker(entryKey);
      return;
    }
    const bytes = await bytesOf(dir);
    await this.store.remove(entryKey);
    await this.store.forgetVerification(entryKey);
    this.report.removed.push({ path: dir, bytes });
  }

  /** Everything in one of pydebug's subdirectories that no running pydebug is using. */
  async cleanLayoutDir(dir: string): Promise<void> {
    const st = await lstat(dir).catch(() => undefined);
    if (!st) return;
    if (st.isSymbolicLink()) {
      this.skip(dir, 'it is a symbolic link, and pydebug removes nothing through a link');
      return;
    }
    if (!st.isDirectory()) {
      await this.remove(this.store.root, dir, dir);
      return;
    }
    for (const entry of await readdir(dir)) {
      if (this.signal.aborted) throw new InterruptedError();
      const path = join(dir, entry);
      const pid = tempNamePid(entry);
      const busy = pid === undefined ? await this.usedBySync(dir, entry, path) : isAlive(pid) ? `in use by pid ${pid}` : undefined;
      if (busy) this.skip(path, busy);
      else if (dir === this.store.entriesDir && !entry.startsWith('.')) await this.cleanEntry(entry);
      // An older pydebug's entries are named one by one, as this pydebug's are.
      else await this.remove(dir, path, dir === this.store.olderEntriesDir ? path : dir);
    }
  }

  /** Why a running sync needs `entry` of layout directory `dir`, or undefined. */
  private async usedBySync(dir: string, entry: string, path: string): Promise<string | undefined> {
    switch (dir) {
      case this.store.entriesDir:
      case this.store.olderEntriesDir:
        return this.entryBusy(entry.replace(/^\./, '').replace(/\.incomplete$/, ''));
      case this.store.logsDir:
        return entry.endsWith('.log') ? this.entryBusy(entry.slice(0, -'.log'.length)) : undefined;
      case this.store.downloadsDir: {
        // downloads/<sha256>/ feeds the tree sources/<version>-<sha256:16>.
        const extracting = [...this.busy.keys()].find((name) => name.startsWith('source-') && name.endsWith(`-${entry.slice(0, 16)}`));
        return extracting && this.inUse(extracting);
      }
      case this.store.sourcesDir:
        return this.sourceTreeUse(entry, path);
      default:
        return undefined;
    }
  }

  /**
   * A tree being extracted is in use; so is every tree while any build runs in this store (a
   * build between finding its tree and creating its build directory shows nowhere else). In a
   * tree kept for that reason, the build directories of builds that are not running still go.
   */
  private async sourceTreeUse(tree: string, path: string): Promise<string | undefined> {
    const extracting = this.inUse(`source-${tree}`);
    if (extracting) return extracting;
    const building = [...this.busy].filter(([name]) => name.startsWith('entry-'));
    if (building.length === 0) return undefined;
    const keys = building.map(([name]) => name.slice('entry-'.length));
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names) {
      const m = BUILD_DIR.exec(name);
      if (m && !keys.some((k) => k.endsWith(m[2]!) && k.includes(`-${m[1]}-`))) await this.remove(path, join(path, name), this.store.sourcesDir);
    }
    return `a pydebug is building in this store: ${building.map(([, owner]) => owner).join('; ')}`;
  }

  /**
   * After --all: the emptied layout directories (and an older pydebug's store/), what dead mutex breakers left in locks/, then
   * the mark and the root, each only if nothing else is left (a sync may have started).
   */
  async removeLayoutAndMark(): Promise<void> {
    await this.removeDeadMutexAsides();
    for (const dir of [...this.store.layoutDirs, this.store.olderEntriesDir]) await this.removeIfEmpty(dir);
    const left = await readdir(this.store.root).catch(() => [] as string[]);
    if (left.length === 1 && left[0] === STORE_MARK) {
      await removeInside(this.store.root, this.store.markPath, 'the store mark');
      // The root itself, proven a store by its mark and now empty: rmdir removes nothing else.
      await rmdir(this.store.root).catch(() => undefined);
    }
  }

  /** locks/<name>.lock.stale-<pid>-<random>: moved aside by a pydebug breaking a stale mutex. */
  private async removeDeadMutexAsides(): Promise<void> {
    const dir = this.store.mutexesDir;
    const st = await lstat(dir).catch(() => undefined);
    if (!st?.isDirectory()) return;
    for (const name of await readdir(dir)) {
      const pid = /\.lock\.stale-(\d+)-[a-z0-9]+$/.exec(name)?.[1];
      if (pid !== undefined && !isAlive(Number(pid))) await removeInside(dir, join(dir, name), 'a broken mutex');
    }
  }

  /** A layout directory left empty; ensureLayout makes it again when it is needed. */
  async removeIfEmpty(dir: string): Promise<void> {
    const st = await lstat(dir).catch(() => undefined);
    if (!st?.isDirectory()) return;
    await rmdir(await assertInside(this.store.root, dir)).catch(() => undefined);
  }
}
