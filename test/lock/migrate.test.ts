/** Locks of format versions 1 and 2 read as version 3, and written back as the earlier pydebug wrote them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockParseError, NewerLockError, parseLock, serializeLock, serializePreviousLock } from '../../src/lock/format.js';
import { declaredLockVersion, migratedLockData, previousBuildOf, previousLockVersion } from '../../src/lock/migrate.js';
import { assembleLock, lockKeyFor } from '../../src/lock/resolve.js';
import { contentReasons, earlierFormat, entryReasons, lockReasons, staleReasons } from '../../src/lock/stale.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const lock = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const DIGEST = `sha256:${'a'.repeat(64)}`;
const pinned = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, { [lock().builds['3.13.2-debug']!.lock_key]: { 'linux-x64-4cd28a0d': DIGEST } });

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
    const options = assembleLock(projectConfig(`${RECIPE_YAML.replace('3.13.2', '3.14.0')}  tail:\n    tail_call: true\n    compiler: clang-19\n`), { '3.14.0': lockedSource('3.14.0') });
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

/** The locks the previous dist (commit 2704156) wrote, and their pydebug.yml: see fixtures/previous-dist/README.md. */
const previous = (dir: string, name: string) => readFileSync(new URL(`fixtures/previous-dist/${dir}/${name}`, import.meta.url), 'utf8');
const PREVIOUS = [
  { dir: 'lock-v1', version: 1 },
  { dir: 'lock-v2', version: 2 },
];

describe.each(PREVIOUS)('the lock the previous dist wrote in format $version ($dir)', ({ dir, version }) => {
  const text = previous(dir, 'pydebug.lock');
  const config = projectConfig(previous(dir, 'pydebug.yml'));
  /** What this pydebug's `pydebug lock` writes for the same pydebug.yml, from the facts the lock records. */
  const ours = () => assembleLock(config, parseLock(text).sources);

  it('declares its format, with the earlier field names', () => {
    const data = JSON.parse(text);
    expect(data.lock_version).toBe(version);
    for (const build of Object.values(data.builds) as Array<Record<string, unknown>>) {
      expect(build).toHaveProperty('version');
      expect(build).toHaveProperty('cache_key');
      expect(build).not.toHaveProperty('lock_key');
    }
  });

  it("parses to the lock this pydebug writes for the same pydebug.yml, every lock key the previous dist's", () => {
    expect(parseLock(text)).toEqual(ours());
    const earlierKeys = Object.fromEntries(Object.entries(JSON.parse(text).builds as Record<string, { cache_key: string }>).map(([id, b]) => [id, b.cache_key]));
    const keys = Object.fromEntries(Object.entries(ours().builds).map(([id, b]) => [id, b.lock_key]));
    expect(keys).toEqual(earlierKeys);
    for (const [id, build] of Object.entries(ours().builds)) {
      const { lock_key, ...resolved } = build;
      expect(lockKeyFor(resolved, ours().sources[build.source]!), id).toBe(lock_key);
    }
  });

  it('is, byte for byte, what the previous pydebug writes for that lock', () => {
    expect(previousLockVersion(ours())).toBe(version);
    expect(serializePreviousLock(ours(), { sortedKeys: false })).toBe(text);
  });

  it('is current: nothing stale, only the format to upgrade', () => {
    const lock = parseLock(text);
    expect(staleReasons(config, lock)).toEqual([]);
    expect(lockReasons(config, lock, text)).toEqual([earlierFormat(version, false)]);
    expect(contentReasons(config, lock)).toEqual([]);
    expect(entryReasons(config, lock, Object.keys(lock.builds))).toEqual([]);
    // Written as this pydebug writes it, the same lock is current with no reason at all.
    expect(lockReasons(config, ours(), serializeLock(ours()))).toEqual([]);
  });

  it('is refused, as newer, with the number of a format after this one', () => {
    const newer = text.replace(`"lock_version": ${version}`, `"lock_version": ${LOCK_VERSION + 1}`);
    expect(newer).not.toBe(text);
    expect(() => parseLock(newer)).toThrow(NewerLockError);
    expect(() => parseLock(newer)).toThrow(`it has lock format version ${LOCK_VERSION + 1}; this pydebug reads versions 1 to ${LOCK_VERSION}`);
  });
});
