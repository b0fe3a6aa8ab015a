import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/store/entry-json.ts
var CURRENT = { lock_stale: false, lock_reasons: [] };
function entryJson(entry, state, synced = null, lock = CURRENT) {
  const ok = state.status === "ok" ? state : void 0;
  return {
    id: entry.id,
    version: entry.build.source,
    variant: entry.build.variant,
    status: ok ? "built" : state.status === "damaged" ? "damaged" : "missing",
    reason: state.status === "damaged" ? state.reason : null,
    changed: ok ? ok.changed ?? [] : null,
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
    lock_reasons: lock.lock_reasons
  };
}
function notLockedEntryJson(entry, lock) {
  return {
    id: entry.id,
    version: entry.version,
    variant: entry.variant,
    status: "not locked",
    reason: "not in pydebug.lock yet: `pydebug lock` adds it",
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
    lock_reasons: lock.lock_reasons
  };
}
function syncedEntryJson(entry, build, synced = entry.status) {
  return entryJson({ id: entry.id, entryKey: entry.entryKey, build }, { status: "ok", dir: entry.dir, python: entry.python, manifest: entry.manifest }, synced);
}

export {
  entryJson,
  notLockedEntryJson,
  syncedEntryJson
};
