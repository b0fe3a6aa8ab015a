import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/store/entry-json.ts
function entryJson(entry, state, synced = null) {
  const ok = state.status === "ok" ? state : void 0;
  return {
    id: entry.id,
    version: entry.build.version,
    variant: entry.build.variant,
    status: ok ? "built" : state.status === "damaged" ? "damaged" : "missing",
    reason: state.status === "damaged" ? state.reason : null,
    changed: ok ? ok.changed ?? [] : null,
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
    valgrind_suppressions: ok?.manifest.files.valgrind_suppressions ? `${ok.dir}/${ok.manifest.files.valgrind_suppressions}` : null
  };
}
function syncedEntryJson(entry, build, synced = entry.status) {
  return entryJson({ id: entry.id, entryKey: entry.entryKey, build }, { status: "ok", dir: entry.dir, python: entry.python, manifest: entry.manifest }, synced);
}

export {
  entryJson,
  syncedEntryJson
};
