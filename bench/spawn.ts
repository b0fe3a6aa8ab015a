/**
 * What creating a process costs on this machine, in one line, printed with the bench's figures so
 * that results from different machines compare: configure is thousands of fork+exec of tiny
 * programs, so where this is expensive, configure is slow and concurrent configures slow each other.
 *
 *   node: N spawns of /bin/true from Node, one after another (what pydebug's own steps cost)
 *   sh:   a /bin/sh loop running /bin/true M times (what configure does), with its user and
 *         system CPU from the shell's `times` (fork's cost is the shell's, exec's the child's)
 *
 *   node bench/run.mjs spawn [--spawns 200] [--forks 1000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseStepReport } from '../src/platform/step-cpu.js';

export interface ProcessCreationCost {
  /** Milliseconds per spawn of /bin/true from Node (median of batches). */
  nodeSpawnMs: number;
  spawns: number;
  /** Milliseconds per fork+exec+wait of /bin/true in a /bin/sh loop. */
  shForkMs: number;
  forks: number;
  /** CPU per fork+exec in the loop, in milliseconds: user and system. */
  shUserMs: number;
  shSysMs: number;
}

async function spawnTrue(): Promise<void> {
  const child = spawn('/bin/true', [], { stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`/bin/true exited ${code}`);
}

export async function measureProcessCreation(spawns = 200, forks = 1000): Promise<ProcessCreationCost> {
  // Node: batches of 20, the median batch (the machine may be busy in bursts).
  await spawnTrue(); // warm up
  const batch = 20;
  const perBatch: number[] = [];
  for (let done = 0; done < spawns; done += batch) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await spawnTrue();
    perBatch.push((performance.now() - t0) / batch);
  }
  perBatch.sort((a, b) => a - b);
  const nodeSpawnMs = perBatch[Math.floor(perBatch.length / 2)]!;

  const script = `i=0; while [ $i -lt ${forks} ]; do /bin/true; i=$((i + 1)); done; times`;
  const t0 = performance.now();
  const sh = spawn('/bin/sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  sh.stdout.setEncoding('utf8');
  sh.stdout.on('data', (d: string) => (out += d));
  const [code] = (await once(sh, 'close')) as [number | null];
  const wall = performance.now() - t0;
  if (code !== 0) throw new Error(`the /bin/sh loop exited ${code}`);
  const report = parseStepReport(out);
  const cpu = 'cpu' in report ? report.cpu : { user: NaN, sys: NaN };
  return { nodeSpawnMs, spawns, shForkMs: wall / forks, forks, shUserMs: (cpu.user * 1000) / forks, shSysMs: (cpu.sys * 1000) / forks };
}

export function describeProcessCreation(c: ProcessCreationCost): string {
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : '?');
  return (
    `process creation: ${ms(c.nodeSpawnMs)} per spawn of /bin/true from node (median of ${c.spawns / 20} batches of 20); ` +
    `${ms(c.shForkMs)} per fork+exec in a /bin/sh loop (${c.forks} runs; CPU ${ms(c.shUserMs)} user + ${ms(c.shSysMs)} sys each)`
  );
}

export async function main(argv: string[]): Promise<void> {
  const opt = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    const n = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 20) throw new Error(`${name} wants a whole number of at least 20`);
    return n;
  };
  process.stdout.write(`${describeProcessCreation(await measureProcessCreation(opt('--spawns', 200), opt('--forks', 1000)))}\n`);
}
