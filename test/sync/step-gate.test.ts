import { describe, expect, it } from 'vitest';
import type { StepTurn } from '../../src/builder/build.js';
import { InterruptedError } from '../../src/errors.js';
import type { StepPhase } from '../../src/plan/schedule.js';
import { StepScheduler } from '../../src/sync/step-gate.js';

/** A turn's promise, with whether it has been granted yet (checked after pending callbacks ran). */
function track(p: Promise<StepTurn>) {
  const t = { granted: undefined as StepTurn | undefined, error: undefined as unknown };
  p.then(
    (turn) => (t.granted = turn),
    (e) => (t.error = e),
  );
  return t;
}
const settle = () => new Promise((r) => setImmediate(r));

describe('StepScheduler', () => {
  it('current: every step gets its turn at once, nobody is told to wait', async () => {
    const waits: string[] = [];
    const s = new StepScheduler({ kind: 'current' }, 2, new AbortController().signal);
    const turns = [0, 1, 2].map((rank) => track(s.gateFor(rank, (p) => waits.push(`${rank} ${p}`))('configure')));
    await settle();
    expect(turns.every((t) => t.granted)).toBe(true);
    expect(waits).toEqual([]);
  });

  it('configure-queue: configures one after another in rank order, each as the previous gives its turn back', async () => {
    const waits: string[] = [];
    const s = new StepScheduler({ kind: 'configure-queue', configures: 1 }, 2, new AbortController().signal);
    const gate = (rank: number) => s.gateFor(rank, (p: StepPhase) => waits.push(`${rank} ${p}`));
    const c2 = track(gate(2)('configure'));
    const c0 = track(gate(0)('configure'));
    const c1 = track(gate(1)('configure'));
    await settle();
    expect([c2.granted !== undefined, c0.granted !== undefined, c1.granted !== undefined]).toEqual([true, false, false]);
    expect(waits).toEqual(['0 configure', '1 configure']);
    // A make is not held back by the queue.
    const m = track(gate(3)('make'));
    await settle();
    expect(m.granted).toBeDefined();
    c2.granted!.release();
    c2.granted!.release(); // twice is once
    await settle();
    expect(c0.granted).toBeDefined();
    expect(c1.granted).toBeUndefined();
    expect(s.active.filter((x) => x.phase === 'configure')).toEqual([{ rank: 0, phase: 'configure' }]);
    c0.granted!.release();
    await settle();
    expect(c1.granted).toBeDefined();
  });

  it('cost: a make waits until its cores are free', async () => {
    const s = new StepScheduler({ kind: 'cost', budget: 3, configures: 1 }, 2, new AbortController().signal);
    const m0 = track(s.gateFor(0)('make'));
    const i1 = track(s.gateFor(1)('install'));
    const m2 = track(s.gateFor(2)('make'));
    await settle();
    expect([m0.granted, i1.granted, m2.granted].map((t) => t !== undefined)).toEqual([true, true, false]);
    m0.granted!.release();
    await settle();
    expect(m2.granted).toBeDefined();
  });

  it('an interrupt ends every wait with InterruptedError, and no turn is given after it', async () => {
    const ac = new AbortController();
    const s = new StepScheduler({ kind: 'configure-queue', configures: 1 }, 2, ac.signal);
    const first = track(s.gateFor(0)('configure'));
    const waiting = track(s.gateFor(1)('configure'));
    await settle();
    ac.abort();
    await settle();
    expect(first.granted).toBeDefined();
    expect(waiting.error).toBeInstanceOf(InterruptedError);
    first.granted!.release();
    const late = track(s.gateFor(2)('make'));
    await settle();
    expect(late.error).toBeInstanceOf(InterruptedError);
    expect(late.granted).toBeUndefined();
  });
});
