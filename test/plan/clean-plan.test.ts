import { describe, expect, it } from 'vitest';
import { entryHasLockKey, type ProjectUse, planProjectClean, registeredEntries, usersOf } from '../../src/plan/clean-plan.js';

const DEBUG = '3.13.5-debug-0123456789abcdef';
const VALGRIND = '3.13.5-valgrind-fedcba9876543210';
const entry = (lockKey: string, machine = 'linux-x64-abcd1234') => `pydebug-${lockKey}-${machine}`;

function project(lock: string, liveness: ProjectUse['liveness'], entries: string[] = []): ProjectUse {
  return { record: { lock, entries, updated: '2026-01-01T00:00:00.000Z' }, liveness };
}

describe('entryHasLockKey', () => {
  it('matches the lock key the entry key extends, on any machine, and nothing else', () => {
    expect(entryHasLockKey(entry(DEBUG), DEBUG)).toBe(true);
    expect(entryHasLockKey(entry(DEBUG, 'darwin-arm64-00000000'), DEBUG)).toBe(true);
    expect(entryHasLockKey(entry(VALGRIND), DEBUG)).toBe(false);
    // A lock key that merely starts another one does not match it.
    expect(entryHasLockKey(entry(`${DEBUG}-x`), DEBUG)).toBe(false);
    expect(entryHasLockKey('not-an-entry-key', DEBUG)).toBe(false);
  });
});

describe('planProjectClean', () => {
  it('keeps what another live project names (the issue: two projects with the same pydebug.yml), for that project', () => {
    const other = project('/a/pydebug.lock', { status: 'live', lockKeys: [DEBUG, VALGRIND] });
    const plan = planProjectClean([entry(DEBUG), entry(VALGRIND)], [other]);
    expect(plan.remove).toEqual([]);
    expect(plan.keep).toEqual([
      { entryKey: entry(DEBUG), users: [{ lock: '/a/pydebug.lock' }] },
      { entryKey: entry(VALGRIND), users: [{ lock: '/a/pydebug.lock' }] },
    ]);
    expect(plan.forget).toEqual([]);
  });

  it('removes what no other project names: no others, a lock that no longer names it, a project whose lock is gone (its record forgotten)', () => {
    const edited = project('/a/pydebug.lock', { status: 'live', lockKeys: [DEBUG] }, [entry(DEBUG), entry(VALGRIND)]);
    const gone = project('/b/pydebug.lock', { status: 'gone' }, [entry(DEBUG), entry(VALGRIND)]);
    expect(planProjectClean([entry(VALGRIND)], []).remove).toEqual([entry(VALGRIND)]);
    const plan = planProjectClean([entry(DEBUG), entry(VALGRIND)], [edited, gone]);
    expect(plan.remove).toEqual([entry(VALGRIND)]);
    expect(plan.keep).toEqual([{ entryKey: entry(DEBUG), users: [{ lock: '/a/pydebug.lock' }] }]);
    expect(plan.forget).toEqual([gone.record]);
  });

  it('a lock that is there but unreadable keeps what its record names, and says why; nothing else', () => {
    const unreadable = project('/a/pydebug.lock', { status: 'unknown', why: 'it is a directory' }, [entry(DEBUG)]);
    const plan = planProjectClean([entry(DEBUG), entry(VALGRIND)], [unreadable]);
    expect(plan.keep).toEqual([{ entryKey: entry(DEBUG), users: [{ lock: '/a/pydebug.lock', unreadable: 'it is a directory' }] }]);
    expect(plan.remove).toEqual([entry(VALGRIND)]);
  });

  it('a live lock names entries by lock key: what it names since its record was written counts too', () => {
    const pulled = project('/a/pydebug.lock', { status: 'live', lockKeys: [VALGRIND] }, []);
    expect(planProjectClean([entry(VALGRIND)], [pulled]).remove).toEqual([]);
  });

  it('candidates are deduplicated and sorted; users sorted by lock', () => {
    const plan = planProjectClean([entry(DEBUG), entry(DEBUG)], [project('/z/pydebug.lock', { status: 'live', lockKeys: [DEBUG] }), project('/b/pydebug.lock', { status: 'live', lockKeys: [DEBUG] })]);
    expect(plan.keep).toEqual([{ entryKey: entry(DEBUG), users: [{ lock: '/b/pydebug.lock' }, { lock: '/z/pydebug.lock' }] }]);
  });
});

describe('usersOf', () => {
  it('a gone project uses nothing, even what its record names', () => {
    expect(usersOf(entry(DEBUG), [project('/a/pydebug.lock', { status: 'gone' }, [entry(DEBUG)])])).toEqual([]);
  });
});

describe('registeredEntries', () => {
  it('adds what is known now to what was recorded, sorted and once each', () => {
    expect(registeredEntries([entry(VALGRIND)], [entry(DEBUG), entry(DEBUG)], undefined)).toEqual([entry(DEBUG), entry(VALGRIND)]);
  });
  it("with the whole lock's keys, drops recorded entries the lock no longer names", () => {
    expect(registeredEntries([entry(VALGRIND), entry(DEBUG)], [], [DEBUG])).toEqual([entry(DEBUG)]);
  });
});
