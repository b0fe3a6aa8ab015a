/**
 * buildEntry's steps on a fake source tree (a configure and a Makefile that take a moment, no
 * compiler): each waits for its turn from the gate, runs under the step shell, and records the
 * CPU it took in the log; a failed, missing or interrupted step reads as it did without it.
 */
import { chmod, lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BuildStepError, buildEntry, type StepGate, stepsOf } from '../../src/builder/build.js';
import type { ConfigureSharing } from '../../src/builder/configure-facts.js';
import { InterruptedError } from '../../src/errors.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import type { Phase, Reporter } from '../../src/progress.js';
import type { HeldMutex } from '../../src/store/mutex.js';
import type { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { tempStore } from '../support/temp-dir.js';

const KEY = 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234';
let dir: string;
let store: Store;
let tree: string;
beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-build-steps-'));
  await store.ensureLayout();
  tree = store.sourceTreeDir('3.13.2', 'b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9');
  await mkdir(tree);
});

/** A few tenths of a CPU second in the shell. */
const BURN = 'i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done';

async function fakeConfigure(body: string): Promise<void> {
  await writeFile(join(tree, 'configure'), `#!/bin/sh\n${body}\n`);
  await chmod(join(tree, 'configure'), 0o755);
}

function planned(test?: PlannedBuild['build']['test']): PlannedBuild {
  const lock = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
  const build = lock.builds['3.13.2-debug']!;
  return { id: '3.13.2-debug', build: test === undefined ? build : { ...build, test }, source: lockedSource(), entryKey: KEY };
}

function build(
  options: { gate?: StepGate; signal?: AbortSignal; mutex?: HeldMutex; env?: Record<string, string>; reporter?: Reporter; planned?: PlannedBuild; sharing?: ConfigureSharing | undefined } = {},
) {
  const ctx = {
    store,
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    jobs: 1,
    reporter: options.reporter ?? new SilentReporter(),
    signal: options.signal ?? new AbortController().signal,
    keepBuildDir: false,
  };
  const toolchain = { compiler: 'cc', version: 'cc 1', target: 'x86_64-linux-gnu', machine: { os: 'linux', arch: 'x64', toolchain: 'cc' } };
  return buildEntry(ctx, options.planned ?? planned(), tree, toolchain, { gate: options.gate, mutex: options.mutex, sharing: options.sharing });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('the build did not fail');
}

describe('buildEntry steps', () => {
  it("ask the gate before each step and give the turn back after it; the log says what each step cost; make's failure reads as before", async () => {
    await fakeConfigure(`${BURN}\nprintf 'all:\\n\\t@echo compiling; exit 2\\n' > Makefile`);
    const events: string[] = [];
    const gate: StepGate = async (phase) => {
      events.push(`turn ${phase}`);
      return { release: () => events.push(`release ${phase}`) };
    };
    const error = await failure(build({ gate }));
    expect(error).toBeInstanceOf(BuildStepError);
    expect(error.message).toMatch(/^3\.13\.2-debug: make failed with exit code 2 after \d+ s/);
    expect(events).toEqual(['turn configure', 'release configure', 'turn make', 'release make']);
    const log = await readFile(store.logPath(KEY), 'utf8');
    expect(log).toMatch(/\n# configure: exit code 0 after \d+\.\d s, \d+\.\d s user, \d+\.\d s sys\n/);
    expect(log).toMatch(/\n# make: exit code 2 after \d+\.\d s, \d+\.\d s user, \d+\.\d s sys\n/);
    const configureCpu = /# configure: .*, (\d+\.\d) s user, (\d+\.\d) s sys/.exec(log)!;
    expect(Number(configureCpu[1]) + Number(configureCpu[2])).toBeGreaterThan(0);
  });

  it.each([
    ['', undefined],
    [', also when it offers its configure answers to others', 'offers'],
  ])('asks for the next step in the same turn of the event loop as it gives the last one back (no await between)%s', async (_what, offering) => {
    // A step that ends frees cores; an await before the next request lets a later entry take them.
    await fakeConfigure(`printf 'all:\\n\\t@true\\nquicktest:\\n\\t@true\\ninstall:\\n\\t@exit 2\\n' > Makefile`);
    const events: string[] = [];
    const gate: StepGate = async (phase) => {
      events.push(`turn ${phase}`);
      return {
        release: () => {
          events.push(`release ${phase}`);
          // Runs at the next turn of the event loop: after any I/O the build awaited, never before a request made without one.
          setImmediate(() => events.push(`next turn after ${phase}`));
        },
      };
    };
    const sharing = offering ? { offer: () => void events.push('offered') } : undefined;
    await failure(build({ gate, planned: planned('quick'), sharing }));
    if (offering) {
      // The offer (config.log read) comes after make's request, not between configure and it.
      expect(events.indexOf('offered')).toBeGreaterThan(events.indexOf('turn make'));
      events.splice(events.indexOf('offered'), 1);
    }
    expect(events.slice(0, 8)).toEqual(['turn configure', 'release configure', 'turn make', 'next turn after configure', 'release make', 'turn test', 'next turn after make', 'release test']);
    expect(events.slice(8, 10)).toEqual(['turn install', 'next turn after test']);
  });

  it.each([[false], ['quick' as const]])('the steps a build (test: %s) reports are the ones stepsOf announces to the progress line, in order', async (test) => {
    await fakeConfigure(`printf 'all:\\n\\t@true\\nquicktest:\\n\\t@true\\ninstall:\\n\\t@exit 2\\n' > Makefile`);
    const phases: Phase[] = [];
    const reporter = Object.assign(new SilentReporter(), { phase: (_id: string, phase: Phase) => void phases.push(phase) });
    const entry = planned(test);
    await failure(build({ reporter, planned: entry }));
    // install fails here, so probe (which needs a real interpreter) is never reached.
    expect(phases).toEqual(stepsOf(entry.build).filter((step) => step !== 'probe'));
  });

  it('a configure that is not there could not be started, as when pydebug spawned it itself', async () => {
    const error = await failure(build());
    expect(error.message).toMatch(/^3\.13\.2-debug: configure could not be started \(\.\.\/configure\)/);
    expect(await readFile(store.logPath(KEY), 'utf8')).toContain('pydebug: could not run ../configure: not found or not executable');
  });

  it('an interrupt stops the whole step (its shell and everything under it) and gives the turn back', async () => {
    await fakeConfigure(`echo $$ > ${JSON.stringify(join(dir, 'configure.pid'))}\nsleep 600`);
    const ac = new AbortController();
    const leaders: number[] = [];
    const mutex: HeldMutex = { path: join(dir, 'mutex'), update: async (p) => void leaders.push(...(p.children ?? [])), release: async () => undefined };
    let released = 0;
    const done = failure(build({ signal: ac.signal, mutex, gate: async () => ({ release: () => void released++ }) }));
    const pidFile = join(dir, 'configure.pid');
    for (let i = 0; i < 100 && !(await readFile(pidFile, 'utf8').catch(() => '')); i++) await new Promise((r) => setTimeout(r, 50));
    const configure = Number(await readFile(pidFile, 'utf8'));
    ac.abort();
    expect(await done).toBeInstanceOf(InterruptedError);
    expect(released).toBe(1);
    expect(leaders).toHaveLength(1);
    const groupAlive = () => {
      try {
        process.kill(-leaders[0]!, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive()).toBe(false);
    expect(() => process.kill(configure, 0)).toThrow();
  });

  it("configure and make run without the runner's credentials, with PATH and the rest of the environment", async () => {
    const seen = (step: string) => join(dir, `${step}.env`);
    await fakeConfigure(`env > ${JSON.stringify(seen('configure'))}\nprintf 'all:\\n\\t@env > ${seen('make')}; exit 2\\n' > Makefile`);
    const secrets = {
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_URL: 'https://cache.example/',
      GITHUB_TOKEN: 'ghs_secret',
      PYDEBUG_REGISTRY_TOKEN: 'registry-secret',
      NPM_TOKEN: 'npm-secret',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
    };
    const kept = { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, TOKENIZERS_PARALLELISM: 'false' };
    await failure(build({ env: { ...kept, ...secrets } }));
    for (const step of ['configure', 'make']) {
      const env = `\n${await readFile(seen(step), 'utf8')}`;
      for (const [name, value] of Object.entries(secrets)) {
        expect(env, `${step}: ${name}`).not.toContain(`${name}=`);
        expect(env, `${step}: ${name}`).not.toContain(value);
      }
      for (const [name, value] of Object.entries(kept)) expect(env, `${step}: ${name}`).toContain(`\n${name}=${value}\n`);
    }
  });
});

describe('the build log (issue 21, item 3)', () => {
  it("is created new: a link planted at logs/<key>.log is replaced, the user's file it names is untouched", async () => {
    const userFile = join(dir, 'thesis.tex');
    await writeFile(userFile, 'two years of work');
    await symlink(userFile, store.logPath(KEY));
    await fakeConfigure(`printf 'all:\\n\\t@echo compiling; exit 2\\n' > Makefile`);
    await failure(build());
    expect(await readFile(userFile, 'utf8')).toBe('two years of work');
    expect((await lstat(store.logPath(KEY))).isFile()).toBe(true);
    expect(await readFile(store.logPath(KEY), 'utf8')).toMatch(/^# pydebug build of 3\.13\.2-debug\n/);
  });
});
