import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockParseError, NewerLockError, parseLock, recordedSources, serializeLock, serializePreviousLock } from '../../src/lock/format.js';
import { assembleLock, machineKeyOf, recordedPins } from '../../src/lock/resolve.js';
import { LOCK_VERSION, type Lock, OLDEST_LOCK_VERSION } from '../../src/lock/types.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const lock = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });

/** A lock written by pydebug before the key order (sorted keys), with a release and a git source; and its pydebug.yml. */
const fixture = (name: string) => readFileSync(new URL(`fixtures/previous-pydebug/${name}`, import.meta.url), 'utf8');
const EARLIER_TEXT = fixture('pydebug.lock');
const gitLock = () => assembleLock(projectConfig(fixture('pydebug.yml')), parseLock(EARLIER_TEXT).sources);

/** `value` with the keys of every object in reverse order: the same lock, built in another order. */
function keysReversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysReversed);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, keysReversed(v)]),
    );
  return value;
}

const isSorted = (keys: string[]) => keys.join('\0') === [...keys].sort().join('\0');

describe('pydebug.lock format', () => {
  it('is deterministic: the same inputs give the same bytes', () => {
    expect(serializeLock(lock())).toBe(serializeLock(lock()));
  });

  it('does not depend on the order pydebug.yml lists things in', () => {
    const reordered = RECIPE_YAML.replace(
      /variants:\n[\s\S]*$/,
      'variants:\n  valgrind:\n    valgrind: true\n    pymalloc: false\n    pydebug: true\n  trace-refs:\n    trace_refs: true\n    pydebug: true\n  debug:\n    pydebug: true\n',
    );
    const other = assembleLock(projectConfig(reordered), { '3.13.2': lockedSource() });
    expect(serializeLock(other)).toBe(serializeLock(lock()));
  });

  it("does not depend on the order the lock's keys were set in memory", () => {
    expect(serializeLock(keysReversed(lock()) as Lock)).toBe(serializeLock(lock()));
  });

  it("lists keys in the lock's order: the note and lock_version first, source and variant first in a build", () => {
    const text = serializeLock(gitLock());
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['//', 'lock_version', 'sources', 'builds']);
    expect(Object.keys(data.sources['3.13.2'])).toEqual(['version', 'url', 'file', 'sha256', 'md5', 'size']);
    expect(Object.keys(data.sources.main)).toEqual(['git', 'ref', 'commit', 'version']);
    for (const build of Object.values(data.builds) as Array<{ source: string; expect: object }>) {
      expect(Object.keys(build)).toEqual(['source', 'variant', 'configure', 'cflags', 'compiler', 'slim', 'test', 'env', 'expect', 'lock_key']);
      expect(Object.keys(build.expect)).toEqual(build.source === 'main' ? ['abiflags', 'sanitizers', 'commit', 'macros'] : ['abiflags', 'sanitizers', 'macros']);
    }
    expect(text.startsWith('{\n  "//": "Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.",\n  "lock_version": 3,\n  "sources": {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('sorts the maps whose keys are data: sources, builds, env variables, macros', () => {
    const data = JSON.parse(serializeLock(keysReversed(gitLock()) as Lock));
    expect(Object.keys(data.sources)).toEqual(['3.13.2', 'main']);
    expect(Object.keys(data.builds)).toEqual(['3.13.2-asan', '3.13.2-debug', 'main-asan', 'main-debug']);
    expect(Object.keys(data.builds['3.13.2-asan'].env)).toEqual(['ASAN_OPTIONS', 'PYTHONDEVMODE', 'PYTHONMALLOC']);
    for (const build of Object.values(data.builds) as Array<{ expect: { macros: object } }>) expect(isSorted(Object.keys(build.expect.macros))).toBe(true);
  });

  it('lays out the lock an earlier pydebug wrote with its keys sorted, in lock format 1, the same content', () => {
    const earlier = serializePreviousLock(gitLock(), { sortedKeys: true });
    expect(earlier).toBe(EARLIER_TEXT);
    expect(parseLock(earlier)).toEqual(gitLock());
    expect(earlier).not.toBe(serializeLock(gitLock()));
  });

  it('round-trips', () => {
    const text = serializeLock(lock());
    expect(serializeLock(parseLock(text))).toBe(text);
  });

  it('refuses what it cannot trust, with the reason', () => {
    expect(() => parseLock('{')).toThrow(LockParseError);
    expect(() => parseLock('{')).toThrow(/not valid JSON/);
    const broken = JSON.parse(serializeLock(lock()));
    broken.sources['3.13.2'].sha256 = 'nothex';
    expect(() => parseLock(JSON.stringify(broken))).toThrow(/sources\.3\.13\.2\.sha256/);
  });

  it('refuses a lock from a newer pydebug before looking at its shape, and names an older one', () => {
    const newer = { ...JSON.parse(serializeLock(lock())), lock_version: LOCK_VERSION + 1, builds: 'a shape this pydebug does not know' };
    expect(() => parseLock(JSON.stringify(newer))).toThrow(NewerLockError);
    const older = { ...JSON.parse(serializeLock(lock())), lock_version: OLDEST_LOCK_VERSION - 1 };
    expect(() => parseLock(JSON.stringify(older))).toThrow(
      `it has lock format version ${OLDEST_LOCK_VERSION - 1}, from an older pydebug; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`,
    );
  });
});

describe('recordedSources: the source facts that can be trusted one by one', () => {
  const withSources = (sources: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(serializeLock(lock())), sources, builds: 'broken' });
  const good = lockedSource();

  it('keeps a well-formed source under its own version, even when the rest of the lock is broken', () => {
    expect(recordedSources(withSources({ '3.13.2': good }))).toEqual({ '3.13.2': good });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a malformed sha256', { '3.13.2': { ...good, sha256: 'nothex' } }],
    ['an uppercase md5', { '3.13.2': { ...good, md5: good.md5.toUpperCase() } }],
    ['a negative size', { '3.13.2': { ...good, size: -1 } }],
    ['a file that is a path', { '3.13.2': { ...good, file: '../../victim' } }],
    ['an empty file name', { '3.13.2': { ...good, file: '' } }],
    ['an extra field', { '3.13.2': { ...good, path: '/etc' } }],
    ['another version than its key', { '3.13.2': { ...good, version: '3.12.0' } }],
    ['a key that is not a version', JSON.parse(`{"__proto__": ${JSON.stringify(good)}, "constructor": ${JSON.stringify(good)}}`)],
  ])('drops a source with %s', (_name, sources) => {
    const trusted = recordedSources(withSources(sources));
    expect(Object.keys(trusted)).toEqual([]);
    expect(Object.getPrototypeOf(trusted)).toBe(Object.prototype);
  });

  it('trusts nothing of a file that is not JSON or has no sources', () => {
    expect(recordedSources('{')).toEqual({});
    expect(recordedSources('[]')).toEqual({});
    expect(recordedSources('{"sources": []}')).toEqual({});
  });
});

describe('registry pins in pydebug.lock', () => {
  const DIGEST_A = `sha256:${'a'.repeat(64)}`;
  const DIGEST_B = `sha256:${'b'.repeat(64)}`;
  const keyOf = (id: string) => lock().builds[id]!.lock_key;
  const pinned = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, { [keyOf('3.13.2-debug')]: { 'linux-x64-00000002': DIGEST_B, 'linux-arm64-00000001': DIGEST_A } });

  it('writes a lock that pins nothing in the current format too, without artifacts', () => {
    expect(lock().lock_version).toBe(LOCK_VERSION);
    expect(serializeLock(lock())).not.toMatch(/artifacts/);
    // The earlier pydebug's lock (fixtures/previous-pydebug) is read as the current format, with the same lock keys.
    expect(parseLock(EARLIER_TEXT)).toEqual(gitLock());
    expect(serializePreviousLock(gitLock(), { sortedKeys: true })).toBe(EARLIER_TEXT);
  });

  it('writes the pins of a build after its lock key, sorted by machine key', () => {
    const text = serializeLock(pinned());
    const data = JSON.parse(text);
    expect(data.lock_version).toBe(LOCK_VERSION);
    expect(Object.keys(data.builds['3.13.2-debug']).slice(-2)).toEqual(['lock_key', 'artifacts']);
    expect(Object.keys(data.builds['3.13.2-debug'].artifacts)).toEqual(['linux-arm64-00000001', 'linux-x64-00000002']);
    expect(data.builds['3.13.2-valgrind'].artifacts).toBeUndefined();
    // The same pins given in another order give the same bytes.
    const other = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, { [keyOf('3.13.2-debug')]: { 'linux-arm64-00000001': DIGEST_A, 'linux-x64-00000002': DIGEST_B } });
    expect(serializeLock(other)).toBe(text);
    expect(parseLock(text)).toEqual(pinned());
  });

  it("drops a pin whose build's key changed: it is of another build", () => {
    const relocked = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, { '3.13.2-debug-0000000000000000': { 'linux-x64-00000002': DIGEST_B } });
    expect(relocked.builds['3.13.2-debug']!.artifacts).toBeUndefined();
  });

  it('reads the pins back by lock key, and the machine part of an entry key', () => {
    expect(recordedPins(pinned())).toEqual({ [keyOf('3.13.2-debug')]: { 'linux-arm64-00000001': DIGEST_A, 'linux-x64-00000002': DIGEST_B } });
    const key = keyOf('3.13.2-debug');
    expect(machineKeyOf(`pydebug-${key}-linux-x64-4cd28a0d`, key)).toBe('linux-x64-4cd28a0d');
    expect(machineKeyOf(`pydebug-${key}-linux-x64-4cd28a0d-extra`, key)).toBeUndefined();
    expect(machineKeyOf(`pydebug-${keyOf('3.13.2-valgrind')}-linux-x64-4cd28a0d`, key)).toBeUndefined();
    expect(machineKeyOf('latest', key)).toBeUndefined();
  });
});
