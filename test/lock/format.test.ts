import { describe, expect, it } from 'vitest';
import { LockParseError, NewerLockError, parseLock, recordedSources, serializeLock } from '../../src/lock/format.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { lockedSource, project, RECIPE_YAML } from '../support/fixtures.js';

const lock = () => assembleLock(project(RECIPE_YAML), { '3.13.2': lockedSource() });

function keysSortedEverywhere(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSortedEverywhere);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.join('\0') === [...keys].sort().join('\0') && Object.values(value).every(keysSortedEverywhere);
  }
  return true;
}

describe('pydebug.lock format', () => {
  it('is deterministic: the same inputs give the same bytes', () => {
    expect(serializeLock(lock())).toBe(serializeLock(lock()));
  });

  it('does not depend on the order pydebug.yml lists things in', () => {
    const reordered = RECIPE_YAML.replace(
      /variants:\n[\s\S]*$/,
      'variants:\n  valgrind:\n    valgrind: true\n    pymalloc: false\n    pydebug: true\n  trace-refs:\n    trace_refs: true\n    pydebug: true\n  debug:\n    pydebug: true\n',
    );
    const other = assembleLock(project(reordered), { '3.13.2': lockedSource() });
    expect(serializeLock(other)).toBe(serializeLock(lock()));
  });

  it('sorts keys at every depth, indents, ends with one newline, carries a do-not-edit note', () => {
    const text = serializeLock(lock());
    expect(keysSortedEverywhere(JSON.parse(text))).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toMatch(/^\{\n {2}"\/\/": "Written by `pydebug lock`/);
    expect(text).toContain('\n    "3.13.2-debug": {\n');
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
    const older = { ...JSON.parse(serializeLock(lock())), lock_version: LOCK_VERSION - 1 };
    expect(() => parseLock(JSON.stringify(older))).toThrow(`it has lock format version ${LOCK_VERSION - 1}, from an older pydebug; this pydebug writes version ${LOCK_VERSION}`);
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
