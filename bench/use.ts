/**
 * What using built interpreters costs, side by side in one invocation (machines here are noisy:
 * compare within a run):
 *
 *   interpreter alone     <store python> -c pass
 *   run, env exists       pydebug run debug -- python -c pass   (goal: at most 0.1 s more)
 *   which                 pydebug which debug
 *   run, first use        the same in a new project: makes the project environment (a venv)
 *   sync --frozen         warm: every entry checked against its seal (goal: at most 0.3 s)
 *   sync --frozen, cold   the same with the seals and stamps removed, as the first sync after a
 *                         build finds them when the build's files had not settled: every file
 *                         hashed (goal: at most 1 s)
 *
 *   node bench/run.mjs use --work <dir>
 * where <dir> holds a built store and its project, as the e2e tests leave them with
 * PYDEBUG_TEST_WORK=<dir> (home/ and project/, the recipe's three 3.11.2 variants).
 */

import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';

const CLI = join(process.env.PYDEBUG_REPO_ROOT ?? resolve('.'), 'dist', 'cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function seconds(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<number> {
  const t0 = performance.now();
  const r = await execa(cmd, args, { ...opts, extendEnv: false, reject: false });
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.exitCode}):\n${String(r.stderr).slice(-2000)}`);
  return (performance.now() - t0) / 1000;
}

/**
 * CPU seconds (user + system) of the children this process has waited for, from /proc (Linux):
 * on a machine shared with other work, wall time says more about the neighbours than about
 * pydebug, CPU time much less.
 */
function childCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds per run of the last repeat() (the mean: /proc counts in 10 ms ticks). */
let lastCpu = Number.NaN;

async function repeat(n: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  const cpu0 = childCpu();
  for (let i = 0; i < n; i++) xs.push(await f());
  lastCpu = (childCpu() - cpu0) / n;
  return median(xs);
}

export async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--work');
  if (at === -1 || !args[at + 1]) throw new Error('usage: node bench/run.mjs use --work <dir with home/ and project/>');
  const work = resolve(args[at + 1]!);
  const home = join(work, 'home');
  const project = join(work, 'project');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PYDEBUG_HOME: home };
  const node = process.execPath;
  const pydebug = (cwd: string, a: string[]) => seconds(node, [CLI, ...a], { cwd, env });

  const python = (await execa(node, [CLI, 'which', 'debug'], { cwd: project, env, extendEnv: false })).stdout.trim();
  await pydebug(project, ['run', 'debug', '--', 'python', '-c', 'pass']); // the environment exists from here on

  const alone = await repeat(10, () => seconds(python, ['-c', 'pass'], { cwd: project, env }));
  const aloneCpu = lastCpu;
  const run = await repeat(10, () => pydebug(project, ['run', 'debug', '--', 'python', '-c', 'pass']));
  const runCpu = lastCpu;
  const which = await repeat(10, () => pydebug(project, ['which', 'debug']));
  const whichCpu = lastCpu;

  const firstUse: number[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await mkdtemp(join(work, 'bench-use-'));
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(project, f), join(fresh, f));
    firstUse.push(await pydebug(fresh, ['run', 'debug', '--', 'python', '-c', 'pass']));
    await rm(fresh, { recursive: true, force: true });
  }

  const warmSync = await repeat(5, () => pydebug(project, ['sync', '--frozen']));
  const warmSyncCpu = lastCpu;
  await rm(join(home, 'verified'), { recursive: true, force: true });
  const coldSync = await repeat(1, () => pydebug(project, ['sync', '--frozen']));
  const coldSyncCpu = lastCpu;

  const row = (what: string, s: number, cpu: number | undefined, note = '') =>
    console.log(`${what.padEnd(34)} ${s.toFixed(3).padStart(7)} s  ${cpu === undefined ? '         ' : `${cpu.toFixed(3).padStart(5)} CPU`}  ${note}`);
  console.log(`pydebug use, store ${home} (3 entries of 3.11.2); wall (median), CPU (user + system, mean)`);
  row('interpreter alone (-c pass)', alone, aloneCpu, 'median of 10');
  row('run debug -- python -c pass', run, runCpu, `median of 10; ${(run - alone).toFixed(3)} s (${(runCpu - aloneCpu).toFixed(3)} CPU) over the interpreter (goal <= 0.1)`);
  row('which debug', which, whichCpu, 'median of 10');
  row('run, first use (makes the venv)', median(firstUse), undefined, `median of 3: ${firstUse.map((x) => x.toFixed(1)).join(', ')} s`);
  row('sync --frozen, warm (seals)', warmSync, warmSyncCpu, 'median of 5; every file of 3 entries checked by stat (goal <= 0.3)');
  row('sync --frozen, no stamps', coldSync, coldSyncCpu, 'once; every file of 3 entries hashed (goal <= 1)');
}
