/**
 * The local store under PYDEBUG_HOME (default: <user cache dir>/pydebug):
 *
 *   downloads/<sha256>/<file>        verified tarballs, content-addressed
 *   sources/<version>-<sha256:16>/   extracted trees, shared by every variant's out-of-tree build
 *   store/<key>/                     installed interpreters (a prefix: bin/, lib/, include/, share/pydebug/)
 *   logs/<key>.log                   the full configure/make/install log of the last build of <key>
 *   tmp/                             staging; anything here is disposable
 *   locks/                           cross-process locks
 *
 * An entry appears in store/ only by an atomic rename of a fully built, probed and verified
 * prefix, and it carries share/pydebug/manifest.json.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userCacheDir, type Env } from '../platform/index.js';
import type { Expectations, MacroSet } from '../lock/types.js';
import { isAlive } from './file-lock.js';

export const MANIFEST_VERSION = 1;
/** Inside an entry: pydebug's own files. */
export const ENTRY_META_DIR = join('share', 'pydebug');

export interface Manifest {
  manifest_version: number;
  key: string;
  cache_key: string;
  id: string;
  version: string;
  variant: string;
  /** Interpreter path relative to the entry, e.g. bin/python3.13. */
  python: string;
  /** The prefix the entry was built (or last relocated) for. */
  prefix: string;
  configure: string[];
  compiler: { name: string; version: string; target: string };
  expect: Expectations;
  proven: { abiflags: string; macros: MacroSet; sanitizers: string[]; evidence: Record<string, string> };
  env: Record<string, string>;
  built_at: string;
  timings: Record<string, number>;
  size: { bytes: number; files: number };
  interpreter: { bytes: number };
  /** Relative paths of extra files kept with the entry. */
  files: { log: string; valgrind_suppressions?: string | undefined };
  /** What the slim install left out (absent when the variant has slim: false). */
  slim?: { removed_bytes: number; removed: number } | undefined;
}

/** Names of temporary files and directories: <prefix>.<pid>.<random>, so leftovers can be swept. */
export function tempName(prefix: string): string {
  return `${prefix}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
}

export function defaultHome(env: Env): string {
  return env.PYDEBUG_HOME?.trim() || join(userCacheDir(env), 'pydebug');
}

export type EntryState =
  | { status: 'ok'; manifest: Manifest; dir: string; python: string }
  | { status: 'missing' }
  | { status: 'damaged'; reason: string };

export class Store {
  constructor(readonly root: string) {}

  get entriesDir(): string {
    return join(this.root, 'store');
  }
  get tmpDir(): string {
    return join(this.root, 'tmp');
  }
  entryDir(key: string): string {
    return join(this.entriesDir, key);
  }
  manifestPath(key: string): string {
    return join(this.entryDir(key), ENTRY_META_DIR, 'manifest.json');
  }
  downloadPath(sha256: string, file: string): string {
    return join(this.root, 'downloads', sha256, file);
  }
  sourceTreeDir(version: string, sha256: string): string {
    return join(this.root, 'sources', `${version}-${sha256.slice(0, 16)}`);
  }
  /** Present while an entry is being restored from a cache: the entry is not usable yet. */
  incompleteMarker(key: string): string {
    return join(this.entriesDir, `.${key}.incomplete`);
  }
  logPath(key: string): string {
    return join(this.root, 'logs', `${key}.log`);
  }
  lockPath(name: string): string {
    return join(this.root, 'locks', `${name}.lock`);
  }

  async ensureLayout(): Promise<void> {
    await Promise.all(['store', 'tmp', 'logs', 'locks', 'downloads', 'sources'].map((d) => mkdir(join(this.root, d), { recursive: true })));
  }

  /** A unique, empty directory under tmp/, named <prefix>.<pid>.<random> (see sweepLeftovers). */
  async makeTemp(prefix: string): Promise<string> {
    const dir = join(this.tmpDir, tempName(prefix));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Removes what killed processes left in tmp/, half-extracted trees in sources/ and entries
   * half-removed from store/: anything named by tempName() whose process is gone.
   */
  async sweepLeftovers(): Promise<string[]> {
    const removed: string[] = [];
    for (const dir of [this.tmpDir, join(this.root, 'sources'), this.entriesDir]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const pid = /\.(\d+)\.[a-z0-9]+$/.exec(name)?.[1];
        if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
        await rm(join(dir, name), { recursive: true, force: true });
        removed.push(join(dir, name));
      }
    }
    return removed;
  }

  /**
   * Reads and checks an entry: the manifest must parse and name this key, and the interpreter
   * must be there with the size it was built with. Cheap enough for every `which` and `sync`.
   */
  async readEntry(key: string): Promise<EntryState> {
    const dir = this.entryDir(key);
    if (await stat(this.incompleteMarker(key)).then(() => true, () => false)) {
      return { status: 'damaged', reason: 'a restore into it did not finish' };
    }
    let text: string;
    try {
      text = await readFile(this.manifestPath(key), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const exists = await stat(dir).then(() => true, () => false);
      return exists ? { status: 'damaged', reason: 'its manifest is missing' } : { status: 'missing' };
    }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(text) as Manifest;
    } catch {
      return { status: 'damaged', reason: 'its manifest is not valid JSON' };
    }
    if (manifest.manifest_version !== MANIFEST_VERSION) return { status: 'damaged', reason: `its manifest has version ${manifest.manifest_version}` };
    if (manifest.key !== key) return { status: 'damaged', reason: `its manifest names another key (${manifest.key})` };
    const python = join(dir, manifest.python);
    try {
      const st = await stat(python);
      await access(python, constants.X_OK);
      if (st.size !== manifest.interpreter.bytes) {
        return { status: 'damaged', reason: `its interpreter has ${st.size} bytes, the manifest says ${manifest.interpreter.bytes}` };
      }
    } catch {
      return { status: 'damaged', reason: `its interpreter ${manifest.python} is missing` };
    }
    return { status: 'ok', manifest, dir, python };
  }

  async writeManifest(prefixDir: string, manifest: Manifest): Promise<void> {
    const dir = join(prefixDir, ENTRY_META_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /**
   * Moves a complete prefix into the store with one rename. A damaged entry in the way is moved
   * aside first and deleted after. Call it holding the entry's lock.
   */
  async install(stagedPrefix: string, key: string): Promise<string> {
    const final = this.entryDir(key);
    await mkdir(this.entriesDir, { recursive: true });
    const aside = await this.moveAside(key);
    await rename(stagedPrefix, final);
    if (aside) await rm(aside, { recursive: true, force: true });
    return final;
  }

  /**
   * Moves an entry out of the way with one rename, beside it in store/ (so always on the same
   * filesystem) under a hidden temporary name; returns where, or undefined if there was none.
   */
  private async moveAside(key: string): Promise<string | undefined> {
    const aside = join(this.entriesDir, tempName(`.${key}.removing`));
    try {
      await rename(this.entryDir(key), aside);
      return aside;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.incompleteMarker(key), { force: true });
    const aside = await this.moveAside(key);
    if (aside) await rm(aside, { recursive: true, force: true });
  }

  /**
   * Thorough check, for entries that arrive from elsewhere (a cache restore): every file there
   * with the total size the manifest recorded.
   */
  async verifyContents(key: string, manifest: Manifest): Promise<string | undefined> {
    const size = await entryContentSize(this.entryDir(key));
    if (size.files !== manifest.size.files || size.bytes !== manifest.size.bytes) {
      return `it has ${size.files} files and ${size.bytes} bytes, its manifest says ${manifest.size.files} files and ${manifest.size.bytes} bytes`;
    }
    return undefined;
  }

  /** Why the store cannot be written, or undefined when it can (probes store/ and tmp/). */
  async checkWritable(): Promise<string | undefined> {
    try {
      await this.ensureLayout();
      for (const dir of [this.entriesDir, this.tmpDir]) {
        const probe = join(dir, tempName('.write-probe'));
        await writeFile(probe, '');
        await rm(probe, { force: true });
      }
      return undefined;
    } catch (e) {
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

  async listKeys(): Promise<string[]> {
    try {
      return (await readdir(this.entriesDir)).filter((n) => !n.startsWith('.')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
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
