import { describe, expect, it } from 'vitest';
import { isRunnerSecret, userCacheDir } from '../../src/platform/index.js';

describe('userCacheDir', () => {
  it('takes an absolute XDG_CACHE_HOME, and ignores a relative one as the XDG spec says', () => {
    expect(userCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/c' })).toBe('/c');
    expect(userCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: 'rel/cache' })).toMatch(/^\/home\/u\//);
    expect(userCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: './cache' })).toMatch(/^\/home\/u\//);
  });
});

describe('isRunnerSecret', () => {
  it("names the runner's credentials and anything named like one, not the rest of a job's environment", () => {
    for (const name of [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_CACHE_URL',
      'GITHUB_TOKEN',
      'PYDEBUG_REGISTRY_TOKEN',
      'NPM_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'TWINE_PASSWORD',
    ]) {
      expect(isRunnerSecret(name), name).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'GITHUB_WORKSPACE', 'GITHUB_SHA', 'RUNNER_TEMP', 'TOKENIZERS_PARALLELISM', 'CI']) expect(isRunnerSecret(name), name).toBe(false);
  });
});
