/**
 * The Action's inputs, read once into one typed object (never at import time). `getInput`
 * is injected so this stays testable; in the Action it is @actions/core's.
 */
import { UsageError } from '../errors.js';
import { MAX_JOBS } from '../limits.js';
import { wholeNumberInRange } from '../numbers.js';

export interface ActionInputs {
  config: string;
  variants: string[];
  versions: string[];
  cache: boolean;
  saveCache: boolean;
  frozen: boolean;
  jobs: number | undefined;
  workingDirectory: string;
  /** add-to-path, or setup-python's name update-environment: either false turns it off. */
  addToPath: boolean;
  /** false: only resolve the config and lock, and output the matrix (for a fan-out job). */
  sync: boolean;
  /** install-dependencies: auto (true) installs missing build packages when something must be built. */
  installDependencies: boolean;
  /** registry: overrides pydebug.yml's registry: (as PYDEBUG_REGISTRY does); empty keeps it. */
  registry: string;
  /** registry-token: sent to the registry; empty: the job's token (github-token), for ghcr.io only. */
  registryToken: string;
  /** github-token: the job's token, `${{ github.token }}`; never sent to a registry other than ghcr.io. */
  githubToken: string;
  /** push: auto (what this run built, from the default branch, when the token may write), true, or false. */
  push: PushSetting;
}

export type PushSetting = 'auto' | 'true' | 'false';

export type GetInput = (name: string) => string;

function list(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function boolean(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UsageError(`input ${name} must be true or false, not "${value}"`);
}

function autoOrFalse(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'auto') return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UsageError(`input ${name} must be auto or false, not "${value}"`);
}

function pushSetting(value: string): PushSetting {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (['true', 'yes', '1', 'on'].includes(v)) return 'true';
  if (['false', 'no', '0', 'off'].includes(v)) return 'false';
  throw new UsageError(`input push must be auto, true or false, not "${value}"`);
}

export function loadInputs(getInput: GetInput): ActionInputs {
  const jobsText = getInput('jobs').trim();
  let jobs: number | undefined;
  if (jobsText !== '') {
    jobs = wholeNumberInRange(jobsText, 1, MAX_JOBS);
    if (jobs === undefined) throw new UsageError(`input jobs must be a whole number from 1 to ${MAX_JOBS}, not "${jobsText}"`);
  }
  return {
    config: getInput('config').trim() || 'pydebug.yml',
    variants: list(getInput('variants')),
    versions: list(getInput('versions')),
    cache: boolean('cache', getInput('cache'), true),
    saveCache: boolean('save-cache', getInput('save-cache'), true),
    frozen: boolean('frozen', getInput('frozen'), true),
    jobs,
    workingDirectory: getInput('working-directory').trim() || '.',
    addToPath: boolean('add-to-path', getInput('add-to-path'), true) && boolean('update-environment', getInput('update-environment'), true),
    sync: boolean('sync', getInput('sync'), true),
    installDependencies: autoOrFalse('install-dependencies', getInput('install-dependencies')),
    registry: getInput('registry').trim(),
    registryToken: getInput('registry-token').trim(),
    githubToken: getInput('github-token').trim(),
    push: pushSetting(getInput('push')),
  };
}
