/**
 * The Action's main step: pydebug.yml → lock check → restore from the Actions cache → build
 * what is missing, saving each entry right after its build and probe succeed → outputs.
 */
import * as core from '@actions/core';
import { dirname, join, resolve } from 'node:path';
import { PydebugError } from '../errors.js';
import { loadConfigFile } from '../files/config-file.js';
import { githubMatrix } from '../plan/github-matrix.js';
import type { Selection } from '../plan/sync-plan.js';
import { effectiveMirror } from '../source/mirror.js';
import { defaultHome, Store } from '../store/store.js';
import { checkLock } from '../sync/lock-update.js';
import { syncProject } from '../sync/sync.js';
import { runnerImage } from './cache-keys.js';
import { EntryCache } from './entry-cache.js';
import { loadInputs } from './inputs.js';
import { computeOutputs, summaryMarkdown, type ActionOutputs, type EntryOutcome } from './outputs.js';
import { ActionsReporter } from './reporter.js';
import { STATE_HOME, STATE_RETRY_SAVES } from './state.js';




/** Where the Action keeps interpreters: under the runner's tool cache, like setup-python. */
export function actionHome(env: NodeJS.ProcessEnv): string {
  if (env.PYDEBUG_HOME?.trim()) return defaultHome(env);
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'pydebug');
  return defaultHome(env);
}

function setOutputs(outputs: Partial<ActionOutputs>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const inputs = loadInputs((name) => core.getInput(name));
    const cwd = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory);
    const cfg = await loadConfigFile(resolve(cwd, inputs.config), cwd);
    const selection: Selection = { variants: inputs.variants, versions: inputs.versions };
    const matrix = githubMatrix(cfg.project, selection);
    setOutputs({ matrix: JSON.stringify(matrix) });

    if (!inputs.sync) {
      if (inputs.frozen) await checkLock(cfg, true);
      core.info(`matrix: ${matrix.include.length} entries (sync: false, nothing built)`);
      return;
    }

    const home = actionHome(env);
    const store = new Store(home);
    core.saveState(STATE_HOME, home);
    core.exportVariable('PYDEBUG_HOME', home);

    const reporter = new ActionsReporter(core);
    const entryCache = new EntryCache(store, runnerImage(env), core, { restore: inputs.cache, save: inputs.cache && inputs.saveCache });
    const result = await (async () => {
      try {
        return await syncProject(
          cfg,
          { frozen: inputs.frozen, jobs: inputs.jobs, selection },
          {
            store,
            env,
            reporter,
            signal: controller.signal,
            mirror: effectiveMirror(env.PYDEBUG_MIRROR, cfg.project.mirror),
            restoreEntry: (planned) => entryCache.restore(planned),
            // Saved right away: a post step would be skipped when a later step fails.
            onEntryReady: async (entry) => {
              if (entry.status === 'built') await entryCache.save(entry);
            },
          },
        );
      } finally {
        reporter.close();
      }
    })();

    const outcomes: EntryOutcome[] = result.entries.map((entry) => ({
      entry,
      restore: entryCache.restores.get(entry.id),
      save: entryCache.saves.get(entry.id),
    }));
    setOutputs(computeOutputs(outcomes, matrix));

    const retry = outcomes.filter((o) => o.save && o.save.outcome !== 'saved').map((o) => ({ id: o.entry.id, dir: o.entry.dir, key: o.save!.key }));
    if (retry.length > 0) core.saveState(STATE_RETRY_SAVES, JSON.stringify(retry));

    const first = result.entries[0];
    if (inputs.addToPath && first) {
      core.addPath(dirname(first.python));
      core.exportVariable('PYDEBUG_PYTHON', first.python);
      for (const [name, value] of Object.entries(first.manifest.env)) core.exportVariable(name, value);
      core.info(`${first.id}: ${dirname(first.python)} is first on PATH for the following steps`);
    }
    await core.summary.addRaw(summaryMarkdown(outcomes, result.seconds)).write();
  } catch (error) {
    if (error instanceof PydebugError) {
      core.setFailed(error.hint ? `${error.message}\nhint: ${error.hint}` : error.message);
    } else {
      core.setFailed(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
