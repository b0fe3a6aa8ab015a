import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { planConfigureSharing } from '../../src/sync/configure-sharing.js';

const build = (id: string, group: string) => ({ id, group }) as unknown as PlannedBuild & { group: string };
const keyOf = (p: PlannedBuild) => (p as PlannedBuild & { group: string }).group;
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion (${x=value}), not a template
const site = { script: 'ac_cv_func_pipe2=${ac_cv_func_pipe2=yes}\n', answers: 1, from: 'a' };
/** No schedule: a build on its own asks for no turn. */
const noGate = () => undefined;
const given = (s: typeof site | undefined) => ({ site: s, turn: undefined });

describe('planConfigureSharing', () => {
  it('the first entry of a group offers, the others wait for it; an entry alone does neither', async () => {
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'y'), build('c', 'x'), build('d', 'x')], keyOf, new AbortController().signal);
    expect([...roles.keys()]).toEqual(['a', 'c', 'd']);
    expect(roles.get('a')!.wait).toBeUndefined();
    expect(roles.get('c')!.waitFor).toBe('a');
    const waiting = [roles.get('c')!.wait!(noGate), roles.get('d')!.wait!(noGate)];
    roles.get('a')!.offer!(site);
    roles.get('a')!.offer!(undefined); // once: the first offer stands
    expect(await Promise.all(waiting)).toEqual([given(site), given(site)]);
    expect(await roles.get('d')!.wait!(noGate)).toEqual(given(site));
  });

  it('an offer without answers lets the others configure on their own', async () => {
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x')], keyOf, new AbortController().signal);
    roles.get('a')!.offer!({ ...site, answers: 0 });
    expect(await roles.get('b')!.wait!(noGate)).toEqual(given(undefined));
  });

  it('an interrupt ends the wait', async () => {
    const ac = new AbortController();
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x')], keyOf, ac.signal);
    const waiting = roles.get('b')!.wait!(noGate);
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    await expect(roles.get('b')!.wait!(noGate)).rejects.toBeInstanceOf(InterruptedError);
  });

  it('an entry handed the answers asks for its turn before the event loop turns, and waits for it', async () => {
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x'), build('c', 'x')], keyOf, new AbortController().signal);
    const events: string[] = [];
    let grant!: (turn: string) => void;
    const turnOfC = new Promise<string>((resolve) => (grant = resolve));
    const waiting = [
      roles.get('c')!.wait!(() => {
        events.push('c asks');
        return turnOfC;
      }),
      roles.get('b')!.wait!(() => {
        events.push('b asks');
        return Promise.resolve('turn of b');
      }),
    ];
    roles.get('a')!.offer!(site);
    // The schedule hands turns out on the next turn of the event loop (step-gate.ts): an await
    // of I/O or a timer before an entry asks would let another's request reach it alone first.
    setImmediate(() => events.push('the event loop turns'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['c asks', 'b asks', 'the event loop turns']);
    expect(await waiting[1]).toEqual({ site, turn: 'turn of b' });
    grant('turn of c');
    expect(await waiting[0]).toEqual({ site, turn: 'turn of c' });
  });

  it('an interrupt while an entry waits for its turn ends its wait', async () => {
    const ac = new AbortController();
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x')], keyOf, ac.signal);
    const waiting = roles.get('b')!.wait!(() => new Promise((_, refuse) => ac.signal.addEventListener('abort', () => refuse(new InterruptedError()))));
    roles.get('a')!.offer!(site);
    await new Promise((resolve) => setImmediate(resolve));
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
  });
});
