/**
 * The JSON shape of one matrix entry, the same in every data output: `pydebug which --json`,
 * `list --json`, `sync --json` and the Action's `interpreters` output (pure; README, "JSON
 * outputs"). Every field is always there (null when it does not apply), so a script written
 * against one output reads the others.
 */
import type { LockedBuild, MacroSet } from '../lock/types.js';
import type { EntryState, Manifest } from './store.js';

/** What this run did with the entry: built it, found it in the store, restored it from the Actions cache, or pulled it from the registry. */
export type SyncedHow = 'built' | 'reused' | 'restored' | 'pulled';

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
  /** The entry key (the entry's directory name under entries/). */
  entry_key: string;
  /** The lock key (what the lock records for the build). */
  lock_key: string;
  /** What the lock promises; a built entry was proven to have it when it was built or restored. */
  abiflags: string;
  macros: MacroSet;
  sanitizers: string[];
  /** The macros the probe found in the built interpreter (null when it is not built). */
  proven: MacroSet | null;
  /** The variant's runtime environment (pydebug.yml's env). */
  env: Record<string, string>;
  valgrind_suppressions: string | null;
  /**
   * The entry's record in pydebug.lock (or its source's) is out of date with pydebug.yml: `list`,
   * `which` and `inspect` show a stale lock as written. Always false from sync and the Action,
   * which use a current lock only.
   */
  lock_stale: boolean;
  /** Why, one line per reason (as `pydebug lock --check` says it); empty when current. */
  lock_reasons: string[];
}

/** Whether an entry's lock record is current, for EntryJson. */
export type LockStanding = Pick<EntryJson, 'lock_stale' | 'lock_reasons'>;
const CURRENT: LockStanding = { lock_stale: false, lock_reasons: [] };

/** Of the lock entry, what the JSON shows. */
export type EntryBuild = Pick<LockedBuild, 'source' | 'variant' | 'lock_key' | 'expect' | 'env'>;

/** The one function that makes the shape: a matrix entry (a PlannedBuild fits) and its store state. */
export function entryJson(entry: { id: string; entryKey: string; build: EntryBuild }, state: EntryState, synced: SyncedHow | null = null, lock: LockStanding = CURRENT): EntryJson {
  const ok = state.status === 'ok' ? state : undefined;
  return {
    id: entry.id,
    version: entry.build.source,
    variant: entry.build.variant,
    status: ok ? 'built' : state.status === 'damaged' ? 'damaged' : 'missing',
    reason: state.status === 'damaged' ? state.reason : null,
    changed: ok ? (ok.changed ?? []) : null,
    synced,
    python: ok?.python ?? null,
    prefix: ok?.dir ?? null,
    entry_key: entry.entryKey,
    lock_key: entry.build.lock_key,
    abiflags: entry.build.expect.abiflags,
    macros: entry.build.expect.macros,
    sanitizers: entry.build.expect.sanitizers,
    proven: ok?.manifest.proven.macros ?? null,
    env: entry.build.env,
    valgrind_suppressions: ok?.manifest.files.valgrind_suppressions ? `${ok.dir}/${ok.manifest.files.valgrind_suppressions}` : null,
    lock_stale: lock.lock_stale,
    lock_reasons: lock.lock_reasons,
  };
}

/**
 * An entry of pydebug.yml that pydebug.lock does not have yet (`list` under a stale lock): the
 * same fields, null where only the lock could say (no keys, no promise yet).
 */
export interface NotLockedEntryJson extends Omit<EntryJson, 'status' | 'entry_key' | 'lock_key' | 'abiflags' | 'macros' | 'sanitizers' | 'env'> {
  status: 'not locked';
  entry_key: null;
  lock_key: null;
  abiflags: null;
  macros: null;
  sanitizers: null;
  env: null;
}

export function notLockedEntryJson(entry: { id: string; version: string; variant: string }, lock: LockStanding): NotLockedEntryJson {
  return {
    id: entry.id,
    version: entry.version,
    variant: entry.variant,
    status: 'not locked',
    reason: 'not in pydebug.lock yet: `pydebug lock` adds it',
    changed: null,
    synced: null,
    python: null,
    prefix: null,
    entry_key: null,
    lock_key: null,
    abiflags: null,
    macros: null,
    sanitizers: null,
    proven: null,
    env: null,
    valgrind_suppressions: null,
    lock_stale: lock.lock_stale,
    lock_reasons: lock.lock_reasons,
  };
}

/** An entry a sync left in the store (a SyncedEntry), with its lock entry. */
export function syncedEntryJson(
  entry: { id: string; entryKey: string; status: SyncedHow; dir: string; python: string; manifest: Manifest },
  build: EntryBuild,
  synced: SyncedHow = entry.status,
): EntryJson {
  return entryJson({ id: entry.id, entryKey: entry.entryKey, build }, { status: 'ok', dir: entry.dir, python: entry.python, manifest: entry.manifest }, synced);
}
