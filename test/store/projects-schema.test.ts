/**
 * A project record is checked by hand (projectRecordOf) so that `run` does not load zod; the
 * zod schema (projects-schema.ts) only says what is wrong with one that fails. Both must accept
 * the same records, with the same result.
 */
import { describe, expect, it } from 'vitest';
import { projectRecordOf } from '../../src/store/projects.js';
import { ProjectRecordSchema } from '../../src/store/projects-schema.js';

const KEY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234';
const base = { lock: '/home/u/p/pydebug.lock', entries: [KEY], updated: '2026-01-01T00:00:00.000Z' };
const cases: Array<[name: string, value: unknown]> = [
  ['a record', base],
  ['no entries', { ...base, entries: [] }],
  ['extra fields, dropped', { ...base, more: true }],
  ['a lock of 4096 characters', { ...base, lock: `/${'a'.repeat(4095)}` }],
  ['a lock of 4097 characters', { ...base, lock: `/${'a'.repeat(4096)}` }],
  ['a relative lock', { ...base, lock: 'p/pydebug.lock' }],
  ['a lock with NUL', { ...base, lock: '/p\0/pydebug.lock' }],
  ['a lock that is a number', { ...base, lock: 1 }],
  ['no lock', { entries: [], updated: '' }],
  ['entries not an array', { ...base, entries: KEY }],
  ['10,000 entries', { ...base, entries: Array.from({ length: 10_000 }, () => KEY) }],
  ['10,001 entries', { ...base, entries: Array.from({ length: 10_001 }, () => KEY) }],
  ['an entry of 200 characters', { ...base, entries: ['k'.repeat(200)] }],
  ['an entry of 257 characters', { ...base, entries: ['k'.repeat(257)] }],
  ['an entry with a slash', { ...base, entries: ['../x'] }],
  ['an entry ..', { ...base, entries: ['..'] }],
  ['an empty entry', { ...base, entries: [''] }],
  ['an entry that is a number', { ...base, entries: [7] }],
  ['updated of 65 characters', { ...base, updated: 'u'.repeat(65) }],
  ['updated missing', { lock: base.lock, entries: [] }],
  ['null', null],
  ['an array', [base]],
];

describe('projectRecordOf', () => {
  it.each(cases)('agrees with the zod schema: %s', (_name, value) => {
    const expected = ProjectRecordSchema.safeParse(value);
    const actual = projectRecordOf(value);
    if (expected.success) expect(actual).toStrictEqual(expected.data);
    else expect(actual).toBeUndefined();
  });

  it('accepts what the table says', () => {
    const accepted = cases.filter(([, v]) => projectRecordOf(v) !== undefined).map(([n]) => n);
    expect(accepted).toEqual(['a record', 'no entries', 'extra fields, dropped', 'a lock of 4096 characters', '10,000 entries', 'an entry of 200 characters']);
  });
});
