/**
 * Progress a person can follow through a ten-minute build. Everything goes to stderr; stdout is
 * kept for data (paths, JSON). Two renderings:
 *  - live: a status line redrawn every second (which entries, which step of how many, elapsed
 *    time, and what is left when an earlier build's step times are known), with finished phases
 *    printed above it;
 *  - plain (CI logs, pipes): one line per phase change, plus a heartbeat every minute that says
 *    what the live line says.
 * Both list running entries first (status-line.ts).
 * The GitHub Action adds its own (grouped logs) on the same interface.
 */

import { type BuildStep, estimateRemaining, isBuildStep, type StepTimes } from '../estimate.js';
import { formatDuration, type Phase, type Reporter } from '../progress.js';
import { byProgress, clock, describeActivity, type EntryActivity, statusLine } from './status-line.js';

export interface Writable {
  write(chunk: string): unknown;
}

interface Active {
  phase: Phase;
  since: number;
  detail?: string | undefined;
}

abstract class BaseReporter implements Reporter {
  protected readonly active = new Map<string, Active>();
  private readonly expected = new Map<string, { steps: readonly BuildStep[]; recorded: StepTimes }>();
  /** Every id by when it was first heard of: entries keep their places on the line as they change phase. */
  private readonly firstSeen = new Map<string, number>();
  /** Logs already named ("<id>\0<path>"), so each is named once, when its build starts. */
  private readonly announcedLogs = new Set<string>();
  protected readonly started = Date.now();
  constructor(protected readonly out: Writable) {}

  protected elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }
  protected abstract line(text: string): void;

  private seen(id: string): void {
    if (!this.firstSeen.has(id)) this.firstSeen.set(id, this.firstSeen.size);
  }

  /** What each active entry is doing, running ones first (byProgress). */
  protected activities(): EntryActivity[] {
    const now = Date.now();
    const list = [...this.active].map(([id, a]): EntryActivity => {
      const elapsed = (now - a.since) / 1000;
      const step = this.stepOf(id, a.phase);
      const expected = this.expected.get(id);
      const left = step && expected ? estimateRemaining(expected.steps, expected.recorded, a.phase as BuildStep, elapsed) : undefined;
      return { id, phase: a.phase, detail: a.detail, elapsed, step, left };
    });
    list.sort((x, y) => this.firstSeen.get(x.id)! - this.firstSeen.get(y.id)!);
    return byProgress(list);
  }

  /** The phase's place among the entry's expected steps, when it is one of them. */
  private stepOf(id: string, phase: Phase): { index: number; count: number } | undefined {
    const steps = this.expected.get(id)?.steps;
    const index = steps && isBuildStep(phase) ? steps.indexOf(phase) : -1;
    return steps && index >= 0 ? { index: index + 1, count: steps.length } : undefined;
  }

  expectSteps(id: string, steps: readonly BuildStep[], recorded: StepTimes): void {
    this.seen(id);
    this.expected.set(id, { steps, recorded });
  }
  info(message: string): void {
    this.line(message);
  }
  warn(message: string): void {
    this.line(`warning: ${message}`);
  }
  phase(id: string, phase: Phase, detail?: string, logFile?: string): void {
    if (logFile && !this.announcedLogs.has(`${id}\0${logFile}`)) {
      this.announcedLogs.add(`${id}\0${logFile}`);
      this.line(`${id}: build log ${logFile} (tail -f it to follow the build)`);
    }
    this.seen(id);
    this.active.set(id, { phase, since: Date.now(), detail });
    this.onPhase(id, phase, detail);
  }
  protected onPhase(_id: string, _phase: Phase, _detail?: string): void {}
  phaseDone(id: string, phase: Phase, seconds: number, _logFile?: string): void {
    this.active.delete(id);
    this.line(`${id}: ${phase} done in ${formatDuration(seconds)}`);
  }
  phaseFailed(id: string, _phase: Phase, _seconds: number, _logFile?: string): void {
    this.active.delete(id);
  }
  detail(id: string, text: string): void {
    const a = this.active.get(id);
    if (a) a.detail = text;
  }
  done(id: string, outcome: 'built' | 'reused' | 'pulled' | 'failed', summary: string): void {
    this.active.delete(id);
    this.line(`${id}: ${outcome}${summary ? ` (${summary})` : ''}`);
  }
  close(): void {}
}

export class PlainReporter extends BaseReporter {
  private readonly heartbeat: NodeJS.Timeout;
  constructor(out: Writable, heartbeatMs = 60_000) {
    super(out);
    this.heartbeat = setInterval(() => {
      if (this.active.size === 0) return;
      this.line(`still working: ${this.activities().map(describeActivity).join(', ')}`);
    }, heartbeatMs);
    this.heartbeat.unref();
  }
  protected line(text: string): void {
    this.out.write(`[${clock(this.elapsed())}] ${text}\n`);
  }
  protected override onPhase(id: string, phase: Phase, detail?: string): void {
    // Unchanged by the step position and estimate (the heartbeat carries those): scripts and
    // tests wait for `<id>: make...`.
    this.line(`${id}: ${phase}${detail ? ` ${detail}` : ''}...`);
  }
  override close(): void {
    clearInterval(this.heartbeat);
  }
}

/** Some terminals (and pseudo-terminals of CI runners) report 0 columns: assume a common width then. */
const DEFAULT_COLUMNS = 80;

function terminalWidth(reported: number): number {
  return Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_COLUMNS;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class LiveReporter extends BaseReporter {
  private readonly timer: NodeJS.Timeout;
  private frame = 0;
  private shown = false;
  constructor(
    out: Writable,
    private readonly columns: () => number,
  ) {
    super(out);
    this.timer = setInterval(() => this.redraw(), 250);
    this.timer.unref();
  }
  private clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
  private redraw(): void {
    this.clear();
    if (this.active.size === 0) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    // One column short of the width: a line that fills it wraps on some terminals.
    const width = Math.max(20, terminalWidth(this.columns()) - 1);
    this.out.write(statusLine(`${SPINNER[this.frame]} ${clock(this.elapsed())}`, this.activities(), width));
    this.shown = true;
  }
  protected line(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.redraw();
  }
  protected override onPhase(): void {
    this.redraw();
  }
  override close(): void {
    clearInterval(this.timer);
    this.clear();
  }
}

/** A reporter that says nothing (for --quiet and for tests of pure output). */
export class SilentReporter implements Reporter {
  expectSteps(): void {}
  info(): void {}
  warn(): void {}
  phase(): void {}
  phaseDone(): void {}
  phaseFailed(): void {}
  detail(): void {}
  done(): void {}
  close(): void {}
}
