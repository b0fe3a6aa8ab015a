/**
 * The lock's selected entries with their state in the store: what which, run, list and inspect
 * show, and what sync starts from. Loads no builder, downloader or tar (see commands/index.ts).
 */
import { PydebugError } from '../errors.js';
import type { LockedBuild } from '../lock/types.js';
import type { LockState } from '../lockfile/lock-update.js';
import { planSync, type Selection, type SyncPlan } from '../plan/sync-plan.js';
import { type CompilerFactsCache, defaultCompiler, type Env, probeToolchain, type Toolchain } from '../platform/index.js';
import type { EntryReadOptions, EntryState, Store } from '../store/store.js';

export function compilerOf(build: LockedBuild, env: Env): string {
  return build.compiler ?? defaultCompiler(env);
}

/** Toolchain identity for every compiler the selected builds use, each probed once. */
export async function toolchainsFor(builds: LockedBuild[], env: Env, facts?: CompilerFactsCache): Promise<Map<string, Toolchain>> {
  const compilers = [...new Set(builds.map((b) => compilerOf(b, env)))];
  const found = await Promise.all(
    compilers.map((c) =>
      probeToolchain(c, env, facts).catch((e: Error) => {
        throw new PydebugError(e.message, { hint: `install it, or set compiler: in pydebug.yml (or CC) to one that exists` });
      }),
    ),
  );
  return new Map(compilers.map((c, i) => [c, found[i]!]));
}

/**
 * With everyFile, an existing entry counts as built only when every file matches what its build
 * recorded (sync, before reusing it); without, its interpreter and libpython (which, run, list),
 * and what else changed is named unless coreOnly (Store.readEntry).
 */
export async function planFor(
  lock: LockState,
  selection: Selection,
  env: Env,
  store: Store,
  read: EntryReadOptions = {},
): Promise<{ plan: SyncPlan; states: Map<string, EntryState>; toolchains: Map<string, Toolchain> }> {
  const toolchains = await toolchainsFor(Object.values(lock.lock.builds), env, store.compilerFacts(process.cwd(), env));
  const machineFor = (b: LockedBuild) => toolchains.get(compilerOf(b, env))!.machine;
  // Keys first (pure), then one read per selected entry.
  const keys = planSync(lock.lock, selection, machineFor, () => false).selected.map((p) => p.entryKey);
  const states = new Map(await Promise.all(keys.map(async (k) => [k, await store.readEntry(k, read)] as const)));
  const plan = planSync(lock.lock, selection, machineFor, (k) => states.get(k)?.status === 'ok');
  return { plan, states, toolchains };
}
