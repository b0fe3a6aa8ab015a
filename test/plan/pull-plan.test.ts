import { describe, expect, it } from 'vitest';
import { assembleLock } from '../../src/lock/resolve.js';
import { choosePull, pinFor } from '../../src/plan/pull-plan.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const PIN = `sha256:${'a'.repeat(64)}`;
const MOVED = `sha256:${'b'.repeat(64)}`;
const unpinned = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const debugKey = unpinned.builds['3.13.2-debug']!.lock_key;
const pinned = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, { [debugKey]: { 'linux-x64-4cd28a0d': PIN } });
const entryKey = (machine: string) => `pydebug-${debugKey}-${machine}`;

describe('pinFor', () => {
  it("finds the lock's pin by the machine part of the entry key", () => {
    expect(pinFor(pinned.builds['3.13.2-debug']!, entryKey('linux-x64-4cd28a0d'))).toBe(PIN);
  });
  it('finds none for another machine, another build, or an unpinned lock', () => {
    expect(pinFor(pinned.builds['3.13.2-debug']!, entryKey('linux-arm64-4cd28a0d'))).toBeUndefined();
    expect(pinFor(pinned.builds['3.13.2-valgrind']!, entryKey('linux-x64-4cd28a0d'))).toBeUndefined();
    expect(pinFor(unpinned.builds['3.13.2-debug']!, entryKey('linux-x64-4cd28a0d'))).toBeUndefined();
  });
});

describe('choosePull', () => {
  const key = entryKey('linux-x64-4cd28a0d');
  it('pulls a pinned build by its pin, whatever the tag says', () => {
    expect(choosePull(key, PIN, PIN)).toEqual({ pull: true, digest: PIN, pinned: true, warning: undefined });
    expect(choosePull(key, PIN, undefined)).toEqual({ pull: true, digest: PIN, pinned: true, warning: undefined });
  });
  it('warns that a moved tag is ignored', () => {
    const choice = choosePull(key, PIN, MOVED);
    expect(choice).toMatchObject({ pull: true, digest: PIN, pinned: true });
    expect(choice.pull && choice.warning).toBe(`the tag ${key} now names ${MOVED}, not the ${PIN} pydebug.lock pins: the tag is ignored`);
  });
  it('pulls an unpinned build by what its tag names, not pinned', () => {
    expect(choosePull(key, undefined, MOVED)).toEqual({ pull: true, digest: MOVED, pinned: false });
  });
  it('pulls nothing when there is neither a pin nor a tag', () => {
    expect(choosePull(key, undefined, undefined)).toEqual({ pull: false, reason: 'the registry has no artifact of it' });
  });
});
