/**
 * A mutex file in locks/ is input: whoever can write it must not be able to make the next sync
 * kill a process or remove a directory that is not pydebug's own. Real processes (a `sleep` in
 * its own group, a fake configure in a build directory), real directories, crafted mutex files.
 */
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanUpAfter } from '../../src/builder/leftovers.js';
import { STEP_SHELL, stepCommand } from '../../src/platform/step-cpu.js';
import { acquireMutex, type MutexOwner } from '../../src/store/mutex.js';
import { exists as present } from '../support/exists.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { tempDir } from '../support/temp-dir.js';
import { alive, bootId, deadPid, type FakeStore, fakeStore, hasProc, startGroup, startTimeOf, stopGroup } from './mutex-fixture.js';

let dir: string;
let store: FakeStore;
let victim: string;
let started: number[];

beforeEach(async () => {
  dir = await tempDir('pydebug-mutex-hostile-');
  store = await fakeStore(join(dir, 'home'));
  victim = join(dir, 'victim');
  await mkdir(victim);
  await writeFile(join(victim, 'thesis.tex'), 'keep me');
  started = [];
});
afterEach(async () => {
  releaseFifos();
  for (const pgid of started) stopGroup(pgid);
});

const mutexPath = () => join(store.mutexesDir, 'entry-k.lock');

function start(command: string, args: string[], cwd?: string): number {
  const pid = startGroup(command, args, cwd);
  started.push(pid);
  return pid;
}

/** Writes a mutex file as an attacker would, `ageMs` old. */
async function craft(content: unknown, ageMs = 0): Promise<void> {
  await writeFile(mutexPath(), typeof content === 'string' ? content : JSON.stringify(content));
  const then = new Date(Date.now() - ageMs);
  await utimes(mutexPath(), then, then);
}

/** What the next sync does: take the mutex, cleaning up after the owner it finds stale. */
async function takeOver(staleMs: number) {
  const warnings: string[] = [];
  const t0 = Date.now();
  const mutex = await acquireMutex(mutexPath(), {
    purpose: 'next sync',
    staleMs,
    signal: AbortSignal.timeout(8_000),
    onStale: (owner) => cleanUpAfter(owner, { tmpDir: store.tmpDir, sourcesDir: store.sourcesDir, warn: (m) => warnings.push(m) }),
  });
  const waitedMs = Date.now() - t0;
  await mutex.release();
  return { warnings, waitedMs };
}

describe('a FIFO in place of a mutex file', () => {
  it("is no one's mutex: the next sync breaks it at once instead of waiting on it", async () => {
    makeFifo(mutexPath());
    const { waitedMs } = await takeOver(30_000);
    expect(waitedMs).toBeLessThan(3_000);
    expect(await present(mutexPath())).toBe(false);
  }, 5_000);
});

describe.skipIf(!hasProc())('a crafted mutex file', () => {
  it("naming an unrelated process group and a directory outside the store (the issue's mutex file): neither is touched", async () => {
    const sleep = start('sleep', ['600']);
    await craft({ pid: await deadPid(), host: hostname(), since: new Date().toISOString(), purpose: 'x', children: [sleep], paths: [victim] }, 60_000);
    const { warnings } = await takeOver(30_000);
    expect(alive(sleep)).toBe(true);
    expect(await present(join(victim, 'thesis.tex'))).toBe(true);
    expect(warnings.join('\n')).toMatch(/nothing/);
  });

  it("well formed, with the unrelated group's true start time: not a build step, so not killed; paths outside the build areas are kept", async () => {
    const sleep = start('sleep', ['600']);
    // A build-looking process, but of no store of ours: its cwd is outside sources/.
    await mkdir(join(dir, 'elsewhere', 'build-debug-1'), { recursive: true });
    const make = start('sleep', ['600'], join(dir, 'elsewhere', 'build-debug-1'));
    const sourceTree = join(store.sourcesDir, '3.12.0-0123456789abcdef');
    await symlink(victim, join(sourceTree, 'build-link'));
    const boot = bootId();
    const paths = [
      victim,
      join(store.buildDir, '..', '..', '..', '..', 'victim'), // lexically escapes
      join(store.tmpDir, '..', '..', 'victim'),
      join(sourceTree, 'build-link', 'thesis.tex'), // through a symlink inside a build-* name
      sourceTree, // a source tree, not a build directory
      join(store.root, 'store'),
      store.tmpDir, // the area itself
    ];
    await craft(
      {
        pid: await deadPid(),
        start: 1,
        boot,
        host: hostname(),
        since: new Date().toISOString(),
        purpose: 'x',
        children: [
          { pid: sleep, start: startTimeOf(sleep), boot },
          { pid: make, start: startTimeOf(make), boot },
        ],
        paths,
      },
      60_000,
    );
    const { warnings } = await takeOver(30_000);
    expect(alive(sleep)).toBe(true);
    expect(alive(make)).toBe(true);
    expect(await present(join(victim, 'thesis.tex'))).toBe(true);
    expect(await present(sourceTree)).toBe(true);
    expect(await present(store.tmpDir)).toBe(true);
    const said = warnings.join('\n');
    expect(said).toContain(`${sleep}`);
    expect(said).toContain(`${make}`);
    for (const p of [victim, sourceTree, store.tmpDir]) expect(said).toContain(p);
  });

  it('whose owner pid was recycled (alive, another start time) is broken at once; a child whose start time or boot differs is not killed', async () => {
    const recycled = start('sleep', ['600']);
    const configure = start('../configure', [], store.buildDir);
    const make = start('make', [], store.buildDir);
    const boot = bootId();
    await craft({
      pid: recycled,
      start: startTimeOf(recycled) - 1000,
      boot,
      host: hostname(),
      since: new Date().toISOString(),
      purpose: 'x',
      children: [
        { pid: configure, start: startTimeOf(configure) + 7, boot },
        { pid: make, start: startTimeOf(make), boot: 'another-boot' },
      ],
      paths: [store.staging],
    });
    // A fresh heartbeat and a 60 s window: only the start time can tell that the owner is gone.
    const { warnings, waitedMs } = await takeOver(60_000);
    expect(waitedMs).toBeLessThan(5_000);
    expect(alive(recycled)).toBe(true);
    expect(alive(configure)).toBe(true);
    expect(alive(make)).toBe(true);
    expect(warnings.join('\n')).toContain(`${configure}`);
    expect(warnings.join('\n')).toContain(`${make}`);
    expect(await present(store.staging)).toBe(false); // a staging directory of the dead owner's
  });

  it("of a dead owner whose build steps still run (configure, make, the build's python): stops them, removes its build and staging directories", async () => {
    await symlink('/bin/sleep', join(store.buildDir, 'python'));
    const steps = [start('../configure', [], store.buildDir), start('make', [], store.buildDir), start(join(store.buildDir, 'python'), ['600'], store.buildDir)];
    const boot = bootId();
    await craft({
      pid: await deadPid(),
      start: 1,
      boot,
      host: hostname(),
      since: new Date().toISOString(),
      purpose: 'x',
      children: steps.map((pid) => ({ pid, start: startTimeOf(pid), boot })),
      paths: [store.buildDir, store.staging],
    });
    const { warnings } = await takeOver(60_000);
    expect(warnings).toEqual([]);
    for (const pid of steps) expect(alive(pid)).toBe(false);
    expect(await present(store.buildDir)).toBe(false);
    expect(await present(store.staging)).toBe(false);
  });

  it('of a dead owner whose steps run under the step shell (as build.ts starts them): stops them; a shell running anything else is left alone', async () => {
    await symlink('/bin/sleep', join(store.buildDir, 'python'));
    const steps = [stepCommand('../configure', []), stepCommand('make', []), stepCommand(join(store.buildDir, 'python'), ['600'])].map((c) => start(c.command, c.args, store.buildDir));
    // The same shell and build directory, but another script, whose $0 only claims to be make.
    const impostor = start(STEP_SHELL, ['-c', 'sleep 600', 'make'], store.buildDir);
    const boot = bootId();
    await craft({
      pid: await deadPid(),
      start: 1,
      boot,
      host: hostname(),
      since: new Date().toISOString(),
      purpose: 'x',
      children: [...steps, impostor].map((pid) => ({ pid, start: startTimeOf(pid), boot })),
      paths: [store.buildDir, store.staging],
    });
    const { warnings } = await takeOver(60_000);
    for (const pid of steps) expect(alive(pid)).toBe(false);
    expect(alive(impostor)).toBe(true);
    expect(warnings.join('\n')).toContain(`not stopping process group ${impostor}`);
    expect(warnings).toHaveLength(1);
  });

  it('whose owner lived in an earlier boot is broken at once', async () => {
    const sleep = start('sleep', ['600']);
    await craft({ pid: sleep, start: startTimeOf(sleep), boot: 'another-boot', host: hostname(), since: new Date().toISOString(), purpose: 'x' });
    const { waitedMs } = await takeOver(60_000);
    expect(waitedMs).toBeLessThan(5_000);
    expect(alive(sleep)).toBe(true);
  });

  const garbage: Array<[string, (d: { dead: number; victim: string; staging: string }) => unknown]> = [
    ['not JSON', () => 'not json {'],
    ['empty', () => ''],
    ['null', () => 'null'],
    ['an array', () => '[]'],
    ['a number', () => '42'],
    ['children not a list', (d) => ({ pid: d.dead, host: hostname(), since: 'x', purpose: 'x', children: 'oops', paths: [d.staging] })],
    ['a relative path', (d) => ({ pid: d.dead, host: hostname(), since: 'x', purpose: 'x', paths: ['relative/dir', d.staging] })],
    ['paths a string', (d) => ({ pid: d.dead, host: hostname(), since: 'x', purpose: 'x', paths: 'zq' })],
    ['a pid that is not an integer', (d) => ({ pid: `${d.dead}`, host: hostname(), since: 'x', purpose: 'x', paths: [d.staging] })],
    ['a path with a NUL', (d) => ({ pid: d.dead, host: hostname(), since: 'x', purpose: 'x', paths: [`${d.staging}\0`, d.staging] })],
    ['a child without a pid', (d) => ({ pid: d.dead, host: hostname(), since: 'x', purpose: 'x', children: [{ start: 1 }], paths: [d.staging] })],
  ];
  it.each(garbage)('that is garbage (%s): broken only by age, nothing cleaned up', async (_, make) => {
    const staleMs = 5_000;
    await craft(make({ dead: await deadPid(), victim, staging: store.staging }), staleMs - 600);
    const { warnings, waitedMs } = await takeOver(staleMs);
    expect(waitedMs).toBeGreaterThanOrEqual(400);
    expect(await present(store.staging)).toBe(true);
    expect(await present(store.buildDir)).toBe(true);
    expect(warnings.join('\n')).toMatch(/nothing/);
  });
});

describe.skipIf(!hasProc())('cleanUpAfter, given owners that could only come from a crafted file', () => {
  // Signalling group 0 is our own group, -1 every process we may signal: such a record must be
  // refused as a whole, whatever else it says.
  it.each([0, 1, -1, 1.5])('never signals a group from child pid %s', async (pid) => {
    const warnings: string[] = [];
    const owner = { pid: await deadPid(), host: hostname(), since: 'x', purpose: 'x', children: [{ pid, start: 1, boot: bootId() }] } as unknown as MutexOwner;
    await cleanUpAfter(owner, { tmpDir: store.tmpDir, sourcesDir: store.sourcesDir, warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/nothing/);
  });
});
