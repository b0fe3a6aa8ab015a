import { describe, expect, it } from 'vitest';
import { assembleLock } from '../../src/lock/resolve.js';
import { staleReasons } from '../../src/lock/stale.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { lockedSource, MD5_3132, project, RECIPE_YAML, SHA_3132 } from '../support/fixtures.js';

const fresh = () => assembleLock(project(RECIPE_YAML), { '3.13.2': lockedSource() });
const reasons = (yaml: string, lock = fresh()) => staleReasons(project(yaml), lock).map((r) => `${r.subject}: ${r.reason}`);

describe('staleReasons', () => {
  it('is empty when the lock describes pydebug.yml', () => {
    expect(reasons(RECIPE_YAML)).toEqual([]);
  });

  it('accepts a checksum added to pydebug.yml that matches the lock', () => {
    expect(reasons(RECIPE_YAML.replace(`md5: ${MD5_3132}`, `md5: ${MD5_3132}\n    sha256: ${SHA_3132}`))).toEqual([]);
  });

  it('says there is no lock', () => {
    expect(staleReasons(project(RECIPE_YAML), undefined).map((r) => r.reason)).toEqual(['there is no lock yet']);
  });

  it('names a changed checksum with both values', () => {
    expect(reasons(RECIPE_YAML.replace(MD5_3132, 'a'.repeat(32)))).toEqual([
      `3.13.2: md5 in pydebug.yml (${'a'.repeat(32)}) differs from the lock (${MD5_3132})`,
    ]);
  });

  it('names a changed variant and what changed', () => {
    expect(reasons(RECIPE_YAML.replace('  debug:\n    pydebug: true\n', '  debug:\n    pydebug: true\n    optimization: O0\n'))).toEqual([
      '3.13.2-debug: configure arguments changed: lock has --with-pydebug, pydebug.yml gives --with-pydebug CFLAGS=-O0',
    ]);
  });

  it('names a changed runtime environment (it does not change the key, but the lock must say it)', () => {
    expect(reasons(RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    env: {PYTHONMALLOC: malloc}\n'))).toEqual([
      '3.13.2-valgrind: environment changed: lock has {}, pydebug.yml gives {"PYTHONMALLOC":"malloc"}',
    ]);
  });

  it('names added and removed entries and versions', () => {
    const added = RECIPE_YAML.replace('variants:\n', 'variants:\n  release: {}\n');
    expect(reasons(added)).toEqual(['3.13.2-release: 3.13.2-release is in the matrix but not in the lock']);
    const removed = RECIPE_YAML.replace(/ {2}valgrind:\n[\s\S]*$/, '');
    expect(reasons(removed)).toEqual(['3.13.2-valgrind: 3.13.2-valgrind is in the lock but no longer in the matrix of pydebug.yml']);
    const newVersion = RECIPE_YAML.replace('python:\n', `python:\n  - version: "3.11.2"\n    sha256: ${'d'.repeat(64)}\n`);
    expect(reasons(newVersion)[0]).toBe('3.11.2: python 3.11.2 is in pydebug.yml but not in the lock');
  });

  it('catches a hand-edited lock: changed configure arguments or cache key', () => {
    const edited = fresh();
    edited.builds['3.13.2-debug']!.configure = ['--with-pydebug', '--without-pymalloc'];
    expect(reasons(RECIPE_YAML, edited)).toEqual([
      '3.13.2-debug: configure arguments changed: lock has --with-pydebug --without-pymalloc, pydebug.yml gives --with-pydebug',
    ]);
    const key = fresh();
    key.builds['3.13.2-trace-refs']!.cache_key = '3.13.2-trace-refs-0000000000000000';
    expect(reasons(RECIPE_YAML, key)[0]).toMatch(/^3.13.2-trace-refs: cache key changed/);
  });

  it('refuses a lock of another format version', () => {
    const old = { ...fresh(), lock_version: LOCK_VERSION + 1 };
    expect(reasons(RECIPE_YAML, old)).toEqual([`lock: the lock has format version ${LOCK_VERSION + 1}; this pydebug writes version ${LOCK_VERSION}`]);
  });
});
