/**
 * What pydebug does with the signals it receives (src/cli/interrupts.ts): the rules on their own,
 * then `run` in process with real commands (shell scripts) that get the signals pydebug passes
 * on. The signals reach the Interrupts object as the entry point would pass them; the commands
 * get real ones. test/e2e/run-signals.test.ts sends real signals to the real CLI.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HANDLED_SIGNALS, type HandledSignal, Interrupts, signalExitCode } from '../../src/cli/interrupts.js';
import { exists } from '../support/exists.js';
import { runInProcess } from './in-process.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

function interrupts(): { interrupts: Interrupts; said: () => string; exits: number[] } {
  let said = '';
  const exits: number[] = [];
  return { interrupts: new Interrupts({ write: (s: string) => (said += s) }, (code) => void exits.push(code)), said: () => said, exits };
}

/** A command that records the signals passed on to it. */
function recorder(): { kill: (sig: HandledSignal) => void; got: HandledSignal[] } {
  const got: HandledSignal[] = [];
  return { kill: (sig) => void got.push(sig), got };
}

describe('Interrupts while pydebug does its own work', () => {
  it('the first signal aborts the work and says so; nothing says builds when none runs', () => {
    const t = interrupts();
    t.interrupts.receive('SIGINT');
    expect(t.interrupts.signal.aborted).toBe(true);
    expect(t.said()).toBe('\ninterrupted: stopping (again to exit at once)\n');
    expect(t.interrupts.exitCode).toBe(130);
    expect(t.exits).toEqual([]);
  });

  it('while builds run, the message says they are stopped and temporary files removed; not once they end', () => {
    const during = interrupts();
    const ended = during.interrupts.buildsRunning();
    during.interrupts.receive('SIGINT');
    expect(during.said()).toBe('\ninterrupted: stopping builds and removing temporary files (again to exit at once)\n');
    ended();

    const after = interrupts();
    const done = after.interrupts.buildsRunning();
    done();
    done(); // ending twice does not count twice
    after.interrupts.receive('SIGINT');
    expect(after.said()).not.toMatch(/builds/);
  });

  it('SIGTERM, SIGHUP and SIGQUIT stop the work as SIGINT does, each exiting 128+n of it', () => {
    for (const [sig, word, code] of [
      ['SIGTERM', 'terminated', 143],
      ['SIGHUP', 'hung up', 129],
      ['SIGQUIT', 'quit', 131],
    ] as const) {
      const t = interrupts();
      t.interrupts.buildsRunning();
      t.interrupts.receive(sig);
      expect(t.interrupts.signal.aborted).toBe(true);
      expect(t.said()).toBe(`\n${word}: stopping builds and removing temporary files (again to exit at once)\n`);
      expect(t.interrupts.exitCode).toBe(code);
    }
  });

  it('a second signal exits at once, with the code of the first', () => {
    const t = interrupts();
    t.interrupts.receive('SIGTERM');
    t.interrupts.receive('SIGINT');
    expect(t.exits).toEqual([143]);
    expect(t.said().match(/again to exit at once/g)).toHaveLength(1);
  });

  it('no signal: no exit code of its own', () => {
    expect(interrupts().interrupts.exitCode).toBeUndefined();
  });
});

describe('Interrupts while a command runs in the foreground', () => {
  it('SIGINT is left to the command (the terminal sent it the same); pydebug is not stopped, however often', () => {
    const t = interrupts();
    const command = recorder();
    const ended = t.interrupts.foreground(command);
    t.interrupts.receive('SIGINT');
    t.interrupts.receive('SIGINT');
    expect(command.got).toEqual([]);
    expect(t.interrupts.signal.aborted).toBe(false);
    expect([t.said(), t.exits]).toEqual(['', []]);
    expect(ended()).toEqual({ passedOn: undefined });
  });

  it('SIGTERM, SIGHUP and SIGQUIT are passed on to the command, every time; pydebug goes on waiting', () => {
    const t = interrupts();
    const command = recorder();
    const ended = t.interrupts.foreground(command);
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGTERM'] as const) t.interrupts.receive(sig);
    expect(command.got).toEqual(['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGTERM']);
    expect(t.interrupts.signal.aborted).toBe(false);
    expect([t.said(), t.exits]).toEqual(['', []]);
    expect(ended()).toEqual({ passedOn: 'SIGTERM' });
  });

  it('once the command has ended, a signal stops pydebug again', () => {
    const t = interrupts();
    const command = recorder();
    t.interrupts.foreground(command)();
    t.interrupts.receive('SIGINT');
    expect(command.got).toEqual([]);
    expect(t.interrupts.signal.aborted).toBe(true);
  });

  it('the next command starts with nothing passed on', () => {
    const t = interrupts();
    const first = t.interrupts.foreground(recorder());
    t.interrupts.receive('SIGHUP');
    expect(first()).toEqual({ passedOn: 'SIGHUP' });
    expect(t.interrupts.foreground(recorder())()).toEqual({ passedOn: undefined });
  });

  it('every handled signal has its shell exit code', () => {
    expect(HANDLED_SIGNALS.map(signalExitCode)).toEqual([130, 143, 129, 131]);
    expect(signalExitCode('SIGKILL')).toBe(137);
  });
});

async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('run passes signals on and waits for its command', () => {
  let p: TestProject;
  beforeEach(async () => {
    p = await makeProject();
    const keys = await entryKeys(p);
    for (const id of ['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']) await fakeBuiltEntry(p.store, keys[id]!, id);
  });
  afterEach(() => p.cleanup());

  const run = (argv: string[], t: ReturnType<typeof interrupts>) => runInProcess(argv, { cwd: p.dir, env: p.env, interrupts: t.interrupts });

  it('SIGTERM to pydebug reaches the command, which cleans up; pydebug exits with its code', async () => {
    const t = interrupts();
    const ready = join(p.root, 'ready');
    const script = `trap 'echo cleaned > "${p.root}/term"; exit 5' TERM; : > "${ready}"; while :; do sleep 0.05; done`;
    const done = run(['run', 'debug', '--', 'sh', '-c', script], t);
    await until(() => exists(ready));
    t.interrupts.receive('SIGTERM');
    const r = await done;
    expect(r.code, r.stderr).toBe(5);
    expect(await readFile(join(p.root, 'term'), 'utf8')).toBe('cleaned\n');
    expect([t.said(), t.interrupts.signal.aborted]).toEqual(['', false]);
  });

  it('SIGINT while the command runs does not stop it: it finishes, and pydebug exits with its code', async () => {
    const t = interrupts();
    const ready = join(p.root, 'ready');
    const done = run(['run', 'debug', '--', 'sh', '-c', `: > "${ready}"; sleep 0.3; echo finished > "${p.root}/end"; exit 3`], t);
    await until(() => exists(ready));
    t.interrupts.receive('SIGINT');
    const r = await done;
    expect(r.code, r.stderr).toBe(3);
    expect(await readFile(join(p.root, 'end'), 'utf8')).toBe('finished\n');
    expect(t.said()).toBe('');
  });

  it('a command killed by a signal gives 128+n', async () => {
    const r = await run(['run', 'debug', '--', 'sh', '-c', 'kill -KILL $$'], interrupts());
    expect(r.code).toBe(137);
  });

  it('an interrupt before the command starts stops pydebug (130) and the command never runs', async () => {
    const t = interrupts();
    t.interrupts.receive('SIGINT');
    const r = await run(['run', 'debug', '--', 'sh', '-c', `: > "${p.root}/ran"`], t);
    // The stand-in's environment is made on every run (it has no pyvenv.cfg): the interrupt stops that.
    expect([r.code, r.stderr]).toEqual([130, '3.13.2-debug: interrupted while making its environment; nothing half-made was kept\n']);
    expect(await exists(join(p.root, 'ran'))).toBe(false);
  });

  it("an interrupt while making the project's environment stops pydebug's work: 130, nothing half-made kept, no command run", async () => {
    // An interpreter whose venv takes its time, saying when it has started.
    const started = join(p.root, 'venv-started');
    const slowVenv = `#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$4/bin" && : > "${started}" && exec sleep 30; fi\necho "Python 3.13.2"\n`;
    const key = (await entryKeys(p))['3.13.2-trace-refs']!;
    await rm(p.store.entryDir(key), { recursive: true });
    await fakeBuiltEntry(p.store, key, '3.13.2-trace-refs', { interpreter: slowVenv });
    const t = interrupts();
    const done = run(['run', 'trace-refs', '--', 'sh', '-c', `: > "${p.root}/ran"`], t);
    await until(() => exists(started));
    const sent = Date.now();
    t.interrupts.receive('SIGINT');
    const r = await done;
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(t.said()).toBe('\ninterrupted: stopping (again to exit at once)\n');
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/\n3\.13\.2-trace-refs: interrupted while making its environment; nothing half-made was kept\n$/);
    expect(await exists(join(p.dir, '.pydebug', 'envs', '3.13.2-trace-refs'))).toBe(false);
    expect(await exists(join(p.root, 'ran'))).toBe(false);
  });

  it('run --all: a command that died of SIGINT ends the loop, as in a shell; exit 130', async () => {
    const log = join(p.root, 'ran');
    const r = await run(['run', '--all', '--', 'sh', '-c', `echo "$PYDEBUG_ID" >> "${log}"; kill -INT $$`], interrupts());
    expect(r.code).toBe(130);
    expect(await readFile(log, 'utf8')).toBe('3.13.2-debug\n');
    expect(r.stderr).toMatch(/^3\.13\.2-debug +FAIL \(exit 130\), killed by SIGINT +\d+\.\d s$/m);
    expect(r.stderr).toMatch(/\nstopped: 3\.13\.2-debug's command was killed by SIGINT; 2 entries not run\n$/);
  });

  it('run --all: a SIGTERM passed on ends the loop after that command, with its code', async () => {
    const t = interrupts();
    const log = join(p.root, 'ran');
    const script = `trap 'exit 5' TERM; echo "$PYDEBUG_ID" >> "${log}"; while :; do sleep 0.05; done`;
    const done = run(['run', '--all', '--', 'sh', '-c', script], t);
    await until(() => exists(log));
    t.interrupts.receive('SIGTERM');
    const r = await done;
    expect(r.code).toBe(5);
    expect(await readFile(log, 'utf8')).toBe('3.13.2-debug\n');
    expect(r.stderr).toMatch(/\nstopped: 3\.13\.2-debug's command was given the SIGTERM pydebug received; 2 entries not run\n$/);
  });

  it('run --all: a command that fails or crashes otherwise does not end the loop', async () => {
    const log = join(p.root, 'ran');
    const r = await run(['run', '--all', '--', 'sh', '-c', `echo "$PYDEBUG_ID" >> "${log}"; kill -SEGV $$`], interrupts());
    expect(r.code).toBe(1);
    expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    expect(r.stderr).toMatch(/\n3 of 3 failed\n$/);
  });
});
