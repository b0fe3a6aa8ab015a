import { describe, expect, it } from 'vitest';
import { parseLock, serializeLock, serializePreviousLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { contentReasons, describeReason, earlierFormat, entryReasons, lockOfEntries, lockReasons, reasonsOfEntry, staleReasons } from '../../src/lock/stale.js';
import type { Lock, LockedTarball } from '../../src/lock/types.js';
import { lockedSource, MD5_3132, projectConfig, RECIPE_YAML, SHA_3132 } from '../support/fixtures.js';

const fresh = () => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const reasons = (yaml: string, lock = fresh()) => staleReasons(projectConfig(yaml), lock).map((r) => `${r.subject}: ${r.reason}`);

describe('staleReasons', () => {
  it('is empty when the lock describes pydebug.yml', () => {
    expect(reasons(RECIPE_YAML)).toEqual([]);
  });

  it('accepts a checksum added to pydebug.yml that matches the lock', () => {
    expect(reasons(RECIPE_YAML.replace(`md5: ${MD5_3132}`, `md5: ${MD5_3132}\n    sha256: ${SHA_3132}`))).toEqual([]);
  });

  describe('the Sigstore verification the lock records', () => {
    const THOMAS = { identity: 'thomas@python.org', issuer: 'https://accounts.google.com' };
    const NO_CHECKSUM = RECIPE_YAML.replace(`    md5: ${MD5_3132}\n`, '');
    const verified = (sigstore: { identity: string; issuer: string }) => assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': { ...lockedSource(), sigstore } });

    it('is current when it verified the identity pydebug.yml expects', () => {
      expect(reasons(NO_CHECKSUM, verified(THOMAS))).toEqual([]);
    });

    it('without a checksum, a lock that verified nothing is stale', () => {
      expect(reasons(NO_CHECKSUM)).toEqual(['3.13.2: no checksum in pydebug.yml and the lock does not record a Sigstore verification by thomas@python.org (https://accounts.google.com)']);
    });

    it('a lock that verified another identity is stale, checksum or not', () => {
      const other = verified({ identity: 'mallory@example.com', issuer: THOMAS.issuer });
      const why = '3.13.2: sigstore identity changed: lock verified mallory@example.com (https://accounts.google.com), pydebug.yml expects thomas@python.org (https://accounts.google.com)';
      expect(reasons(NO_CHECKSUM, other)).toEqual([why]);
      expect(reasons(RECIPE_YAML, other)).toEqual([why]);
    });

    it('with a checksum, a lock from before Sigstore checks (no record) stays current', () => {
      expect(reasons(RECIPE_YAML)).toEqual([]);
    });
  });

  it('says there is no lock', () => {
    expect(staleReasons(projectConfig(RECIPE_YAML), undefined).map((r) => r.reason)).toEqual(['there is no lock yet']);
  });

  it('names a changed checksum with both values', () => {
    expect(reasons(RECIPE_YAML.replace(MD5_3132, 'a'.repeat(32)))).toEqual([`3.13.2: md5 in pydebug.yml (${'a'.repeat(32)}) differs from the lock (${MD5_3132})`]);
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
    expect(reasons(RECIPE_YAML, edited)).toEqual(['3.13.2-debug: configure arguments changed: lock has --with-pydebug --without-pymalloc, pydebug.yml gives --with-pydebug']);
    const key = fresh();
    key.builds['3.13.2-trace-refs']!.lock_key = '3.13.2-trace-refs-0000000000000000';
    expect(reasons(RECIPE_YAML, key)[0]).toMatch(/^3.13.2-trace-refs: lock key changed/);
  });
});

const text = (lock: Lock) => serializeLock(lock);
const edited = (edit: (lock: Lock) => void): Lock => {
  const lock = fresh();
  edit(lock);
  return lock;
};
const lockReasonsOf = (lock: Lock, lockText = text(lock)) => lockReasons(projectConfig(RECIPE_YAML), lock, lockText).map((r) => r.reason);

describe('lockReasons: any hand edit of the lock', () => {
  it('finds nothing in the lock pydebug writes (the same bytes)', () => {
    expect(lockReasonsOf(fresh())).toEqual([]);
  });

  it.each<[string, (lock: Lock) => void, string]>([
    [
      'a source file name that escapes',
      (l) => void ((l.sources['3.13.2'] as LockedTarball).file = '../victim'),
      'sources.3.13.2.file "../victim" is not one path segment: it contains a path separator (/ or \\)',
    ],
    ['a source file name ".."', (l) => void ((l.sources['3.13.2'] as LockedTarball).file = '..'), 'sources.3.13.2.file ".." is not one path segment: ".." is not a file name'],
    [
      'a source file name with NUL',
      (l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'a\u0000b'),
      'sources.3.13.2.file "a\u0000b" is not one path segment: it contains a NUL or control character',
    ],
    ['a source file name that is another segment', (l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'Other.tgz'), 'sources.3.13.2.file was edited by hand'],
    ['a source listed under another version', (l) => void ((l.sources['3.13.2'] as LockedTarball).version = '3.13.3'), 'sources.3.13.2.version is "3.13.3", but the source is listed under 3.13.2'],
    [
      'a source key that is not a version',
      (l) => {
        l.sources['../x'] = l.sources['3.13.2']!;
      },
      'sources.../x: "../x" is not a CPython version such as "3.13.2"',
    ],
    ['a build version that is not a version', (l) => void (l.builds['3.13.2-debug']!.source = '3.13.2/..'), 'builds.3.13.2-debug.source "3.13.2/.." is not a CPython version such as "3.13.2"'],
    ['a build version of another source', (l) => void (l.builds['3.13.2-debug']!.source = '3.12.0'), 'builds.3.13.2-debug.source is "3.12.0", but the entry\'s id 3.13.2-debug says "3.13.2"'],
    [
      'a build id without a dash',
      (l) => {
        l.builds.debug = l.builds['3.13.2-debug']!;
      },
      'builds.debug: "debug" is not an entry id <version>-<variant> such as "3.13.2-debug"',
    ],
    [
      'a variant name that is a path',
      (l) => void (l.builds['3.13.2-debug']!.variant = '../../x'),
      'builds.3.13.2-debug.variant "../../x" is not a variant name (letters, digits, ".", "_" and "-", starting with a letter or digit)',
    ],
    [
      'a variant name too long',
      (l) => void (l.builds['3.13.2-debug']!.variant = 'd'.repeat(65)),
      `builds.3.13.2-debug.variant "${'d'.repeat(65)}" is not a variant name (letters, digits, ".", "_" and "-", starting with a letter or digit)`,
    ],
    [
      'a cache key that is a path',
      (l) => void (l.builds['3.13.2-debug']!.lock_key = '../../../x'),
      'builds.3.13.2-debug.lock_key "../../../x" is not "3.13.2-debug-" followed by 16 hexadecimal digits',
    ],
    [
      'a cache key of another entry',
      (l) => void (l.builds['3.13.2-debug']!.lock_key = l.builds['3.13.2-valgrind']!.lock_key),
      `builds.3.13.2-debug.lock_key "${fresh().builds['3.13.2-valgrind']!.lock_key}" is not "3.13.2-debug-" followed by 16 hexadecimal digits`,
    ],
    ['the expected macros', (l) => void (l.builds['3.13.2-debug']!.expect.macros.Py_DEBUG = false), '3.13.2-debug: expected macros and abiflags changed'],
    ['the runtime environment', (l) => void (l.builds['3.13.2-debug']!.env = { LD_PRELOAD: '/tmp/x.so' }), '3.13.2-debug: environment changed'],
    ['the compiler', (l) => void (l.builds['3.13.2-debug']!.compiler = 'evil-cc'), '3.13.2-debug: compiler changed'],
    ['the recorded sha256, which the lock keys pin', (l) => void ((l.sources['3.13.2'] as LockedTarball).sha256 = 'e'.repeat(64)), '3.13.2-debug: lock key changed'],
    ['the url', (l) => void ((l.sources['3.13.2'] as LockedTarball).url = 'https://evil.example/Python-3.13.2.tgz'), '3.13.2: url changed'],
    [
      'a pin under a machine key that is a path',
      (l) => void (l.builds['3.13.2-debug']!.artifacts = { '../x': `sha256:${'a'.repeat(64)}` }),
      'builds.3.13.2-debug.artifacts: "../x" is not the machine part of an entry key',
    ],
    [
      'a pin that is a tag, not a digest',
      (l) => void (l.builds['3.13.2-debug']!.artifacts = { 'linux-x64-4cd28a0d': 'latest' }),
      'builds.3.13.2-debug.artifacts.linux-x64-4cd28a0d "latest" is not a manifest digest',
    ],
  ])('%s', (_name, edit, reason) => {
    const reasons = lockReasons(projectConfig(RECIPE_YAML), edited(edit), text(edited(edit))).map((r) => `${r.subject}: ${r.reason}`);
    expect(reasons.filter((r) => r.includes(reason))).toHaveLength(1);
  });

  it('takes a pinned lock as current, needing no registry to check it', () => {
    const pins = { [fresh().builds['3.13.2-debug']!.lock_key]: { 'linux-x64-4cd28a0d': `sha256:${'a'.repeat(64)}` } };
    const pinned = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() }, pins);
    expect(lockReasons(projectConfig(RECIPE_YAML), pinned, text(pinned))).toEqual([]);
    // A pin is a fact the registry decides, like a tarball's checksum: the lock keeps it, and a pull
    // checks that the artifact is the build's (its config names the entry key). Added by hand
    // to a version-1 lock (an earlier pydebug wrote pins only in version 2), its text is not what pydebug writes.
    const v1 = JSON.parse(serializePreviousLock(fresh(), { sortedKeys: false }));
    v1.builds['3.13.2-debug'].artifacts = pins[fresh().builds['3.13.2-debug']!.lock_key];
    const v1Text = `${JSON.stringify(v1, null, 2)}\n`;
    expect(parseLock(v1Text)).toEqual(pinned);
    expect(lockReasons(projectConfig(RECIPE_YAML), parseLock(v1Text), v1Text).map((r) => r.reason)).toEqual([
      'its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)',
      earlierFormat(1, false).reason,
    ]);
  });

  it('names a recipe field by its label, with both values', () => {
    const lock = edited((l) => void (l.builds['3.13.2-debug']!.test = 'quick'));
    expect(lockReasonsOf(lock)).toEqual(['test selection changed: lock has "quick", pydebug.yml gives false']);
  });

  it('catches an edit of the layout, the key order or the note', () => {
    const lock = fresh();
    expect(lockReasonsOf(lock, text(lock).replace('\n', '\n\n'))).toEqual(['its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)']);
    expect(lockReasonsOf(lock, text(lock).replace('Do not edit', 'Edit freely'))).toHaveLength(1);
    expect(lockReasonsOf(lock, JSON.stringify(JSON.parse(text(lock))))).toHaveLength(1);
    const swapped = text(lock).replace('"source": "3.13.2",\n      "variant": "debug",', '"variant": "debug",\n      "source": "3.13.2",');
    expect(swapped).not.toBe(text(lock));
    expect(lockReasonsOf(lock, swapped)).toEqual(['its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)']);
  });

  it('takes the lock an earlier pydebug wrote (keys sorted alphabetically) as current, and says it will be rewritten', () => {
    const lock = fresh();
    const reasons = lockReasons(projectConfig(RECIPE_YAML), lock, serializePreviousLock(lock, { sortedKeys: true }));
    expect(reasons).toEqual([earlierFormat(1, true)]);
    expect(reasons[0]).toMatchObject({ earlierFormat: { version: 1, sortedKeys: true }, needsDownload: false });
    expect(reasons[0]!.edited).toBeUndefined();
  });

  it('still catches a hand edit of a lock in the earlier key order', () => {
    const lock = edited((l) => void (l.builds['3.13.2-debug']!.configure = ['--with-pydebug', '--without-pymalloc']));
    const upgraded = earlierFormat(1, false).reason;
    expect(lockReasonsOf(lock, serializePreviousLock(lock, { sortedKeys: true }))).toEqual([
      'configure arguments changed: lock has --with-pydebug --without-pymalloc, pydebug.yml gives --with-pydebug',
      upgraded,
    ]);
    const env = edited((l) => void (l.builds['3.13.2-debug']!.env = { PYTHONMALLOC: 'malloc' }));
    expect(lockReasonsOf(env, serializePreviousLock(env, { sortedKeys: true }))).toEqual(['environment changed: lock has {"PYTHONMALLOC":"malloc"}, pydebug.yml gives {}', upgraded]);
    expect(lockReasonsOf(fresh(), serializePreviousLock(fresh(), { sortedKeys: true }).replace('\n', '\n\n'))).toEqual([
      'its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)',
      upgraded,
    ]);
  });

  it('marks every hand-edit reason as such, and a pydebug.yml change as not', () => {
    expect(
      lockReasons(
        projectConfig(RECIPE_YAML),
        edited((l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'x.tgz')),
        text(edited((l) => void ((l.sources['3.13.2'] as LockedTarball).file = 'x.tgz'))),
      )[0]!.edited,
    ).toBe(true);
    const changed = RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    env: {A: b}\n');
    expect(lockReasons(projectConfig(changed), fresh(), text(fresh()))[0]!.edited).toBeUndefined();
  });
});

describe('entryReasons: what stops a read-only command from using some entries', () => {
  const ids = (...names: string[]) => names.map((n) => `3.13.2-${n}`);
  const entryReasonsOf = (yaml: string, lock: Lock | undefined, names: string[]) => entryReasons(projectConfig(yaml), lock, ids(...names)).map(describeReason);
  const added = RECIPE_YAML.replace('variants:\n', 'variants:\n  release: {}\n');

  it('nothing, for entries that are current while another is not locked yet', () => {
    expect(entryReasonsOf(added, fresh(), ['debug', 'valgrind'])).toEqual([]);
  });

  it('the entry not locked yet, when it is selected', () => {
    expect(entryReasonsOf(added, fresh(), ['debug', 'release'])).toEqual(['3.13.2-release is in the matrix but not in the lock']);
  });

  it('an entry whose variant changed in pydebug.yml, named with what changed', () => {
    const changed = RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    configure_args: ["--with-lto"]\n');
    expect(entryReasonsOf(changed, fresh(), ['debug'])).toEqual([]);
    expect(entryReasonsOf(changed, fresh(), ['valgrind'])[0]).toMatch(/^3\.13\.2-valgrind: configure arguments changed: lock has .*, pydebug\.yml gives .*--with-lto/);
  });

  it('a hand edit of a selected entry, but not of another one', () => {
    const lock = edited((l) => void (l.builds['3.13.2-debug']!.env = { LD_PRELOAD: '/tmp/x.so' }));
    expect(entryReasonsOf(RECIPE_YAML, lock, ['debug'])).toEqual([expect.stringMatching(/^3\.13\.2-debug: environment changed/)]);
    expect(entryReasonsOf(RECIPE_YAML, lock, ['trace-refs'])).toEqual([]);
  });

  it('a changed source stops every entry built from it', () => {
    const lock = edited((l) => void ((l.sources['3.13.2'] as LockedTarball).url = 'https://evil.example/Python-3.13.2.tgz'));
    expect(entryReasonsOf(RECIPE_YAML, lock, ['trace-refs'])[0]).toMatch(/^3\.13\.2: url changed/);
  });

  it('an invalid field anywhere refuses the whole lock', () => {
    const lock = edited((l) => void (l.builds['3.13.2-valgrind']!.lock_key = '../../../x'));
    expect(entryReasonsOf(RECIPE_YAML, lock, ['debug'])).toEqual(['builds.3.13.2-valgrind.lock_key "../../../x" is not "3.13.2-valgrind-" followed by 16 hexadecimal digits']);
  });

  it('a missing lock', () => {
    expect(entryReasonsOf(RECIPE_YAML, undefined, ['debug'])).toEqual(['there is no lock yet']);
  });

  it('lockOfEntries keeps only the selected builds and their sources', () => {
    const lock = lockOfEntries(fresh(), ids('valgrind', 'debug'));
    expect(Object.keys(lock.builds)).toEqual(ids('valgrind', 'debug'));
    expect(Object.keys(lock.sources)).toEqual(['3.13.2']);
  });
});

describe('contentReasons: how a shown lock differs from pydebug.yml', () => {
  const added = RECIPE_YAML.replace('variants:\n', 'variants:\n  release: {}\n');

  it('nothing for a current lock, whatever its layout', () => {
    expect(contentReasons(projectConfig(RECIPE_YAML), fresh())).toEqual([]);
  });

  it('what pydebug.yml changed, and a hand edit of another entry or source beside it', () => {
    const lock = fresh();
    (lock.sources['3.13.2'] as LockedTarball).file = 'Python-3.13.2.tar.xz';
    expect(contentReasons(projectConfig(added), lock).map(describeReason)).toEqual(['3.13.2-release is in the matrix but not in the lock', 'sources.3.13.2.file was edited by hand']);
  });

  it("reasonsOfEntry: an entry's own reasons and its source's, not another entry's", () => {
    const lock = fresh();
    (lock.sources['3.13.2'] as LockedTarball).file = 'Python-3.13.2.tar.xz';
    const all = contentReasons(projectConfig(added), lock);
    expect(reasonsOfEntry(all, { id: '3.13.2-debug', version: '3.13.2' }).map(describeReason)).toEqual(['sources.3.13.2.file was edited by hand']);
    expect(reasonsOfEntry(all, { id: '3.13.2-release', version: '3.13.2' })).toHaveLength(2);
    expect(reasonsOfEntry(all, { id: '3.12.9-debug', version: '3.12.9' })).toEqual([]);
  });
});

describe('describeReason names the entry or version each reason is about', () => {
  it.each([
    [
      { subject: '3.13.2-valgrind', reason: 'configure arguments changed: lock has a, pydebug.yml gives b', needsDownload: false },
      '3.13.2-valgrind: configure arguments changed: lock has a, pydebug.yml gives b',
    ],
    [{ subject: '3.13.2', reason: 'url changed: lock has a, pydebug.yml has b', needsDownload: true }, '3.13.2: url changed: lock has a, pydebug.yml has b'],
    [{ subject: '3.13.2-x', reason: '3.13.2-x is in the matrix but not in the lock', needsDownload: false }, '3.13.2-x is in the matrix but not in the lock'],
    [{ subject: '3.11.2', reason: 'python 3.11.2 is in pydebug.yml but not in the lock', needsDownload: true }, 'python 3.11.2 is in pydebug.yml but not in the lock'],
    [{ subject: '3.13.2-debug', reason: 'builds.3.13.2-debug.configure was edited by hand', needsDownload: false, edited: true as const }, 'builds.3.13.2-debug.configure was edited by hand'],
    [{ subject: 'lock', reason: 'there is no lock yet', needsDownload: true }, 'there is no lock yet'],
  ])('%j', (reason, line) => {
    expect(describeReason(reason)).toBe(line);
  });
});
