/**
 * The local store under PYDEBUG_HOME (default: <user cache dir>/pydebug):
 *
 *   downloads/<sha256>/<file>        verified tarballs, content-addressed
 *   sources/<version>-<sha256:16>/   extracted trees, shared by every variant's out-of-tree build
 *   entries/<entry key>/             installed interpreters (a prefix: bin/, lib/, include/, share/pydebug/)
 *   logs/<entry key>.log             the full configure/make/install log of the last build of it
 *   tmp/                             staging; anything here is disposable
 *   verified/<entry key>*.json       stat fields of files that last matched their hashes, and
 *                                    the entry's seal (entry-seal.ts): a cache
 *   locks/                           cross-process mutexes (mutex.ts; pydebugs of every version meet here)
 *   projects/<16 hex>.json           the projects that use the store, by their lock's path (projects.ts)
 *   cache/                           what pydebug can work out again: compilers' answers
 *                                    (compiler-facts.ts), Node's compile cache of pydebug itself
 *
 * An entry appears in entries/ only by an atomic rename of a fully built, probed and verified
 * prefix, and it carries share/pydebug/manifest.json. The file .pydebug-store marks the root as
 * a store: pydebug makes a store only in a new or empty directory, and `clean` removes nothing
 * from a directory without the mark. Every folder of the layout is a real directory (no link).
 *
 * A store is shared by pydebugs of different versions. Those of entry format 3 and earlier kept
 * their entries in store/<entry key>/ (OLDER_ENTRIES_DIR), under keys this pydebug never makes
 * (the entry format is part of the key), with their logs, stamps and mutexes named by those keys
 * in the folders above. This pydebug reads nothing in store/ and removes nothing from it but with
 * `clean --all`: the entries are another pydebug's, which may still be using them.
 */
import { accessSync, constants, lstatSync, realpathSync, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PydebugError } from '../errors.js';
import { assertInside, isStrictlyInside, OutsideError, removeInside, renameInside } from '../files/contained.js';
import { existsNoFollow } from '../files/exists.js';
import { diskFullError, isDiskFull } from '../files/fs-error.js';
import { makeReadOnly, makeTreeReadOnly } from '../files/read-only.js';
import { readBounded } from '../files/read-text.js';
import { tempName, tempNamePid } from '../files/temp-name.js';
import { segmentProblem } from '../paths.js';
import { type CompilerFacts, type CompilerFactsCache, type Env, libcFile } from '../platform/index.js';
import { isAlive } from '../platform/proc.js';
import { compilerRecordName, readCompilerFacts, writeCompilerFacts } from './compiler-facts.js';
import { changedSinceVerified, checkCoreFiles, compareTrees, type FileList, hashTreeStamped, parseFileList, sha256Of, type TreeHashes } from './entry-hashes.js';
import { type StatListing, sealMatches, settledListing, statListing, writeSeal } from './entry-seal.js';
import { ENTRY_META_DIR, MANIFEST_FILE, MANIFEST_VERSION, type Manifest, manifestPathProblem, readManifest, recordContents, relocationListProblem } from './manifest.js';

export { defaultHome, STORE_MARK } from './home.js';
export { ENTRY_META_DIR, MANIFEST_VERSION, type Manifest } from './manifest.js';

import { STORE_MARK } from './home.js';

/** What writeManifest is given: the manifest but what it computes itself from the files. */
export type ManifestFields = Omit<Manifest, 'manifest_version' | 'size' | 'contents'>;

/** pydebug's own subdirectories of a store: the only places it writes in or removes from. */
export const LAYOUT_DIRS = ['entries', 'tmp', 'logs', 'locks', 'downloads', 'sources', 'verified', 'projects', 'cache'];
/** Where pydebugs of entry format 3 and earlier kept their entries (see above): not this pydebug's, but for `clean --all`. */
export const OLDER_ENTRIES_DIR = 'store';
const MARK_WHAT = 'pydebug store';
/** The mark is one line of JSON; a bigger file is not pydebug's mark. */
const MARK_LIMIT = 4096;

function markText(): string {
  return `${JSON.stringify(
    {
      what: MARK_WHAT,
      created: new Date().toISOString(),
      note: 'This directory is a pydebug store (PYDEBUG_HOME). pydebug clean removes only its own subdirectories, and only where this file is.',
    },
    null,
    2,
  )}\n`;
}

/** PYDEBUG_HOME names a directory that holds files pydebug did not make. */
export class NotAStoreError extends PydebugError {
  constructor(
    readonly root: string,
    foreign: string[],
  ) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
    super(`${root} is not a pydebug store: it holds ${shown}, and pydebug keeps its store in a directory of its own`, {
      hint: 'set PYDEBUG_HOME to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug',
    });
  }
}

/**
 * `dir`/`name` for a name that comes from data (an entry key, a version, a file name from a URL): it
 * must be one path segment, or the path is refused before anyone can use it.
 */
function inDir(dir: string, name: string, what: string): string {
  const problem = segmentProblem(name);
  if (problem) throw new OutsideError(join(dir, name), dir, `${what} (${JSON.stringify(name.slice(0, 80))}: ${problem})`);
  return join(dir, name);
}

/**
 * An entry's state. `changed`: what a stat pass found changed since the entry was built, when
 * it was read without checking every file (which, run, list warn about it; sync rebuilds).
 * `changedFiles`: a damaged entry's differing files, when that is why it is damaged.
 */
export type EntryState = { status: 'ok'; manifest: Manifest; dir: string; python: string; changed?: string[] } | { status: 'missing' } | { status: 'damaged'; reason: string; changedFiles?: string[] };

/** How much of an entry readEntry checks beyond its manifest and core files (see there). */
export interface EntryReadOptions {
  everyFile?: boolean;
  coreOnly?: boolean;
}

export class Store {
  constructor(readonly root: string) {}

  get entriesDir(): string {
    return join(this.root, 'entries');
  }
  /** store/ in the root: an older pydebug's entries (OLDER_ENTRIES_DIR). */
  get olderEntriesDir(): string {
    return join(this.root, OLDER_ENTRIES_DIR);
  }
  /**
   * The names of the entries an older pydebug left in store/ (not its hidden temporary names),
   * sorted; none when there is no such folder or it is not a directory (nothing is followed).
   */
  async olderEntries(): Promise<string[]> {
    const st = await lstat(this.olderEntriesDir).catch(() => undefined);
    if (!st?.isDirectory()) return [];
    return (await readdir(this.olderEntriesDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
  }
  get tmpDir(): string {
    return join(this.root, 'tmp');
  }
  get sourcesDir(): string {
    return join(this.root, 'sources');
  }
  get logsDir(): string {
    return join(this.root, 'logs');
  }
  /** Cross-process mutexes (mutex.ts), in locks/: pydebugs of every version sharing a store meet there. */
  get mutexesDir(): string {
    return join(this.root, 'locks');
  }
  /** Stamps of files that matched their recorded hashes (see entry-hashes.ts): a cache. */
  get verifiedDir(): string {
    return join(this.root, 'verified');
  }
  get downloadsDir(): string {
    return join(this.root, 'downloads');
  }
  /** One record per project that uses the store (projects.ts): what `clean` keeps for others. */
  get projectsDir(): string {
    return join(this.root, 'projects');
  }
  /** What pydebug can work out again (compilers' answers, Node's compile cache): anything here may go. */
  get cacheDir(): string {
    return join(this.root, 'cache');
  }
  /**
   * Makes cache/ in a store that exists (marked, and not through a link) when a store from an
   * earlier pydebug lacks it; true when it is there. Commands that only read make it too: the
   * next start then finds Node's compile cache and the compiler's answers there.
   */
  async ensureCacheDir(): Promise<boolean> {
    try {
      if (!(await this.isMarked())) return false;
      await mkdir(this.cacheDir).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      return (await lstat(this.cacheDir)).isDirectory();
    } catch {
      return false;
    }
  }
  /** What compilers said of themselves, remembered per executable (compiler-facts.ts). */
  compilerFacts(cwd: string, env: Env): CompilerFactsCache {
    const dir = this.cacheDir;
    // The C library is kept only under a record name that carries its file (compiler-facts.ts).
    const libc = libcFile();
    const withoutLibc = ({ libc: _, ...facts }: CompilerFacts): CompilerFacts => facts;
    return {
      get: async (compiler) => {
        const name = compilerRecordName(compiler, env.PATH, cwd, libc);
        const facts = name === undefined ? undefined : await readCompilerFacts(dir, name);
        return facts && libc === undefined ? withoutLibc(facts) : facts;
      },
      put: async (compiler, facts) => {
        const name = compilerRecordName(compiler, env.PATH, cwd, libc);
        if (name !== undefined && (await this.ensureCacheDir())) await writeCompilerFacts(dir, name, libc === undefined ? withoutLibc(facts) : facts);
      },
    };
  }
  /** Every one of pydebug's subdirectories of the store (LAYOUT_DIRS), as paths. */
  get layoutDirs(): string[] {
    return LAYOUT_DIRS.map((d) => join(this.root, d));
  }
  get markPath(): string {
    return join(this.root, STORE_MARK);
  }
  entryDir(entryKey: string): string {
    return inDir(this.entriesDir, entryKey, 'an entry key');
  }
  manifestPath(entryKey: string): string {
    return join(this.entryDir(entryKey), ENTRY_META_DIR, 'manifest.json');
  }
  downloadPath(sha256: string, file: string): string {
    return inDir(inDir(this.downloadsDir, sha256, 'a SHA-256'), file, 'a tarball file name');
  }
  sourceTreeDir(version: string, sha256: string): string {
    return inDir(this.sourcesDir, `${version}-${sha256.slice(0, 16)}`, 'a source tree name');
  }
  /**
   * The marker of an entry whose restore into its directory in place did not finish: pydebugs from
   * before 2026-12 restored caches so (into store/, of entry format 3 and earlier). This pydebug
   * writes none (a restore stages in tmp/ and renames); an entry with one reads as damaged, and
   * the marker goes with the entry.
   */
  incompleteMarker(entryKey: string): string {
    return inDir(this.entriesDir, `.${entryKey}.incomplete`, 'an entry key');
  }
  logPath(entryKey: string): string {
    return inDir(this.logsDir, `${entryKey}.log`, 'an entry key');
  }
  mutexPath(name: string): string {
    return inDir(this.mutexesDir, `${name}.lock`, 'a mutex name');
  }

  /** Creates the layout, marking the root first when it is not a store yet (see adopt). */
  async ensureLayout(): Promise<void> {
    if (!(await this.isMarked())) await this.adopt();
    await Promise.all(
      this.layoutDirs.map((d) =>
        mkdir(d, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
          // A file in the folder's place: assertRealLayout says so.
          if (e.code !== 'EEXIST') throw e;
        }),
      ),
    );
    await this.assertRealLayout();
  }

  /**
   * Each of pydebug's folders in the store is a real directory: a link there would move every
   * write, sweep and removal below it into whatever it names. Checked before anything is swept.
   */
  async assertRealLayout(): Promise<void> {
    for (const dir of this.layoutDirs) {
      const st = await lstat(dir).catch(() => undefined);
      if (st === undefined || st.isDirectory()) continue;
      const what = st.isSymbolicLink() ? 'a symbolic link' : 'not a directory';
      throw new PydebugError(`${dir} is ${what}: pydebug keeps its store in real directories and writes or deletes nothing through a link`, {
        hint: `move ${dir} out of the way (it is not pydebug's), or set PYDEBUG_HOME to a new directory`,
      });
    }
  }

  /** True when the root carries the mark: a regular file (not a link) that says it is one. */
  async isMarked(): Promise<boolean> {
    const st = await lstat(this.markPath).catch(() => undefined);
    if (!st?.isFile()) return false;
    try {
      // Read through one non-blocking handle: a FIFO swapped in after the lstat is refused, not waited on.
      const read = await readBounded(this.markPath, MARK_LIMIT);
      if (!('data' in read)) return false;
      return (JSON.parse(read.data.toString('utf8')) as { what?: unknown }).what === MARK_WHAT;
    } catch {
      return false;
    }
  }

  /**
   * Marks the root as a store when it is new or empty. Anything else is someone else's directory,
   * whatever its folders are named (a ~/data holding downloads/ and logs/): refused.
   */
  private async adopt(): Promise<void> {
    const st = await stat(this.root).catch(() => undefined);
    if (st && !st.isDirectory()) {
      throw new PydebugError(`PYDEBUG_HOME (${this.root}) is not a directory`, {
        hint: `PYDEBUG_HOME (${this.root}) must be a directory pydebug can write: set it to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug`,
      });
    }
    await mkdir(this.root, { recursive: true });
    const foreign = (await readdir(this.root)).filter((n) => n !== STORE_MARK).sort();
    if (foreign.length > 0) throw new NotAStoreError(this.root, foreign);
    try {
      await writeFile(this.markPath, markText(), { flag: 'wx' });
    } catch (e) {
      // Another pydebug marked it at the same moment.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
      // A mark cut short by a full disk is not left to be read as a store's.
      if (isDiskFull(e)) {
        await rm(this.markPath, { force: true });
        throw diskFullError(e as NodeJS.ErrnoException, this.markPath, 'the store was not marked');
      }
      throw e;
    }
  }

  /** A unique, empty directory under tmp/, named <prefix>.<pid>.<random> (see sweepLeftovers). */
  async makeTemp(prefix: string): Promise<string> {
    const dir = await assertInside(this.tmpDir, join(this.tmpDir, tempName(prefix)), 'a temporary directory');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Removes what killed processes left in tmp/, half-extracted trees in sources/ and entries
   * half-removed from entries/: anything named by tempName() whose process is gone.
   */
  async sweepLeftovers(): Promise<string[]> {
    await this.assertRealLayout();
    const removed: string[] = [];
    for (const dir of [this.tmpDir, this.sourcesDir, this.entriesDir]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const pid = tempNamePid(name);
        if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
        await removeInside(dir, join(dir, name), 'a leftover');
        removed.push(join(dir, name));
      }
    }
    return removed;
  }

  /** Outside the entry (which stays as built and cached): when its core files were last verified. */
  verifiedStampPath(entryKey: string): string {
    return inDir(this.verifiedDir, `${entryKey}.json`, 'an entry key');
  }
  /** The same for every file of the entry, left by its last full verification. */
  verifiedTreeStampPath(entryKey: string): string {
    return inDir(this.verifiedDir, `${entryKey}.files.json`, 'an entry key');
  }
  /** The entry's seal (entry-seal.ts): one digest of every file's stat fields, taken when they last matched. */
  sealPath(entryKey: string): string {
    return inDir(this.verifiedDir, `${entryKey}.seal.json`, 'an entry key');
  }
  /** Drops the stamps of an entry (it was removed): a cache, so nothing is lost but a hash. */
  async forgetVerification(entryKey: string): Promise<void> {
    for (const path of [this.sealPath(entryKey), this.verifiedStampPath(entryKey), this.verifiedTreeStampPath(entryKey)]) await removeInside(this.verifiedDir, path, 'a verification stamp');
  }

  /**
   * Reads and checks an entry: the manifest must be one, name this key and only paths inside the
   * entry, and the interpreter and libpython must have the content they were built with (hashed
   * once, then trusted while their stat fields stay as they were). Cheap enough for every
   * `which` and `run`. With everyFile, every file is hashed too (see verifyContents); with
   * coreOnly, only those files are checked, and the stat pass that names what else changed is
   * left to changedFiles (`run` makes it while its command starts).
   */
  async readEntry(entryKey: string, options: EntryReadOptions & { at?: string } = {}): Promise<EntryState> {
    // `at`: a staged copy of the entry (a cache restore in tmp/), checked before it is installed.
    const dir = options.at ?? this.entryDir(entryKey);
    if (options.at === undefined && (await existsNoFollow(this.incompleteMarker(entryKey)))) {
      return { status: 'damaged', reason: 'a restore into it did not finish' };
    }
    // Only "nothing there" means missing; a store root that is a file or a loop is an error.
    let entry: Stats | undefined;
    try {
      entry = lstatSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (!entry) return { status: 'missing' };
    // pydebug makes entries by renaming a directory; a link here points at something it did not build.
    if (!entry.isDirectory()) return { status: 'damaged', reason: 'it is not a directory (a symbolic link or a file is in its place)' };
    const read = await readManifest(dir);
    if ('missing' in read) return { status: 'damaged', reason: 'its manifest is missing' };
    if ('damaged' in read) return { status: 'damaged', reason: read.damaged };
    const { manifest } = read;
    if (manifest.entry_key !== entryKey) return { status: 'damaged', reason: `its manifest names another key (${manifest.entry_key})` };
    const ok = { status: 'ok' as const, manifest, dir, python: join(dir, manifest.python) };
    // coreOnly: the rest of the tree is the caller's to ask for (changedFiles), while it uses the entry.
    const coreOnly = options.coreOnly === true && options.at === undefined;
    // As sealed: every file as it was when it last matched its hash (one stat each, nothing read);
    // else the core files by their stamps.
    const sealed = !coreOnly && options.at === undefined && (await sealMatches(dir, this.sealPath(entryKey)));
    const problem =
      (await manifestPathProblem(dir, manifest)) ??
      (sealed ? undefined : await checkCoreFiles(dir, manifest.contents.core, this.verifiedStampPath(entryKey))) ??
      interpreterProblem(dir, manifest.python);
    if (problem) return { status: 'damaged', reason: problem };
    if (coreOnly) return ok;
    if (sealed) return options.everyFile ? ok : { ...ok, changed: [] };
    if (!options.everyFile) return { ...ok, changed: await this.changedSinceVerified(entryKey, manifest) };
    const damage = await this.checkContents(entryKey, manifest, dir, options.at === undefined);
    return damage ? { status: 'damaged', ...damage } : ok;
  }

  /**
   * What changed in an entry read with coreOnly since it was last verified: nothing while its
   * seal matches, else the stat pass readEntry makes (the same answer as its `changed`).
   */
  async changedFiles(entryKey: string, manifest: Manifest): Promise<string[]> {
    if (await sealMatches(this.entryDir(entryKey), this.sealPath(entryKey))) return [];
    return this.changedSinceVerified(entryKey, manifest);
  }

  /** The stat pass of changedSinceVerified (entry-hashes.ts) over an entry that was read: what changed. */
  private async changedSinceVerified(entryKey: string, manifest: Manifest): Promise<string[]> {
    const dir = this.entryDir(entryKey);
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === 'string') return [recorded];
    return changedSinceVerified(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
  }

  /**
   * Writes share/pydebug/manifest.json into a built prefix, with the hash of every file there
   * (share/pydebug/files.sha256) and the entry's size; returns the manifest.
   */
  async writeManifest(prefixDir: string, fields: ManifestFields): Promise<Manifest> {
    await mkdir(join(prefixDir, ENTRY_META_DIR), { recursive: true });
    const contents = await recordContents(prefixDir, fields.python);
    const manifest: Manifest = { manifest_version: MANIFEST_VERSION, ...fields, size: await entryContentSize(prefixDir), contents };
    await writeFile(join(prefixDir, ENTRY_META_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  /**
   * Moves a complete, verified prefix into the store with one rename, read-only (files/read-only.ts).
   * A damaged entry in the way is moved aside first and deleted after. Call it holding the
   * entry's mutex.
   */
  async install(stagedPrefix: string, entryKey: string): Promise<string> {
    const final = this.entryDir(entryKey);
    await assertInside(this.tmpDir, stagedPrefix, 'a staged build');
    await assertInside(this.entriesDir, final, 'a store entry');
    await mkdir(this.entriesDir, { recursive: true });
    await makeTreeReadOnly(stagedPrefix, { exceptTop: true });
    // Taken while the entry is still pydebug's alone, so no write can slip between check and seal.
    const listing = await this.installListing(stagedPrefix);
    const aside = await this.moveAside(entryKey);
    await renameInside(this.root, stagedPrefix, final, 'a store entry');
    await makeReadOnly(final);
    if (listing) await writeSeal(this.sealPath(entryKey), listing);
    if (aside) await removeInside(this.entriesDir, aside, 'a replaced entry');
    return final;
  }

  /**
   * The seal of a staged entry that was just verified (built and hashed, or restored and checked):
   * its files settled, and the same paths, kinds and sizes as its file list. Undefined otherwise
   * (then the first sync checks every file).
   */
  private async installListing(stagedPrefix: string): Promise<StatListing | undefined> {
    const read = await readManifest(stagedPrefix);
    if (!('manifest' in read)) return undefined;
    const recorded = await readFileList(stagedPrefix, read.manifest);
    if (typeof recorded === 'string') return undefined;
    const own = new Set([MANIFEST_FILE, read.manifest.contents.list]);
    return settledListing(stagedPrefix, (listing) => listingMatchesList(listing, recorded, own));
  }

  /**
   * Moves an entry out of the way with one rename, beside it in entries/ (so always on the same
   * filesystem) under a hidden temporary name; returns where, or undefined if there was none.
   */
  private async moveAside(entryKey: string): Promise<string | undefined> {
    const aside = join(this.entriesDir, tempName(`.${entryKey}.removing`));
    try {
      await renameInside(this.entriesDir, this.entryDir(entryKey), aside, 'a store entry');
      return aside;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async remove(entryKey: string): Promise<void> {
    await this.clearIncompleteMarker(entryKey);
    const aside = await this.moveAside(entryKey);
    if (aside) await removeInside(this.entriesDir, aside, 'a removed entry');
  }

  async clearIncompleteMarker(entryKey: string): Promise<void> {
    await removeInside(this.entriesDir, this.incompleteMarker(entryKey), 'an incomplete-restore marker');
  }

  /**
   * Thorough check, for entries that arrive from elsewhere (a cache restore) or are reused by
   * `sync`: every file compared with the list the build recorded (changed, missing and extra
   * files). Why it does not match, or undefined. Files are hashed (about 1 s for a 250 MB entry)
   * unless their stat fields show them unchanged since they last matched (see hashTreeStamped).
   */
  async verifyContents(entryKey: string, manifest: Manifest, dir = this.entryDir(entryKey)): Promise<string | undefined> {
    return (await this.checkContents(entryKey, manifest, dir))?.reason;
  }

  /** verifyContents, with the differing files when they are why; seals the entry when it matches (and `seal`). */
  private async checkContents(entryKey: string, manifest: Manifest, dir: string, seal = false): Promise<{ reason: string; changedFiles?: string[] } | undefined> {
    const outside = await manifestPathProblem(dir, manifest);
    if (outside) return { reason: outside };
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === 'string') return { reason: recorded };
    let tree;
    try {
      tree = await hashTreeStamped(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { reason: `its files cannot all be read (${[err.code, err.path].filter(Boolean).join(' ') || err.message})` };
    }
    const differences = compareTrees(recorded, tree);
    const reason = describeDifferences(differences);
    if (reason) return { reason, changedFiles: differences };
    if (seal) await this.sealChecked(entryKey, dir, tree, new Set([MANIFEST_FILE, manifest.contents.list]));
    return undefined;
  }

  /**
   * Seals an entry whose every file was just found to match (hashTreeStamped): when each file is
   * still as it was stat'ed before its check, and every ctime is settled, nothing can have
   * changed unseen between the check and the seal.
   */
  private async sealChecked(entryKey: string, dir: string, tree: TreeHashes, own: Set<string>): Promise<void> {
    let listing: StatListing;
    try {
      listing = statListing(dir, { keepStats: true });
    } catch {
      return;
    }
    const settledBefore = Date.now() - SEAL_SETTLED_MS;
    if (listing.newestChangeMs >= settledBefore) return;
    for (const [rel, st] of listing.stats!) {
      if (own.has(rel)) continue;
      const checked = tree.stats?.get(rel);
      if (!checked || checked.ino !== BigInt(st.ino) || checked.size !== BigInt(st.size) || Math.abs(Number(checked.ctimeNs) / 1e6 - st.ctimeMs) >= 0.001) return;
    }
    if (listing.files !== tree.files.size + own.size) return;
    await writeSeal(this.sealPath(entryKey), listing);
  }

  /** Why the store cannot be written, or undefined when it can (probes entries/ and tmp/). */
  async checkWritable(): Promise<string | undefined> {
    try {
      await this.ensureLayout();
      for (const dir of [this.entriesDir, this.tmpDir]) {
        const probe = join(dir, tempName('.write-probe'));
        await writeFile(probe, '', { flag: 'wx' });
        await removeInside(dir, probe, 'a write probe');
      }
      return undefined;
    } catch (e) {
      if (e instanceof PydebugError) throw e;
      return (e as Error).message;
    }
  }

  /** Bytes available to this user on the store's filesystem, when the platform can tell. */
  async freeBytes(): Promise<number | undefined> {
    try {
      const s = await statfs(this.root);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  }
}

export const DISK_FULL_HINT = 'the disk is full: free space, or set PYDEBUG_HOME to a larger disk (a build needs about 1.2 GB while it runs)';

/** What a user can do about a file-system error (an errno code) in the store at `root`. */
export function fileSystemHint(code: string | undefined, root: string): string {
  if (code === 'ENOSPC') return DISK_FULL_HINT;
  if (code === 'EXDEV') return `keep all of PYDEBUG_HOME (${root}) on one filesystem`;
  return `check that PYDEBUG_HOME (${root}) is writable and has free space`;
}

/** Total apparent size and file count of a directory tree (symlinks counted, not followed). */
export async function treeSize(dir: string, exclude: string[] = []): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      if (e.isDirectory()) return;
      const path = join(e.parentPath, e.name);
      if (exclude.includes(path)) return;
      const st = await lstat(path);
      bytes += st.size;
      files += 1;
    }),
  );
  return { bytes, files };
}

/** The size an entry's manifest records: everything but the manifest itself. */
export function entryContentSize(prefix: string): Promise<{ bytes: number; files: number }> {
  return treeSize(prefix, [join(prefix, ENTRY_META_DIR, 'manifest.json')]);
}

/** The interpreter resolves (through its links) to an executable file inside the entry. */
function interpreterProblem(dir: string, python: string): string | undefined {
  const path = join(dir, python);
  try {
    // Synchronous, as every check of an entry's core (files/exists.ts says why).
    const real = realpathSync.native(path);
    if (!isStrictlyInside(realpathSync.native(dir), real)) return `its interpreter ${python} leads outside the entry (${real})`;
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return `its interpreter ${python} is missing or not executable`;
  }
}

/** A sync seals an entry only when every file was last changed at least this long ago (see entry-seal.ts). */
const SEAL_SETTLED_MS = 1000;

/** The listing has exactly the files of the list (and the entry's own `own` files), of the same kinds and sizes. */
function listingMatchesList(listing: StatListing, recorded: FileList, own: Set<string>): boolean {
  const stats = listing.stats!;
  if (stats.size !== recorded.size + own.size) return false;
  for (const rel of own) if (!stats.has(rel)) return false;
  for (const [rel, record] of recorded) {
    const st = stats.get(rel);
    if (!st || st.size !== record.bytes || (record.kind === 'l' ? !st.isSymbolicLink() : !st.isFile())) return false;
  }
  return true;
}

/** A file list is a few hundred kB; a bound keeps a hostile one from filling memory. */
const FILE_LIST_LIMIT = 64 * 1024 * 1024;

/** The list of files the build recorded, checked against the manifest's hash of it. */
export async function readFileList(dir: string, manifest: Manifest): Promise<FileList | string> {
  const name = manifest.contents.list;
  let read;
  try {
    read = await readBounded(join(dir, name), FILE_LIST_LIMIT);
  } catch (e) {
    return `its file list ${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if ('problem' in read) return `its file list ${name} ${read.problem === 'not a file' ? 'is not a file' : `is larger than ${FILE_LIST_LIMIT} bytes`}`;
  if (sha256Of(read.data) !== manifest.contents.list_sha256) return `its file list ${name} was changed since it was built (its SHA-256 differs)`;
  const files = parseFileList(read.data.toString('utf8'));
  if (typeof files === 'string') return `its file list ${name} is not one: ${files}`;
  return relocationListProblem(files, manifest.relocation) ?? files;
}

/** A few of the differences, named, and how many more. */
export function describeDifferences(problems: string[]): string | undefined {
  if (problems.length === 0) return undefined;
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return `${problems.length === 1 ? '1 file differs' : `${problems.length} files differ`} from what was built: ${shown}${more}`;
}
