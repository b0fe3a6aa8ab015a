/**
 * The JSON shape of one matrix entry, the same in every data output: `pydebug which --json`,
 * `list --json`, `sync --json` and the Action's `interpreters` output (pure; README, "JSON
 * outputs"). Every field is always there (null when it does not apply), so a script written
 * against one output reads the others.
 */
import type { LockedBuild, MacroSet } from '../lock/types.js';
import type { EntryState, Manifest } from './store.js';

/** What this run did with the entry: built it, found it in the store, or restored it from the Actions cache. */
export type SyncedHow = 'built' | 'reused' | 'restored';

export interface EntryJson {
  /** "<version>-<variant>", the entry's name in pydebug.lock. */
  id: string;
  version: string;
  variant: string;
  /** In the store and usable (`built`), not there (`missing`), or refused (`damaged`, see reason). */
  status: 'built' | 'missing' | 'damaged';
  reason: string | null;
  /** A built entry's files changed since it was built (found by a stat pass: which, list), else empty; null when not built. */
  changed: string[] | null;
  /** null from `which` and `list`, which build nothing. */
  synced: SyncedHow | null;
  python: string | null;
  prefix: string | null;
  /** The entry key (the entry's directory name under store/). */
  key: string;
  /** The lock key (the lock's cache_key). */
  cache_key: string;
  /** What the lock promises; a built entry was proven to have it when it was built or restored. */
  abiflags: string;
  macros: MacroSet;
  sanitizers: string[];
  /** The macros the probe found in the built interpreter (null when it is not built). */
  proven: MacroSet | null;
  /** The variant's runtime environment (pydebug.yml's env). */
  env: Record<string, string>;
  valgrind_suppressions: string | null;
}

/** Of the lock entry, what the JSON shows. */
export type EntryBuild = Pick<LockedBuild, 'version' | 'variant' | 'cache_key' | 'expect' | 'env'>;

/** The one function that makes the shape: a matrix entry (a PlannedBuild fits) and its store state. */
export function entryJson(entry: { id: string; entryKey: string; build: EntryBuild }, state: EntryState, synced: SyncedHow | null = null): EntryJson {
  const ok = state.status === 'ok' ? state : undefined;
  return {
    id: entry.id,
    version: entry.build.version,
    variant: entry.build.variant,
    status: ok ? 'built' : state.status === 'damaged' ? 'damaged' : 'missing',
    reason: state.status === 'damaged' ? state.reason : null,
    changed: ok ? (ok.changed ?? []) : null,
    synced,
    python: ok?.python ?? null,
    prefix: ok?.dir ?? null,
    key: entry.entryKey,
    cache_key: entry.build.cache_key,
    abiflags: entry.build.expect.abiflags,
    macros: entry.build.expect.macros,
    sanitizers: entry.build.expect.sanitizers,
    proven: ok?.manifest.proven.macros ?? null,
    env: entry.build.env,
    valgrind_suppressions: ok?.manifest.files.valgrind_suppressions ? `${ok.dir}/${ok.manifest.files.valgrind_suppressions}` : null,
  };
}

/** An entry a sync left in the store (a SyncedEntry), with its lock entry. */
export function syncedEntryJson(
  entry: { id: string; entryKey: string; status: 'built' | 'reused'; dir: string; python: string; manifest: Manifest },
  build: EntryBuild,
  synced: SyncedHow = entry.status,
): EntryJson {
  return entryJson({ id: entry.id, entryKey: entry.entryKey, build }, { status: 'ok', dir: entry.dir, python: entry.python, manifest: entry.manifest }, synced);
}
