/**
 * How the Action's main and post runs end whatever escapes them: the post run warns and exits 0
 * (a cache failure never fails the job), the main run fails with what escaped. A real EventEmitter plays
 * the process, so the test's own process keeps its handlers.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type RunProcess, runToExit } from '../../src/action/run-to-exit.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: Array<number | undefined> = [];
  const proc: RunProcess = {
    on: (event, listener) => emitter.on(event, listener),
    exit: (code) => {
      exits.push(code);
      return undefined as never;
    },
  };
  return { emitter, exits, proc };
}

function recordingLog() {
  const lines = { warnings: [] as string[], failed: [] as string[] };
  return { lines, log: { warning: (m: string) => lines.warnings.push(m), setFailed: (m: string) => lines.failed.push(m) } };
}

describe('the post run (warn)', () => {
  it('an exception leaked during the run is a warning, the run goes on and exits 0', async () => {
    const { emitter, exits, proc } = fakeProcess();
    const { lines, log } = recordingLog();
    let finished = false;
    await runToExit(
      'pydebug post step',
      async () => {
        emitter.emit('uncaughtException', new Error('uploadChunk: file descriptor closed'));
        emitter.emit('unhandledRejection', 'socket hang up');
        finished = true;
      },
      'warn',
      proc,
      log,
    );
    expect(finished).toBe(true);
    expect(lines.warnings).toEqual([
      'pydebug post step: uncaught exception (ignored: it cannot fail the job): uploadChunk: file descriptor closed',
      'pydebug post step: unhandled promise rejection (ignored: it cannot fail the job): socket hang up',
    ]);
    expect(lines.failed).toEqual([]);
    expect(exits).toEqual([0]);
  });

  it('a body that throws is a warning too, and exits 0', async () => {
    const { exits, proc } = fakeProcess();
    const { lines, log } = recordingLog();
    await runToExit('pydebug post step', () => Promise.reject(new Error('boom')), 'warn', proc, log);
    expect(lines.warnings).toEqual(['pydebug post step: uncaught exception (ignored: it cannot fail the job): boom']);
    expect(exits).toEqual([0]);
  });
});

describe('the main run (fail)', () => {
  it('a clean run exits with the code the body left (no code given: process.exitCode)', async () => {
    const { exits, proc } = fakeProcess();
    const { lines, log } = recordingLog();
    await runToExit('pydebug', async () => undefined, 'fail', proc, log);
    expect(exits).toEqual([undefined]);
    expect(lines).toEqual({ warnings: [], failed: [] });
  });

  it('what escapes fails the run with its stack, and exits 1', async () => {
    const { emitter, exits, proc } = fakeProcess();
    const { lines, log } = recordingLog();
    await runToExit(
      'pydebug',
      async () => {
        emitter.emit('unhandledRejection', new Error('lost promise'));
      },
      'fail',
      proc,
      log,
    );
    expect(lines.failed).toHaveLength(1);
    expect(lines.failed[0]).toMatch(/^pydebug: unhandled promise rejection: Error: lost promise\n\s+at /);
    // Once from the handler (which ends the process for real), once at the end here.
    expect(exits).toEqual([1, 1]);
  });
});
