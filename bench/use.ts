/**
 * What using built interpreters costs, side by side in one invocation (machines here are noisy:
 * compare within a run):
 *
 *   interpreter alone     <store python> -c pass
 *   run, env exists       pydebug run debug -- python -c pass   (goal: at most 0.3 s more)
 *   which                 pydebug which debug
 *   run, first use        the same in a new project: makes the project environment (a venv)
 *   sync --frozen         warm: every file of every entry verified (stat fields against stamps)
 *   sync --frozen, cold   the same with the stamps removed: every file hashed
 *
 *   node bench/run.mjs use --work <dir>
 * where <dir> holds a built store and its project, as the e2e tests leave them with
 * PYDEBUG_TEST_WORK=<dir> (home/ and project/, the recipe's three 3.11.2 variants).
 */
import { execa } from 'execa';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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

async function repeat(n: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await f());
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
  const run = await repeat(10, () => pydebug(project, ['run', 'debug', '--', 'python', '-c', 'pass']));
  const which = await repeat(10, () => pydebug(project, ['which', 'debug']));

  const firstUse: number[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await mkdtemp(join(work, 'bench-use-'));
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(project, f), join(fresh, f));
    firstUse.push(await pydebug(fresh, ['run', 'debug', '--', 'python', '-c', 'pass']));
    await rm(fresh, { recursive: true, force: true });
  }

  const warmSync = await repeat(5, () => pydebug(project, ['sync', '--frozen']));
  await rm(join(home, 'verified'), { recursive: true, force: true });
  const coldSync = await pydebug(project, ['sync', '--frozen']);

  const row = (what: string, s: number, note = '') => console.log(`${what.padEnd(34)} ${s.toFixed(3).padStart(7)} s  ${note}`);
  console.log(`pydebug use, store ${home} (3 entries of 3.11.2)`);
  row('interpreter alone (-c pass)', alone, 'median of 10');
  row('run debug -- python -c pass', run, `median of 10; ${(run - alone).toFixed(3)} s over the interpreter (goal <= 0.3)`);
  row('which debug', which, 'median of 10');
  row('run, first use (makes the venv)', median(firstUse), `median of 3: ${firstUse.map((x) => x.toFixed(1)).join(', ')} s`);
  row('sync --frozen, warm (stamps)', warmSync, 'median of 5; every file of 3 entries checked by stat');
  row('sync --frozen, no stamps', coldSync, 'once; every file of 3 entries hashed');
}
