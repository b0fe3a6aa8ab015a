/**
 * Whether the Action pushes what its run built to the registry, and with which token. Pure: the
 * inputs, the registry's host and what the runner says of the run (GITHUB_REF, GITHUB_EVENT_NAME,
 * the event payload's default branch from GITHUB_EVENT_PATH) go in, a decision comes out.
 *
 * push: auto pushes only from the default branch, on an event whose job token can have write
 * access (not pull_request or pull_request_target: a fork's token is read-only, and an
 * unreviewed branch must not publish interpreters every consumer then pulls). A push the
 * registry refuses (the token lacks packages: write) is then a note, not a failure. push: true
 * pushes from any ref, and a refusal is a warning.
 */
import type { PushSetting } from './inputs.js';

export interface RunFacts {
  /** GITHUB_REF, e.g. refs/heads/main. */
  ref: string | undefined;
  /** GITHUB_EVENT_NAME, e.g. push, schedule. */
  eventName: string | undefined;
  /** repository.default_branch of the event payload (GITHUB_EVENT_PATH), e.g. main. */
  defaultBranch: string | undefined;
}

export type PushDecision = { push: true; why: string; refusalIsWarning: boolean } | { push: false; why: string };

const READ_ONLY_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

export function decidePush(setting: PushSetting, registry: string | undefined, hasToken: boolean, run: RunFacts): PushDecision {
  if (setting === 'false') return { push: false, why: 'push: false' };
  if (!registry) return { push: false, why: 'no registry is configured (registry: in pydebug.yml, or the registry input)' };
  if (!hasToken) return { push: false, why: 'there is no token to push with (registry-token)' };
  if (setting === 'true') return { push: true, why: 'push: true', refusalIsWarning: true };
  if (run.eventName && READ_ONLY_EVENTS.has(run.eventName)) return { push: false, why: `push: auto does not push from a ${run.eventName} run` };
  if (!run.defaultBranch) return { push: false, why: "push: auto could not tell the repository's default branch (no event payload)" };
  if (run.ref !== `refs/heads/${run.defaultBranch}`) return { push: false, why: `push: auto pushes from the default branch (${run.defaultBranch}) only, and this run is on ${run.ref ?? 'no ref'}` };
  return { push: true, why: `push: auto, on the default branch ${run.defaultBranch}`, refusalIsWarning: false };
}

/** The default branch the event payload names, or undefined (the payload is input: read defensively). */
export function defaultBranchOf(payload: unknown): string | undefined {
  const repo = (payload as { repository?: { default_branch?: unknown } } | null)?.repository;
  const branch = repo?.default_branch;
  return typeof branch === 'string' && /^[^\s~^:?*[\\]+$/.test(branch) ? branch : undefined;
}

/** The host of a registry location ("ghcr.io/org/name" -> "ghcr.io"). */
export function registryHost(registry: string): string {
  return registry
    .replace(/^[a-z]+:\/\//, '')
    .split('/')[0]!
    .toLowerCase();
}

/**
 * The token sent to the registry: registry-token when given; else the job's token, for ghcr.io
 * only (GitHub's token must not reach another registry); else none (anonymous pulls).
 */
export function registryTokenFor(registry: string | undefined, registryToken: string, githubToken: string): string | undefined {
  if (registryToken) return registryToken;
  if (registry && registryHost(registry) === 'ghcr.io' && githubToken) return githubToken;
  return undefined;
}
