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
    await settle();
    // Alone, the third entry's configure starts: the queue does not wait for ranks that never ask.
    expect(c2.granted).toBeDefined();
    const c1 = track(gate(1)('configure'));
    const c0 = track(gate(0)('configure'));
    await settle();
    expect([c0.granted, c1.granted].map((t) => t !== undefined)).toEqual([false, false]);
    expect(waits).toEqual(['0 configure', '1 configure']);
    // A make is not held back by the queue.
    const m = track(gate(3)('make'));
    await settle();
    expect(m.granted).toBeDefined();
    c2.granted!.release();
    c2.granted!.release(); // twice is once
    await settle();
    // Asked after the first entry, the second is still served after it: by rank.
    expect(c0.granted).toBeDefined();
    expect(c1.granted).toBeUndefined();
    expect(s.active.filter((x) => x.phase === 'configure')).toEqual([{ rank: 0, phase: 'configure' }]);
    c0.granted!.release();
    await settle();
    expect(c1.granted).toBeDefined();
  });

  it('steps asked for at the same moment are served by rank, not by who asked first', async () => {
    const s = new StepScheduler({ kind: 'configure-queue', configures: 1 }, 2, new AbortController().signal);
    // After a shared source tree is extracted, the entries ask in whatever order their I/O finishes.
    const c2 = track(s.gateFor(2)('configure'));
    const c1 = track(s.gateFor(1)('configure'));
    const c0 = track(s.gateFor(0)('configure'));
    await settle();
    expect([c0, c1, c2].map((t) => t.granted !== undefined)).toEqual([true, false, false]);
  });

  it('cost: an entry that gives its turn back and asks for its next step at once keeps its place', async () => {
    const s = new StepScheduler({ kind: 'cost', budget: 3, configures: 1 }, 2, new AbortController().signal);
    const c0 = track(s.gateFor(0)('configure'));
    const m2 = track(s.gateFor(2)('make'));
    await settle();
    const c1 = track(s.gateFor(1)('configure'));
    await settle();
    expect([c0, m2, c1].map((t) => t.granted !== undefined)).toEqual([true, true, false]);
    // Entry 0's configure ends and it asks for make in the same turn of the event loop: its make
    // (rank 0) comes before entry 1's configure, which would otherwise take the freed core.
    c0.granted!.release();
    const m0 = track(s.gateFor(0)('make'));
    await settle();
    expect(m0.granted).toBeUndefined(); // 2 + 2 cores > 3: it waits for entry 2's make
    expect(c1.granted).toBeDefined(); // a later step that fits the core left starts meanwhile
    m2.granted!.release();
    await settle();
    expect(m0.granted).toBeDefined(); // 1 + 2 = 3 cores
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
