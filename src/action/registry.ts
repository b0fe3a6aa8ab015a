/**
 * The Action's use of the registry: which one (the registry input over PYDEBUG_REGISTRY over
 * pydebug.yml's registry:), with which token (push-policy.ts), pulls for sync, and pushing what
 * the run built when the push decision says so. Every registry failure is a warning or a note:
 * the entries are in the store whatever the registry said.
 */
import { readFile } from 'node:fs/promises';
import type { ConfigFile } from '../files/config-file.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import type { Reporter } from '../progress.js';
import { RegistryClient } from '../registry/client.js';
import { pushEntry } from '../registry/push.js';
import { DEFAULT_REGISTRY_USER, effectiveRegistry, type RegistryLocation } from '../registry/reference.js';
import type { Store } from '../store/store.js';
import { pullEntry } from '../sync/pull.js';
import type { PullRecord, SyncResult } from '../sync/sync.js';
import type { ActionInputs } from './inputs.js';
import { decidePush, defaultBranchOf, type PushDecision, type RunFacts, registryTokenFor } from './push-policy.js';

export interface ActionRegistry {
  location: RegistryLocation;
  client: RegistryClient;
  decision: PushDecision;
}

/** The event payload is input: bounded, and anything unreadable means "no default branch known". */
async function runFacts(env: NodeJS.ProcessEnv): Promise<RunFacts> {
  let payload: unknown;
  try {
    if (env.GITHUB_EVENT_PATH) {
      const text = await readFile(env.GITHUB_EVENT_PATH, 'utf8');
      if (text.length < 64 * 1024 * 1024) payload = JSON.parse(text);
    }
  } catch {
    payload = undefined;
  }
  return { ref: env.GITHUB_REF, eventName: env.GITHUB_EVENT_NAME, defaultBranch: defaultBranchOf(payload) };
}

export async function actionRegistry(inputs: ActionInputs, cfg: ConfigFile, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ActionRegistry | undefined> {
  const location = effectiveRegistry({ ...env, PYDEBUG_REGISTRY: inputs.registry || env.PYDEBUG_REGISTRY }, cfg.projectConfig.registry);
  if (!location) return undefined;
  const token = registryTokenFor(location.display, inputs.registryToken, inputs.githubToken) ?? env.PYDEBUG_REGISTRY_TOKEN?.trim();
  const credentials = token ? { user: env.PYDEBUG_REGISTRY_USER?.trim() || DEFAULT_REGISTRY_USER, token } : undefined;
  const decision = decidePush(inputs.push, location.display, credentials !== undefined, await runFacts(env));
  return { location, client: new RegistryClient(location, { credentials, signal }), decision };
}

export function actionPull(registry: ActionRegistry, store: Store, reporter: Reporter, signal: AbortSignal): (planned: PlannedBuild) => Promise<PullRecord | undefined> {
  return (planned) => pullEntry({ store, reporter, signal, registry: registry.client }, planned);
}

export interface Log {
  info(message: string): void;
  warning(message: string): void;
}

/** Pushes the entries this run built, when the decision says so; their digests by id. Never throws. */
export async function pushBuilt(registry: ActionRegistry, store: Store, result: SyncResult, log: Log, signal: AbortSignal): Promise<Record<string, string>> {
  const built = result.entries.filter((e) => e.status === 'built');
  const pushed: Record<string, string> = {};
  if (built.length === 0) return pushed;
  const { decision } = registry;
  if (!decision.push) {
    log.info(`not pushing ${built.length} built entr${built.length === 1 ? 'y' : 'ies'} to ${registry.location.display}: ${decision.why}`);
    return pushed;
  }
  for (const entry of built) {
    const build = result.lock.lock.builds[entry.id]!;
    try {
      const r = await pushEntry(registry.client, store, { id: entry.id, entryKey: entry.entryKey, build, source: result.lock.lock.sources[build.source]!, manifest: entry.manifest }, signal);
      pushed[entry.id] = r.digest;
      log.info(`${entry.id}: pushed ${r.reference} (${decision.why})`);
    } catch (error) {
      const message = `${entry.id}: not pushed to ${registry.location.display} (${(error as Error).message}); the entry is still used`;
      if (decision.refusalIsWarning) log.warning(message);
      else log.info(`${message}; push: auto takes this as a token that may not write packages`);
    }
  }
  return pushed;
}
