/**
 * The mutex file's owner record is checked by hand (mutexOwnerOf), not with zod, so that `run`
 * does not load zod. Every case is also put to the zod schema the check replaced: both must
 * accept the same records, with the same result.
 */
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { mutexOwnerOf } from '../../src/store/mutex.js';

const identity = z.object({ pid: z.number().int().min(2), start: z.number().int().nonnegative().optional(), boot: z.string().min(1).max(100).optional() });
const reference = z.object({
  ...identity.shape,
  host: z.string(),
  since: z.string(),
  purpose: z.string(),
  children: z.array(identity).max(100).optional(),
  paths: z
    .array(z.string().refine((p) => isAbsolute(p) && !/[\u0000-\u001f]/.test(p), 'an absolute path'))
    .max(100)
    .optional(),
});

const base = { pid: 4242, start: 123456, boot: 'b0a1', host: 'h', since: '2026-01-01T00:00:00Z', purpose: 'build' };
const cases: Array<[name: string, value: unknown]> = [
  ['a full owner', { ...base, children: [{ pid: 5000, start: 1, boot: 'b0a1' }], paths: ['/store/build/x'] }],
  ['only the required fields', { pid: 2, host: '', since: '', purpose: '' }],
  ['extra fields, dropped', { ...base, extra: 1, children: [{ pid: 9, other: 'x' }] }],
  ['start 0', { ...base, start: 0 }],
  ['100 children', { ...base, children: Array.from({ length: 100 }, (_, i) => ({ pid: i + 2 })) }],
  ['101 children', { ...base, children: Array.from({ length: 101 }, (_, i) => ({ pid: i + 2 })) }],
  ['101 paths', { ...base, paths: Array.from({ length: 101 }, (_, i) => `/p/${i}`) }],
  ['null', null],
  ['an array', [base]],
  ['a string', 'owner'],
  ['pid 1', { ...base, pid: 1 }],
  ['pid 0', { ...base, pid: 0 }],
  ['pid -1', { ...base, pid: -1 }],
  ['pid 2.5', { ...base, pid: 2.5 }],
  ['pid as a string', { ...base, pid: '4242' }],
  ['pid past 2^53', { ...base, pid: 2 ** 53 }],
  ['no pid', { host: 'h', since: '', purpose: '' }],
  ['negative start', { ...base, start: -1 }],
  ['fractional start', { ...base, start: 1.5 }],
  ['empty boot', { ...base, boot: '' }],
  ['boot of 100 characters', { ...base, boot: 'x'.repeat(100) }],
  ['boot of 101 characters', { ...base, boot: 'x'.repeat(101) }],
  ['boot a number', { ...base, boot: 7 }],
  ['host a number', { ...base, host: 1 }],
  ['no purpose', { pid: 3, host: 'h', since: '' }],
  ['children not an array', { ...base, children: { pid: 3 } }],
  ['a child with pid 1', { ...base, children: [{ pid: 1 }] }],
  ['a child that is null', { ...base, children: [null] }],
  ['a relative path', { ...base, paths: ['build/x'] }],
  ['a path with a newline', { ...base, paths: ['/build/x\n'] }],
  ['a path with DEL (allowed)', { ...base, paths: ['/build/x\u007f'] }],
  ['a path that is a number', { ...base, paths: [1] }],
  ['paths not an array', { ...base, paths: '/x' }],
  ['children null', { ...base, children: null }],
];

describe('mutexOwnerOf', () => {
  it.each(cases)('agrees with the zod schema: %s', (_name, value) => {
    const expected = reference.safeParse(value);
    const actual = mutexOwnerOf(value);
    if (expected.success) expect(actual).toStrictEqual(expected.data);
    else expect(actual).toBeUndefined();
  });

  it('accepts and rejects what the table says', () => {
    const accepted = cases.filter(([, v]) => mutexOwnerOf(v) !== undefined).map(([n]) => n);
    expect(accepted).toEqual(['a full owner', 'only the required fields', 'extra fields, dropped', 'start 0', '100 children', 'boot of 100 characters', 'a path with DEL (allowed)']);
  });
});
