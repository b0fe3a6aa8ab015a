/**
 * The sync seam of registry pulls: for entries the store lacks, sync asks pullEntry (after the
 * Actions cache, before building), under each entry's mutex; what it pulled is reported as
 * pulled (with the trust it was pulled on), what it did not is built; --no-pull asks nothing.
 * The pull itself (registry, archive, verification) is tested in test/sync/pull.test.ts and e2e.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/files/config-file.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { type PullRecord, type SyncContext, syncProject } from '../../src/sync/sync.js';
import { PlainReporter } from '../../src/ui/reporter.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from '../cli/project.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
let p: TestProject;
beforeEach(async () => {
  p = await makeProject();
});
afterEach(() => p.cleanup());

class WouldBuild extends Error {
  constructor(readonly ids: string[]) {
    super(`would build ${ids.join(', ')}`);
  }
}

async function sync(pull: (planned: PlannedBuild) => Promise<PullRecord | undefined>, options: { pull?: boolean } = {}) {
  const cfg = await loadConfigFile(join(p.dir, 'pydebug.yml'), p.dir);
  let log = '';
  const reporter = new PlainReporter({ write: (s: string) => (log += s) });
  const asked: string[] = [];
  const ctx: SyncContext = {
    store: p.store,
    env: p.env,
    reporter,
    signal: new AbortController().signal,
    mirror: undefined,
    pullEntry: async (planned) => {
      asked.push(planned.id);
      return pull(planned);
    },
    // Nothing is built in a unit test: the entries that would be are the answer.
    beforeBuilds: async (planned) => {
      throw new WouldBuild(planned.map((b) => b.id));
    },
  };
  try {
    const result = await syncProject(cfg, { frozen: true, selection: {}, ...options }, ctx);
    return { result, log, asked, built: [] as string[] };
  } catch (error) {
    if (!(error instanceof WouldBuild)) throw error;
    return { result: undefined, log, asked, built: error.ids };
  } finally {
    reporter.close();
  }
}

/** A pull that installs an entry written as a build writes it. */
const installs = (pinned: boolean) => async (planned: PlannedBuild) => {
  await fakeBuiltEntry(p.store, planned.entryKey, planned.id);
  return { digest: DIGEST, pinned };
};

describe('pulls in sync', () => {
  it('pulls every entry the store lacks, says each was pulled and on what trust, builds nothing', async () => {
    const { result, log, asked, built } = await sync(installs(false));
    expect(built).toEqual([]);
    expect(asked.sort()).toEqual(['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(result!.entries.map((e) => [e.id, e.status, e.pulled?.digest])).toEqual([
      ['3.13.2-debug', 'pulled', DIGEST],
      ['3.13.2-trace-refs', 'pulled', DIGEST],
      ['3.13.2-valgrind', 'pulled', DIGEST],
    ]);
    expect(log).toContain(`3.13.2-debug: pulled (${DIGEST}, not pinned in the lock: trusted on the registry's word: `);
  });

  it('says a pinned pull was pinned', async () => {
    const { log } = await sync(installs(true));
    expect(log).toContain(`pulled (${DIGEST}, pinned in the lock: `);
  });

  it('builds what was not pulled, and asks nothing for what the store has', async () => {
    const keys = await entryKeys(p);
    await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug');
    const { asked, built } = await sync(async (planned) => (planned.id === '3.13.2-valgrind' ? undefined : installs(true)(planned)));
    expect(asked.sort()).toEqual(['3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(built).toEqual(['3.13.2-valgrind']);
  });

  it('builds a pulled entry that does not read back as whole', async () => {
    const { log, built } = await sync(async () => ({ digest: DIGEST, pinned: true }));
    expect(built).toEqual(['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
    expect(log).toContain('3.13.2-debug: the pulled entry is not usable (missing); building it');
  });

  it('with pull: false (--no-pull, PYDEBUG_PULL=0) asks the registry nothing and builds', async () => {
    const { asked, built } = await sync(installs(true), { pull: false });
    expect(asked).toEqual([]);
    expect(built).toEqual(['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
  });
});
