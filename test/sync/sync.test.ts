/**
 * sync's orchestration, with no CPython built: syncProject is handed a scripted EntryBuilder (a
 * real object that records what it is asked and writes entries the way a build writes them) on
 * a real project and store in a temp directory. What the scripts stand in for (download,
 * configure, make, install) is tested in test/builder/ and test/source/, and end to end in
 * test/e2e/.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildContext, EntryBuildOptions } from '../../src/builder/build.js';
import { InterruptedError, PydebugError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/files/config-file.js';
import type { LockedSource } from '../../src/lock/types.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import type { Toolchain } from '../../src/platform/index.js';
import type { SourceContext } from '../../src/source/provide.js';
import { acquireMutex } from '../../src/store/mutex.js';
import type { Manifest } from '../../src/store/store.js';
import { installFromArchive } from '../../src/sync/archive-install.js';
import { type EntryBuilder, type SyncContext, type SyncedEntry, type SyncOptions, syncProject } from '../../src/sync/sync.js';
import { PlainReporter } from '../../src/ui/reporter.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from '../cli/project.js';
import { MD5_3132 } from '../support/fixtures.js';

/** Three variants whose configure answers may be shared, and none that needs a header checked (valgrind). */
const YAML = `python:
  - version: "3.13.2"
    md5: ${MD5_3132}
variants:
  debug:
    pydebug: true
  trace-refs:
    pydebug: true
    trace_refs: true
  no-pymalloc:
    pydebug: true
    pymalloc: false
`;
const IDS = ['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-no-pymalloc'];

/** What one entry's build does in place of configure, make and install. */
type Script = (run: ScriptRun) => Promise<Manifest>;
interface ScriptRun {
  ctx: BuildContext;
  planned: PlannedBuild;
  options: EntryBuildOptions;
  builder: ScriptedBuilder;
}

/**
 * configure as build.ts runs it: the turn asked for (as the answers arrive, when it waits for
 * some), held, given back; then, when others wait for its answers, config.log read and offered.
 */
async function configureStep(run: ScriptRun): Promise<void> {
  const { options, builder, planned } = run;
  const { id } = planned;
  const ask = () => {
    builder.record(`${id} asks to configure`);
    return options.gate?.('configure');
  };
  if (options.sharing?.wait) {
    builder.record(`${id} waits for answers`);
    const { site, turn } = await options.sharing.wait(ask);
    builder.record(`${id} configures with ${site ? site.answers : 'no'} answers`);
    turn?.release();
  } else {
    const turn = await ask();
    builder.record(`${id} configures`);
    turn?.release();
  }
  if (options.sharing?.offer) {
    await builder.beforeOffer();
    // As reading config.log does: the schedule has handed out what its release freed by then.
    await new Promise((resolve) => setTimeout(resolve, 1));
    builder.record(`${id} offers its answers`);
    options.sharing.offer({ script: 'ac_cv_func_pipe2=yes\n', answers: 2, from: id });
    setImmediate(() => builder.record('the event loop turns after the offer'));
  }
}

/** The default script: configure, then the entry installed as a build installs it (buildEntry removes what is there first). */
const builds: Script = async (run) => {
  await configureStep(run);
  const { store } = run.ctx;
  await store.remove(run.planned.entryKey);
  await fakeBuiltEntry(store, run.planned.entryKey, run.planned.id);
  const state = await store.readEntry(run.planned.entryKey);
  if (state.status !== 'ok') throw new Error(`the scripted entry of ${run.planned.id} does not read back`);
  return state.manifest;
};

class ScriptedBuilder implements EntryBuilder {
  readonly calls: string[] = [];
  readonly toolchains = new Set<Toolchain>();
  sourceError: Error | undefined;
  /** What the entry others wait for does between its configure and its offer (reads config.log). */
  beforeOffer = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
  constructor(readonly scripts: Record<string, Script> = {}) {}

  record(call: string): void {
    this.calls.push(call);
  }

  async sourceTree(ctx: SourceContext, source: LockedSource): Promise<string> {
    this.record(`source ${source.version}`);
    if (this.sourceError) throw this.sourceError;
    return join(ctx.store.sourcesDir, `Python-${source.version}`);
  }

  build(ctx: BuildContext, planned: PlannedBuild, _tree: string, toolchain: Toolchain, options: EntryBuildOptions): Promise<Manifest> {
    this.record(`build ${planned.id} at nice ${options.niceness}`);
    this.toolchains.add(toolchain);
    return (this.scripts[planned.id] ?? builds)({ ctx, planned, options, builder: this });
  }
}

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(YAML);
});
afterEach(() => p.cleanup());

interface Run {
  result?: Awaited<ReturnType<typeof syncProject>>;
  error?: unknown;
  log: string;
  ready: string[];
}

/** Starts a sync; its log can be read while it runs. */
function startSync(builder: ScriptedBuilder, hooks: Partial<SyncContext> = {}, options: Partial<SyncOptions> = {}): { run: Run; done: Promise<Run> } {
  const run: Run = { log: '', ready: [] };
  const reporter = new PlainReporter({ write: (s: string) => (run.log += s) });
  const ctx: SyncContext = {
    store: p.store,
    env: p.env,
    reporter,
    signal: new AbortController().signal,
    mirror: undefined,
    onEntryReady: async (entry: SyncedEntry) => {
      run.ready.push(entry.id);
    },
    builder,
    ...hooks,
  };
  const done = (async () => {
    try {
      const cfg = await loadConfigFile(join(p.dir, 'pydebug.yml'), p.dir);
      run.result = await syncProject(cfg, { frozen: true, selection: {}, jobs: 1, ...options }, ctx);
    } catch (error) {
      run.error = error;
    } finally {
      reporter.close();
    }
    return run;
  })();
  return { run, done };
}

const sync = (...args: Parameters<typeof startSync>) => startSync(...args).done;

/** Waits (5 ms at a time, 5 s at most) until `condition` holds. */
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

const statuses = (run: Run) => run.result?.entries.map((e) => [e.id, e.status]);

describe('sync with the builder it is handed', () => {
  it('builds what the store lacks: one source tree, each entry at nice 5 × its rank, with the toolchain the plan found', async () => {
    const builder = new ScriptedBuilder();
    const run = await sync(builder);
    expect(run.error).toBeUndefined();
    expect(statuses(run)).toEqual(IDS.map((id) => [id, 'built']));
    // Ranks go by the lock's order; the builds start as their mutex and the shared tree allow.
    expect(builder.calls.filter((c) => c.startsWith('source') || c.startsWith('build')).sort()).toEqual([
      'build 3.13.2-debug at nice 0',
      'build 3.13.2-no-pymalloc at nice 10',
      'build 3.13.2-trace-refs at nice 5',
      'source 3.13.2',
    ]);
    expect(builder.toolchains.size).toBe(1);
    expect(run.ready.sort()).toEqual([...IDS].sort());
    expect(run.log).toMatch(/3\.13\.2-debug: built \(1.0 s, .*\/bin\/python3\)/);
    // Built, it is reused: the builder is not asked again.
    const again = new ScriptedBuilder();
    expect(statuses(await sync(again))).toEqual(IDS.map((id) => [id, 'reused']));
    expect(again.calls).toEqual([]);
  });
});

describe('failures', () => {
  it("one source's error, shared by every entry built from it, is reported once, as it is", async () => {
    const builder = new ScriptedBuilder();
    builder.sourceError = new PydebugError('Python-3.13.2.tgz: SHA-256 mismatch', { hint: 'check the mirror' });
    const run = await sync(builder);
    expect(run.error).toBe(builder.sourceError);
    expect(builder.calls.filter((c) => c.startsWith('source'))).toEqual(['source 3.13.2']);
    for (const id of IDS) expect(run.log).toContain(`${id}: failed\n`);
    expect(run.ready).toEqual([]);
  });

  it('one error thrown by two builds is one failure; the entry that built is in the store', async () => {
    const shared = new PydebugError('the compiler crashed', { hint: 'look at dmesg' });
    const builder = new ScriptedBuilder({ '3.13.2-debug': async () => Promise.reject(shared), '3.13.2-trace-refs': async () => Promise.reject(shared) });
    const run = await sync(builder);
    expect(run.error).toBe(shared);
    expect(run.ready).toEqual(['3.13.2-no-pymalloc']);
    expect((await p.store.readEntry((await entryKeys(p))['3.13.2-no-pymalloc']!)).status).toBe('ok');
  });

  it('distinct errors are listed together, counting every failed entry, with their hints', async () => {
    const shared = new PydebugError('3.13.2: download failed', { hint: 'set PYDEBUG_MIRROR' });
    const fails = (error: Error) => async (run: ScriptRun) => {
      run.builder.record(`${run.planned.id} fails`);
      throw error;
    };
    const builder = new ScriptedBuilder({
      '3.13.2-debug': fails(shared),
      '3.13.2-trace-refs': fails(shared),
      // Failures are listed as they come: this one last.
      '3.13.2-no-pymalloc': async (run) => {
        await until(() => run.builder.calls.filter((c) => c.endsWith(' fails')).length === 2);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return fails(new PydebugError('3.13.2-no-pymalloc: make failed with exit code 2', { hint: 'the full log is x.log' }))(run);
      },
    });
    const error = (await sync(builder)).error as PydebugError;
    expect(error).toBeInstanceOf(PydebugError);
    expect(error.message).toBe('3 entries failed:\n\n3.13.2: download failed\n\n3.13.2-no-pymalloc: make failed with exit code 2');
    expect(error.hint).toBe('set PYDEBUG_MIRROR\nthe full log is x.log');
  });

  it('errors are one when they are one object, not when their messages match', async () => {
    const builder = new ScriptedBuilder({
      '3.13.2-debug': async () => Promise.reject(new PydebugError('same words')),
      '3.13.2-trace-refs': async () => Promise.reject(new PydebugError('same words')),
    });
    const error = (await sync(builder)).error as PydebugError;
    expect(error.message).toBe('2 entries failed:\n\nsame words\n\nsame words');
    expect(error.hint).toBeUndefined();
  });

  it("a file system's error is the machine's: named with its entry and a hint", async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const builder = new ScriptedBuilder({ '3.13.2-debug': async () => Promise.reject(full) });
    const error = (await sync(builder)).error as PydebugError;
    expect(error).toBeInstanceOf(PydebugError);
    expect(error.message).toBe('3.13.2-debug: ENOSPC: no space left on device, write');
    expect(error.cause).toBe(full);
    expect(error.hint).toBeTruthy();
  });
});

describe('restores', () => {
  it('an entry the restore could not put in place, or put in place unusable, is built; the rest is restored', async () => {
    const builder = new ScriptedBuilder();
    const asked: string[] = [];
    const run = await sync(builder, {
      restoreEntry: async (planned) => {
        asked.push(planned.id);
        if (planned.id === '3.13.2-debug') {
          // As the Action's cache does with an archive it cannot use: it warns and says no.
          const work = await p.store.makeTemp('cache-restore');
          const archive = join(work, 'archive');
          await writeFile(archive, 'not a tar at all');
          try {
            await installFromArchive(p.store, { entryKey: planned.entryKey, expect: planned.build.expect, archive, memberPrefix: '' }, { work, info: () => undefined });
            return true;
          } catch {
            return false;
          }
        }
        // Says yes but leaves nothing in place.
        if (planned.id === '3.13.2-trace-refs') return true;
        await fakeBuiltEntry(p.store, planned.entryKey, planned.id);
        return true;
      },
    });
    expect(run.error).toBeUndefined();
    expect(asked.sort()).toEqual([...IDS].sort());
    expect(statuses(run)).toEqual([
      ['3.13.2-debug', 'built'],
      ['3.13.2-trace-refs', 'built'],
      ['3.13.2-no-pymalloc', 'restored'],
    ]);
    expect(builder.calls.filter((c) => c.startsWith('build')).sort()).toEqual(['build 3.13.2-debug at nice 0', 'build 3.13.2-trace-refs at nice 5']);
    expect(run.log).toContain('warning: 3.13.2-trace-refs: the restored entry is not usable (missing); building it');
    expect(run.log).not.toContain('3.13.2-debug: the restored entry');
    expect(run.log).toContain('3.13.2-no-pymalloc: reused (restored: ');
  });

  it('an entry restored damaged is rebuilt over', async () => {
    const builder = new ScriptedBuilder();
    const run = await sync(builder, {
      restoreEntry: async (planned) => {
        await fakeBuiltEntry(p.store, planned.entryKey, planned.id);
        await writeFile(join(p.store.entryDir(planned.entryKey), 'lib', 'libpython3.13d.so.1.0'), 'changed after the manifest');
        return true;
      },
    });
    expect(run.error).toBeUndefined();
    expect(statuses(run)).toEqual(IDS.map((id) => [id, 'built']));
    expect(run.log).toMatch(/warning: 3\.13\.2-debug: the restored entry is not usable \(.+\); building it/);
  });
});

describe('another pydebug', () => {
  it('an entry that appears in the store while sync waits for its mutex is reused, not built', async () => {
    const key = (await entryKeys(p))['3.13.2-debug']!;
    await p.store.ensureLayout();
    const other = await acquireMutex(p.store.mutexPath(`entry-${key}`), { purpose: 'building 3.13.2-debug' });
    const builder = new ScriptedBuilder();
    const syncing = startSync(builder);
    // The other pydebug finishes once sync is waiting for it.
    const waitedFor = `3.13.2-debug: wait for pid ${process.pid}...`;
    for (let i = 0; i < 500 && !syncing.run.log.includes(waitedFor); i++) await new Promise((r) => setTimeout(r, 10));
    expect(syncing.run.log).toContain(waitedFor);
    await fakeBuiltEntry(p.store, key, '3.13.2-debug');
    await other.release();
    const run = await syncing.done;
    expect(run.error).toBeUndefined();
    expect(run.log).toMatch(/3\.13\.2-debug: reused \(built by another pydebug: .*\/bin\/python3\)/);
    expect(statuses(run)).toEqual([
      ['3.13.2-debug', 'reused'],
      ['3.13.2-trace-refs', 'built'],
      ['3.13.2-no-pymalloc', 'built'],
    ]);
    expect(builder.calls.filter((c) => c.includes('debug'))).toEqual([]);
  });
});

describe('configure answers', () => {
  it('the entries handed them together ask for their turn before the event loop turns, and are served by rank', async () => {
    const builder = new ScriptedBuilder({
      // The second entry comes to wait after the third.
      '3.13.2-trace-refs': async (run) => {
        await until(() => run.builder.calls.includes('3.13.2-no-pymalloc waits for answers'));
        return builds(run);
      },
    });
    // The first offers its answers once both wait.
    builder.beforeOffer = () => until(() => builder.calls.includes('3.13.2-trace-refs waits for answers'));
    const run = await sync(builder);
    expect(run.error).toBeUndefined();
    expect(builder.calls.filter((c) => c.startsWith('build')).sort()).toEqual(['build 3.13.2-debug at nice 0', 'build 3.13.2-no-pymalloc at nice 10', 'build 3.13.2-trace-refs at nice 5']);
    const afterOffer = builder.calls.slice(builder.calls.indexOf('3.13.2-debug offers its answers') + 1);
    // Both asked before anything else could run: a timer or I/O awaited before an entry asks
    // would let the other's request reach the schedule alone, and be served first.
    expect(afterOffer.slice(0, 3)).toEqual(['3.13.2-no-pymalloc asks to configure', '3.13.2-trace-refs asks to configure', 'the event loop turns after the offer']);
    // One configure at a time (the default schedule): by rank, not by who asked first.
    expect(afterOffer.filter((c) => c.includes('configures'))).toEqual(['3.13.2-trace-refs configures with 2 answers', '3.13.2-no-pymalloc configures with 2 answers']);
  });

  it('when the first entry fails before it configures, the others configure without answers', async () => {
    const failed = new PydebugError('3.13.2-debug: no space for its build directory');
    const builder = new ScriptedBuilder({ '3.13.2-debug': async () => Promise.reject(failed) });
    const run = await sync(builder);
    expect(run.error).toBe(failed);
    // Who configures first is not the point here: nothing holds both at the gate, so under load
    // one may ask (and be served) before the other has asked.
    expect(builder.calls.filter((c) => c.includes('configures')).sort()).toEqual(['3.13.2-no-pymalloc configures with no answers', '3.13.2-trace-refs configures with no answers']);
    expect(run.ready.sort()).toEqual(['3.13.2-no-pymalloc', '3.13.2-trace-refs']);
  });

  it('PYDEBUG_SHARE_CONFIGURE=0: every entry configures on its own', async () => {
    const builder = new ScriptedBuilder();
    const run = await sync(builder, { env: { ...p.env, PYDEBUG_SHARE_CONFIGURE: '0' } });
    expect(run.error).toBeUndefined();
    expect(builder.calls.filter((c) => c.includes('configures')).sort()).toEqual(IDS.map((id) => `${id} configures`).sort());
  });
});

describe('interrupts', () => {
  it('stop the builds waiting for their turn and store nothing; a later sync builds everything', async () => {
    const ac = new AbortController();
    // The first entry is interrupted during its configure, as runStep ends on an abort.
    const interrupted: Script = async (run) => {
      const turn = await run.options.gate?.('configure');
      run.builder.record(`${run.planned.id} configures`);
      ac.abort();
      turn?.release();
      throw new InterruptedError();
    };
    const builder = new ScriptedBuilder({ '3.13.2-debug': interrupted });
    const run = await sync(builder, { signal: ac.signal });
    expect(run.error).toBeInstanceOf(InterruptedError);
    expect((run.error as Error).message).toBe('sync interrupted: builds stopped, nothing half-built was stored');
    expect(builder.calls.filter((c) => c.endsWith('configures'))).toEqual(['3.13.2-debug configures']);
    expect(run.ready).toEqual([]);
    expect(run.log).not.toContain('failed');
    const keys = await entryKeys(p);
    for (const id of IDS) {
      expect((await p.store.readEntry(keys[id]!)).status).toBe('missing');
      expect(existsSync(p.store.mutexPath(`entry-${keys[id]}`))).toBe(false);
    }
    const again = await sync(new ScriptedBuilder());
    expect(statuses(again)).toEqual(IDS.map((id) => [id, 'built']));
  });

  it('an interrupt between builds starts no other', async () => {
    const ac = new AbortController();
    const builder = new ScriptedBuilder({
      '3.13.2-debug': async (run) => {
        const manifest = await builds(run);
        ac.abort();
        return manifest;
      },
    });
    const run = await sync(builder, { signal: ac.signal }, { parallel: 1 });
    expect((run.error as Error).message).toBe('sync interrupted: builds stopped, nothing half-built was stored');
    expect(builder.calls.filter((c) => c.startsWith('build'))).toEqual(['build 3.13.2-debug at nice 0']);
  });
});
