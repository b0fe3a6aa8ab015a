/**
 * Progress a person can follow through a ten-minute build. Everything goes to stderr; stdout is
 * kept for data (paths, JSON). Two renderings:
 *  - live: a status line redrawn every second (which entries, which phase, elapsed time), with
 *    finished phases printed above it;
 *  - plain (CI logs, pipes): one line per phase change, plus a heartbeat every minute.
 * The GitHub Action adds its own (grouped logs) on the same interface.
 */

export type Phase = 'download' | 'verify' | 'extract' | 'configure' | 'make' | 'test' | 'install' | 'probe' | 'store' | 'wait';

export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /** An entry enters a phase; `logFile` is where the phase's output goes, if anywhere. */
  phase(id: string, phase: Phase, detail?: string, logFile?: string): void;
  /** An entry finished a phase; `logFile` holds its output. */
  phaseDone(id: string, phase: Phase, seconds: number, logFile?: string): void;
  /** An entry's phase failed; the error that follows carries the log's tail. */
  phaseFailed(id: string, phase: Phase, seconds: number, logFile?: string): void;
  /** Short-lived detail for the live line (download progress). */
  detail(id: string, text: string): void;
  /** An entry is done: built, reused or failed. */
  done(id: string, outcome: 'built' | 'reused' | 'failed', summary: string): void;
  close(): void;
}

export interface Writable {
  write(chunk: string): unknown;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

interface Active {
  phase: Phase;
  since: number;
  detail?: string | undefined;
}

abstract class BaseReporter implements Reporter {
  protected readonly active = new Map<string, Active>();
  /** Logs already named ("<id>\0<path>"), so each is named once, when its build starts. */
  private readonly announcedLogs = new Set<string>();
  protected readonly started = Date.now();
  constructor(protected readonly out: Writable) {}

  protected elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }
  protected abstract line(text: string): void;

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
  done(id: string, outcome: 'built' | 'reused' | 'failed', summary: string): void {
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
      const parts = [...this.active].map(([id, a]) => `${id} ${a.phase} ${clock((Date.now() - a.since) / 1000)}`);
      this.line(`still working: ${parts.join(', ')}`);
    }, heartbeatMs);
    this.heartbeat.unref();
  }
  protected line(text: string): void {
    this.out.write(`[${clock(this.elapsed())}] ${text}\n`);
  }
  protected override onPhase(id: string, phase: Phase, detail?: string): void {
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
    const parts = [...this.active].map(([id, a]) => `${id} ${a.phase}${a.detail ? ` ${a.detail}` : ''} ${clock((Date.now() - a.since) / 1000)}`);
    let text = `${SPINNER[this.frame]} ${clock(this.elapsed())}  ${parts.join(' · ')}`;
    const width = Math.max(20, terminalWidth(this.columns()) - 1);
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    this.out.write(text);
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
  info(): void {}
  warn(): void {}
  phase(): void {}
  phaseDone(): void {}
  phaseFailed(): void {}
  detail(): void {}
  done(): void {}
  close(): void {}
}
