import { describe, expect, it, vi } from 'vitest';
import { LiveReporter, PlainReporter } from '../../src/ui/reporter.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (c: string) => chunks.push(c), text: () => chunks.join('') };
}

describe('reporters', () => {
  it('plain: one line per phase with elapsed time, and a heartbeat naming what still runs', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new PlainReporter(out, 60_000);
      r.phase('3.13.2-debug', 'configure');
      vi.advanceTimersByTime(19_000);
      r.phaseDone('3.13.2-debug', 'configure', 19);
      r.phase('3.13.2-debug', 'make');
      vi.advanceTimersByTime(61_000);
      r.close();
      expect(out.text()).toBe('[0:00] 3.13.2-debug: configure...\n[0:19] 3.13.2-debug: configure done in 19 s\n[0:19] 3.13.2-debug: make...\n[1:00] still working: 3.13.2-debug make 0:41\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('live: a status line with every running entry, its phase and time, redrawn in place', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new LiveReporter(out, () => 200);
      r.phase('3.13.2-debug', 'make');
      r.phase('3.13.2-trace-refs', 'configure');
      vi.advanceTimersByTime(65_000);
      const lastLine = out.text().split('\r\x1b[2K').pop()!;
      expect(lastLine).toMatch(/^. 1:05 {2}3\.13\.2-debug make 1:05 · 3\.13\.2-trace-refs configure 1:05$/);
      r.done('3.13.2-debug', 'built', '1m05s');
      expect(out.text()).toContain('\r\x1b[2K3.13.2-debug: built (1m05s)\n');
      r.close();
      expect(out.text().endsWith('\r\x1b[2K')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('live: the status line is cut to the terminal width', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new LiveReporter(out, () => 40);
      r.phase('3.13.2-a-very-long-variant-name', 'make');
      vi.advanceTimersByTime(1000);
      const lastLine = out.text().split('\r\x1b[2K').pop()!;
      expect(lastLine.length).toBe(39);
      expect(lastLine.endsWith('…')).toBe(true);
      r.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([[0], [NaN], [-1]])('live: a terminal reporting %s columns gets a full status line (80 columns)', (columns) => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new LiveReporter(out, () => columns);
      r.phase('3.13.2-trace-refs', 'configure');
      vi.advanceTimersByTime(1000);
      const lastLine = out.text().split('\r\x1b[2K').pop()!;
      expect(lastLine).toMatch(/^. 0:01 {2}3\.13\.2-trace-refs configure 0:01$/);
      r.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('live, at 80 columns: the entry in make first with its step and what is left, though it was the last to start', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new LiveReporter(out, () => 80);
      const steps = ['configure', 'make', 'install', 'probe'] as const;
      for (const id of ['3.13.5-valgrind', '3.13.5-trace-refs', '3.13.5-debug']) r.expectSteps(id, steps, id.endsWith('debug') ? { configure: 40, make: 300, install: 20, probe: 2 } : {});
      r.phase('3.13.5-valgrind', 'wait', 'for its turn to configure');
      r.phase('3.13.5-trace-refs', 'wait', 'for its turn to configure');
      r.phase('3.13.5-debug', 'make');
      vi.advanceTimersByTime(85_000);
      const lastLine = () => out.text().split('\r\x1b[2K').pop()!;
      expect(lastLine()).toMatch(/^. 1:25 {2}3\.13\.5-debug make 2\/4 1:25 ~3:57 left · \+2 waiting$/);
      expect(lastLine().length).toBeLessThanOrEqual(79);
      r.phaseDone('3.13.5-debug', 'make', 85);
      r.phase('3.13.5-valgrind', 'configure');
      r.phase('3.13.5-debug', 'install');
      vi.advanceTimersByTime(5_000);
      // Running entries keep the order the sync gave them; valgrind has no earlier build: no estimate.
      expect(lastLine()).toMatch(/^. 1:30 {2}3\.13\.5-valgrind configure 1\/4 0:05 · \+2 more$/);
      r.done('3.13.5-valgrind', 'failed', '');
      r.phase('3.13.5-trace-refs', 'configure');
      vi.advanceTimersByTime(1_000);
      expect(lastLine()).toMatch(/^. 1:31 {2}3\.13\.5-trace-refs configure 1\/4 0:01 · \+1 more$/);
      r.done('3.13.5-trace-refs', 'failed', '');
      vi.advanceTimersByTime(1_000);
      expect(lastLine()).toMatch(/^. 1:32 {2}3\.13\.5-debug install 3\/4 0:07 ~0:15 left$/);
      r.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('live, at 40 columns: the running entry and its step stay on the line', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new LiveReporter(out, () => 40);
      r.expectSteps('3.13.5-debug', ['configure', 'make', 'install', 'probe'], { configure: 40, make: 300, install: 20, probe: 2 });
      r.phase('3.13.5-valgrind', 'wait', 'for its turn to configure');
      r.phase('3.13.5-debug', 'make');
      vi.advanceTimersByTime(85_000);
      expect(out.text().split('\r\x1b[2K').pop()).toMatch(/^. 1:25 {2}3\.13\.5-debug make 2\/4 1:25$/);
      r.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("plain: the phase lines are as before; the minute's line says each running entry's step and what is left, running ones first", () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new PlainReporter(out, 60_000);
      r.expectSteps('3.13.5-debug', ['configure', 'make', 'test', 'install', 'probe'], { configure: 40, make: 300, test: 100, install: 20, probe: 2 });
      r.expectSteps('3.13.5-valgrind', ['configure', 'make', 'install', 'probe'], {});
      r.phase('3.13.5-valgrind', 'wait', 'for its turn to configure');
      r.phase('3.13.5-debug', 'configure');
      vi.advanceTimersByTime(30_000);
      r.phaseDone('3.13.5-debug', 'configure', 30);
      r.phase('3.13.5-debug', 'make');
      r.phase('3.13.5-valgrind', 'configure');
      vi.advanceTimersByTime(30_000);
      r.close();
      expect(out.text()).toBe(
        '[0:00] 3.13.5-valgrind: wait for its turn to configure...\n' +
          '[0:00] 3.13.5-debug: configure...\n' +
          '[0:30] 3.13.5-debug: configure done in 30 s\n' +
          '[0:30] 3.13.5-debug: make...\n' +
          '[0:30] 3.13.5-valgrind: configure...\n' +
          '[1:00] still working: 3.13.5-debug make 2/5 0:30 ~6:32 left, 3.13.5-valgrind configure 1/4 0:30\n',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('plain: an entry waiting for its turn is named after the running ones', () => {
    vi.useFakeTimers();
    try {
      const out = sink();
      const r = new PlainReporter(out, 60_000);
      r.phase('3.13.5-valgrind', 'wait', 'for its turn to configure');
      r.phase('3.13.5-debug', 'make');
      vi.advanceTimersByTime(60_000);
      r.close();
      expect(out.text()).toContain('[1:00] still working: 3.13.5-debug make 1:00, 3.13.5-valgrind wait for its turn to configure 1:00\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['plain', (out: ReturnType<typeof sink>) => new PlainReporter(out)],
    ['live', (out: ReturnType<typeof sink>) => new LiveReporter(out, () => 120)],
  ])('%s: a build prints its log path once, when it starts', (_name, make) => {
    const out = sink();
    const r = make(out);
    r.phase('3.13.2-debug', 'download');
    r.phase('3.13.2-debug', 'configure', undefined, '/store/logs/k.log');
    r.phaseDone('3.13.2-debug', 'configure', 1, '/store/logs/k.log');
    r.phase('3.13.2-debug', 'make', undefined, '/store/logs/k.log');
    r.close();
    const lines = out
      .text()
      .split(/\r\x1b\[2K|\n/)
      .filter((l) => l.includes('log'));
    expect(lines).toEqual([expect.stringMatching(/3\.13\.2-debug: build log \/store\/logs\/k\.log \(tail -f it to follow the build\)$/)]);
  });
});
