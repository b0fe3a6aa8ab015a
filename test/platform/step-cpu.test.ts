/**
 * The step shell: what `times` prints in each shell's format, and real steps run under /bin/sh
 * exactly as build.ts runs them (fd 3 a pipe back): CPU reported, exit code and signal kept.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCpu, parseStepReport, STEP_SHELL, stepCommand, unwrapStep } from '../../src/platform/step-cpu.js';

describe('parseStepReport', () => {
  it("reads dash's times (the shell's own line, then its children's), adding both", () => {
    expect(parseStepReport('0m0.004000s 0m0.001000s\n1m53.120000s 0m51.500000s\n')).toEqual({ cpu: { user: 113.124, sys: 51.501 } });
  });
  it("reads bash's and busybox's formats, and a comma as decimal point", () => {
    expect(parseStepReport('0m0.001s 0m0.002s\n0m2.500s 0m1.250s\n')).toEqual({ cpu: { user: 2.501, sys: 1.252 } });
    expect(parseStepReport('0m 0.00s 0m 0.00s\n2m 3.50s 0m 0.75s\n')).toEqual({ cpu: { user: 123.5, sys: 0.75 } });
    expect(parseStepReport('0m0,000s 0m0,000s\n0m1,500s 0m0,500s\n')).toEqual({ cpu: { user: 1.5, sys: 0.5 } });
  });
  it('says when the command could not be run', () => {
    expect(parseStepReport('cannot-run\n')).toEqual({ cannotRun: true });
  });
  it('is unknown for nothing (a shell killed before it printed), a partial line or anything else', () => {
    expect(parseStepReport('')).toEqual({ unknown: true });
    expect(parseStepReport('0m0.000s 0m0.000s\n0m1.5')).toEqual({ unknown: true });
    expect(parseStepReport('hello\n')).toEqual({ unknown: true });
  });
  it('describes CPU for the log', () => {
    expect(describeCpu({ user: 53.04, sys: 51 })).toBe('53.0 s user, 51.0 s sys');
  });
});

describe('stepCommand and unwrapStep', () => {
  it("round-trip: the leader's argv gives back the step's command and arguments", () => {
    const wrapped = stepCommand('../configure', ['--with-pydebug', 'CC=gcc']);
    expect(wrapped.command).toBe(STEP_SHELL);
    expect(unwrapStep([wrapped.command, ...wrapped.args])).toEqual(['../configure', '--with-pydebug', 'CC=gcc']);
  });
  it('leaves any other argv as it is, a shell running another script included', () => {
    expect(unwrapStep(['make', '-j2'])).toEqual(['make', '-j2']);
    expect(unwrapStep([STEP_SHELL, '-c', 'sleep 600', 'make'])).toEqual([STEP_SHELL, '-c', 'sleep 600', 'make']);
    expect(unwrapStep(['/bin/bash', ...stepCommand('make', []).args])).toEqual(['/bin/bash', ...stepCommand('make', []).args]);
  });
});

/** Runs a step as build.ts does: its own group, fd 3 a pipe; what it reported and how it ended. */
async function runStep(command: string, args: string[], cwd: string) {
  const w = stepCommand(command, args);
  const child = spawn(w.command, w.args, { cwd, stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true });
  let report = '';
  const pipe = child.stdio[3] as Readable;
  pipe.setEncoding('utf8');
  pipe.on('data', (d: string) => (report += d));
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
  return { code, signal, report: parseStepReport(report) };
}

describe.skipIf(process.platform === 'win32')('a real step under the step shell', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pydebug-step-cpu-'));
    await writeFile(join(dir, 'burn'), '#!/bin/sh\ni=0\nwhile [ $i -lt 200000 ]; do i=$((i + 1)); done\nexit 3\n');
    await writeFile(join(dir, 'not-executable'), '#!/bin/sh\nexit 0\n');
    await chmod(join(dir, 'burn'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports the CPU its processes took, and keeps its exit code', async () => {
    const r = await runStep('./burn', [], dir);
    expect(r.code).toBe(3);
    expect(r.signal).toBeNull();
    expect('cpu' in r.report && r.report.cpu.user + r.report.cpu.sys).toBeGreaterThan(0.01);
  });

  it('passes its arguments through untouched (no shell interpretation)', async () => {
    const arg = 'a b; $(exit 9) `x` "q" \\n *';
    const r = await runStep('sh', ['-c', 'printf %s "$1" > out', 'sh', arg], dir);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'out'), 'utf8')).toBe(arg);
  });

  it('ends by the signal that ended the command', async () => {
    const r = await runStep('sh', ['-c', 'kill -TERM $$'], dir);
    expect(r.signal).toBe('SIGTERM');
    expect(r.code).toBeNull();
  });

  it('says it cannot run a command that is missing or not executable', async () => {
    for (const command of ['pydebug-no-such-command', './no-such-file', './not-executable']) {
      const r = await runStep(command, [], dir);
      expect(r.report).toEqual({ cannotRun: true });
      expect(r.code).toBe(127);
    }
  });
});
