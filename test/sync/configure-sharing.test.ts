import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { planConfigureSharing } from '../../src/sync/configure-sharing.js';

const build = (id: string, group: string) => ({ id, group }) as unknown as PlannedBuild & { group: string };
const keyOf = (p: PlannedBuild) => (p as PlannedBuild & { group: string }).group;
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion (${x=value}), not a template
const site = { script: 'ac_cv_func_pipe2=${ac_cv_func_pipe2=yes}\n', answers: 1, from: 'a' };

describe('planConfigureSharing', () => {
  it('the first entry of a group offers, the others wait for it; an entry alone does neither', async () => {
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'y'), build('c', 'x'), build('d', 'x')], keyOf, new AbortController().signal);
    expect([...roles.keys()]).toEqual(['a', 'c', 'd']);
    expect(roles.get('a')!.wait).toBeUndefined();
    expect(roles.get('c')!.waitFor).toBe('a');
    const waiting = [roles.get('c')!.wait!(), roles.get('d')!.wait!()];
    roles.get('a')!.offer!(site);
    roles.get('a')!.offer!(undefined); // once: the first offer stands
    expect(await Promise.all(waiting)).toEqual([site, site]);
    expect(await roles.get('d')!.wait!()).toEqual(site);
  });

  it('an offer without answers lets the others configure on their own', async () => {
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x')], keyOf, new AbortController().signal);
    roles.get('a')!.offer!({ ...site, answers: 0 });
    expect(await roles.get('b')!.wait!()).toBeUndefined();
  });

  it('an interrupt ends the wait', async () => {
    const ac = new AbortController();
    const roles = planConfigureSharing([build('a', 'x'), build('b', 'x')], keyOf, ac.signal);
    const waiting = roles.get('b')!.wait!();
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    await expect(roles.get('b')!.wait!()).rejects.toBeInstanceOf(InterruptedError);
  });
});
