/** The environment configure, make and the compiler checks run with: the user's, less what would change a build or leak the runner's credentials. */

import type { Env } from './cache-dir.js';

/**
 * Environment variables that would change a build without being in the lock. They are removed
 * from configure's and make's environment; the lock's configure arguments say everything.
 */
const BUILD_ENV_DENYLIST = [
  'CC',
  'CXX',
  'CPP',
  'CFLAGS',
  'CPPFLAGS',
  'CXXFLAGS',
  'LDFLAGS',
  'LIBS',
  'LDSHARED',
  'EXTRA_CFLAGS',
  'OPT',
  'MAKEFLAGS',
  'MFLAGS',
  'MAKELEVEL',
  'CONFIG_SITE',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
  'PYTHONSAFEPATH',
  'PYTHONUSERBASE',
  'PYTHONNOUSERSITE',
  'PYTHONDEVMODE',
  'PYTHONMALLOC',
  'PYTHONWARNINGS',
  'PROFILE_TASK',
  'DESTDIR',
];

/**
 * The runner's credentials and where to spend them: the Actions runtime's token and service
 * URLs (cache, results, OIDC), the job's GITHUB_TOKEN, pydebug's own registry token, and any
 * variable named like a credential (NPM_TOKEN, AWS_SECRET_ACCESS_KEY, PYPI_PASSWORD...). A
 * build runs configure and make of whatever tarball or commit the lock names, and a probe runs
 * an interpreter restored from a cache: neither needs to authenticate to anything, so none of
 * these reach them, whatever the tarball's scripts would do with them.
 */
const RUNNER_SECRETS = new Set([
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'PYDEBUG_REGISTRY_TOKEN',
]);
const CREDENTIAL_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)/i;

export function isRunnerSecret(name: string): boolean {
  return RUNNER_SECRETS.has(name) || CREDENTIAL_NAME.test(name);
}

/** `env` without the runner's credentials (isRunnerSecret): what every program pydebug runs on a tarball's or a cache's behalf gets. */
export function withoutRunnerSecrets(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !isRunnerSecret(k)) out[k] = v;
  return out;
}

/** configure's, make's and the compiler checks' environment: the user's, minus what would change the build and the runner's credentials. */
export function buildEnvironment(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(withoutRunnerSecrets(env))) {
    if (!BUILD_ENV_DENYLIST.includes(k)) out[k] = v;
  }
  // Stable messages in logs, whatever the user's locale.
  out.LC_ALL = 'C';
  return out;
}
