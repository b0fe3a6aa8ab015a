/**
 * The store's cross-process mutex, with real processes: mutual exclusion, recovery after an owner
 * is SIGKILLed while its build step keeps running, and no recovery from an owner that is only
 * stopped.
 */

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exists as present } from '../support/exists.js';
import { fileTempDir } from '../support/temp-dir.js';
import { alive, type FakeStore, fakeStore, hasProc, stopGroup } from './mutex-fixture.js';

let dir: string;
let mutexModule: string;
let store: FakeStore;

beforeAll(async () => {
  dir = await fileTempDir('pydebug-mutex-');
  mutexModule = join(dir, 'mutex.mjs');
  // The mutex and the clean-up a breaker of a stale one runs (builder/leftovers.ts), as one module for the holder processes.
  const src = new URL('../../src/', import.meta.url).pathname;
  const contents = "export { acquireMutex } from './store/mutex.ts';\nexport { cleanUpAfter } from './builder/leftovers.ts';\n";
  await build({ stdin: { contents, resolveDir: src, loader: 'ts' }, outfile: mutexModule, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
});
beforeEach(async () => {
  await rm(join(dir, 'log'), { force: true });
  await rm(join(dir, 'home'), { recursive: true, force: true });
  store = await fakeStore(join(dir, 'home'));
});

/**
 * A process that takes the mutex, logs, optionally starts a long-lived build step (the fake
 * configure, in its own group, as build.ts starts one), holds, releases.
 */
function holder(name: string, opts: { holdMs: number; spawnChild?: boolean; paths?: string[]; staleMs?: number }) {
  const script = `
import { acquireMutex, cleanUpAfter } from ${JSON.stringify(mutexModule)};
import { appendFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
const log = (s) => appendFileSync(${JSON.stringify(join(dir, 'log'))}, s + '\\n');
const scope = { tmpDir: ${JSON.stringify(store.tmpDir)}, sourcesDir: ${JSON.stringify(store.sourcesDir)}, warn: (m) => log('warning: ' + m) };
const mutex = await acquireMutex(${JSON.stringify(join(store.mutexesDir, 'entry.lock'))}, {
  purpose: ${JSON.stringify(name)},
  staleMs: ${opts.staleMs ?? 30_000},
  onWait: () => log(${JSON.stringify(`${name} waits`)}),
  onStale: async (owner) => { log(${JSON.stringify(`${name} breaks stale mutex of `)} + owner.purpose); await cleanUpAfter(owner, scope); },
});
log(${JSON.stringify(`${name} start`)});
${opts.spawnChild ? `const child = spawn('../configure', [], { cwd: ${JSON.stringify(store.buildDir)}, detached: true, stdio: 'ignore' }); child.unref(); log('child ' + child.pid);` : ''}
await mutex.update({ paths: ${JSON.stringify(opts.paths ?? [])}${opts.spawnChild ? ', children: [child.pid]' : ''} });
await new Promise((r) => setTimeout(r, ${opts.holdMs}));
log(${JSON.stringify(`${name} end`)});
await mutex.release();
`;
  return execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
}

const logLines = async () => (await readFile(join(dir, 'log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the holder has the mutex and has recorded its child; returns the child's pid. */
async function childOfHolder(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    const line = (await logLines()).find((l) => l.startsWith('child '));
    const owner = await readFile(join(store.mutexesDir, 'entry.lock'), 'utf8').catch(() => '');
    if (line && owner.includes('"children"')) return Number(line.slice(6));
  }
  throw new Error(`the holder did not start its child: ${(await logLines()).join('\n')}`);
}

describe('acquireMutex across processes', () => {
  it('lets one process in at a time; the other waits, then proceeds', async () => {
    const a = holder('A', { holdMs: 800 });
    await sleep(200);
    const b = holder('B', { holdMs: 10 });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.exitCode, ra.stderr).toBe(0);
    expect(rb.exitCode, rb.stderr).toBe(0);
    expect(await logLines()).toEqual(['A start', 'B waits', 'A end', 'B start', 'B end']);
  });

  it('breaks the mutex of a SIGKILLed owner, stops the build step it left and removes its build and staging directories', async () => {
    const a = holder('A', { holdMs: 60_000, spawnChild: true, paths: [store.buildDir, store.staging] });
    const child = await childOfHolder();
    a.kill('SIGKILL');
    await a;
    expect(alive(child)).toBe(true); // the orphan outlives its killed parent
    const b = await holder('B', { holdMs: 10 });
    expect(b.exitCode, b.stderr).toBe(0);
    expect(await logLines()).toEqual(['A start', `child ${child}`, 'B breaks stale mutex of A', 'B start', 'B end']);
    expect(alive(child)).toBe(false);
    expect(await present(store.buildDir)).toBe(false);
    expect(await present(store.staging)).toBe(false);
  });

  it.skipIf(!hasProc())('never breaks the mutex of a live owner on this host, even one stopped (SIGSTOP) far past the stale window', async () => {
    const staleMs = 600;
    const a = holder('A', { holdMs: 1_000, spawnChild: true, paths: [store.buildDir, store.staging], staleMs });
    const child = await childOfHolder();
    a.kill('SIGSTOP');
    try {
      await sleep(3 * staleMs);
      const b = holder('B', { holdMs: 10, staleMs });
      await sleep(4 * staleMs);
      expect(await logLines()).toEqual(['A start', `child ${child}`, 'B waits']);
      expect(alive(child)).toBe(true);
      expect(await present(join(store.buildDir, 'half-built.o'))).toBe(true);
      a.kill('SIGCONT');
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra.exitCode, ra.stderr).toBe(0);
      expect(rb.exitCode, rb.stderr).toBe(0);
      expect(await logLines()).toEqual(['A start', `child ${child}`, 'B waits', 'A end', 'B start', 'B end']);
    } finally {
      a.kill('SIGCONT');
      stopGroup(child);
    }
  });
});
