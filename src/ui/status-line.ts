/**
 * What the progress display says about each entry that is doing something, and in which order:
 * entries whose step runs first (that is where the time goes), then downloads and extraction,
 * entries waiting for their turn last. Pure: the reporters (reporter.ts) give it what they know
 * and write what it returns, the live line cut to the terminal's width.
 */
import type { Phase } from '../progress.js';

export interface EntryActivity {
  id: string;
  phase: Phase;
  detail?: string | undefined;
  /** Seconds in this phase. */
  elapsed: number;
  /** The step's place among the entry's steps (`make 2/4`). */
  step?: { index: number; count: number } | undefined;
  /** Estimated seconds until the entry's last step ends (src/estimate.ts), when one is known. */
  left?: number | undefined;
}

export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** 0: a process of the entry's build runs; 1: its source is fetched or unpacked; 2: it waits (for a turn, another pydebug, configure answers). */
function standing(phase: Phase): number {
  switch (phase) {
    case 'configure':
    case 'make':
    case 'test':
    case 'install':
    case 'probe':
    case 'store':
      return 0;
    case 'download':
    case 'verify':
    case 'extract':
      return 1;
    case 'wait':
      return 2;
  }
}

/** Running entries first, then downloads, then waiting ones; within each, in the order given (the order entries started). */
export function byProgress(activities: readonly EntryActivity[]): EntryActivity[] {
  return activities
    .map((a, i) => ({ a, i }))
    .sort((x, y) => standing(x.a.phase) - standing(y.a.phase) || x.i - y.i)
    .map(({ a }) => a);
}

/** `3.13.5-debug make 2/4 1:25 ~3:10 left`: the time is the phase's, the estimate the entry's. */
export function describeActivity(a: EntryActivity): string {
  const step = a.step ? ` ${a.step.index}/${a.step.count}` : '';
  const detail = a.detail ? ` ${a.detail}` : '';
  // Rounded up: a step about to end has a second left, not none.
  const left = a.left === undefined ? '' : ` ~${clock(Math.ceil(a.left))} left`;
  return `${a.id} ${a.phase}${step}${detail} ${clock(a.elapsed)}${left}`;
}

/** `· +3 waiting` for the entries left off the line (`+3 more` when not all of them wait). */
function leftOff(rest: readonly EntryActivity[]): string {
  if (rest.length === 0) return '';
  return ` · +${rest.length} ${rest.every((a) => a.phase === 'wait') ? 'waiting' : 'more'}`;
}

/**
 * The live status line, at most `width` columns: `head` (spinner and total time), then as many
 * whole entries as fit in byProgress order, and how many did not. When not even the first fits
 * beside that count, the first alone, then without its estimate (a cut number would mislead), cut
 * (`…`) only if it must be: the entry whose step runs is what the line is for.
 */
export function statusLine(head: string, activities: readonly EntryActivity[], width: number): string {
  const ordered = byProgress(activities);
  const first = ordered[0];
  if (first === undefined) return head.length <= width ? head : `${head.slice(0, width - 1)}…`;
  const parts = ordered.map(describeActivity);
  const candidates = [
    ...parts.map((_, i) => `${head}  ${parts.slice(0, parts.length - i).join(' · ')}${leftOff(ordered.slice(parts.length - i))}`),
    `${head}  ${parts[0]}`,
    `${head}  ${describeActivity({ ...first, left: undefined })}`,
  ];
  const fits = candidates.find((line) => line.length <= width);
  if (fits !== undefined) return fits;
  const shortest = candidates.at(-1)!;
  return `${shortest.slice(0, width - 1)}…`;
}
