/**
 * How long an entry's build has left, from how long its steps took when this machine built the
 * same source and variant before (the timings a store entry's manifest records). Pure: the
 * manifests are read by sync before builds start (sync/step-history.ts).
 */

/** The steps of one entry's build, in the order they run (builder/build.ts, stepsOf). */
export const BUILD_STEPS = ['configure', 'make', 'test', 'install', 'probe'] as const;
export type BuildStep = (typeof BUILD_STEPS)[number];

/** Seconds each step took in an earlier build. */
export type StepTimes = Partial<Record<BuildStep, number>>;

export function isBuildStep(phase: string): phase is BuildStep {
  return (BUILD_STEPS as readonly string[]).includes(phase);
}

/** Longer than any build step takes: a recorded time beyond it is a damaged or edited manifest's. */
const MAX_STEP_SECONDS = 24 * 3600;

/**
 * The step times among a manifest's timings (which also hold `total`, and may hold anything an
 * older pydebug wrote). A manifest is input from disk: a time that is no number of seconds a step
 * can take is left out, so the estimate is none rather than a wrong one.
 */
export function stepTimesOf(timings: Readonly<Record<string, unknown>>): StepTimes {
  const times: StepTimes = {};
  for (const step of BUILD_STEPS) {
    const t = timings[step];
    if (typeof t === 'number' && Number.isFinite(t) && t >= 0 && t <= MAX_STEP_SECONDS) times[step] = t;
  }
  return times;
}

/**
 * Seconds left until the entry's last step ends, `elapsed` seconds into `current`: what the
 * current step has left of its recorded time, plus the recorded times of the steps after it.
 * A step that already ran longer than last time has nothing left of it (the estimate then is the
 * later steps'; guessing by how much it overran would be no better). Undefined when the entry has
 * no such step or a step still to run has no recorded time (a variant that now runs tests, say):
 * a partial sum would promise too little.
 */
export function estimateRemaining(steps: readonly BuildStep[], recorded: StepTimes, current: BuildStep, elapsed: number): number | undefined {
  const at = steps.indexOf(current);
  if (at < 0) return undefined;
  let left = 0;
  for (const step of steps.slice(at)) {
    const seconds = recorded[step];
    if (seconds === undefined) return undefined;
    left += step === current ? Math.max(0, seconds - elapsed) : seconds;
  }
  return left;
}
