import { describe, expect, it } from 'vitest';
import { estimateRemaining, stepTimesOf } from '../src/estimate.js';

const steps = ['configure', 'make', 'install', 'probe'] as const;
const recorded = { configure: 30, make: 300, install: 20, probe: 2 };

describe('estimateRemaining', () => {
  it("what the current step has left of its recorded time, plus the later steps' times", () => {
    expect(estimateRemaining(steps, recorded, 'configure', 0)).toBe(352);
    expect(estimateRemaining(steps, recorded, 'make', 100)).toBe(222);
    expect(estimateRemaining(steps, recorded, 'probe', 1)).toBe(1);
  });

  it('a step that ran longer than last time has nothing left: the later steps remain', () => {
    expect(estimateRemaining(steps, recorded, 'make', 400)).toBe(22);
  });

  it('unknown when a step still to run has no recorded time (a partial sum would promise too little)', () => {
    const { install: _, ...noInstall } = recorded;
    expect(estimateRemaining(steps, noInstall, 'make', 100)).toBeUndefined();
    expect(estimateRemaining([...steps.slice(0, 2), 'test', ...steps.slice(2)], recorded, 'make', 100)).toBeUndefined();
    expect(estimateRemaining(steps, {}, 'configure', 0)).toBeUndefined();
    // A step already over needs no time of its own.
    expect(estimateRemaining(steps, noInstall, 'probe', 0)).toBe(2);
  });

  it('unknown for a step the entry does not run', () => {
    expect(estimateRemaining(steps, recorded, 'test', 0)).toBeUndefined();
  });
});

describe('stepTimesOf', () => {
  it("the build steps' times of a manifest's timings, without total", () => {
    expect(stepTimesOf({ configure: 31.5, make: 298, install: 19, probe: 1.2, total: 360 })).toEqual({ configure: 31.5, make: 298, install: 19, probe: 1.2 });
  });

  it('a time that no step can take is left out, as is one that is no number', () => {
    const timings = { configure: -1, make: Number.NaN, test: Number.POSITIVE_INFINITY, install: 1e12, probe: '2' as unknown as number };
    expect(stepTimesOf(timings)).toEqual({});
    expect(stepTimesOf({ make: 0, install: 86_400 })).toEqual({ make: 0, install: 86_400 });
  });
});
