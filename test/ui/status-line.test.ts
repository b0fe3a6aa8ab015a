import { describe, expect, it } from 'vitest';
import { byProgress, describeActivity, type EntryActivity, statusLine } from '../../src/ui/status-line.js';

const waiting = (id: string): EntryActivity => ({ id, phase: 'wait', detail: 'for its turn to configure', elapsed: 21 });
const debugInMake: EntryActivity = { id: '3.13.5-debug', phase: 'make', elapsed: 85, step: { index: 2, count: 4 }, left: 190 };
/** What the issue saw: the waiting entries started first, the one compiling came last. */
const issueCase = [waiting('3.13.5-valgrind'), waiting('3.13.5-trace-refs'), waiting('3.13.5-asan'), debugInMake];

describe('describeActivity', () => {
  it('the step with its position, the phase time, and what is left of the entry, rounded up', () => {
    expect(describeActivity(debugInMake)).toBe('3.13.5-debug make 2/4 1:25 ~3:10 left');
    expect(describeActivity({ ...debugInMake, left: 0.2 })).toBe('3.13.5-debug make 2/4 1:25 ~0:01 left');
  });

  it('no estimate known: no time left is shown, not a made-up one', () => {
    expect(describeActivity({ ...debugInMake, left: undefined })).toBe('3.13.5-debug make 2/4 1:25');
  });

  it('a phase that is no step of the build (wait, download) has no position, and its detail', () => {
    expect(describeActivity(waiting('3.13.5-asan'))).toBe('3.13.5-asan wait for its turn to configure 0:21');
    expect(describeActivity({ id: '3.13.5', phase: 'download', detail: '12 MB of 28 MB', elapsed: 3 })).toBe('3.13.5 download 12 MB of 28 MB 0:03');
  });
});

describe('byProgress', () => {
  it('running steps first, then downloads and extraction, then waiting; each group in the order given', () => {
    const order = byProgress([
      waiting('3.13.5-valgrind'),
      { id: '3.12.9', phase: 'extract', elapsed: 1 },
      { id: '3.13.5-trace-refs', phase: 'configure', elapsed: 4 },
      waiting('3.13.5-asan'),
      debugInMake,
      { id: '3.12.9-debug', phase: 'store', elapsed: 2 },
    ]).map((a) => a.id);
    expect(order).toEqual(['3.13.5-trace-refs', '3.13.5-debug', '3.12.9-debug', '3.12.9', '3.13.5-valgrind', '3.13.5-asan']);
  });
});

describe('statusLine', () => {
  it('at 80 columns the entry in make comes first, whole, with step and estimate; the waiting ones are counted', () => {
    const line = statusLine('⠋ 1:25', issueCase, 79);
    expect(line).toBe('⠋ 1:25  3.13.5-debug make 2/4 1:25 ~3:10 left · +3 waiting');
  });

  it('every entry that fits is shown whole, the rest counted (`more` when not all of them wait)', () => {
    const configuring: EntryActivity = { id: '3.13.5-trace-refs', phase: 'configure', elapsed: 12, step: { index: 1, count: 4 } };
    const entries = [waiting('3.13.5-asan'), { id: '3.12.9', phase: 'download', elapsed: 2 } as EntryActivity, configuring, debugInMake];
    expect(statusLine('⠋ 1:25', entries, 79)).toBe('⠋ 1:25  3.13.5-trace-refs configure 1/4 0:12 · +3 more');
    expect(statusLine('⠋ 1:25', entries, 119)).toBe('⠋ 1:25  3.13.5-trace-refs configure 1/4 0:12 · 3.13.5-debug make 2/4 1:25 ~3:10 left · +2 more');
    expect(statusLine('⠋ 1:25', entries, 200)).toBe(
      '⠋ 1:25  3.13.5-trace-refs configure 1/4 0:12 · 3.13.5-debug make 2/4 1:25 ~3:10 left · 3.12.9 download 0:02 · 3.13.5-asan wait for its turn to configure 0:21',
    );
  });

  it('never wider than asked, at 80 and 40 columns and with many entries', () => {
    const many = [...issueCase, ...Array.from({ length: 12 }, (_, i) => waiting(`3.13.5-variant-${i}`))];
    for (const width of [79, 39, 20]) {
      for (const entries of [issueCase, many, [debugInMake]]) expect(statusLine('⠋ 1:25', entries, width).length).toBeLessThanOrEqual(width);
    }
  });

  it('at 40 columns the running entry is still the one shown: without the count, then without its estimate, then cut', () => {
    expect(statusLine('⠋ 1:25', issueCase, 45)).toBe('⠋ 1:25  3.13.5-debug make 2/4 1:25 ~3:10 left');
    expect(statusLine('⠋ 1:25', issueCase, 39)).toBe('⠋ 1:25  3.13.5-debug make 2/4 1:25');
    expect(statusLine('⠋ 1:25', issueCase, 30)).toBe('⠋ 1:25  3.13.5-debug make 2/4…');
  });

  it('nothing active: the head alone', () => {
    expect(statusLine('⠋ 0:03', [], 79)).toBe('⠋ 0:03');
  });
});
