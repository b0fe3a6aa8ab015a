/**
 * tail_call, jit and strict_overflow in the lock: their configure arguments, the expectations the
 * probe checks (expect.options), stable bytes, and locks without them unchanged (no lock key
 * moves). Facts: see test/config/build-options.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeVariant } from '../../src/config/project.js';
import { defaultTarballUrl } from '../../src/config/url.js';
import { parseLock, serializeLock } from '../../src/lock/format.js';
import { assembleLock, lockKeyFor, resolveBuild } from '../../src/lock/resolve.js';
import { staleReasons } from '../../src/lock/stale.js';
import { LOCK_VERSION } from '../../src/lock/types.js';
import { lockedSource, projectConfig } from '../support/fixtures.js';

const SHA = 'a'.repeat(64);
const resolve = (options: Parameters<typeof normalizeVariant>[1], version = '3.14.0') => resolveBuild(version, normalizeVariant('v', options));

const YAML = `python:
  - version: "3.14.0"
    sha256: ${SHA}
  - version: "3.15.0a2"
    sha256: ${SHA}
variants:
  tail:
    pydebug: true
    tail_call: true
    compiler: clang-19
  jit:
    pydebug: true
    jit: true
  jit-off:
    jit: "off"
  tier2:
    pydebug: true
    jit: interpreter
  ubsan:
    pydebug: true
    sanitizers: [undefined]
    strict_overflow: true
    compiler: clang-19
`;
// A pre-release sits in its base version's directory on python.org (3.15.0/Python-3.15.0a2.tgz).
const sources = () => ({ '3.14.0': lockedSource('3.14.0', SHA), '3.15.0a2': { ...lockedSource('3.15.0a2', SHA), url: defaultTarballUrl('3.15.0a2') } });
const lock = () => assembleLock(projectConfig(YAML), sources());

describe('configure arguments and expectations of the 3.14/3.15 options', () => {
  it('tail_call: --with-tail-call-interp after the other typed options, CC last; proven by Py_TAIL_CALL_INTERP', () => {
    const b = resolve({ pydebug: true, tail_call: true, compiler: 'clang-19' });
    expect(b.configure).toEqual(['--with-pydebug', '--with-tail-call-interp', 'CC=clang-19']);
    expect(b.expect.options).toEqual({ tail_call: true });
  });

  it('jit: --enable-experimental-jit=yes|yes-off|interpreter, with the LLVM the release wants (none for interpreter)', () => {
    expect(resolve({ jit: true }, '3.13.5')).toMatchObject({ configure: ['--enable-experimental-jit=yes'], expect: { options: { jit: 'yes', jit_llvm: 18 } } });
    expect(resolve({ jit: true }, '3.14.10')).toMatchObject({ expect: { options: { jit: 'yes', jit_llvm: 19 } } });
    expect(resolve({ jit: 'off' }, '3.15.0a2')).toMatchObject({ configure: ['--enable-experimental-jit=yes-off'], expect: { options: { jit: 'yes-off', jit_llvm: 21 } } });
    expect(resolve({ jit: 'interpreter' }, '3.14.0').configure).toEqual(['--enable-experimental-jit=interpreter']);
    expect(resolve({ jit: 'interpreter' }, '3.14.0').expect.options).toEqual({ jit: 'interpreter' });
  });

  it('jit of a git source takes the LLVM of the version its tree declares (3.16.0a2+ → the newest known)', () => {
    const git = { git: 'https://github.com/python/cpython', ref: 'main', commit: 'c'.repeat(40), version: '3.16.0a2+' };
    expect(resolveBuild('main', normalizeVariant('v', { jit: true }), git).expect.options).toEqual({ jit: 'yes', jit_llvm: 21 });
  });

  it('strict_overflow: --with-strict-overflow, in the same place for any compiler', () => {
    const b = resolve({ pydebug: true, sanitizers: ['undefined'], strict_overflow: true, compiler: 'clang-19' });
    expect(b.configure).toEqual(['--with-pydebug', '--with-strict-overflow', '--with-undefined-behavior-sanitizer', 'CFLAGS=-fno-sanitize=function', 'CC=clang-19']);
    expect(b.expect.options).toEqual({ strict_overflow: true });
  });

  it('all three together, in a fixed order', () => {
    const b = resolve({ tail_call: true, jit: 'off', strict_overflow: true, compiler: 'clang-19' });
    expect(b.configure).toEqual(['--with-tail-call-interp', '--enable-experimental-jit=yes-off', '--with-strict-overflow', 'CC=clang-19']);
    expect(b.expect.options).toEqual({ tail_call: true, jit: 'yes-off', jit_llvm: 19, strict_overflow: true });
  });

  it('a variant without them has no options field and the configure and key it had before', () => {
    const b = resolve({ pydebug: true, trace_refs: true }, '3.13.2');
    expect(b.expect).not.toHaveProperty('options');
    expect(b.configure).toEqual(['--with-pydebug', '--with-trace-refs']);
    // The same key as before these options existed (pinned in test/lock/resolve.test.ts too).
    expect(lockKeyFor(b, lockedSource())).toBe(lockKeyFor(resolveBuild('3.13.2', normalizeVariant('v', { pydebug: true, trace_refs: true })), lockedSource()));
  });
});

describe('the lock with the options', () => {
  it('is deterministic, lists options in the schema order, and reads back as written', () => {
    const text = serializeLock(lock());
    expect(serializeLock(lock())).toBe(text);
    const data = JSON.parse(text);
    expect(data.lock_version).toBe(LOCK_VERSION);
    expect(Object.keys(data.builds['3.14.0-ubsan'].expect)).toEqual(['abiflags', 'sanitizers', 'macros', 'options']);
    expect(data.builds['3.15.0a2-jit-off'].expect.options).toEqual({ jit: 'yes-off', jit_llvm: 21 });
    // Options set in another order in memory come out in the schema's order.
    const shuffled = lock();
    const b = shuffled.builds['3.14.0-jit']!;
    b.expect.options = { jit_llvm: 19, jit: 'yes' };
    expect(serializeLock(shuffled)).toBe(text);
    expect(serializeLock(parseLock(text))).toBe(text);
    expect(staleReasons(projectConfig(YAML), parseLock(text))).toEqual([]);
  });

  it('goes stale when an option changes, and says which field', () => {
    const locked = parseLock(serializeLock(lock()));
    const reasons = staleReasons(projectConfig(YAML.replace('jit: "off"', 'jit: interpreter')), locked);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]!.subject).toBe('3.14.0-jit-off');
    expect(reasons[0]!.reason).toMatch(/--enable-experimental-jit=yes-off.*--enable-experimental-jit=interpreter/);
  });

  it('refuses an options field it does not know, or a jit mode configure has not', () => {
    const data = JSON.parse(serializeLock(lock()));
    data.builds['3.14.0-jit'].expect.options.jit = 'always';
    expect(() => parseLock(JSON.stringify(data))).toThrow();
    const other = JSON.parse(serializeLock(lock()));
    other.builds['3.14.0-tail'].expect.options.tail_call_interp = true;
    expect(() => parseLock(JSON.stringify(other))).toThrow();
  });

  it('a lock written by the previous dist (no options anywhere) still reads and is current', () => {
    const fixture = (name: string) => readFileSync(new URL(`fixtures/previous-pydebug/${name}`, import.meta.url), 'utf8');
    const earlier = parseLock(fixture('pydebug.lock'));
    expect(Object.values(earlier.builds).every((b) => b.expect.options === undefined)).toBe(true);
    const reasons = staleReasons(projectConfig(fixture('pydebug.yml')), earlier);
    expect(reasons).toEqual([]);
  });
});
