/**
 * Progress in a GitHub Actions log. Builds run in parallel, so groups cannot stay open while a
 * phase runs; instead each finished phase prints one collapsed group holding that phase's part
 * of the build log ("3.11.2-debug · make (41 s)"), and a line per phase start plus a heartbeat
 * every minute show progress while builds run.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { formatDuration, type Phase } from '../progress.js';
import { PlainReporter, type Writable } from '../ui/reporter.js';

export interface ActionsLog {
  info(message: string): void;
  warning(message: string): void;
  startGroup(name: string): void;
  endGroup(): void;
}

/** Enough of a phase's log to be useful without flooding the Actions log. */
const MAX_GROUP_BYTES = 2 * 1024 * 1024;

function readSegment(file: string, from: number): string {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    const start = Math.max(from, size - MAX_GROUP_BYTES);
    const buf = Buffer.alloc(size - start);
    fd = openSync(file, 'r');
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start > from ? `[... ${start - from} earlier bytes in ${file}]\n${text}` : text;
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class ActionsReporter extends PlainReporter {
  private readonly logOffsets = new Map<string, number>();
  constructor(private readonly log: ActionsLog) {
    super({ write: (chunk: string) => log.info(chunk.replace(/\n$/, '')) } satisfies Writable, 60_000);
  }
  override warn(message: string): void {
    this.log.warning(message);
  }
  override phase(id: string, phase: Phase, detail?: string, logFile?: string): void {
    if (logFile) {
      try {
        this.logOffsets.set(`${id}\0${phase}`, statSync(logFile).size);
      } catch {
        this.logOffsets.set(`${id}\0${phase}`, 0);
      }
    }
    super.phase(id, phase, detail);
  }
  override phaseDone(id: string, phase: Phase, seconds: number, logFile?: string): void {
    if (!this.printGroup(id, phase, `${formatDuration(seconds)}`, logFile)) super.phaseDone(id, phase, seconds);
    this.active.delete(id);
  }
  override phaseFailed(id: string, phase: Phase, seconds: number, logFile?: string): void {
    this.printGroup(id, phase, `FAILED after ${formatDuration(seconds)}`, logFile);
    this.active.delete(id);
  }
  private printGroup(id: string, phase: Phase, what: string, logFile: string | undefined): boolean {
    const offset = this.logOffsets.get(`${id}\0${phase}`);
    if (logFile === undefined || offset === undefined) return false;
    this.logOffsets.delete(`${id}\0${phase}`);
    this.log.startGroup(`${id} · ${phase} (${what})`);
    this.log.info(readSegment(logFile, offset).trimEnd());
    this.log.endGroup();
    return true;
  }
}
