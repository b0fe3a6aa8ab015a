/**
 * What every layer that does something long tells a person about it: the phases an entry goes
 * through, and the Reporter they are told to. Below every folder, so that the source, builder
 * and sync code report progress without importing the display (ui/reporter.ts renders it; the
 * GitHub Action adds grouped logs, action/reporter.ts).
 */

import type { BuildStep, StepTimes } from './estimate.js';

export type Phase = 'download' | 'verify' | 'extract' | 'configure' | 'make' | 'test' | 'install' | 'probe' | 'store' | 'wait';

export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /**
   * Before an entry's build starts: the steps it will run, and how long each took in an earlier
   * build of it on this machine (empty when none is known), so its progress can say `make 2/4`
   * and what is left.
   */
  expectSteps(id: string, steps: readonly BuildStep[], recorded: StepTimes): void;
  /** An entry enters a phase; `logFile` is where the phase's output goes, if anywhere. */
  phase(id: string, phase: Phase, detail?: string, logFile?: string): void;
  /** An entry finished a phase; `logFile` holds its output. */
  phaseDone(id: string, phase: Phase, seconds: number, logFile?: string): void;
  /** An entry's phase failed; the error that follows carries the log's tail. */
  phaseFailed(id: string, phase: Phase, seconds: number, logFile?: string): void;
  /** Short-lived detail for the live line (download progress). */
  detail(id: string, text: string): void;
  /** An entry is done: built, reused or failed. */
  done(id: string, outcome: 'built' | 'reused' | 'pulled' | 'failed', summary: string): void;
  close(): void;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, '0')}s`;
}
