/**
 * Moving an entry that was built (or last relocated) for one prefix to another: an entry from an
 * Actions cache archive or a registry, staged under tmp/ before it is installed at its place in
 * this store. The plan is relocate-plan.ts; here the entry is read, checked against its file
 * list, rewritten and recorded.
 *
 * Every file is read through one handle that was checked to be a regular file; a link is never
 * followed, and an entry holding anything but files, links and folders, or files not in its
 * list or differing from it, is refused before anything is written. Each rewritten file is
 * written new beside the old one (same mode and times) and renamed over it; the bytecode of a
 * rewritten module is compiled again by the entry's own interpreter (py_compile, which also
 * writes a new file and renames it). Then files.sha256 gets the new hashes, and the manifest the
 * new prefix and the relocation record (manifest.ts: where it was built, each rewritten file's
 * hashes before and after, the list's hash as built), both written new and renamed into place.
 */

import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { chmod, type FileHandle, lstat, readdir, readlink, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { TextDecoder } from 'node:util';
import { execa } from 'execa';
import { sanitizerBuildEnv } from '../config/cpython.js';
import { InterruptedError, PydebugError } from '../errors.js';
import { renameInside } from '../files/contained.js';
import { openRegularFile, readBounded } from '../files/read-text.js';
import { tempName } from '../files/temp-name.js';
import { withoutRunnerSecrets } from '../platform/index.js';
import { coreFiles, type FileList, formatFileList, hashFile, interpreterChain, sha256Of } from './entry-hashes.js';
import { MANIFEST_FILE, type Manifest, manifestPathProblem, type Relocation, readManifest } from './manifest.js';
import {
  classifyByHead,
  classifyContent,
  elfSearchPaths,
  type FileAction,
  isBuiltPrefix,
  PrefixSearch,
  planRelocation,
  prefixOffsets,
  REWRITE_LIMIT,
  relocatedContent,
  type ScannedFile,
  targetPrefixProblem,
} from './relocate-plan.js';
import { entryContentSize, readFileList } from './store.js';

export { targetPrefixProblem } from './relocate-plan.js';

/** The entry cannot be relocated (or is not the entry its record describes): nothing was changed. */
export class RelocationError extends PydebugError {}

export interface RelocatedFile {
  path: string;
  how: 'text' | 'shebang' | 'bytecode';
  before: { sha256: string; bytes: number };
  after: { sha256: string; bytes: number };
}

/** What relocateEntry did. */
export interface RelocationRecord {
  from: string;
  to: string;
  /** The prefix the entry was built for (the first `from` of a chain of relocations). */
  builtPrefix: string;
  /** Files rewritten in this relocation, by path. */
  rewritten: RelocatedFile[];
  /** Files that name the old prefix and were kept as they are, with why (bytecode only counted). */
  kept: Array<{ path: string; why: string }>;
  keptBytecode: number;
  /** The manifest as written (with the new prefix and the relocation record). */
  manifest: Manifest;
  /** Wall time of the relocation, seconds. */
  seconds: number;
}

export interface RelocateOptions {
  /** Environment for the entry's interpreter (recompiling bytecode); default: this process's, without runner secrets. */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

const COMPILE_SCRIPT = String.raw`
import json, py_compile, sys
jobs = json.loads(sys.stdin.read())
for job in jobs:
    py_compile.compile(job["source"], cfile=job["cfile"], dfile=job["dfile"], optimize=job["optimize"], invalidation_mode=py_compile.PycInvalidationMode[job["mode"]], doraise=True)
`;

/** PEP 552 flags of a .pyc's header: how its validity is checked. */
function invalidationMode(pyc: Buffer): 'TIMESTAMP' | 'CHECKED_HASH' | 'UNCHECKED_HASH' {
  const flags = pyc.length >= 8 ? pyc.readUInt32LE(4) : 0;
  if ((flags & 1) === 0) return 'TIMESTAMP';
  return (flags & 2) !== 0 ? 'CHECKED_HASH' : 'UNCHECKED_HASH';
}

function rel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** Gives a folder its owner's write bit while `fn` runs, then its mode back. */
async function withWritableFolder<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new RelocationError(`${dir} is not a folder`);
  const writable = (st.mode & 0o200) !== 0;
  if (!writable) await chmod(dir, (st.mode & 0o7777) | 0o200);
  try {
    return await fn();
  } finally {
    if (!writable) await chmod(dir, st.mode & 0o7777);
  }
}

/**
 * Writes `data` as a new file beside `path` (permissions and times of `like`) and renames it over
 * `path`. Never a setuid, setgid or sticky bit: pydebug may run as root (CI containers), and a
 * file it writes is not to become a program that runs as its owner.
 */
async function replaceFile(entryDir: string, path: string, data: Buffer | string, like?: { mode: number; atime: Date; mtime: Date }): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, tempName('.relocate'));
  await withWritableFolder(dir, async () => {
    try {
      await writeFile(temp, data, { flag: 'wx', mode: like ? like.mode & 0o777 : 0o444 });
      if (like) {
        await chmod(temp, like.mode & 0o777);
        await utimes(temp, like.atime, like.mtime);
      }
      await renameInside(entryDir, temp, path, 'a relocated file');
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
  });
}

/** Files up to this size are read whole, hashed and searched in one buffer; larger ones in chunks, never held. */
const WHOLE_READ_LIMIT = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;

type FileTimes = { mode: number; atime: Date; mtime: Date };

/** What reading one file of the entry found. */
interface FileRead {
  sha256: string;
  bytes: number;
  /** The file names `from` as a whole path; then what it is. */
  hit?: ScannedFile;
  /** Of a .pyc naming `from`: how its validity is checked. */
  invalidation?: ReturnType<typeof invalidationMode>;
  stats: FileTimes;
}

/** Reads a file whole (small) and tells what it is. */
async function readSmall(handle: FileHandle, path: string, from: string): Promise<Omit<FileRead, 'stats'>> {
  const data = await handle.readFile();
  const found = { sha256: sha256Of(data), bytes: data.length };
  if (!data.includes(from) || prefixOffsets(data, from).length === 0) return found;
  const cls = classifyContent(path, data);
  return {
    ...found,
    hit: { path, class: cls, bytes: data.length, ...(cls === 'elf' ? { searchPaths: elfSearchPaths(data) } : {}) },
    ...(cls === 'bytecode' ? { invalidation: invalidationMode(data) } : {}),
  };
}

/**
 * Reads a large file in chunks (hash, prefix, whether it is text) and, for an ELF file naming
 * `from`, only the parts of it that hold its search paths.
 */
async function readLarge(handle: FileHandle, path: string, from: string, size: number): Promise<Omit<FileRead, 'stats'>> {
  const hash = createHash('sha256');
  const search = new PrefixSearch(from);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let isText = true;
  const head = Buffer.alloc(8);
  let headBytes = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let bytes = 0;
  for (let n = -1; n !== 0; bytes += n) {
    ({ bytesRead: n } = await handle.read(buffer, 0, CHUNK, null));
    const chunk = buffer.subarray(0, n);
    hash.update(chunk);
    search.push(chunk);
    if (headBytes < 8) headBytes += chunk.copy(head, headBytes, 0, 8 - headBytes);
    if (isText && (chunk.includes(0) || !decodes(utf8, chunk, n === 0))) isText = false;
  }
  const found = { sha256: hash.digest('hex'), bytes };
  if (!search.end()) return found;
  const cls = classifyByHead(path, head.subarray(0, headBytes), isText);
  if (cls !== 'elf') return { ...found, hit: { path, class: cls, bytes } };
  const source = { size, read: (offset: number, length: number) => readAt(handle.fd, offset, length) };
  return { ...found, hit: { path, class: cls, bytes, searchPaths: elfSearchPaths(source) } };
}

function decodes(decoder: TextDecoder, chunk: Buffer, last: boolean): boolean {
  try {
    decoder.decode(chunk, { stream: !last });
    return true;
  } catch {
    return false;
  }
}

/** Up to `length` bytes at `offset` of an open regular file: the few header reads of a large ELF file. */
function readAt(fd: number, offset: number, length: number): Buffer {
  const out = Buffer.alloc(Math.max(0, Math.min(length, WHOLE_READ_LIMIT)));
  let got = 0;
  for (let n = -1; n !== 0 && got < out.length; got += n) n = readSync(fd, out, got, out.length - got, offset + got);
  return out.subarray(0, got);
}

/** Reads one regular file of the entry through one handle, whole or in chunks by its size. */
async function readEntryFile(full: string, path: string, from: string): Promise<FileRead> {
  const { handle, stats } = await openRegularFile(full);
  try {
    const read = stats.size <= WHOLE_READ_LIMIT ? await readSmall(handle, path, from) : await readLarge(handle, path, from, stats.size);
    return { ...read, stats: { mode: stats.mode, atime: stats.atime, mtime: stats.mtime } };
  } finally {
    await handle.close();
  }
}

/** A file to rewrite (planRelocation refuses any over REWRITE_LIMIT), read again and checked to be still as its list has it. */
async function readToRewrite(full: string, path: string, record: { sha256: string; bytes: number }): Promise<Buffer> {
  const read = await readBounded(full, Math.min(record.bytes, REWRITE_LIMIT));
  if (!('data' in read) || read.data.length !== record.bytes || sha256Of(read.data) !== record.sha256)
    throw new RelocationError(`the entry cannot be relocated: ${path} changed while it was being relocated`);
  return read.data;
}

interface Scan {
  list: FileList;
  hits: ScannedFile[];
  /** Of each .pyc naming the old prefix: how its validity is checked. */
  invalidation: Map<string, ReturnType<typeof invalidationMode>>;
  stats: Map<string, FileTimes>;
}

/**
 * Reads every file of the entry once: it must be exactly its file list (no other file, none
 * missing, each with its recorded hash), and those naming `from` are kept for the plan. No file
 * is held in memory beyond its own read, and none larger than WHOLE_READ_LIMIT at all.
 */
async function scanEntry(entryDir: string, manifest: Manifest, from: string): Promise<Scan> {
  const list = await readFileList(entryDir, manifest);
  if (typeof list === 'string') throw new RelocationError(`the entry cannot be relocated: ${list}`);
  const own = new Set([MANIFEST_FILE, manifest.contents.list]);
  const hits: ScannedFile[] = [];
  const invalidation = new Map<string, ReturnType<typeof invalidationMode>>();
  const stats = new Map<string, FileTimes>();
  const seen = new Set<string>();
  const regular: string[] = [];
  for (const e of await readdir(entryDir, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = rel(entryDir, join(e.parentPath, e.name));
    if (own.has(path)) continue;
    const record = list.get(path);
    if (!record) throw new RelocationError(`the entry cannot be relocated: ${path} is not part of the build`);
    seen.add(path);
    const full = join(entryDir, path);
    if (e.isSymbolicLink()) {
      const target = await readlink(full, { encoding: 'buffer' });
      if (record.kind !== 'l' || sha256Of(target) !== record.sha256) throw new RelocationError(`the entry cannot be relocated: ${path} differs from its file list`);
      if (prefixOffsets(target, from).length > 0)
        throw new RelocationError(`the entry cannot be relocated: the link ${path} points into the old prefix (${target.toString()}); CPython's install makes only relative links`);
      continue;
    }
    if (!e.isFile()) throw new RelocationError(`the entry cannot be relocated: ${path} is neither a file, a link nor a folder`);
    regular.push(path);
  }
  // A few files at a time, so reads overlap with hashing (as entry-hashes.ts does).
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < regular.length; i = next++) {
      const path = regular[i]!;
      const record = list.get(path)!;
      const read = await readEntryFile(join(entryDir, path), path, from);
      if (record.kind !== 'f' || read.bytes !== record.bytes || read.sha256 !== record.sha256)
        throw new RelocationError(`the entry cannot be relocated: ${path} differs from its file list (its SHA-256 is ${read.sha256}, the list has ${record.sha256})`);
      if (!read.hit) continue;
      hits.push(read.hit);
      if (read.invalidation) invalidation.set(path, read.invalidation);
      if (read.hit.class === 'text' || read.hit.class === 'bytecode') stats.set(path, read.stats);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  hits.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const path of list.keys()) if (!seen.has(path)) throw new RelocationError(`the entry cannot be relocated: ${path} is missing`);
  return { list, hits, invalidation, stats };
}

/** The entry's interpreter, with the environment it runs in for a job of its own. */
function interpreterEnv(entryDir: string, list: FileList, options: RelocateOptions): Record<string, string> {
  const base = options.env ?? withoutRunnerSecrets(process.env);
  const env: Record<string, string> = { ...base, ...sanitizerBuildEnv(['address'], { ASAN_OPTIONS: base.ASAN_OPTIONS ?? '' }) };
  // A shared build's interpreter finds libpython through LD_LIBRARY_PATH (pydebug builds no RPATH).
  if ([...list.keys()].some((p) => /^lib\/libpython[^/]*\.so/.test(p))) env.LD_LIBRARY_PATH = [join(entryDir, 'lib'), base.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return env;
}

/**
 * The entry's interpreter as the regular file its links lead to, inside the entry: what is run is
 * a file that matched its list, never a program a link points at.
 */
async function interpreterFile(entryDir: string, python: string, list: FileList): Promise<string> {
  try {
    return join(entryDir, (await interpreterChain(entryDir, python, list)).at(-1)!);
  } catch (e) {
    throw new RelocationError(`the entry cannot be relocated: ${(e as Error).message}`);
  }
}

async function recompile(entryDir: string, to: string, jobs: Array<Extract<FileAction, { action: 'recompile' }>>, scan: Scan, python: string, options: RelocateOptions): Promise<void> {
  if (jobs.length === 0) return;
  const input = jobs.map((j) => ({
    source: join(entryDir, j.source),
    cfile: join(entryDir, j.path),
    dfile: `${to}/${j.source}`,
    optimize: j.optimization,
    mode: scan.invalidation.get(j.path)!,
  }));
  const folders = [...new Set(jobs.map((j) => dirname(join(entryDir, j.path))))];
  const modes = await Promise.all(folders.map(async (d) => ({ d, mode: (await lstat(d)).mode & 0o7777 })));
  try {
    for (const { d, mode } of modes) await chmod(d, mode | 0o200);
    const r = await execa(python, ['-I', '-B', '-c', COMPILE_SCRIPT], {
      input: JSON.stringify(input),
      reject: false,
      env: interpreterEnv(entryDir, scan.list, options),
      extendEnv: false,
      cancelSignal: options.signal,
      timeout: 120_000,
    });
    if (r.isCanceled) throw new InterruptedError();
    if (r.exitCode !== 0) throw new RelocationError(`compiling the relocated modules' bytecode failed (exit ${r.exitCode ?? r.signal}): ${r.stderr.split('\n').slice(-3).join(' ').trim()}`);
  } finally {
    for (const { d, mode } of modes) await chmod(d, mode).catch(() => undefined);
  }
}

/**
 * Relocates the entry in `entryDir` (a staged copy, or an entry nobody uses yet), built or last
 * relocated for the prefix `from` (its manifest's `prefix`), to the prefix `to`, where it will be
 * installed. Refuses (RelocationError, nothing changed) a target path with characters the
 * entry's files cannot carry (targetPrefixProblem), a `from` other than the manifest's, an entry
 * that differs from its file list, and one whose ELF files find libraries through an RPATH inside
 * the old prefix. `from === to` changes nothing.
 */
export async function relocateEntry(entryDir: string, from: string, to: string, options: RelocateOptions = {}): Promise<RelocationRecord> {
  const started = performance.now();
  const manifest = await relocatableManifest(entryDir, from, to);
  const builtPrefix = manifest.relocation?.built_prefix ?? from;
  const done = (m: Manifest, rewritten: RelocatedFile[] = [], kept: Array<{ path: string; why: string }> = [], keptBytecode = 0): RelocationRecord => ({
    from,
    to,
    builtPrefix,
    rewritten,
    kept,
    keptBytecode,
    manifest: m,
    seconds: (performance.now() - started) / 1000,
  });
  if (from === to) return done(manifest);

  const scan = await scanEntry(entryDir, manifest, from);
  const plan = planRelocation(scan.hits, from);
  if (plan.problems.length > 0) throw new RelocationError(`the entry cannot be relocated: ${plan.problems.join('; ')}`);
  const python = await interpreterFile(entryDir, manifest.python, scan.list);

  const files: FileList = new Map(scan.list);
  const rewritten: RelocatedFile[] = [];
  for (const a of plan.actions) {
    if (a.action !== 'rewrite') continue;
    const before = await readToRewrite(join(entryDir, a.path), a.path, scan.list.get(a.path)!);
    const after = relocatedContent(before, a.how, from, to);
    await replaceFile(entryDir, join(entryDir, a.path), after, scan.stats.get(a.path));
    const record = { sha256: sha256Of(after), bytes: after.length };
    files.set(a.path, { ...record, kind: 'f' });
    rewritten.push({ path: a.path, how: a.how, before: { sha256: sha256Of(before), bytes: before.length }, after: record });
  }
  const jobs = plan.actions.filter((a): a is Extract<FileAction, { action: 'recompile' }> => a.action === 'recompile');
  await recompile(entryDir, to, jobs, scan, python, options);
  for (const j of jobs) {
    const before = scan.list.get(j.path)!;
    const after = await hashFile(join(entryDir, j.path));
    files.set(j.path, { ...after, kind: 'f' });
    rewritten.push({ path: j.path, how: 'bytecode', before: { sha256: before.sha256, bytes: before.bytes }, after });
  }
  const kept = plan.actions
    .filter((a): a is Extract<FileAction, { action: 'keep' }> => a.action === 'keep' && scan.hits.find((h) => h.path === a.path)?.class !== 'bytecode')
    .map((a) => ({ path: a.path, why: a.why }));
  const keptBytecode = plan.actions.filter((a) => a.action === 'keep').length - kept.length;

  const relocation = relocationAfter(manifest, builtPrefix, rewritten, kept, keptBytecode);

  const list = formatFileList(files);
  await replaceFile(entryDir, join(entryDir, manifest.contents.list), list);
  const updated: Manifest = {
    ...manifest,
    prefix: to,
    size: await entryContentSize(entryDir),
    contents: { list: manifest.contents.list, list_sha256: sha256Of(list), core: await coreFiles(entryDir, manifest.python, files) },
    relocation,
  };
  await replaceFile(entryDir, join(entryDir, MANIFEST_FILE), `${JSON.stringify(updated, null, 2)}\n`);
  return done(updated, rewritten, kept, keptBytecode);
}

/** The entry's manifest, once every check before a relocation from `from` to `to` has passed (RelocationError otherwise). */
async function relocatableManifest(entryDir: string, from: string, to: string): Promise<Manifest> {
  const problem = targetPrefixProblem(to);
  if (problem)
    throw new RelocationError(`cannot move the entry to ${JSON.stringify(to)}: ${problem}`, { hint: 'set PYDEBUG_HOME (or the runner tool cache) to a path of letters, digits and / . _ - + @' });
  const read = await readManifest(entryDir);
  if (!('manifest' in read)) throw new RelocationError(`the entry cannot be relocated: ${'damaged' in read ? read.damaged : 'its manifest is missing'}`);
  const manifest = read.manifest;
  // Before anything is read or run: every path the manifest names (the interpreter, the file list...) lies inside the entry.
  const pathProblem = await manifestPathProblem(entryDir, manifest);
  if (pathProblem) throw new RelocationError(`the entry cannot be relocated: ${pathProblem}`);
  for (const [what, prefix] of [
    ["its manifest's prefix", manifest.prefix],
    ["its relocation record's built_prefix", manifest.relocation?.built_prefix],
  ] as const) {
    if (prefix !== undefined && !isBuiltPrefix(prefix))
      throw new RelocationError(`the entry cannot be relocated: ${what} ${JSON.stringify(prefix)} is not a path an entry is built at (absolute, normalized, no control characters)`);
  }
  if (manifest.prefix !== from) throw new RelocationError(`the entry cannot be relocated from ${from}: its manifest says it is built for ${manifest.prefix}`);
  const keySuffix = `/${manifest.entry_key}`;
  if (!from.endsWith(keySuffix) || !to.endsWith(keySuffix))
    throw new RelocationError(`the entry ${manifest.entry_key} can only move between store paths that end with its key (from ${from} to ${to})`);
  return manifest;
}

/** The manifest's relocation record after this one: it accumulates, each file keeping its content as built. */
function relocationAfter(manifest: Manifest, builtPrefix: string, rewritten: RelocatedFile[], kept: Array<{ path: string; why: string }>, keptBytecode: number): Relocation {
  const earlier = manifest.relocation;
  const relocation: Relocation = {
    built_prefix: builtPrefix,
    built_list_sha256: earlier?.built_list_sha256 ?? manifest.contents.list_sha256,
    relocated_at: new Date().toISOString(),
    files: { ...earlier?.files },
    kept: Object.fromEntries(kept.map((k) => [k.path, k.why])),
    kept_bytecode: keptBytecode,
  };
  for (const r of rewritten) relocation.files[r.path] = { how: r.how, built: earlier?.files[r.path]?.built ?? r.before, now: r.after };
  return relocation;
}
