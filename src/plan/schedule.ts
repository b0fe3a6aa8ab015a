/**
 * When the build steps of a sync may start, decided without touching anything: given the steps
 * running and the steps waiting (each of an entry with a rank: the order entries started, which is
 * also their priority and their nice value), which waiting steps start now. Pure.
 *
 *   cost             (the default) steps start while what they cost fits the machine: configure
 *                    and install 1 core, make and test -j<jobs> cores, their sum at most a budget
 *                    (cost:<n>: n cores; default cores + 1, one single-core step beside a make,
 *                    which leaves cores idle in its serial parts); configures one at a time: it
 *                    is fork-heavy, and where creating a process is expensive, configures side by
 *                    side cost each other about 40% more CPU (system time). Lower ranks are
 *                    served first; a later step may start while an earlier one waits if it fits.
 *   configure-queue  at most one configure at a time (configure-queue:<n>: n), in rank order;
 *                    other steps start at once.
 *   current          every step starts at once; entries are staggered by nice only (5 per rank).
 * All of them keep the nice staggering; none changes what a step does, only when it starts.
 * docs/speed.md has the bench of each on a machine where creating a process is cheap and on one
 * where it is expensive.
 */
import { UsageError } from '../errors.js';

export type StepPhase = 'configure' | 'make' | 'test' | 'install';

export type Schedule = { kind: 'current' } | { kind: 'configure-queue'; configures: number } | { kind: 'cost'; budget: number; configures: number };

export const SCHEDULE_KINDS = ['current', 'configure-queue', 'cost'] as const;

/** The environment knob that chooses a schedule (read once, by sync). */
export const SCHEDULE_KNOB = 'PYDEBUG_SCHEDULE';

/** The schedule a sync uses when the knob is unset. */
export const DEFAULT_SCHEDULE = 'cost';

const MAX_PARAMETER = 1024;

/** `current`, `configure-queue[:<configures>]` or `cost[:<budget cores>]`; unset or empty: the default. */
export function parseSchedule(text: string | undefined, cores: number): Schedule {
  const value = text?.trim() || DEFAULT_SCHEDULE;
  const m = /^([a-z-]+)(?::(\d{1,4}))?$/.exec(value);
  const kind = m?.[1];
  const n = m?.[2] === undefined ? undefined : Number(m[2]);
  const usage = () =>
    new UsageError(`${SCHEDULE_KNOB}=${JSON.stringify(text)} is not a schedule`, {
      hint: `set ${SCHEDULE_KNOB} to one of current, configure-queue, configure-queue:<configures at once>, cost, cost:<cores>, or unset it`,
    });
  if (!m || (n !== undefined && (n < 1 || n > MAX_PARAMETER))) throw usage();
  if (kind === 'current' && n === undefined) return { kind };
  if (kind === 'configure-queue') return { kind, configures: n ?? 1 };
  if (kind === 'cost') return { kind, budget: n ?? Math.max(1, cores) + 1, configures: 1 };
  throw usage();
}

/** The name a schedule is chosen by (parseSchedule's inverse). */
export function scheduleName(s: Schedule): string {
  if (s.kind === 'configure-queue') return `configure-queue:${s.configures}`;
  if (s.kind === 'cost') return `cost:${s.budget}`;
  return s.kind;
}

export interface Step {
  /** The entry's rank: 0 for the first entry started. Lower ranks go first. */
  rank: number;
  phase: StepPhase;
}

/** Cores a step keeps busy: make and test run -j<jobs>, configure and install mostly one process at a time. */
export function stepCost(phase: StepPhase, jobs: number): number {
  return phase === 'make' || phase === 'test' ? Math.max(1, jobs) : 1;
}

/**
 * The waiting steps that may start now, in the order they should start. `running` are the steps
 * that hold a turn; `jobs` is make's -j.
 */
export function admit<T extends Step>(schedule: Schedule, running: readonly Step[], waiting: readonly T[], jobs: number): T[] {
  const byRank = [...waiting].sort((a, b) => a.rank - b.rank);
  if (schedule.kind === 'current') return byRank;
  let configures = running.filter((s) => s.phase === 'configure').length;
  // A step that costs more than the whole budget runs when nothing else does.
  const cost = (s: Step) => (schedule.kind === 'cost' ? Math.min(stepCost(s.phase, jobs), schedule.budget) : 0);
  let load = running.reduce((sum, s) => sum + cost(s), 0);
  const budget = schedule.kind === 'cost' ? schedule.budget : Infinity;
  const started: T[] = [];
  for (const s of byRank) {
    if (s.phase === 'configure' && configures >= schedule.configures) continue;
    if (load + cost(s) > budget) continue;
    started.push(s);
    load += cost(s);
    if (s.phase === 'configure') configures++;
  }
  return started;
}
