/** registry: in pydebug.yml and PYDEBUG_REGISTRY: parsed into a location, or refused with file:line:col and the fix. */

import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseRegistryLocation } from '../../src/config/registry.js';
import { effectiveRegistry, registryCredentials } from '../../src/registry/reference.js';
import { configProblems, RECIPE_YAML } from '../support/fixtures.js';

describe('parseRegistryLocation', () => {
  it('reads host/owner/name, https unless the host is loopback', () => {
    expect(parseRegistryLocation('ghcr.io/My-Org/x')).toMatchObject({ message: expect.stringContaining('"My-Org" cannot be part of a repository name') });
    expect(parseRegistryLocation('ghcr.io/my-org/pydebug-entries')).toEqual({
      host: 'ghcr.io',
      hostname: 'ghcr.io',
      repository: 'my-org/pydebug-entries',
      scheme: 'https',
      display: 'ghcr.io/my-org/pydebug-entries',
    });
    expect(parseRegistryLocation('127.0.0.1:5000/a/b')).toMatchObject({ host: '127.0.0.1:5000', scheme: 'http' });
    expect(parseRegistryLocation('localhost:5000/a')).toMatchObject({ scheme: 'http', repository: 'a' });
    expect(parseRegistryLocation('[::1]:5000/a/b')).toMatchObject({ host: '[::1]:5000', hostname: '::1', scheme: 'http' });
    expect(parseRegistryLocation('registry.example:5000/a/b')).toMatchObject({ scheme: 'https' });
    // Looks local, is not: a name that only starts like loopback.
    expect(parseRegistryLocation('127.0.0.1.evil.example/a')).toMatchObject({ scheme: 'https' });
  });
  it.each([
    ['https://ghcr.io/a/b', /has a scheme/],
    ['ghcr.io', /names no repository/],
    ['ghcr.io/', /names no repository/],
    ['user:pw@ghcr.io/a/b', /contains a space, control character, @/],
    ['ghcr.io:0/a/b', /names port 0/],
    ['ghcr.io:99999/a/b', /names port 99999/],
    ['ghcr.io/a//b', /"" cannot be part/],
    ['ghcr.io/a/../b', /".." cannot be part/],
    ['gh_cr.io/a', /is not a host name/],
  ])('refuses %s', (text, message) => {
    expect(parseRegistryLocation(text)).toMatchObject({ message: expect.stringMatching(message) });
  });
  it('knows loopback', () => {
    for (const h of ['localhost', '127.0.0.1', '127.255.0.9', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['128.0.0.1', '127.0.0.256', 'localhost.example', '0.0.0.0', '10.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('registry: in pydebug.yml', () => {
  it('points at the bad value with file:line:col and the fix', () => {
    const problems = configProblems(`${RECIPE_YAML}registry: https://ghcr.io/a/b\n`);
    const line = `${RECIPE_YAML}registry:`.split('\n').length;
    expect(problems).toEqual([
      {
        file: 'pydebug.yml',
        line,
        col: 11,
        message: 'registry "https://ghcr.io/a/b" has a scheme',
        hint: 'write host/owner/name without http:// or https:// (loopback hosts are spoken to over http, all others over https), e.g. registry: ghcr.io/<owner>/<name>',
      },
    ]);
    expect(configProblems(`${RECIPE_YAML}registry: 5\n`)[0]).toMatchObject({ line, col: 11, message: 'registry must be a string such as "ghcr.io/<owner>/<name>"' });
  });
});

describe('effectiveRegistry and registryCredentials', () => {
  it('lets PYDEBUG_REGISTRY override registry:, and names it when it is bad', () => {
    expect(effectiveRegistry({}, undefined)).toBeUndefined();
    expect(effectiveRegistry({}, 'ghcr.io/a/b')?.display).toBe('ghcr.io/a/b');
    expect(effectiveRegistry({ PYDEBUG_REGISTRY: '127.0.0.1:5000/c/d' }, 'ghcr.io/a/b')?.display).toBe('127.0.0.1:5000/c/d');
    expect(() => effectiveRegistry({ PYDEBUG_REGISTRY: 'ghcr.io' }, 'ghcr.io/a/b')).toThrow(/^PYDEBUG_REGISTRY is not usable: registry "ghcr.io" names no repository$/);
  });
  it('takes the token (and user), or none: anonymous', () => {
    expect(registryCredentials({})).toBeUndefined();
    expect(registryCredentials({ PYDEBUG_REGISTRY_TOKEN: ' ' })).toBeUndefined();
    expect(registryCredentials({ PYDEBUG_REGISTRY_TOKEN: 'ghp_x' })).toEqual({ user: 'pydebug', token: 'ghp_x' });
    expect(registryCredentials({ PYDEBUG_REGISTRY_TOKEN: 'ghp_x', PYDEBUG_REGISTRY_USER: 'me' })).toEqual({ user: 'me', token: 'ghp_x' });
    expect(() => registryCredentials({ PYDEBUG_REGISTRY_TOKEN: 't', PYDEBUG_REGISTRY_USER: 'a:b' })).toThrow(/PYDEBUG_REGISTRY_USER contains a ":"/);
  });
});
