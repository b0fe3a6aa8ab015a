import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { githubMatrix } from '../../src/plan/github-matrix.js';
import { planSync } from '../../src/plan/sync-plan.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';

const TWO_VERSIONS = RECIPE_YAML.replace('python:\n', `python:\n  - version: "3.11.2"\n    sha256: ${'d'.repeat(64)}\n`);
const proj = projectConfig(TWO_VERSIONS);
const lock = assembleLock(proj, { '3.11.2': lockedSource('3.11.2', 'd'.repeat(64)), '3.13.2': lockedSource() });
const machine = () => ({ os: 'linux', arch: 'x64', toolchain: 'gcc 12' });

describe('planSync', () => {
  it('builds what the store lacks and reuses the rest, needing each source once', () => {
    const all = planSync(lock, {}, machine, () => false);
    const storeHas = new Set([all.selected[0]!.entryKey]);
    const plan = planSync(lock, {}, machine, (k) => storeHas.has(k));
    expect(plan.reuse.map((p) => p.id)).toEqual(['3.11.2-debug']);
    expect(plan.build.map((p) => p.id)).toEqual(['3.11.2-trace-refs', '3.11.2-valgrind', '3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(plan.sources.map((s) => s.version)).toEqual(['3.11.2', '3.13.2']);
  });

  it('needs no source when everything is in the store', () => {
    const plan = planSync(lock, {}, machine, () => true);
    expect(plan.build).toEqual([]);
    expect(plan.sources).toEqual([]);
  });

  it('selects by variant and version', () => {
    const plan = planSync(lock, { variants: ['debug', 'valgrind'], versions: ['3.13.2'] }, machine, () => false);
    expect(plan.selected.map((p) => p.id)).toEqual(['3.13.2-debug', '3.13.2-valgrind']);
  });

  it('refuses unknown names with a did-you-mean', () => {
    expect(() => planSync(lock, { variants: ['tracerefs'] }, machine, () => false)).toThrow(UsageError);
    try {
      planSync(lock, { variants: ['trace_refs'] }, machine, () => false);
    } catch (e) {
      expect((e as UsageError).hint).toBe('did you mean "trace-refs"?');
    }
  });
});

describe('githubMatrix', () => {
  it('is the matrix as strategy.matrix include entries', () => {
    expect(githubMatrix(proj, { versions: ['3.13.2'] })).toEqual({
      include: [
        { id: '3.13.2-debug', version: '3.13.2', variant: 'debug' },
        { id: '3.13.2-trace-refs', version: '3.13.2', variant: 'trace-refs' },
        { id: '3.13.2-valgrind', version: '3.13.2', variant: 'valgrind' },
      ],
    });
  });
});
