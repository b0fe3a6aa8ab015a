import { describe, expect, it, vi } from 'vitest';
import { formatDuration, LiveReporter, PlainReporter } from '../../src/ui/reporter.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (c: string) => chunks.push(c), text: () => chunks.join('') };
}

describe('reporters', () => {
  it('formatDuration', () => {
    expect(formatDuration(3.14)).toBe('3.1 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(125)).toBe('2m05s');
  });

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
