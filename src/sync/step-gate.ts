/**
 * Applies a schedule (plan/schedule.ts) to the builds of one sync: each build asks for its turn
 * before every step and gives it back when the step ends; waiting steps start as the schedule
 * admits them. An interrupt ends every wait (InterruptedError), so nothing starts after it.
 *
 * Turns are handed out on the next turn of the event loop, not at once: the entries that ask at
 * about the same moment (after their shared source tree is extracted; an entry's next step right
 * after its previous one gave its turn back) are then served by rank, not by who asked first.
 */
import type { StepGate, StepTurn } from '../builder/build.js';
import { InterruptedError } from '../errors.js';
import { admit, type Schedule, type Step, type StepPhase } from '../plan/schedule.js';
import type { Phase } from '../progress.js';

interface Waiter extends Step {
  grant: (turn: StepTurn) => void;
  refuse: (error: Error) => void;
  onWait: ((phase: StepPhase) => void) | undefined;
}

const STEP_PHASES = new Set<Phase>(['configure', 'make', 'test', 'install']);

export class StepScheduler {
  private readonly running = new Set<Step>();
  private waiting: Waiter[] = [];
  private pumpQueued = false;

  constructor(
    private readonly schedule: Schedule,
    private readonly jobs: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener(
      'abort',
      () => {
        const refused = this.waiting;
        this.waiting = [];
        for (const w of refused) w.refuse(new InterruptedError());
      },
      { once: true },
    );
  }

  /** The gate of the entry of `rank`; `onWait` is told when one of its steps has to wait. */
  gateFor(rank: number, onWait?: (phase: StepPhase) => void): StepGate {
    return (phase) => {
      if (this.signal.aborted) return Promise.reject(new InterruptedError());
      if (!STEP_PHASES.has(phase)) return Promise.resolve({ release: () => undefined });
      return new Promise<StepTurn>((grant, refuse) => {
        this.waiting.push({ rank, phase: phase as StepPhase, grant, refuse, onWait });
        this.queuePump();
      });
    };
  }

  /** Steps running now (for tests and reports). */
  get active(): Step[] {
    return [...this.running];
  }

  private queuePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.signal.aborted) return;
    for (const w of admit(this.schedule, [...this.running], this.waiting, this.jobs)) {
      this.waiting = this.waiting.filter((x) => x !== w);
      const step: Step = { rank: w.rank, phase: w.phase };
      this.running.add(step);
      let released = false;
      w.grant({
        release: () => {
          if (released) return;
          released = true;
          this.running.delete(step);
          this.queuePump();
        },
      });
    }
    // Told once, when a step is first left waiting; in rank order.
    for (const w of [...this.waiting].sort((a, b) => a.rank - b.rank)) {
      w.onWait?.(w.phase);
      w.onWait = undefined;
    }
  }
}
