/**
 * The store's record of the projects that use it: projects/<16 hex>.json, one file per project,
 * named by the SHA-256 of its lock's real path and holding { lock, entries, updated } (see
 * plan/clean-plan.ts for what `clean` decides from them).
 *
 * sync, run and lock register their project; registering never fails the command (a store that
 * cannot be written costs a warning) and writes nothing when the record is unchanged. A record is
 * written under a fresh name in tmp/ and renamed into place, never opened for writing through an
 * existing path. Read back, a record is input like any other: a symbolic link, anything but a
 * regular file, a file over PROJECT_RECORD_LIMIT, bad JSON, a wrong shape or a name that is not
 * its lock's hash is ignored with a warning, and never followed.
 */
import { createHash } from 'node:crypto';
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { removeInside, renameInside } from '../files/contained.js';
import { readLockFile } from '../files/lock-file.js';
import { readTextFile } from '../files/read-text.js';
import { tempName } from '../files/temp-name.js';
import { segmentProblem } from '../paths.js';
import { type ProjectLiveness, type ProjectRecord, type ProjectUse, registeredEntries } from '../plan/clean-plan.js';
import type { Store } from './store.js';

/** A record is well under a kilobyte per entry; a bigger file is not one pydebug wrote. */
export const PROJECT_RECORD_LIMIT = 256 * 1024;
const RECORD_NAME = /^[0-9a-f]{16}\.json$/;

/** A record of the shape projects-schema.ts gives, with only its fields, or undefined: checked by hand so that `run` does not load zod. */
export function projectRecordOf(v: unknown): ProjectRecord | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { lock, entries, updated } = v as Record<string, unknown>;
  if (typeof lock !== 'string' || lock.length > 4096 || !isAbsolute(lock) || lock.includes('\0')) return undefined;
  if (!Array.isArray(entries) || entries.length > 10_000) return undefined;
  if (!entries.every((k) => typeof k === 'string' && k.length <= 256 && segmentProblem(k) === undefined)) return undefined;
  if (typeof updated !== 'string' || updated.length > 64) return undefined;
  return { lock, entries: [...(entries as string[])], updated };
}

export type Warn = (message: string) => void;

/** The record's file name: the first 16 hex digits of the SHA-256 of the lock's real path. */
export function projectRecordName(lock: string): string {
  return `${createHash('sha256').update(lock).digest('hex').slice(0, 16)}.json`;
}

/** The lock's path with symlinks resolved, so one project reached by two paths is one record. */
export async function realLockPath(lockPath: string): Promise<string> {
  // Synchronous, as the other small looks on the way to `run`'s command (files/exists.ts says why).
  try {
    return realpathSync.native(lockPath);
  } catch {
    return resolve(lockPath);
  }
}

/**
 * Every well-formed record in projects/, each with its file's path. What is not one is named in
 * a warning and left alone (clean does not remove what it cannot read).
 */
export async function readProjectRecords(store: Store, warn: Warn): Promise<Array<{ path: string; record: ProjectRecord }>> {
  const dir = store.projectsDir;
  const st = await lstat(dir).catch(() => undefined);
  if (!st) return [];
  if (!st.isDirectory()) {
    warn(`${dir} is not a directory (${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}): its project records are ignored`);
    return [];
  }
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => RECORD_NAME.test(n)).sort();
  const records: Array<{ path: string; record: ProjectRecord }> = [];
  for (const name of names) {
    const path = join(dir, name);
    const read = await readRecord(path);
    if (typeof read === 'string') warn(`ignoring the project record ${path}: ${read}`);
    else if (read) records.push({ path, record: read });
  }
  return records;
}

/** The record at `path`, undefined when there is none, or why it is not one. */
async function readRecord(path: string): Promise<ProjectRecord | string | undefined> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link, and pydebug follows none in its store';
  if (!st.isFile()) return 'it is not a regular file';
  if (st.size > PROJECT_RECORD_LIMIT) return `it is larger than ${PROJECT_RECORD_LIMIT} bytes`;
  let data: unknown;
  try {
    data = JSON.parse(await readTextFile(path, PROJECT_RECORD_LIMIT));
  } catch (e) {
    return e instanceof SyntaxError ? 'it is not JSON' : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  const record = projectRecordOf(data);
  if (!record) {
    // zod only says what is wrong with a record that is not one.
    const parsed = (await import('./projects-schema.js')).ProjectRecordSchema.safeParse(data);
    return `it is not a project record (${parsed.error?.issues[0]?.path.join('.') || 'its shape'}: ${parsed.error?.issues[0]?.message})`;
  }
  // A record copied under another name would let one project speak for another.
  if (projectRecordName(record.lock) !== path.slice(path.lastIndexOf('/') + 1)) return `its name is not that of its lock (${record.lock})`;
  return record;
}

function sameRecord(a: ProjectRecord | undefined, lock: string, entries: string[]): boolean {
  return a !== undefined && a.lock === lock && a.entries.length === entries.length && a.entries.every((e, i) => e === entries[i]);
}

/**
 * Records that the project of `lockPath` uses the store: the entries in `known` and, of those it
 * was recorded with, the ones `lockKeys` (the whole lock's keys, when the command read it all)
 * still names. Skipped when nothing changed or the root is not a marked store; a failure is a
 * warning, never the command's failure.
 */
export async function registerProject(store: Store, lockPath: string, use: { known: string[]; lockKeys?: string[] | undefined }, warn: Warn): Promise<void> {
  try {
    const lock = await realLockPath(lockPath);
    const path = join(store.projectsDir, projectRecordName(lock));
    const previous = await readRecord(path);
    const entries = registeredEntries(typeof previous === 'object' ? previous.entries : [], use.known, use.lockKeys);
    if (typeof previous === 'object' && sameRecord(previous, lock, entries)) return;
    if (!(await store.isMarked())) return;
    const record: ProjectRecord = { lock, entries, updated: new Date().toISOString() };
    await mkdir(store.projectsDir, { recursive: true });
    await mkdir(store.tmpDir, { recursive: true });
    const tmp = join(store.tmpDir, tempName('project-record'));
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    try {
      // Over a symlink or a FIFO in its place too: rename replaces the name, it opens nothing.
      await renameInside(store.root, tmp, path, 'a project record');
    } catch (e) {
      await removeInside(store.tmpDir, tmp).catch(() => undefined);
      throw e;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    warn(`could not record this project in the store (${err.code ?? err.message}): another project's \`pydebug clean\` may remove entries it uses`);
  }
}

/** Removes a project's record (after its clean, or when its lock is gone). */
export async function forgetProject(store: Store, path: string): Promise<void> {
  await removeInside(store.projectsDir, path, 'a project record');
}

/**
 * Whether the project of a record is live, read from its lock now: gone when no file is there
 * (or a parent is no longer a directory), the lock keys it names when it reads as a lock, and
 * unknown (with why) when something is there that cannot be read as one.
 */
export async function projectLiveness(record: ProjectRecord): Promise<ProjectLiveness> {
  try {
    const file = await readLockFile(record.lock);
    if (file.status === 'missing') return { status: 'gone' };
    if (file.status === 'invalid') return { status: 'unknown', why: `it is not a lock pydebug can read: ${file.reason}` };
    return { status: 'live', lockKeys: Object.values(file.lock.builds).map((b) => b.lock_key) };
  } catch (e) {
    const code = await lstat(record.lock).then(
      () => undefined,
      (err: NodeJS.ErrnoException) => err.code,
    );
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'gone' };
    return { status: 'unknown', why: (e as Error).message };
  }
}

/** Every record in the store with its project's liveness; `self` (a real lock path) marks this project's. */
export async function projectUses(store: Store, self: string | undefined, warn: Warn): Promise<{ own: Array<{ path: string; record: ProjectRecord }>; others: Array<ProjectUse & { path: string }> }> {
  const own: Array<{ path: string; record: ProjectRecord }> = [];
  const others: Array<ProjectUse & { path: string }> = [];
  for (const { path, record } of await readProjectRecords(store, warn)) {
    // The record's path resolved again: a directory moved behind a symlink is still this project.
    if (self !== undefined && (record.lock === self || (await realLockPath(record.lock)) === self)) own.push({ path, record });
    else others.push({ path, record, liveness: await projectLiveness(record) });
  }
  return { own, others };
}
