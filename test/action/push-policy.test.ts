import { describe, expect, it } from 'vitest';
import { decidePush, defaultBranchOf, registryHost, registryTokenFor } from '../../src/action/push-policy.js';

const REGISTRY = 'ghcr.io/acme/pydebug-entries';
const onMain = { ref: 'refs/heads/main', eventName: 'push', defaultBranch: 'main' };

describe('decidePush', () => {
  it('push: auto pushes from the default branch, a refusal then being a note', () => {
    expect(decidePush('auto', REGISTRY, true, onMain)).toEqual({ push: true, why: 'push: auto, on the default branch main', refusalIsWarning: false });
    expect(decidePush('auto', REGISTRY, true, { ...onMain, eventName: 'schedule' }).push).toBe(true);
  });

  it('push: auto does not push from another branch, a tag, or a pull request', () => {
    expect(decidePush('auto', REGISTRY, true, { ...onMain, ref: 'refs/heads/feature' })).toEqual({
      push: false,
      why: 'push: auto pushes from the default branch (main) only, and this run is on refs/heads/feature',
    });
    expect(decidePush('auto', REGISTRY, true, { ...onMain, ref: 'refs/tags/v1' }).push).toBe(false);
    // A pull request's GITHUB_REF is refs/pull/N/merge; pull_request_target runs on the default branch's ref, with the base's token.
    expect(decidePush('auto', REGISTRY, true, { ...onMain, eventName: 'pull_request_target' })).toEqual({ push: false, why: 'push: auto does not push from a pull_request_target run' });
    expect(decidePush('auto', REGISTRY, true, { ref: 'refs/heads/main', eventName: 'workflow_dispatch', defaultBranch: undefined }).push).toBe(false);
  });

  it('push: true pushes from any ref (a refusal is a warning); push: false never', () => {
    expect(decidePush('true', REGISTRY, true, { ...onMain, ref: 'refs/heads/feature', eventName: 'pull_request' })).toEqual({ push: true, why: 'push: true', refusalIsWarning: true });
    expect(decidePush('false', REGISTRY, true, onMain)).toEqual({ push: false, why: 'push: false' });
  });

  it('pushes nothing without a registry or a token', () => {
    expect(decidePush('true', undefined, true, onMain).push).toBe(false);
    expect(decidePush('auto', REGISTRY, false, onMain)).toEqual({ push: false, why: 'there is no token to push with (registry-token)' });
  });
});

describe('the registry token', () => {
  it("sends the job's token to ghcr.io only; an explicit token anywhere", () => {
    expect(registryTokenFor(REGISTRY, '', 'ghs_job')).toBe('ghs_job');
    expect(registryTokenFor('GHCR.io/acme/x', '', 'ghs_job')).toBe('ghs_job');
    expect(registryTokenFor('registry.example.com/acme/x', '', 'ghs_job')).toBeUndefined();
    expect(registryTokenFor('ghcr.io.evil.example/acme/x', '', 'ghs_job')).toBeUndefined();
    expect(registryTokenFor('registry.example.com/acme/x', 'secret', 'ghs_job')).toBe('secret');
    expect(registryTokenFor(undefined, '', 'ghs_job')).toBeUndefined();
    expect(registryHost('http://127.0.0.1:5000/acme/x')).toBe('127.0.0.1:5000');
  });
});

describe('defaultBranchOf', () => {
  it("reads the event payload's default branch, defensively", () => {
    expect(defaultBranchOf({ repository: { default_branch: 'main' } })).toBe('main');
    expect(defaultBranchOf({ repository: { default_branch: 42 } })).toBeUndefined();
    expect(defaultBranchOf({ repository: { default_branch: 'a b' } })).toBeUndefined();
    expect(defaultBranchOf(null)).toBeUndefined();
    expect(defaultBranchOf('text')).toBeUndefined();
  });
});
