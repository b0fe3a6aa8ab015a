/**
 * The store's cross-process lock, with real processes: mutual exclusion, and recovery after an
 * owner is SIGKILLed while its own child processes keep running.
 */
import { build } from 'esbuild';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let lockModule: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-lock-'));
  lockModule = join(dir, 'file-lock.mjs');
  await build({ entryPoints: [new URL('../../src/store/file-lock.ts', import.meta.url).pathname], outfile: lockModule, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A process that takes the lock, logs, optionally starts a long-lived child group, holds, releases. */
function holder(name: string, opts: { holdMs: number; spawnChild?: boolean; paths?: string[] }) {
  const script = `
import { acquireLock, cleanUpAfter } from ${JSON.stringify(lockModule)};
import { appendFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
const log = (s) => appendFileSync(${JSON.stringify(join(dir, 'log'))}, s + '\\n');
const lock = await acquireLock(${JSON.stringify(join(dir, 'locks', 'entry.lock'))}, {
  purpose: ${JSON.stringify(name)},
  onWait: () => log(${JSON.stringify(`${name} waits`)}),
  onStale: async (owner) => { log(${JSON.stringify(`${name} breaks stale lock of `)} + owner.purpose); await cleanUpAfter(owner); },
});
log(${JSON.stringify(`${name} start`)});
${opts.spawnChild ? `const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' }); log('child ' + child.pid);` : ''}
await lock.update({ paths: ${JSON.stringify(opts.paths ?? [])}${opts.spawnChild ? ', children: [child.pid]' : ''} });
await new Promise((r) => setTimeout(r, ${opts.holdMs}));
log(${JSON.stringify(`${name} end`)});
await lock.release();
`;
  return execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
}

const logLines = async () => (await readFile(join(dir, 'log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('acquireLock across processes', () => {
  it('lets one process in at a time; the other waits, then proceeds', async () => {
    await rm(join(dir, 'log'), { force: true });
    const a = holder('A', { holdMs: 800 });
    await new Promise((r) => setTimeout(r, 200));
    const b = holder('B', { holdMs: 10 });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.exitCode, ra.stderr).toBe(0);
    expect(rb.exitCode, rb.stderr).toBe(0);
    expect(await logLines()).toEqual(['A start', 'B waits', 'A end', 'B start', 'B end']);
  });

  it('breaks the lock of a SIGKILLed owner, stops the process group it left and removes its files', async () => {
    await rm(join(dir, 'log'), { force: true });
    const leftover = join(dir, 'build-dir');
    await mkdir(leftover);
    await writeFile(join(leftover, 'half-built.o'), 'x');
    const a = holder('A', { holdMs: 60_000, spawnChild: true, paths: [leftover] });
    // Wait until A holds the lock and has recorded its child.
    let child = 0;
    for (let i = 0; i < 100 && !child; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const line = (await logLines()).find((l) => l.startsWith('child '));
      const lock = await readFile(join(dir, 'locks', 'entry.lock'), 'utf8').catch(() => '');
      if (line && lock.includes('"children"')) child = Number(line.slice(6));
    }
    expect(child).toBeGreaterThan(0);
    a.kill('SIGKILL');
    await a;
    expect(alive(child)).toBe(true); // the orphan outlives its killed parent
    const b = await holder('B', { holdMs: 10 });
    expect(b.exitCode, b.stderr).toBe(0);
    expect(await logLines()).toEqual(['A start', `child ${child}`, 'B breaks stale lock of A', 'B start', 'B end']);
    expect(alive(child)).toBe(false);
    await expect(stat(leftover)).rejects.toThrow();
  });
});
