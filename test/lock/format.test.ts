import { describe, expect, it } from 'vitest';
import { LockParseError, parseLock, serializeLock } from '../../src/lock/format.js';
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
});
