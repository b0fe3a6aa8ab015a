/**
 * Content hashes of a store entry, recorded when it is built and checked when it is used.
 *
 * The build writes share/pydebug/files.sha256, one line per file of the entry (the manifest and
 * this list excepted), sorted by path:
 *
 *   <sha256> <bytes> <f|l> <relative path>
 *
 * where `f` is a regular file, hashed by content, and `l` a symbolic link, hashed by its target
 * string (never followed). About 6k lines (600 KB) for a full CPython install. The manifest
 * records the list's own SHA-256, so the list cannot be edited without the manifest noticing.
 */
import { createHash } from 'node:crypto';
import { type BigIntStats, closeSync, lstatSync, readdirSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { mkdir, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { renameInside } from '../files/contained.js';
import { openRegularFile, openRegularFileSync, readBounded } from '../files/read-text.js';

export type FileKind = 'f' | 'l';

export interface FileRecord {
  sha256: string;
  bytes: number;
  kind: FileKind;
}

/** Relative path (with `/`) → what the build left there. */
export type FileList = Map<string, FileRecord>;

export function sha256Of(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const CHUNK = 1 << 20;

/** Files up to this size are read with synchronous calls (see hashFile). */
const SYNC_READ_LIMIT = 4 * CHUNK;
/** After this many files read synchronously, the event loop gets a turn (signals, the status line). */
const FILES_PER_TURN = 64;
let filesSinceTurn = 0;
const buffer = Buffer.allocUnsafe(CHUNK);

/**
 * SHA-256 and size of a regular file, read through one handle (what was checked to be a file is
 * what is read); anything else (a FIFO put in a file's place) is refused, never waited on.
 * Most of an entry's thousands of files are small: they are opened, read and closed with
 * synchronous calls, where four trips each through the thread pool cost more than the hashing
 * (a cold `sync --frozen` of three 3.11 entries, 14,500 files: 3.3 s, 1.6 u + 1.3 s sys before).
 */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const opened = openRegularFileSync(path);
  if (opened.stats.size <= SYNC_READ_LIMIT) {
    const hash = createHash('sha256');
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
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { sha256: hash.digest('hex'), bytes };
  }
  closeSync(opened.fd);
  const { handle, stats: st } = await openRegularFile(path);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, st.size + 1));
    let bytes = 0;
    for (let n = -1; n !== 0; bytes += n) {
      ({ bytesRead: n } = await handle.read(buffer, 0, buffer.length, null));
      hash.update(buffer.subarray(0, n));
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}

/** What a symbolic link is recorded as: the SHA-256 of its target string. */
async function hashLink(path: string): Promise<FileRecord> {
  const target = readlinkSync(path, { encoding: 'buffer' });
  return { sha256: sha256Of(target), bytes: target.length, kind: 'l' };
}

async function hashEntryFile(path: string, kind: FileKind): Promise<FileRecord> {
  if (kind === 'l') return hashLink(path);
  return { ...(await hashFile(path)), kind: 'f' };
}

/**
 * Files are read a few at a time so that reads overlap with hashing (which runs on this one
 * thread: more at once gains nothing). A 250 MB, 5k-file entry in the page cache took 0.75-1.0 s
 * on a loaded 2-core machine this way, 1.5-1.8 s one file at a time; SHA-256 alone is 0.45 s.
 */
const HASH_CONCURRENCY = 4;

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A path relative to the entry, with `/` whatever the platform. */
function entryRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

export interface TreeHashes {
  files: FileList;
  /** Things that are neither files nor links nor directories (FIFOs, sockets, devices): never read. */
  others: string[];
  /** From hashTreeStamped: each file's and link's stat fields, taken before it was checked. */
  stats?: Map<string, BigIntStats>;
}

/**
 * Hashes every file and link under `root` (directories are implied by their contents), except
 * the relative paths in `exclude`.
 */
export async function hashTree(root: string, exclude: string[]): Promise<TreeHashes> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const todo: Array<{ rel: string; kind: FileKind }> = [];
  const others: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (e.isFile()) todo.push({ rel, kind: 'f' });
    else if (e.isSymbolicLink()) todo.push({ rel, kind: 'l' });
    else others.push(rel);
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join(root, rel), kind));
  const files: FileList = new Map(todo.map(({ rel }, i) => [rel, records[i]!]));
  return { files, others: others.sort() };
}

/**
 * hashTree for a tree whose recorded list is known, as git's index does: a regular file whose stat
 * fields (device, inode, size, mtime, ctime) equal those stamped in `stampFile` when it last
 * matched its recorded hash is taken as unchanged without reading it; every other file is
 * hashed, and stamped when it matches (see settled). Any write to a file changes its ctime, so a
 * stamp never vouches for changed content. A warm `sync` then costs a stat per file, not a read.
 */
export async function hashTreeStamped(root: string, exclude: string[], expected: FileList, stampFile: string): Promise<TreeHashes> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const fresh: Record<string, Stamp> = {};
  const files: FileList = new Map();
  const stats = new Map<string, BigIntStats>();
  const todo: Array<{ rel: string; kind: FileKind; st: BigIntStats }> = [];
  const others: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (!e.isFile() && !e.isSymbolicLink()) {
      others.push(rel);
      continue;
    }
    const kind: FileKind = e.isFile() ? 'f' : 'l';
    // Synchronous: 5,000 lstats through the thread pool took 140 ms an entry, in one pass 15 ms.
    const st = lstatSync(join(root, rel), { bigint: true });
    stats.set(rel, st);
    const record = expected.get(rel);
    if (kind === 'f' && st.isFile() && record?.kind === 'f' && sameStamp(stamps[rel], stampOf(st, record.sha256))) {
      files.set(rel, record);
      fresh[rel] = stamps[rel]!;
    } else {
      todo.push({ rel, kind, st });
    }
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join(root, rel), kind));
  let restamped = false;
  todo.forEach(({ rel, kind, st }, i) => {
    const actual = records[i]!;
    files.set(rel, actual);
    const record = expected.get(rel);
    if (kind === 'f' && record && recordDifference(rel, record, actual) === undefined && settled(st)) {
      fresh[rel] = stampOf(st, record.sha256);
      restamped = true;
    }
  });
  // Links are read every time (a readlink costs what a stat does) and never stamped: they change nothing here.
  if (restamped || Object.keys(fresh).length !== Object.keys(stamps).length) await saveStamps(stampFile, fresh);
  return { files, others: others.sort(), stats };
}

/** Files whose stat fields changed since they last matched are hashed when there are at most this many. */
const SUSPECTS_HASHED = 16;

/**
 * What changed in an entry since it was built, found cheaply enough for every `which`, `run`
 * and `list`: one stat per file (synchronous calls: a 4,800-file entry takes about 20 ms, where
 * the same lstats through the thread pool take 100 ms), never a full hash. Found: files that
 * are not part of the build (what `pip install` adds), missing ones, a file that is now a link
 * or the other way round, files of another size, and files of the same size whose stat fields
 * differ from the stamps their last full verification left (hashTreeStamped); those few are
 * hashed to tell a change from a touch. Files not stamped yet (an entry not yet reused by a
 * sync) are vouched for by their size only. Returns the differences, described.
 */
export async function changedSinceVerified(root: string, exclude: string[], expected: FileList, stampFile: string): Promise<string[]> {
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const problems: string[] = [];
  const suspects: string[] = [];
  const seen = new Set<string>();
  // Paths by slicing, not path.relative (which alone took 40 ms over 4,800 files).
  const base = root.endsWith(sep) ? root : root + sep;
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = e.parentPath === root ? base + e.name : `${e.parentPath}${sep}${e.name}`;
    const rel = sep === '/' ? path.slice(base.length) : path.slice(base.length).split(sep).join('/');
    if (exclude.includes(rel)) continue;
    seen.add(rel);
    const record = expected.get(rel);
    const kind: FileKind | undefined = e.isFile() ? 'f' : e.isSymbolicLink() ? 'l' : undefined;
    if (!record) problems.push(`${rel} is not part of the build${kind ? '' : ' (and not a regular file)'}`);
    else if (kind === undefined) problems.push(`${rel} is not a regular file`);
    else if (kind !== record.kind) problems.push(kindDifference(rel, record.kind, kind));
    else {
      // A link's size is the length of its target.
      // Plain numbers, not bigint stats (half the garbage): a stamp that looks different at this
      // precision only costs a hash of the file.
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st) problems.push(`${rel} is missing`);
      else if (st.size !== record.bytes) problems.push(`${rel} was changed since it was built (${st.size} bytes, it had ${record.bytes})`);
      else if (kind === 'f' && stamps[rel] && !looksStamped(stamps[rel], st, record.sha256)) suspects.push(rel);
    }
  }
  for (const rel of expected.keys()) if (!seen.has(rel)) problems.push(`${rel} is missing`);
  if (suspects.length > SUSPECTS_HASHED) {
    problems.push(`${suspects.length} files were touched since they were last verified (their stat fields differ, e.g. ${suspects[0]}): \`pydebug sync\` checks their content`);
  } else {
    for (const rel of suspects) {
      const actual = await hashEntryFile(join(root, rel), 'f').catch(() => undefined);
      const difference = actual ? recordDifference(rel, expected.get(rel)!, actual) : `${rel} cannot be read`;
      if (difference) problems.push(difference);
    }
  }
  return problems;
}

export function formatFileList(files: FileList): string {
  const paths = [...files.keys()].sort();
  for (const p of paths) {
    // A CPython install has no such names; one would make the list ambiguous.
    if (/[\n\r]/.test(p)) throw new Error(`cannot record ${JSON.stringify(p)}: a file name with a line break`);
  }
  return paths
    .map((p) => {
      const r = files.get(p)!;
      return `${r.sha256} ${r.bytes} ${r.kind} ${p}\n`;
    })
    .join('');
}

const LINE = /^([0-9a-f]{64}) (\d+) ([fl]) (.+)$/;

/** The list back from its text, or why it is not one. */
export function parseFileList(text: string): FileList | string {
  const files: FileList = new Map();
  const lines = text.split('\n');
  if (lines.pop() !== '') return 'it does not end with a line break';
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m) return `line ${i + 1} is not "<sha256> <bytes> <f|l> <path>"`;
    files.set(m[4]!, { sha256: m[1]!, bytes: Number(m[2]), kind: m[3] as FileKind });
  }
  return files;
}

const KIND_NAMES: Record<FileKind, string> = { f: 'a file', l: 'a symbolic link' };

function kindDifference(path: string, expected: FileKind, actual: FileKind): string {
  return `${path} is ${KIND_NAMES[actual]}, it was ${KIND_NAMES[expected]} when built`;
}

/** How one file differs from its record, or undefined when it matches. */
function recordDifference(path: string, expected: FileRecord, actual: FileRecord): string | undefined {
  if (actual.kind !== expected.kind) return kindDifference(path, expected.kind, actual.kind);
  if (actual.sha256 !== expected.sha256) return `${path} was changed since it was built (its SHA-256 differs)`;
  return undefined;
}

/** Every difference between the recorded list and what is there now: changed, missing, extra. */
export function compareTrees(expected: FileList, actual: TreeHashes): string[] {
  const problems: string[] = [];
  for (const [path, record] of expected) {
    const now = actual.files.get(path);
    if (!now) problems.push(`${path} is missing`);
    else {
      const diff = recordDifference(path, record, now);
      if (diff) problems.push(diff);
    }
  }
  for (const path of actual.files.keys()) if (!expected.has(path)) problems.push(`${path} is not part of the build`);
  for (const path of actual.others) problems.push(`${path} is not part of the build (and not a regular file)`);
  return problems;
}

/** The SHA-256 of a regular file was checked when it had these stat fields. */
interface Stamp {
  sha256: string;
  dev: string;
  ino: string;
  size: string;
  mtime_ns: string;
  ctime_ns: string;
}

const STAMP_FIELDS: ReadonlyArray<keyof Stamp> = ['sha256', 'dev', 'ino', 'size', 'mtime_ns', 'ctime_ns'];

/**
 * A record of stamps, checked by hand: zod took 15-25 ms over the 4,800 stamps of an entry,
 * as long as the stat pass they serve (every `which` reads them), and loading it at all costs
 * `run` and `which` about 40 ms.
 */
function isStamps(value: unknown): value is Record<string, Stamp> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const stamp of Object.values(value)) {
    if (typeof stamp !== 'object' || stamp === null) return false;
    for (const field of STAMP_FIELDS) if (typeof (stamp as Record<string, unknown>)[field] !== 'string') return false;
  }
  return true;
}

function stampOf(st: BigIntStats, sha256: string): Stamp {
  return { sha256, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime_ns: String(st.mtimeNs), ctime_ns: String(st.ctimeNs) };
}

/** sameStamp at the precision of number stats (inode and device exact below 2^53, times to the microsecond). */
function looksStamped(stamp: Stamp, st: Stats, sha256: string): boolean {
  const near = (ns: string, ms: number) => Math.abs(Number(ns) / 1e6 - ms) < 0.001;
  return stamp.sha256 === sha256 && stamp.ino === String(st.ino) && stamp.dev === String(st.dev) && near(stamp.mtime_ns, st.mtimeMs) && near(stamp.ctime_ns, st.ctimeMs);
}

function sameStamp(a: Stamp | undefined, b: Stamp): boolean {
  return a !== undefined && a.sha256 === b.sha256 && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime_ns === b.mtime_ns && a.ctime_ns === b.ctime_ns;
}

/**
 * File timestamps come from a coarse clock (a few ms): a file changed in the same tick as the
 * stat that verified it would keep its ctime. A stamp is recorded only for a file whose ctime
 * is safely in the past, so any later change gets a later ctime.
 */
const SETTLED_MS = 1000n;
function settled(st: BigIntStats): boolean {
  return st.ctimeNs / 1_000_000n < BigInt(Date.now()) - SETTLED_MS;
}

/** Stamps of the interpreter and libpython: a few lines. */
const CORE_STAMPS_LIMIT = 1024 * 1024;
/** Stamps of every file of an entry: about 150 bytes each, 6k files in a full CPython install. */
const TREE_STAMPS_LIMIT = 16 * 1024 * 1024;

async function loadStamps(file: string, limit = CORE_STAMPS_LIMIT): Promise<Record<string, Stamp>> {
  try {
    const read = await readBounded(file, limit);
    if ('data' in read) {
      const parsed: unknown = JSON.parse(read.data.toString('utf8'));
      if (isStamps(parsed)) return parsed;
    }
  } catch {
    // No stamps (or unreadable ones): everything is hashed.
  }
  return {};
}

/** Best effort: a store that cannot be written (read-only, full) only costs a hash per read. */
async function saveStamps(file: string, stamps: Record<string, Stamp>): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, `${JSON.stringify(stamps)}\n`, { flag: 'wx' });
    await renameInside(dir, temp, file, 'a verification stamp');
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/** What a core file is to the user: its role and path. */
function coreLabel(path: string): string {
  return `its ${/^lib\/libpython/.test(path) ? 'libpython' : 'interpreter'} ${path}`;
}

/**
 * Checks the interpreter and libpython files of an entry against their recorded hashes. A
 * regular file is hashed only when its stat fields differ from the stamp left in `stampFile` by
 * the last verification (an in-place rewrite with the mtime put back still changes the ctime).
 * Returns why they do not match, or undefined.
 */
export async function checkCoreFiles(entryDir: string, core: Record<string, FileRecord>, stampFile: string): Promise<string | undefined> {
  const stamps = await loadStamps(stampFile);
  const fresh: Record<string, Stamp> = {};
  for (const [rel, expected] of Object.entries(core)) {
    const label = coreLabel(rel);
    const path = join(entryDir, rel);
    let st: BigIntStats;
    try {
      st = lstatSync(path, { bigint: true });
    } catch {
      return `${label} is missing`;
    }
    const kind: FileKind | undefined = st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : undefined;
    if (kind === undefined) return `${label} is not a file`;
    if (kind !== expected.kind) return kindDifference(label, expected.kind, kind);
    if (Number(st.size) !== expected.bytes) return `${label} has ${st.size} bytes, it had ${expected.bytes} when built`;
    const stamp = stampOf(st, expected.sha256);
    if (kind === 'f' && sameStamp(stamps[rel], stamp)) {
      fresh[rel] = stamp;
      continue;
    }
    let actual: FileRecord;
    try {
      actual = await hashEntryFile(path, kind);
    } catch (e) {
      return `${label} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    const difference = recordDifference(label, expected, actual);
    if (difference) return difference;
    if (kind === 'f' && settled(st)) fresh[rel] = stamp;
  }
  const changed = Object.keys(fresh).length !== Object.keys(stamps).length || Object.entries(fresh).some(([rel, s]) => !sameStamp(stamps[rel], s));
  if (changed) await saveStamps(stampFile, fresh);
  return undefined;
}

/** The libpython files of a shared build (libpython3.13d.so, .so.1.0, libpython3.so), by path. */
const LIBPYTHON = /^lib\/libpython[^/]*\.so(\.[^/]*)?$/;

/**
 * The files checked on every read: the interpreter with each symbolic link on the way to it
 * (bin/python3 -> python3.13), and libpython when the build is shared.
 */
export async function coreFiles(prefix: string, python: string, files: FileList): Promise<Record<string, FileRecord>> {
  const core: Record<string, FileRecord> = {};
  for (const rel of await interpreterChain(prefix, python, files)) core[rel] = files.get(rel)!;
  for (const [path, record] of files) if (LIBPYTHON.test(path)) core[path] = record;
  return core;
}

/**
 * The interpreter `python` and each link on the way from it to a regular file, all among
 * `files`; the last one is the file. Each link must be relative and stay inside the entry (read
 * with readlink, never followed). Throws when the way leads elsewhere.
 */
export async function interpreterChain(prefix: string, python: string, files: FileList): Promise<string[]> {
  const chain: string[] = [];
  let rel = python;
  for (let hops = 0; ; hops++) {
    const record = files.get(rel);
    if (!record) throw new Error(`the interpreter ${rel} is not among the entry's files`);
    chain.push(rel);
    if (record.kind === 'f') return chain;
    const target = await readlink(join(prefix, rel));
    const next = posix.normalize(posix.join(posix.dirname(rel), target));
    if (posix.isAbsolute(target) || next === '..' || next.startsWith('../') || hops >= 8) throw new Error(`the interpreter link ${rel} -> ${target} does not lead to a file inside the entry`);
    rel = next;
  }
}
