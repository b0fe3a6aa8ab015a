import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  closest
} from "./chunk-GANHLQVO.js";
import {
  entryKeyFor
} from "./chunk-652N44S7.js";
import {
  UsageError
} from "./chunk-BEPGXEB4.js";

// src/plan/sync-plan.ts
function applySelection(items, selection, where) {
  for (const kind of ["version", "variant"]) {
    const wanted = kind === "version" ? selection.versions : selection.variants;
    const known = [...new Set(items.map((i) => i[kind]))];
    for (const w of wanted ?? []) {
      if (!known.includes(w)) {
        const guess = closest(w, known);
        throw new UsageError(`no ${kind} "${w}" in ${where}`, { hint: guess ? `did you mean "${guess}"?` : `known ${kind}s: ${known.join(", ")}` });
      }
    }
  }
  const selected = items.filter((i) => (!selection.versions?.length || selection.versions.includes(i.version)) && (!selection.variants?.length || selection.variants.includes(i.variant)));
  if (selected.length === 0) throw new UsageError(`the selection matches no entry of ${where} (it may be excluded)`);
  return selected;
}
function planSync(lock, selection, machineFor, isInStore) {
  const entries = Object.entries(lock.builds).map(([id, build2]) => ({ id, build: build2, version: build2.version, variant: build2.variant }));
  const selected = applySelection(entries, selection, "the matrix").map(({ id, build: build2 }) => {
    const source = lock.sources[build2.version];
    if (!source) throw new Error(`internal: lock has no source ${build2.version}`);
    return { id, build: build2, source, entryKey: entryKeyFor(build2.cache_key, machineFor(build2)) };
  });
  const reuse = selected.filter((p) => isInStore(p.entryKey));
  const build = selected.filter((p) => !isInStore(p.entryKey));
  const sources = [...new Map(build.map((p) => [p.build.version, p.source])).values()];
  return { selected, reuse, build, sources };
}

export {
  applySelection,
  planSync
};
