/**
 * Installing a store entry that arrives as an archive from elsewhere (the Actions cache, a
 * registry): the one path both take, so both check the same things in the same order.
 *
 *   1. extract through the archive guard into a staging directory under tmp/ (cache-archive.ts):
 *      nothing lands outside it, and an archive with anything but the entry's directory is refused;
 *   2. read the staged entry: its manifest names the wanted key, and every file matches
 *      files.sha256 (the list's own hash is in the manifest);
 *   3. relocate it when it was made for another store path (the manifest's `prefix`);
 *   4. probe the interpreter and prove the lock's flags (builder/proofs.ts);
 *   5. rename it into store/ whole (Store.install), as a build does.
 *
 * Any refusal is an UnusableArchiveError, and leaves nothing but the staging directory, which
 * the caller removes. What this proves: the entry is whole, as its manifest describes it, at this
 * store's path, with the lock's flags. Not who made it (see the callers).
 */
import { join } from 'node:path';
import { probeInterpreter } from '../builder/probe.js';
import { findMismatches, proveFlags } from '../builder/proofs.js';
import type { Expectations } from '../lock/types.js';
import { extractCacheArchive, UnusableArchiveError } from '../store/cache-archive.js';
import { RelocationError, type RelocationRecord, relocateEntry } from '../store/relocate.js';
import type { Manifest, Store } from '../store/store.js';

/**
 * Makes a staged entry, built for the store path `from`, work at `to` (its final place in this
 * store); updates its manifest so the entry verifies afterwards (store/relocate.ts).
 */
export type RelocateEntry = (staged: string, from: string, to: string) => Promise<RelocationRecord>;

export interface ArchivedEntry {
  /** The entry key wanted: the staged manifest must name it. */
  entryKey: string;
  /** The lock's promise the interpreter is proven against. */
  expect: Expectations;
  /** The compressed tar (zstd or gzip). */
  archive: string;
  /** The member names' prefix (an Actions cache archive names members by their path from the workspace). */
  memberPrefix: string;
}

export interface ArchiveInstallOptions {
  /** A directory of its own under the store's tmp/, removed by the caller. */
  work: string;
  /** Default: store/relocate.ts's relocateEntry. */
  relocate?: RelocateEntry | undefined;
  /** Told what a relocation rewrote. */
  info?: ((message: string) => void) | undefined;
}

/** What was installed: the manifest, and the store path the entry was made for when it was relocated. */
export interface ArchiveInstalled {
  manifest: Manifest;
  relocatedFrom: string | undefined;
}

export async function installFromArchive(store: Store, entry: ArchivedEntry, options: ArchiveInstallOptions): Promise<ArchiveInstalled> {
  const final = store.entryDir(entry.entryKey);
  const staged = await extractCacheArchive(entry.archive, join(options.work, 'entry'), entry.memberPrefix, entry.entryKey);
  let state = await store.readEntry(entry.entryKey, { at: staged, everyFile: true });
  if (state.status !== 'ok') throw new UnusableArchiveError(state.status === 'damaged' ? state.reason : 'it holds no entry');
  const madeFor = state.manifest.prefix;
  let relocatedFrom: string | undefined;
  if (madeFor !== final) {
    let moved: RelocationRecord;
    try {
      moved = await (options.relocate ?? ((at, from, to) => relocateEntry(at, from, to)))(staged, madeFor, final);
    } catch (error) {
      throw new UnusableArchiveError(error instanceof RelocationError ? error.message : `relocating it failed (${(error as Error).message})`);
    }
    options.info?.(`relocated from ${moved.from} (built at ${moved.builtPrefix}): ${moved.rewritten.length} files rewritten in ${moved.seconds.toFixed(1)} s`);
    relocatedFrom = madeFor;
    state = await store.readEntry(entry.entryKey, { at: staged, everyFile: true });
    if (state.status !== 'ok') throw new UnusableArchiveError(`after moving it to ${final}: ${state.status === 'damaged' ? state.reason : 'it holds no entry'}`);
  }
  const problem = await flagProblem(state.python, entry.expect);
  if (problem) throw new UnusableArchiveError(problem);
  await store.install(staged, entry.entryKey);
  return { manifest: state.manifest, relocatedFrom };
}

/** Why the interpreter is not the lock's (a flag missing, or it does not run), or undefined. */
async function flagProblem(python: string, expect: Expectations): Promise<string | undefined> {
  try {
    const mismatches = findMismatches(expect, proveFlags(await probeInterpreter(python)));
    if (mismatches.length > 0) return `its interpreter lacks ${mismatches.map((m) => m.flag).join(', ')}`;
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
