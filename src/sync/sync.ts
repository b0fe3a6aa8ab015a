/**
 * pydebug sync: make every selected matrix entry of the lock exist in the store, verified.
 * The plan (what to reuse, what to build) is pure; this applies it: sources downloaded and
 * extracted once, builds run concurrently, each under a cross-process mutex on its key.
 */
import { dirname } from 'node:path';
import { type BuildContext, BuildStepError, buildEntry, type EntryBuildOptions, stepsOf } from '../builder/build.js';
import { type ConfigureSharing, configureSharingKey, sharingEnabled } from '../builder/configure-facts.js';
import { cleanUpAfter } from '../builder/leftovers.js';
import { InterruptedError, PydebugError, UsageError } from '../errors.js';
import type { ConfigFile } from '../files/config-file.js';
import { describeReason } from '../lock/stale.js';
import type { LockedSource } from '../lock/types.js';
import { checkLock, type LockState, updateLock } from '../lockfile/lock-update.js';
import { parseSchedule, SCHEDULE_KNOB, scheduleName } from '../plan/schedule.js';
import type { PlannedBuild, Selection } from '../plan/sync-plan.js';
import { compilerHasHeader, cpuCount, type Env, findLlvmTool, readMmapRndBits, type Toolchain, tsanKernelProblem, valgrindHint } from '../platform/index.js';
import { formatDuration, type Reporter } from '../progress.js';
import { downloadSettingsFromEnv, provideSourceTree, type SourceContext } from '../source/provide.js';
import { rebuildChangedWarning } from '../store/changed-entry.js';
import { acquireMutex, type HeldMutex } from '../store/mutex.js';
import { registerProject } from '../store/projects.js';
import { type EntryState, fileSystemHint, type Manifest, type Store } from '../store/store.js';
import { planConfigureSharing } from './configure-sharing.js';
import { StepScheduler } from './step-gate.js';
import { readBuildHistory, recordedStepTimes } from './step-history.js';

export interface SyncOptions {
  frozen: boolean;
  jobs?: number | undefined;
  /** How many entries build at once (default: defaultParallel()). */
  parallel?: number | undefined;
  selection: Selection;
  keepBuildDir?: boolean | undefined;
  /** false (--no-pull, PYDEBUG_PULL=0): build what the store lacks instead of pulling it from the registry. */
  pull?: boolean | undefined;
}

/** PYDEBUG_PULL: 0 (or false, no, off) turns pulls off; unset, empty or 1 (true, yes, on) leaves them on. */
export function pullFromEnv(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || ['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new UsageError(`PYDEBUG_PULL must be 0 or 1, not ${JSON.stringify(value)}`, { hint: 'PYDEBUG_PULL=0 builds what the store lacks instead of pulling it from the registry' });
}

/** How an entry came to be in the store in this run (README, "JSON outputs": `synced`). */
export type SyncStatus = 'built' | 'reused' | 'restored' | 'pulled';

/** Of a pulled entry: the manifest digest it was pulled by, and whether pydebug.lock pinned it. */
export interface PullRecord {
  digest: string;
  /** false: the lock pins no artifact of this build for this machine, and the tag was trusted on the registry's word. */
  pinned: boolean;
  /** The store path the artifact was made for, when it was moved to this store's. */
  relocatedFrom?: string | undefined;
}

export interface SyncedEntry {
  id: string;
  version: string;
  variant: string;
  entryKey: string;
  lockKey: string;
  status: SyncStatus;
  /** Set when status is `pulled`. */
  pulled?: PullRecord | undefined;
  dir: string;
  python: string;
  manifest: Manifest;
}

export interface SyncResult {
  lock: LockState;
  entries: SyncedEntry[];
  seconds: number;
}

/** What a sync runs with: the store, the process environment, progress, cancellation, and the Action's hooks. */
export interface SyncContext {
  store: Store;
  env: Env;
  reporter: Reporter;
  signal: AbortSignal;
  mirror: string | undefined;
  /** Called with each entry as soon as it is in the store (the Action saves its cache here). */
  onEntryReady?: ((entry: SyncedEntry) => Promise<void>) | undefined;
  /** Called for each entry to build, before any build; may restore it from elsewhere (the Action's cache). */
  restoreEntry?: ((planned: PlannedBuild) => Promise<boolean>) | undefined;
  /**
   * Called for each entry neither in the store nor restored, before any build, unless the
   * options say not to pull: may pull it from the registry (sync/pull.ts). Returns what it
   * pulled once the entry is installed and verified, or undefined (then it is built).
   */
  pullEntry?: ((planned: PlannedBuild) => Promise<PullRecord | undefined>) | undefined;
  /** Called once, after restores, with the entries that must be built (the Action installs build dependencies here). */
  beforeBuilds?: ((planned: PlannedBuild[]) => Promise<void>) | undefined;
  /** Called as builds start; what it returns, when they have ended (the CLI's interrupt message names builds only then). */
  buildsRunning?: (() => () => void) | undefined;
  /** What builds the entries (default: realBuilder); unit tests hand sync a scripted one. */
  builder?: EntryBuilder | undefined;
}

/**
 * The work of a build, apart from deciding it: sync chooses what is built, when, beside what and
 * under which mutex; these get a source tree and build one entry from it into the store.
 */
export interface EntryBuilder {
  /** Downloads, checks and extracts a source; sync asks once per source and shares the tree. */
  sourceTree(ctx: SourceContext, source: LockedSource): Promise<string>;
  /** Builds `planned` from `tree` with `toolchain` and installs it in the store; the manifest it wrote. */
  build(ctx: BuildContext, planned: PlannedBuild, tree: string, toolchain: Toolchain, options: EntryBuildOptions): Promise<Manifest>;
}

/** The builder of every sync: python.org's tarballs (or a git checkout), configure, make, install. */
export const realBuilder: EntryBuilder = { sourceTree: provideSourceTree, build: buildEntry };

/** An entry to build and the toolchain it is built with (looked up once, in buildAll). */
interface EntryToBuild {
  planned: PlannedBuild;
  toolchain: Toolchain;
}

/** Entries built at once by default: twice the cores, so phases that leave cores idle overlap. */
export function defaultParallel(): number {
  return 2 * cpuCount();
}

export { compilerOf, planFor, toolchainsFor } from './store-plan.js';

import { buildOptionProblem } from '../plan/build-options.js';
import { compilerOf, planFor } from './store-plan.js';

function synced(p: PlannedBuild, status: SyncStatus, state: EntryState & { status: 'ok' }, pulled?: PullRecord): SyncedEntry {
  return {
    ...(pulled ? { pulled } : {}),
    id: p.id,
    version: p.build.source,
    variant: p.build.variant,
    entryKey: p.entryKey,
    lockKey: p.build.lock_key,
    status,
    dir: state.dir,
    python: state.python,
    manifest: state.manifest,
  };
}

export async function syncProject(cfg: ConfigFile, options: SyncOptions, ctx: SyncContext): Promise<SyncResult> {
  const startedAt = Date.now();
  const { store, reporter, signal, env } = ctx;
  const sourceCtx: SourceContext = {
    store,
    mirror: ctx.mirror,
    reporter,
    signal,
    projectDir: dirname(cfg.path),
    ...downloadSettingsFromEnv(env),
  };
  const lock = await lockForSync(cfg, options.frozen, sourceCtx);
  const { plan, states, toolchains } = await planFor(lock, options.selection, env, store, { everyFile: true });
  const entries = new Map<string, SyncedEntry>();
  for (const p of plan.reuse) {
    const state = states.get(p.entryKey) as EntryState & { status: 'ok' };
    entries.set(p.id, synced(p, 'reused', state));
    reporter.done(p.id, 'reused', state.python);
  }
  for (const p of plan.build) {
    const state = states.get(p.entryKey);
    if (state?.status === 'damaged' && state.changedFiles) reporter.warn(rebuildChangedWarning(p.id, p.build.variant, state.changedFiles));
    else if (state?.status === 'damaged') reporter.warn(`${p.id}: the store entry is damaged (${state.reason}); rebuilding it`);
  }
  try {
    // Actions cache first (in the Action), then the registry, then build.
    const notRestored = ctx.restoreEntry && plan.build.length > 0 ? await installWhatCan(plan.build, ctx, cacheRestorer(ctx, ctx.restoreEntry), entries) : plan.build;
    const pullEntry = options.pull === false ? undefined : ctx.pullEntry;
    const toBuild = pullEntry && notRestored.length > 0 ? await installWhatCan(notRestored, ctx, registryPuller(ctx, pullEntry), entries) : notRestored;
    if (toBuild.length > 0) await buildAll(toBuild, options, ctx, sourceCtx, toolchains, entries);
  } finally {
    // Built or not, these are the project's: another project's clean keeps them (store/projects.ts).
    const use = { known: plan.selected.map((p) => p.entryKey), lockKeys: Object.values(lock.lock.builds).map((b) => b.lock_key) };
    await registerProject(store, lock.path, use, (m) => reporter.warn(m));
  }
  return {
    lock,
    entries: plan.selected.map((p) => entries.get(p.id)!),
    seconds: (Date.now() - startedAt) / 1000,
  };
}

/** The lock as it stands (--frozen: checked, never written), or brought up to date with pydebug.yml. */
async function lockForSync(cfg: ConfigFile, frozen: boolean | undefined, sourceCtx: SourceContext): Promise<LockState> {
  if (frozen) return checkLock(cfg, true);
  const lock = await updateLock(cfg, sourceCtx);
  if (lock.written) {
    sourceCtx.reporter.info(`updated ${lock.path}${lock.reasons.length ? `:\n${lock.reasons.map((r) => `  - ${describeReason(r)}`).join('\n')}` : ''}`);
  }
  return lock;
}

/**
 * Builds `toBuild` side by side, each with make -j<cores>, each step when the schedule gives it
 * its turn (by default while the cores of the running steps fit: one entry's configure or install
 * beside another's make) and sharing configure's generic answers within a group of entries; see
 * docs/speed.md for the figures. Records each in `entries` as it is ready; throws the failures
 * once all have finished.
 */
async function buildAll(
  toBuild: PlannedBuild[],
  options: SyncOptions,
  ctx: SyncContext,
  sourceCtx: SourceContext,
  toolchains: Map<string, Toolchain>,
  entries: Map<string, SyncedEntry>,
): Promise<void> {
  const { store, reporter, signal, env } = ctx;
  const builder = ctx.builder ?? realBuilder;
  const builds = toBuild.map((planned) => ({ planned, toolchain: toolchains.get(compilerOf(planned.build, env))! }));
  const { buildCtx, scheduler, sharing } = await prepareBuilds(builds, options, ctx);
  const parallel = Math.max(1, Math.min(toBuild.length, options.parallel ?? defaultParallel()));
  const treeFor = sharedTrees(sourceCtx, builder);
  const failures: Array<{ id: string; error: Error }> = [];
  const queue = [...builds];
  let startedBuilds = 0;
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      if (signal.aborted) return;
      const p = b.planned;
      // The n-th entry to start runs at nice 5n: earlier entries get the CPU when they want it,
      // later ones use what is left (during another's configure or install).
      const rank = startedBuilds++;
      const gate = scheduler.gateFor(rank, (phase) => reporter.phase(p.id, 'wait', `for its turn to ${phase}`));
      try {
        const entry = await buildOne(b, buildCtx, treeFor, builder, { niceness: 5 * rank, gate, sharing: sharing.get(p.id) });
        entries.set(p.id, entry);
        await ctx.onEntryReady?.(entry);
      } catch (error) {
        if (signal.aborted || error instanceof InterruptedError) return;
        reporter.done(p.id, 'failed', '');
        failures.push({ id: p.id, error: asUserFacing(p.id, error as Error, store) });
      }
    }
  };
  const buildsEnded = ctx.buildsRunning?.();
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    buildsEnded?.();
  }
  if (signal.aborted) throw new InterruptedError('sync interrupted: builds stopped, nothing half-built was stored');
  throwFailures(failures);
}

/**
 * Everything before the first build: the Action's hook, the preflight, the sweep of what stopped
 * builds left, and what the builds share (their context, the schedule, the configure groups).
 */
async function prepareBuilds(builds: EntryToBuild[], options: SyncOptions, ctx: SyncContext) {
  const { store, reporter, signal, env } = ctx;
  // When each step may start (PYDEBUG_SCHEDULE; see plan/schedule.ts and docs/speed.md).
  const schedule = parseSchedule(env[SCHEDULE_KNOB], cpuCount());
  await ctx.beforeBuilds?.(builds.map((b) => b.planned));
  await preflight(builds, env, store, reporter);
  for (const path of await store.sweepLeftovers()) reporter.info(`removed ${path}, left by a pydebug that was stopped`);
  const jobs = options.jobs ?? cpuCount();
  const buildCtx: BuildContext = { store, env, jobs, reporter, signal, keepBuildDir: options.keepBuildDir ?? false };
  const scheduler = new StepScheduler(schedule, jobs, signal);
  if (env[SCHEDULE_KNOB]?.trim()) reporter.info(`builds scheduled by ${SCHEDULE_KNOB}=${scheduleName(schedule)}`);
  await store.ensureLayout();
  // What each entry's progress line can say (ui/status-line.ts), read before any build replaces
  // an entry whose times it holds; a manifest that cannot be read only leaves its times out.
  const history = await readBuildHistory(store);
  for (const { planned: p } of builds) reporter.expectSteps(p.id, stepsOf(p.build), recordedStepTimes(p.build, history));
  // Entries of one source and compiler share configure's generic answers (builder/configure-facts.ts).
  const toolchainOf = new Map(builds.map((b) => [b.planned, b.toolchain]));
  const sharing = sharingEnabled(env)
    ? planConfigureSharing(
        builds.map((b) => b.planned),
        (p) => {
          const toolchain = toolchainOf.get(p)!;
          return configureSharingKey(p, `${toolchain.compiler}\n${toolchain.version}\n${toolchain.target}`);
        },
        signal,
      )
    : new Map<string, ConfigureSharing>();
  return { buildCtx, scheduler, sharing };
}

/** One download and extraction per source, shared by the entries built from it. */
function sharedTrees(sourceCtx: SourceContext, builder: EntryBuilder): (p: PlannedBuild) => Promise<string> {
  const trees = new Map<string, Promise<string>>();
  return (p) => {
    let t = trees.get(p.build.source);
    if (!t) {
      t = builder.sourceTree(sourceCtx, p.source);
      trees.set(p.build.source, t);
      t.catch(() => undefined);
    }
    return t;
  };
}

/** Entries of one source share its download/extract error: each error is reported once. */
function throwFailures(failures: Array<{ id: string; error: Error }>): void {
  const errors = [...new Set(failures.map((f) => f.error))];
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) {
    throw new PydebugError(`${failures.length} entries failed:\n\n${errors.map((e) => e.message).join('\n\n')}`, {
      hint: [...new Set(errors.map((e) => (e as PydebugError).hint).filter(Boolean))].join('\n') || undefined,
    });
  }
}

/**
 * How an entry gets into the store without a build: `fetch` puts it in place (false or undefined
 * when it could not, having warned), `done` reports an installed entry and says what it is.
 */
interface EntryInstaller<R> {
  /** "restored" or "pulled", for the warning about an installed entry that is not usable. */
  what: string;
  fetch: (planned: PlannedBuild) => Promise<R | undefined>;
  done: (planned: PlannedBuild, state: EntryState & { status: 'ok' }, fetched: R) => SyncedEntry;
}

/**
 * Installs what `installer` can (side by side, each under its entry's mutex); returns what is
 * left to build, in order. An entry another pydebug built meanwhile is reused as it is.
 */
async function installWhatCan<R>(planned: PlannedBuild[], ctx: SyncContext, installer: EntryInstaller<R>, entries: Map<string, SyncedEntry>): Promise<PlannedBuild[]> {
  const { store, reporter, signal } = ctx;
  await store.ensureLayout();
  const installed = await Promise.all(
    planned.map((p) =>
      withEntryMutex(p, store, reporter, signal, async () => {
        const now = await store.readEntry(p.entryKey, { everyFile: true });
        if (now.status === 'ok') {
          reporter.done(p.id, 'reused', `built by another pydebug: ${now.python}`);
          return synced(p, 'reused', now);
        }
        const fetched = await installer.fetch(p);
        if (!fetched) return undefined;
        const state = await store.readEntry(p.entryKey);
        if (state.status === 'ok') return installer.done(p, state, fetched);
        // buildEntry removes whatever is at the entry's place before building.
        reporter.warn(`${p.id}: the ${installer.what} entry is not usable (${state.status === 'damaged' ? state.reason : 'missing'}); building it`);
        return undefined;
      }),
    ),
  );
  for (const entry of installed) if (entry) entries.set(entry.id, entry);
  return planned.filter((_, i) => !installed[i]);
}

/** Restores from the Actions cache (ctx.restoreEntry). */
function cacheRestorer(ctx: SyncContext, restoreEntry: (planned: PlannedBuild) => Promise<boolean>): EntryInstaller<true> {
  return {
    what: 'restored',
    fetch: async (p) => ((await restoreEntry(p)) ? true : undefined),
    done: (p, state) => {
      ctx.reporter.done(p.id, 'reused', `restored: ${state.python}`);
      return synced(p, 'restored', state);
    },
  };
}

/** Pulls from the registry; a failed pull has already warned (sync/pull.ts). */
function registryPuller(ctx: SyncContext, pullEntry: (planned: PlannedBuild) => Promise<PullRecord | undefined>): EntryInstaller<PullRecord> {
  return {
    what: 'pulled',
    fetch: pullEntry,
    done: (p, state, record) => {
      const trust = record.pinned ? 'pinned in the lock' : "not pinned in the lock: trusted on the registry's word";
      ctx.reporter.done(p.id, 'pulled', `${record.digest}, ${trust}${record.relocatedFrom ? `, moved from ${record.relocatedFrom}` : ''}: ${state.python}`);
      return synced(p, 'pulled', state, record);
    },
  };
}

/** Runs fn holding the cross-process mutex of an entry's key, cleaning up after a stopped holder. */
async function withEntryMutex<T>(p: PlannedBuild, store: Store, reporter: Reporter, signal: AbortSignal, fn: (mutex: HeldMutex) => Promise<T>): Promise<T> {
  const mutex = await acquireMutex(store.mutexPath(`entry-${p.entryKey}`), {
    purpose: `building ${p.id}`,
    signal,
    onWait: (o) => reporter.phase(p.id, 'wait', `for pid ${o?.pid ?? '?'}`),
    onStale: async (owner) => {
      if (owner?.children?.length || owner?.paths?.length) {
        reporter.warn(`${p.id}: a previous pydebug (pid ${owner.pid}) stopped while building it; stopping what it left running and removing its files`);
      }
      await cleanUpAfter(owner, { tmpDir: store.tmpDir, sourcesDir: store.sourcesDir, warn: (m) => reporter.warn(`${p.id}: ${m}`) });
    },
  });
  try {
    return await fn(mutex);
  } finally {
    await mutex.release();
  }
}

/** Builds one entry under its mutex (or finds it built by another pydebug meanwhile). */
async function buildOne(
  { planned: p, toolchain }: EntryToBuild,
  ctx: BuildContext,
  treeFor: (p: PlannedBuild) => Promise<string>,
  builder: EntryBuilder,
  options: EntryBuildOptions,
): Promise<SyncedEntry> {
  try {
    return await buildUnderMutex(
      p,
      ctx,
      () => treeFor(p),
      (tree, mutex) => builder.build(ctx, p, tree, toolchain, { mutex, ...options }),
    );
  } finally {
    // However this build ended, whoever waits for its configure answers stops waiting.
    options.sharing?.offer?.(undefined);
  }
}

async function buildUnderMutex(p: PlannedBuild, ctx: BuildContext, tree: () => Promise<string>, build: (tree: string, mutex: HeldMutex) => Promise<Manifest>): Promise<SyncedEntry> {
  const { store, reporter } = ctx;
  return withEntryMutex(p, store, reporter, ctx.signal, async (mutex) => {
    // Another process may have built it while we waited.
    const now = await store.readEntry(p.entryKey, { everyFile: true });
    if (now.status === 'ok') {
      reporter.done(p.id, 'reused', `built by another pydebug: ${now.python}`);
      return synced(p, 'reused', now);
    }
    const manifest = await build(await tree(), mutex);
    const state = await store.readEntry(p.entryKey);
    if (state.status !== 'ok') throw new BuildStepError(`${p.id}: the stored entry cannot be read back (${state.status === 'damaged' ? state.reason : 'missing'})`);
    reporter.done(p.id, 'built', `${formatDuration(manifest.timings.total ?? 0)}, ${state.python}`);
    return synced(p, 'built', state);
  });
}

/**
 * A file-system error (EACCES, ENOSPC, EXDEV...) is the machine's, not a bug: report it as a
 * failure the user can act on. Anything else stays an internal error.
 */
function asUserFacing(id: string, error: Error, store: Store): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof PydebugError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new PydebugError(`${id}: ${error.message}`, { cause: error, hint: fileSystemHint(code, store.root) });
}

/** Disk space a build needs in PYDEBUG_HOME at its peak: build directory + staging + entry. */
export const BUILD_DISK_BYTES = 1.2e9;
export const SOURCE_DISK_BYTES = 0.3e9;

/** Checks that need no download: refuse early what would fail minutes into a build. */
async function preflight(entries: EntryToBuild[], env: Env, store: Store, reporter: Reporter): Promise<void> {
  const builds = entries.map((b) => b.planned);
  const writable = await store.checkWritable();
  if (writable) {
    throw new PydebugError(`the store ${store.root} is not writable (${writable})`, {
      hint: 'make it writable, or set PYDEBUG_HOME to a writable directory',
    });
  }
  const free = await store.freeBytes();
  const sources = new Set(builds.map((p) => p.build.source)).size;
  const needed = builds.length * BUILD_DISK_BYTES + sources * SOURCE_DISK_BYTES;
  const gb = (n: number) => `${(n / 1e9).toFixed(1)} GB`;
  if (free !== undefined && free < needed / 2) {
    throw new PydebugError(`${store.root} has ${gb(free)} free; building ${builds.length} entr${builds.length === 1 ? 'y' : 'ies'} needs about ${gb(needed)}`, {
      hint: 'free some space (pydebug clean removes build leftovers), build fewer variants at once (--variant), or set PYDEBUG_HOME to a larger disk',
    });
  }
  if (free !== undefined && free < needed) {
    reporter.warn(`${store.root} has ${gb(free)} free; building ${builds.length} entries may need up to ${gb(needed)}`);
  }
  const tsan = builds.find((p) => p.build.expect.sanitizers.includes('thread'));
  const kernel = tsan ? tsanKernelProblem(await readMmapRndBits()) : undefined;
  if (tsan && kernel) throw new PydebugError(`${tsan.id} is a ThreadSanitizer build, but ${kernel.message}`, { hint: kernel.hint });
  for (const { planned: p, toolchain } of entries.filter((b) => b.planned.build.expect.macros.WITH_VALGRIND)) {
    const { compiler } = toolchain;
    if (!(await compilerHasHeader(compiler, 'valgrind/valgrind.h', env))) {
      throw new PydebugError(`${p.id} sets valgrind: true, but ${compiler} cannot find valgrind/valgrind.h`, { hint: valgrindHint() });
    }
  }
  for (const { planned: p, toolchain } of entries) {
    const problem = buildOptionProblem(p.id, p.build.expect.options, toolchain);
    if (problem) throw new PydebugError(problem.message, { hint: problem.hint });
    const llvm = p.build.expect.options?.jit_llvm;
    if (llvm === undefined) continue;
    for (const tool of ['clang', 'llvm-readobj']) {
      if (!(await findLlvmTool(tool, llvm, env))) {
        throw new PydebugError(`${p.id} sets jit, whose build runs Tools/jit/build.py with LLVM ${llvm}, but neither ${tool} nor ${tool}-${llvm} on PATH is LLVM ${llvm}`, {
          hint: `install LLVM ${llvm} (Debian/Ubuntu: apt install clang-${llvm} llvm-${llvm}; the Action does it with install-dependencies: auto), or use jit: interpreter, which needs no LLVM`,
        });
      }
    }
  }
}
