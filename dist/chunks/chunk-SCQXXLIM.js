import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  planSync
} from "./chunk-EI5ALKUK.js";
import {
  defaultCompiler,
  probeToolchain
} from "./chunk-WQSOTR6P.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";

// src/store/changed-entry.ts
function changedFilesSummary(changes) {
  const shown = changes.slice(0, 3).join("; ");
  const more = changes.length > 3 ? `; and ${changes.length - 3} more` : "";
  return `${changes.length === 1 ? "1 file" : `${changes.length} files`}: ${shown}${more}`;
}
function pipAdvice(variant) {
  return `install packages into the project's own environment with \`pydebug run ${variant} -- python -m pip install <package>\``;
}
function changedEntryWarning(id, variant, changes) {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}): something wrote into the store interpreter's files (pip install run with it?); the next \`pydebug sync\` rebuilds it; ${pipAdvice(variant)}`;
}
function rebuildChangedWarning(id, variant, changes) {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}), e.g. by pip install into the store interpreter; rebuilding it. Next time, ${pipAdvice(variant)}`;
}

// src/sync/store-plan.ts
function compilerOf(build, env) {
  return build.compiler ?? defaultCompiler(env);
}
async function toolchainsFor(builds, env, facts) {
  const compilers = [...new Set(builds.map((b) => compilerOf(b, env)))];
  const found = await Promise.all(
    compilers.map(
      (c) => probeToolchain(c, env, facts).catch((e) => {
        throw new PydebugError(e.message, { hint: `install it, or set compiler: in pydebug.yml (or CC) to one that exists` });
      })
    )
  );
  return new Map(compilers.map((c, i) => [c, found[i]]));
}
async function planFor(lock, selection, env, store, read = {}) {
  const toolchains = await toolchainsFor(Object.values(lock.lock.builds), env, store.compilerFacts(process.cwd(), env));
  const machineFor = (b) => toolchains.get(compilerOf(b, env)).machine;
  const keys = planSync(lock.lock, selection, machineFor, () => false).selected.map((p) => p.entryKey);
  const states = new Map(await Promise.all(keys.map(async (k) => [k, await store.readEntry(k, read)])));
  const plan = planSync(lock.lock, selection, machineFor, (k) => states.get(k)?.status === "ok");
  return { plan, states, toolchains };
}

export {
  changedEntryWarning,
  rebuildChangedWarning,
  compilerOf,
  planFor
};
