/** Locks of format versions 1 and 2 read as version 3, and written back as the earlier pydebug wrote them. */
import { describe, expect, it } from 'vitest';
import { LockParseError, parseLock, serializeLock, serializePreviousLock } from '../../src/lock/format.js';
import { declaredLockVersion, migratedLockData, previousBuildOf, previousLockVersion } from '../../src/lock/migrate.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { lockedSource, project, RECIPE_YAML } from '../support/fixtures.js';

const lock = () => assembleLock(project(RECIPE_YAML), { '3.13.2': lockedSource() });
const DIGEST = `sha256:${'a'.repeat(64)}`;
const pinned = () => assembleLock(project(RECIPE_YAML), { '3.13.2': lockedSource() }, { [lock().builds['3.13.2-debug']!.lock_key]: { 'linux-x64-4cd28a0d': DIGEST } });

describe('migratedLockData', () => {
  it("renames each build's version to source and cache_key to lock_key, in place, and sets lock_version", () => {
    const data = { lock_version: 1, sources: {}, builds: { '3.13.2-debug': { version: '3.13.2', variant: 'debug', slim: true, cache_key: '3.13.2-debug-0123456789abcdef' } } };
    const migrated = migratedLockData(data, 3);
    expect(migrated).toEqual({ lock_version: 3, sources: {}, builds: { '3.13.2-debug': { source: '3.13.2', variant: 'debug', slim: true, lock_key: '3.13.2-debug-0123456789abcdef' } } });
    expect(Object.keys((migrated.builds as Record<string, object>)['3.13.2-debug']!)).toEqual(['source', 'variant', 'slim', 'lock_key']);
    // The data it was given is left as it was.
    expect(data.builds['3.13.2-debug']).toHaveProperty('cache_key');
  });

  it('leaves what is not a build record, and a field whose new name is taken, for the schema to refuse', () => {
    expect(migratedLockData({ lock_version: 2, builds: 'broken' }, 3)).toEqual({ lock_version: 3, builds: 'broken' });
    expect(migratedLockData({ lock_version: 2, builds: { x: [1] } }, 3)).toEqual({ lock_version: 3, builds: { x: [1] } });
    expect(migratedLockData({ lock_version: 2, builds: { x: { cache_key: 'a', lock_key: 'b' } } }, 3)).toEqual({ lock_version: 3, builds: { x: { cache_key: 'a', lock_key: 'b' } } });
  });
});

describe('reading a lock of an earlier format', () => {
  it('reads version 1 (nothing pinned) and version 2 (pins) as the lock this pydebug writes', () => {
    const v1 = serializePreviousLock(lock(), { sortedKeys: false });
    expect(JSON.parse(v1).lock_version).toBe(1);
    expect(v1).toMatch(/"version": "3\.13\.2",\n {6}"variant": "debug",/);
    expect(v1).toMatch(/"cache_key": "3\.13\.2-debug-[0-9a-f]{16}"\n/);
    expect(parseLock(v1)).toEqual(lock());
    const v2 = serializePreviousLock(pinned(), { sortedKeys: false });
    expect(JSON.parse(v2).lock_version).toBe(2);
    expect(parseLock(v2)).toEqual(pinned());
    expect(parseLock(serializePreviousLock(pinned(), { sortedKeys: true }))).toEqual(pinned());
  });

  it('refuses the new names in an old lock, and the old names in a new one', () => {
    const v1 = JSON.parse(serializePreviousLock(lock(), { sortedKeys: false }));
    v1.builds['3.13.2-debug'].lock_key = v1.builds['3.13.2-debug'].cache_key;
    expect(() => parseLock(JSON.stringify(v1))).toThrow(LockParseError);
    expect(() => parseLock(JSON.stringify(v1))).toThrow(/builds\.3\.13\.2-debug/);
    const v3 = JSON.parse(serializeLock(lock()));
    v3.builds['3.13.2-debug'].cache_key = v3.builds['3.13.2-debug'].lock_key;
    expect(() => parseLock(JSON.stringify(v3))).toThrow(/builds\.3\.13\.2-debug: Unrecognized key: "cache_key"/);
    const v3Named = JSON.parse(serializeLock(lock()));
    v3Named.builds['3.13.2-debug'].version = '3.13.2';
    delete v3Named.builds['3.13.2-debug'].source;
    expect(() => parseLock(JSON.stringify(v3Named))).toThrow(/builds\.3\.13\.2-debug/);
  });

  it('writes every lock as the current version, pinned or not', () => {
    expect(lock().lock_version).toBe(LOCK_VERSION);
    expect(pinned().lock_version).toBe(LOCK_VERSION);
    expect(JSON.parse(serializeLock(lock())).lock_version).toBe(3);
  });
});

describe('the earlier format of a lock', () => {
  it('is version 2 when a build pins an artifact or sets a build option, else 1', () => {
    expect(previousLockVersion(lock())).toBe(1);
    expect(previousLockVersion(pinned())).toBe(2);
    const options = assembleLock(project(`${RECIPE_YAML.replace('3.13.2', '3.14.0')}  tail:\n    tail_call: true\n    compiler: clang-19\n`), { '3.14.0': lockedSource('3.14.0') });
    expect(options.builds['3.14.0-tail']!.expect.options).toEqual({ tail_call: true });
    expect(previousLockVersion(options)).toBe(2);
  });

  it("names a build's fields as versions 1 and 2 did, each in its place", () => {
    const build = lock().builds['3.13.2-debug']!;
    const previous = previousBuildOf(build);
    expect(Object.keys(previous)).toEqual(Object.keys(build).map((k) => (k === 'source' ? 'version' : k === 'lock_key' ? 'cache_key' : k)));
    expect(previous).toMatchObject({ version: build.source, cache_key: build.lock_key });
  });

  it('is read from the text as it declares it', () => {
    expect(declaredLockVersion(serializePreviousLock(lock(), { sortedKeys: true }))).toBe(1);
    expect(declaredLockVersion(serializeLock(lock()))).toBe(3);
    expect(declaredLockVersion('{"lock_version": "2"}')).toBeUndefined();
    expect(declaredLockVersion('{')).toBeUndefined();
    expect(declaredLockVersion('null')).toBeUndefined();
  });
});
