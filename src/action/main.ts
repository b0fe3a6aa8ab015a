/**
 * The Action's main run: pydebug.yml → lock check → restore from the Actions cache → (only
 * when something is left to build) install missing build packages → build, saving each entry
 * right after its build and probe succeed → outputs → the first entry's environment for the
 * rest of the job.
 */

import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ensureProjectEnv } from '../env/project-env.js';
import { variantExports } from '../env/variant-env.js';
import { PydebugError } from '../errors.js';
import { type ConfigFile, loadConfigFile } from '../files/config-file.js';
import { exists } from '../files/exists.js';
import type { LockedBuild } from '../lock/types.js';
import { checkLock } from '../lockfile/lock-update.js';
import { type GithubMatrix, githubMatrix } from '../plan/github-matrix.js';
import type { PlannedBuild, Selection } from '../plan/sync-plan.js';
import { allowThreadSanitizer, debianBuildPackages, installMissingPackages } from '../platform/index.js';
import { formatDuration } from '../progress.js';
import { effectiveMirror } from '../source/mirror.js';
import { defaultHome, Store } from '../store/store.js';
import { compilerOf, pullFromEnv, type SyncedEntry, type SyncResult, syncProject } from '../sync/sync.js';
import { runnerImage } from './cache-keys.js';
import { EntryCache } from './entry-cache.js';
import { type ActionInputs, loadInputs } from './inputs.js';
import { hasSharedLibpython, pydebugShim, setupPythonVars } from './job-exports.js';
import { type ActionOutputs, computeOutputs, type EntryOutcome, pendingSaves, summaryMarkdown } from './outputs.js';
import { type ActionRegistry, actionPull, actionRegistry, pushBuilt } from './registry.js';
import { ActionsReporter } from './reporter.js';
import { type RunProcess, runToExit } from './run-to-exit.js';
import { ActionState } from './state.js';

/** Where the Action keeps interpreters: under the runner's tool cache, like setup-python. */
export function actionHome(env: NodeJS.ProcessEnv): string {
  if (env.PYDEBUG_HOME?.trim()) return defaultHome(env);
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'pydebug');
  return defaultHome(env);
}

function setOutputs(outputs: Partial<ActionOutputs>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/**
 * For the rest of the job: the first entry's project environment (the workspace is the project)
 * first on PATH, then its store bin/ and a `pydebug` command; what `pydebug run` exports (one
 * function for both), and what setup-python users rely on.
 */
async function updateEnvironment(first: SyncedEntry, build: LockedBuild, projectDir: string, env: NodeJS.ProcessEnv, cliJs: string | undefined, signal: AbortSignal): Promise<void> {
  const t0 = Date.now();
  const projectEnv = await ensureProjectEnv(
    projectDir,
    { id: first.id, entryKey: first.entryKey, python: first.python, env: build.env },
    {
      signal,
      onCreate: (dir, tampered) => {
        if (tampered) core.warning(`${first.id}: its environment ${dir} is not the entry's (${tampered}): making it again`);
      },
    },
  );
  if (projectEnv.created) core.info(`${first.id}: made its environment ${projectEnv.dir} in ${formatDuration((Date.now() - t0) / 1000)}`);
  const { path, vars } = variantExports(env, { id: first.id, build }, first, projectEnv);
  const libFiles = await readdir(join(first.dir, 'lib')).catch(() => [] as string[]);
  Object.assign(vars, setupPythonVars(first.dir, env, hasSharedLibpython(libFiles)));
  const shimDir = cliJs ? await writePydebugShim(join(env.RUNNER_TEMP || tmpdir(), 'pydebug-bin'), cliJs) : undefined;
  // Each addPath goes in front of the ones before it: the environment's bin/ is added last.
  for (const dir of [...path, ...(shimDir ? [shimDir] : [])].reverse()) core.addPath(dir);
  for (const [name, value] of Object.entries(vars)) core.exportVariable(name, value);
  core.info(`${first.id}: its environment ${projectEnv.bin} (python, pip) is first on PATH for the following steps${shimDir ? `, with pydebug (${shimDir})` : ''}`);
}

async function writePydebugShim(dir: string, cliJs: string): Promise<string | undefined> {
  if (!(await exists(cliJs, 'file'))) {
    core.warning(`no pydebug command for later steps: ${cliJs} is not there`);
    return undefined;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pydebug'), pydebugShim(process.execPath, cliJs), { mode: 0o755 });
  return dir;
}

/** The missing CPython build packages for the entries about to be built (apt-get; Debian/Ubuntu). */
async function installBuildDependencies(planned: PlannedBuild[], env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  const builds = planned.map((p) => ({
    compiler: compilerOf(p.build, env),
    valgrind: p.build.expect.macros.WITH_VALGRIND === true,
    sanitizers: p.build.expect.sanitizers.length > 0,
    jitLlvm: p.build.expect.options?.jit_llvm,
  }));
  await installMissingPackages(debianBuildPackages(builds), env, core, signal);
}

export interface RunOptions {
  /** The CLI bundle beside the Action's (dist/cli.js), for the `pydebug` command of the rest of the job. */
  cliJs?: string | undefined;
  /** Where the post run finds what this run leaves it (the runner's GITHUB_STATE by default). */
  state?: ActionState | undefined;
}

/** The main run as the runner runs it: a failure escaping `run` fails the run, then an explicit exit. */
export function mainRun(env: NodeJS.ProcessEnv, options: RunOptions, proc?: RunProcess): Promise<never> {
  return runToExit('pydebug', () => run(env, options), 'fail', proc);
}

/** What the functions below share: the process environment, the run's abort signal, the post run's state. */
interface RunContext {
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  state: ActionState;
  cliJs: string | undefined;
}

export async function run(env: NodeJS.ProcessEnv = process.env, options: RunOptions = {}): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ctx: RunContext = { env, signal: controller.signal, state: options.state ?? new ActionState(), cliJs: options.cliJs };
  try {
    const inputs = loadInputs((name) => core.getInput(name));
    const scope = await loadScope(inputs, env);
    setOutputs({ matrix: JSON.stringify(scope.matrix) });
    if (!inputs.sync) return await checkMatrixOnly(inputs, scope, ctx);

    // Before anything runs a TSan interpreter (a restore's check, a build, the rest of the job).
    if (inputs.installDependencies && declaresThreadSanitizer(scope)) await allowThreadSanitizer(ctx.env, core, ctx.signal);
    const store = openToolCacheStore(ctx);
    const entryCache = new EntryCache(store, runnerImage(env), core, { restore: inputs.cache, save: inputs.cache && inputs.saveCache });
    const registry = await actionRegistry(inputs, scope.cfg, env, ctx.signal);
    const result = await syncEntries(inputs, scope, store, entryCache, ctx, registry);
    const outcomes = entryOutcomes(result, entryCache);
    // Pushed in the main run, as the cache saves are: a later failure in the job cannot lose them.
    const pushed = registry ? await pushBuilt(registry, store, result, core, ctx.signal) : {};
    setOutputs(computeOutputs(outcomes, scope.matrix, pushed));
    ctx.state.setPendingSaves(pendingSaves(outcomes));
    if (inputs.addToPath) await exportFirstEntry(result, scope, ctx);
    await core.summary.addRaw(summaryMarkdown(outcomes, result.seconds)).write();
  } catch (error) {
    reportFailure(error);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** What this run works on: pydebug.yml as loaded, the inputs' selection of it, and its matrix. */
interface RunScope {
  cfg: ConfigFile;
  selection: Selection;
  matrix: GithubMatrix;
}

async function loadScope(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<RunScope> {
  const cwd = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory);
  const cfg = await loadConfigFile(resolve(cwd, inputs.config), cwd);
  const selection: Selection = { variants: inputs.variants, versions: inputs.versions };
  return { cfg, selection, matrix: githubMatrix(cfg.projectConfig, selection) };
}

function declaresThreadSanitizer(scope: RunScope): boolean {
  return scope.cfg.projectConfig.variants.some((v) => v.sanitizers.includes('thread'));
}

/**
 * sync: false, for a fan-out job or a job that only runs the CLI (`pydebug lock --upgrade`): the
 * matrix, with the lock checked when frozen, and the `pydebug` command on PATH; nothing built.
 */
async function checkMatrixOnly(inputs: ActionInputs, scope: RunScope, ctx: RunContext): Promise<void> {
  if (inputs.frozen) await checkLock(scope.cfg, true);
  core.info(`matrix: ${scope.matrix.include.length} entries (sync: false, nothing built)`);
  if (!inputs.addToPath || !ctx.cliJs) return;
  const shimDir = await writePydebugShim(join(ctx.env.RUNNER_TEMP || tmpdir(), 'pydebug-bin'), ctx.cliJs);
  if (!shimDir) return;
  core.addPath(shimDir);
  core.info(`pydebug (${shimDir}) is on PATH for the following steps`);
}

/** The store under the tool cache; the post run cleans it, the rest of the job finds it by PYDEBUG_HOME. */
function openToolCacheStore(ctx: RunContext): Store {
  const home = actionHome(ctx.env);
  ctx.state.setHome(home);
  core.exportVariable('PYDEBUG_HOME', home);
  return new Store(home);
}

/** Restores what the cache has, builds the rest (installing build packages first), saving each built entry at once. */
async function syncEntries(inputs: ActionInputs, scope: RunScope, store: Store, entryCache: EntryCache, ctx: RunContext, registry: ActionRegistry | undefined): Promise<SyncResult> {
  const reporter = new ActionsReporter(core);
  try {
    return await syncProject(
      scope.cfg,
      { frozen: inputs.frozen, jobs: inputs.jobs, selection: scope.selection },
      {
        store,
        env: ctx.env,
        reporter,
        signal: ctx.signal,
        mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, scope.cfg.projectConfig.mirror, { configDir: dirname(scope.cfg.path) }),
        restoreEntry: (planned) => entryCache.restore(planned),
        // Then the registry (PYDEBUG_PULL=0 turns it off), then build.
        pullEntry: registry && pullFromEnv(ctx.env.PYDEBUG_PULL) ? actionPull(registry, store, reporter, ctx.signal) : undefined,
        // Only when something must be built: a cache-hit job installs nothing.
        beforeBuilds: inputs.installDependencies ? (planned) => installBuildDependencies(planned, ctx.env, ctx.signal) : undefined,
        // Saved right away: the post run would be skipped when the job fails later.
        onEntryReady: async (entry) => {
          if (entry.status === 'built') await entryCache.save(entry);
        },
      },
    );
  } finally {
    reporter.close();
  }
}

function entryOutcomes(result: SyncResult, entryCache: EntryCache): EntryOutcome[] {
  return result.entries.map((entry) => ({
    entry,
    build: result.lock.lock.builds[entry.id]!,
    restore: entryCache.restores.get(entry.id),
    save: entryCache.saves.get(entry.id),
  }));
}

async function exportFirstEntry(result: SyncResult, scope: RunScope, ctx: RunContext): Promise<void> {
  const first = result.entries[0];
  if (first) await updateEnvironment(first, result.lock.lock.builds[first.id]!, dirname(scope.cfg.path), ctx.env, ctx.cliJs, ctx.signal);
}

function reportFailure(error: unknown): void {
  if (error instanceof PydebugError) {
    core.setFailed(error.hint ? `${error.message}\nhint: ${error.hint}` : error.message);
  } else {
    core.setFailed(`internal error: ${(error as Error)?.stack ?? String(error)}`);
  }
}
