import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { admit, parseSchedule, type Schedule, type Step, type StepPhase, scheduleName, stepCost } from '../../src/plan/schedule.js';

const step = (rank: number, phase: StepPhase): Step => ({ rank, phase });

describe('parseSchedule', () => {
  it('unset or empty: cost, with a budget of cores + 1', () => {
    expect(parseSchedule(undefined, 2)).toEqual({ kind: 'cost', budget: 3, configures: 1 });
    expect(parseSchedule(' ', 4)).toEqual({ kind: 'cost', budget: 5, configures: 1 });
  });
  it('current: everything at once', () => {
    expect(parseSchedule('current', 2)).toEqual({ kind: 'current' });
  });
  it('configure-queue: one configure at a time unless told how many', () => {
    expect(parseSchedule('configure-queue', 2)).toEqual({ kind: 'configure-queue', configures: 1 });
    expect(parseSchedule('configure-queue:2', 8)).toEqual({ kind: 'configure-queue', configures: 2 });
  });
  it('cost: a budget of cores + 1 unless told, configures one at a time', () => {
    expect(parseSchedule('cost', 2)).toEqual({ kind: 'cost', budget: 3, configures: 1 });
    expect(parseSchedule('cost', 16)).toEqual({ kind: 'cost', budget: 17, configures: 1 });
    expect(parseSchedule('cost:2', 2)).toEqual({ kind: 'cost', budget: 2, configures: 1 });
  });
  it('scheduleName gives back what parses to the same schedule', () => {
    for (const text of ['current', 'configure-queue', 'configure-queue:3', 'cost', 'cost:5']) {
      const s = parseSchedule(text, 4);
      expect(parseSchedule(scheduleName(s), 4)).toEqual(s);
    }
  });
  it('refuses anything else, naming the knob and the choices', () => {
    for (const text of ['fast', 'current:2', 'cost:0', 'cost:-1', 'cost:1.5', 'cost:99999', 'COST', 'cost:', 'configure-queue:x']) {
      let error: unknown;
      try {
        parseSchedule(text, 2);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toContain(`PYDEBUG_SCHEDULE=${JSON.stringify(text)}`);
      expect((error as UsageError).hint).toContain('configure-queue');
    }
  });
});

describe('stepCost', () => {
  it('make and test cost their -j, configure and install one core', () => {
    expect(stepCost('make', 4)).toBe(4);
    expect(stepCost('test', 2)).toBe(2);
    expect(stepCost('configure', 4)).toBe(1);
    expect(stepCost('install', 4)).toBe(1);
    expect(stepCost('make', 0)).toBe(1);
  });
});

describe('admit', () => {
  const current: Schedule = { kind: 'current' };
  const queue: Schedule = { kind: 'configure-queue', configures: 1 };
  const cost3: Schedule = { kind: 'cost', budget: 3, configures: 1 };

  it('current: everything waiting starts, lowest rank first', () => {
    const waiting = [step(2, 'configure'), step(0, 'configure'), step(1, 'configure')];
    expect(admit(current, [step(3, 'make')], waiting, 2)).toEqual([step(0, 'configure'), step(1, 'configure'), step(2, 'configure')]);
  });

  it('configure-queue: one configure at a time, the lowest rank; other steps are not held back', () => {
    const waiting = [step(2, 'configure'), step(1, 'configure'), step(0, 'make')];
    expect(admit(queue, [], waiting, 2)).toEqual([step(0, 'make'), step(1, 'configure')]);
    expect(admit(queue, [step(1, 'configure')], [step(2, 'configure'), step(0, 'install')], 2)).toEqual([step(0, 'install')]);
    expect(admit({ kind: 'configure-queue', configures: 2 }, [step(0, 'configure')], [step(1, 'configure'), step(2, 'configure')], 2)).toEqual([step(1, 'configure')]);
  });

  it('cost: steps start while their cores fit the budget, lower ranks first', () => {
    // 2 cores, -j2, budget 3: a make and one single-core step.
    expect(admit(cost3, [step(0, 'make')], [step(1, 'configure'), step(2, 'install')], 2)).toEqual([step(1, 'configure')]);
    expect(admit(cost3, [step(0, 'make'), step(1, 'configure')], [step(2, 'install')], 2)).toEqual([]);
    // A make waits for room; a later step that fits starts meanwhile.
    expect(admit(cost3, [step(0, 'install'), step(2, 'configure')], [step(1, 'make')], 2)).toEqual([]);
    expect(admit(cost3, [step(1, 'configure')], [step(0, 'make'), step(2, 'install')], 2)).toEqual([step(0, 'make')]);
    expect(admit(cost3, [step(1, 'install')], [step(0, 'install'), step(2, 'make')], 2)).toEqual([step(0, 'install')]);
  });

  it('cost: configures one at a time even when cores are free', () => {
    expect(admit({ kind: 'cost', budget: 16, configures: 1 }, [], [step(0, 'configure'), step(1, 'configure'), step(2, 'configure')], 2)).toEqual([step(0, 'configure')]);
  });

  it('cost: a step larger than the budget (make -j8 on a budget of 3) runs when nothing else does, and then alone', () => {
    expect(admit(cost3, [], [step(0, 'make'), step(1, 'install')], 8)).toEqual([step(0, 'make')]);
    expect(admit(cost3, [step(1, 'install')], [step(0, 'make')], 8)).toEqual([]);
  });

  it('never starts more than the schedule allows, whatever the order steps arrive in', () => {
    const phases: StepPhase[] = ['configure', 'make', 'install', 'test'];
    for (let seed = 0; seed < 200; seed++) {
      const waiting = Array.from({ length: 6 }, (_, i) => step((seed * 7 + i * 3) % 5, phases[(seed + i * i) % 4]!));
      for (const s of [queue, cost3, { kind: 'cost', budget: 5, configures: 1 } as Schedule]) {
        const started = admit(s, [], waiting, 2);
        expect(started.filter((x) => x.phase === 'configure').length).toBeLessThanOrEqual(1);
        if (s.kind === 'cost') {
          const load = started.reduce((sum, x) => sum + Math.min(stepCost(x.phase, 2), s.budget), 0);
          expect(load).toBeLessThanOrEqual(s.budget);
          expect(started.length).toBeGreaterThan(0);
        }
        expect(started.map((x) => x.rank)).toEqual([...started.map((x) => x.rank)].sort((a, b) => a - b));
      }
    }
  });
});
