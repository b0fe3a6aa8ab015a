/**
 * serialize.ts writes each object's fields in the order schema.ts declares them, from its own
 * lists (so that writing a lock does not load zod): the lists must be the schema's.
 */
import { describe, expect, it } from 'vitest';
import { BuildOptionsSchema, ExpectationsSchema, LockedBuildSchema, LockedGitSchema, LockedTarballSchema, LockSchema } from '../../src/lock/schema.js';
import { FIELD_ORDER } from '../../src/lock/serialize.js';

describe('FIELD_ORDER', () => {
  it.each([
    ['tarball', LockedTarballSchema],
    ['git', LockedGitSchema],
    ['options', BuildOptionsSchema],
    ['expect', ExpectationsSchema],
    ['build', LockedBuildSchema],
    ['lock', LockSchema],
  ] as const)('lists the fields of %s in the order the schema declares them', (name, schema) => {
    expect([...FIELD_ORDER[name]]).toEqual(Object.keys(schema.shape));
  });
});
