/**
 * pydebug against the hand recipe, measured in one invocation on a real CPython tarball served
 * over loopback (machines here are noisy: compare the ratios, not absolute seconds).
 *
 *   recipe        the seed recipe as written, once per variant: extract; mkdir debug; cd debug;
 *                 ../configure <flags>; make (serial); make install
 *   pydebug cold  pydebug sync of the same 3 variants into an empty store, once per schedule
 *                 (PYDEBUG_SCHEDULE, see src/plan/schedule.ts), one after another
 *   pydebug warm  pydebug sync again, everything in the store (after the first schedule)
 *   no-op         pydebug sync --frozen, fresh lock, everything in the store
 *   limit         CPU seconds of pydebug's builds / cores
 * with, for each: user and system CPU per phase and per entry (the build steps' rusage, which
 * pydebug records in each entry's manifest), when the first interpreter was ready, the peak RSS
 * of pydebug, and a line saying what creating a process costs on this machine (bench/spawn.ts),
 * measured before and after; plus store size and cache archive size per variant (tar | zstd -T0
 * --long=30, as @actions/cache).
 *
 *   node bench/run.mjs sync [--version 3.13.5] [--schedules current/no-share,current,configure-queue,cost]
 *                           [--slow-exec 10000:100] [--skip-recipe] [--pydebug-args "--parallel 2"] [--keep] [--dry-run]
 * --schedules: each run's PYDEBUG_SCHEDULE; "/no-share" after one also sets PYDEBUG_SHARE_CONFIGURE=0
 *   (every entry runs all of configure's checks itself, as before builder/configure-facts.ts).
 * --slow-exec <us>[:<percent>]: emulates a machine where starting a process is expensive, for the
 *   recipe and pydebug alike: every program started spends <us> microseconds of CPU first, the last
 *   <percent> of them under a machine-wide lock (bench/slow-exec.c, by LD_PRELOAD). 10000:100 matches
 *   the slow machine of issue 15: configure of 3.11.2 alone ~99 s wall / 99 CPU-s, two side by side
 *   cost each other ~40% more CPU.
 * --dry-run: checks the options, measures process creation and says what it would run; builds nothing.
 * Tarballs: PYDEBUG_TEST_TARBALLS (default ~/.cache/pydebug-test-tarballs, fetched by npm test).
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { SHARE_CONFIGURE_KNOB } from '../src/builder/configure-facts.js';
import { parseSchedule, SCHEDULE_KNOB, scheduleName } from '../src/plan/schedule.js';
import { TARBALLS } from '../test/e2e/shared.js';
import { startTarballServer } from '../test/support/tarball-server.js';
import { describeProcessCreation, measureProcessCreation } from './spawn.js';

const VARIANTS = [
  { name: 'debug', flags: ['--with-pydebug'], yaml: 'pydebug: true' },
  { name: 'trace-refs', flags: ['--with-pydebug', '--with-trace-refs'], yaml: 'pydebug: true\n    trace_refs: true' },
  { name: 'no-pymalloc', flags: ['--with-pydebug', '--without-pymalloc'], yaml: 'pydebug: true\n    pymalloc: false' },
];

/** CPU seconds of this process's waited-for children (and theirs): /proc/self/stat cutime, cstime. */
function childCpu(): Cpu {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[13]) / 100, sys: Number(fields[14]) / 100 };
}

interface Cpu {
  user: number;
  sys: number;
}

interface Timed {
  wall: number;
  cpu: Cpu;
}

const cpuSince = (before: Cpu): Cpu => {
  const now = childCpu();
  return { user: now.user - before.user, sys: now.sys - before.sys };
};
const addCpu = (a: Cpu, b: Cpu | undefined): Cpu => (b ? { user: a.user + b.user, sys: a.sys + b.sys } : a);
const total = (c: Cpu) => c.user + c.sys;

async function timed(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Timed & { stdout: string; stderr: string }> {
  const cpu0 = childCpu();
  const t0 = performance.now();
  const r = await execa(cmd, args, { cwd: opts.cwd, env: opts.env, extendEnv: opts.env === undefined, reject: false });
  const wall = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.exitCode}):\n${String(r.stderr).slice(-3000)}`);
  return { wall, cpu: cpuSince(cpu0), stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** What one cold sync did: its wall and CPU, when each entry was ready, and each entry's steps. */
interface ColdRun {
  schedule: string;
  wall: number;
  cpu: Cpu;
  peakRssKb: number;
  /** Seconds from the start of the sync to each entry's "built" line. */
  readyAt: Map<string, number>;
  entries: Array<{ id: string; timings: Record<string, number>; cpu: Record<string, Cpu> }>;
}

/**
 * A cold sync, its stderr read line by line as it comes (the time of each "<id>: built" line is
 * when that interpreter was ready); only the last lines are kept, for an error.
 */
async function coldSync(cli: string, args: string[], opts: { cwd: string; env: Record<string, string>; rssFile: string }): Promise<Omit<ColdRun, 'schedule' | 'entries'>> {
  const cpu0 = childCpu();
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', opts.rssFile, process.execPath, cli, 'sync', ...args], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const readyAt = new Map<string, number>();
  const tail: string[] = [];
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => {
    const built = /^(?:\[\d+:\d\d\] )?(\S+): built \(/.exec(line);
    if (built) readyAt.set(built[1]!, (performance.now() - t0) / 1000);
    if (/ done in | built \(|wait for its turn|scheduled by/.test(line)) process.stderr.write(`  ${line}\n`);
    tail.push(line);
    if (tail.length > 60) tail.shift();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`pydebug sync failed (${code}):\n${tail.join('\n')}`);
  const peakRssKb = Number((await readFile(opts.rssFile, 'utf8')).trim().split('\n').pop());
  return { wall, cpu: cpuSince(cpu0), peakRssKb, readyAt };
}

/** Each entry's step timings and CPU, from the manifests the sync wrote. */
async function entrySteps(list: Array<{ id: string; prefix: string }>): Promise<ColdRun['entries']> {
  return Promise.all(
    list.map(async (e) => {
      const m = JSON.parse(await readFile(join(e.prefix, 'share', 'pydebug', 'manifest.json'), 'utf8')) as { timings: Record<string, number>; cpu?: Record<string, Cpu> };
      return { id: e.id, timings: m.timings, cpu: m.cpu ?? {} };
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function du(path: string): Promise<number> {
  const st = await stat(path).catch(() => undefined);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (!e.isDirectory()) total += (await stat(join(e.parentPath, e.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/** Bytes of `tar -cf - <dir> | zstd -T0 --long=30`, counted as they stream (never held in memory). */
async function archiveBytes(parent: string, name: string, exclude: string[] = []): Promise<number> {
  const tar = spawn('tar', ['--posix', '-cf', '-', ...exclude.map((e) => `--exclude=${e}`), '-C', parent, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarExit = once(tar, 'exit');
  const zstd = spawn('zstd', ['-T0', '--long=30', '-q', '-c'], { stdio: [tar.stdout, 'pipe', 'inherit'] });
  const zstdExit = once(zstd, 'exit');
  // zstd reads tar's output directly; this process must not keep the pipe open.
  tar.stdout.destroy();
  let bytes = 0;
  for await (const chunk of zstd.stdout) bytes += (chunk as Buffer).length;
  await Promise.all([tarExit, zstdExit]);
  return bytes;
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const sec = (n: number) => (n < 10 ? `${n.toFixed(2)} s` : `${n.toFixed(0)} s`);
/** `53 u + 51 s`: user and system CPU seconds. */
const cpuSec = (n: number) => n.toFixed(Math.abs(n) < 10 ? 1 : 0);
const us = (c: Cpu | undefined) => (c ? `${cpuSec(c.user)} u + ${cpuSec(c.sys)} s` : '-');
const firstReady = (readyAt: Map<string, number>) => (readyAt.size ? Math.min(...readyAt.values()) : undefined);
const clock = (n: number | undefined) => (n === undefined ? '-' : `${Math.floor(n / 60)}:${String(Math.round(n % 60)).padStart(2, '0')}`);

function table(header: string[], body: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  return [header, ...body]
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(w[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const STEP_PHASES = ['configure', 'make', 'test', 'install'] as const;

export async function main(argv: string[]): Promise<void> {
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const version = opt('--version') ?? '3.13.5';
  const tarball = TARBALLS.find((t) => t.version === version);
  if (!tarball) throw new Error(`no tarball for ${version}; known: ${TARBALLS.map((t) => t.version).join(', ')}`);
  const cores = availableParallelism();
  const root = process.env.PYDEBUG_REPO_ROOT ?? process.cwd();
  const cli = join(root, 'dist', 'cli.js');
  // Checked before anything runs: a typo must not cost a 10-minute recipe.
  const schedules = (opt('--schedules') ?? 'current')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (schedules.length === 0) throw new Error('--schedules names no schedule');
  const runFor = (item: string) => {
    const [schedule = '', ...flags] = item.split('/');
    if (flags.some((f) => f !== 'no-share')) throw new Error(`--schedules: "${item}": only /no-share may follow a schedule`);
    return { schedule, share: !flags.includes('no-share') };
  };
  for (const s of schedules) parseSchedule(runFor(s).schedule, cores);
  const slowExec = await emulateSlowExec(opt('--slow-exec'), root);
  const extraArgs = (opt('--pydebug-args') ?? '').split(/\s+/).filter(Boolean);
  const tarballs = process.env.PYDEBUG_TEST_TARBALLS ?? join(homedir(), '.cache', 'pydebug-test-tarballs');
  const tarballPath = join(tarballs, version, tarball.file);
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  const spawnCost = [describeProcessCreation(await measureProcessCreation())];
  if (slowExec) log(slowExec.description);
  log(spawnCost[0]!);
  if (argv.includes('--dry-run')) {
    const recipe = argv.includes('--skip-recipe') ? 'no recipe' : `the recipe for ${VARIANTS.map((v) => v.name).join(', ')}`;
    const present = await stat(tarballPath).then(
      () => 'present',
      () => 'MISSING: run npm test once (its e2e setup fetches it)',
    );
    log(
      `would run: ${recipe}; then a cold sync per schedule: ${schedules
        .map(runFor)
        .map((r) => `${SCHEDULE_KNOB}=${scheduleName(parseSchedule(r.schedule, cores))}${r.share ? '' : ` ${SHARE_CONFIGURE_KNOB}=0`}`)
        .join(', ')}`,
    );
    await slowExec?.remove();
    log(`CPython ${version} (${tarballPath}: ${present}), ${cores} cores, ${cli}, pydebug sync ${extraArgs.join(' ')}`);
    return;
  }
  await stat(tarballPath).catch(() => {
    throw new Error(`${tarballPath} is missing: run npm test once (its e2e setup fetches it)`);
  });
  const work = await mkdtemp(join(tmpdir(), 'pydebug-bench-'));
  const server = await startTarballServer(tarballs);
  log(`CPython ${version}, ${cores} cores, work dir ${work}, schedules ${schedules.join(', ')}`);

  try {
    // 1. The recipe, as written, once per variant.
    const recipe: Array<{ name: string; extract: Timed; configure: Timed; make: Timed; install: Timed }> = [];
    if (!argv.includes('--skip-recipe')) {
      for (const v of VARIANTS) {
        const dir = join(work, 'recipe', v.name);
        await mkdir(dir, { recursive: true });
        const extract = await timed('tar', ['-xf', tarballPath, '-C', dir], { cwd: dir });
        const src = join(dir, (await readdir(dir))[0]!);
        await mkdir(join(src, 'debug'));
        const build = join(src, 'debug');
        const configure = await timed('../configure', [...v.flags, `--prefix=${join(dir, 'install')}`], { cwd: build });
        const make = await timed('make', [], { cwd: build });
        const install = await timed('make', ['install'], { cwd: build });
        recipe.push({ name: v.name, extract, configure, make, install });
        log(
          `recipe ${v.name}: extract ${sec(extract.wall)}, configure ${sec(configure.wall)} (${us(configure.cpu)}), make ${sec(make.wall)} (${us(make.cpu)}), install ${sec(install.wall)} (${us(install.cpu)})`,
        );
        // Keep one full install (as the recipe makes it) to compare sizes with pydebug's.
        if (v === VARIANTS[0]) await rename(join(dir, 'install'), join(work, 'recipe-install'));
        await rm(dir, { recursive: true, force: true });
      }
    }

    // 2. pydebug cold, once per schedule, each into its own empty store (the previous one is
    // removed once measured, but the first: warm, no-op and sizes are measured on it).
    const project = join(work, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, 'pydebug.yml'),
      `python:\n  - version: "${version}"\n    url: https://www.python.org/ftp/python/${version}/${tarball.file}\n    sha256: ${tarball.sha256}\nvariants:\n${VARIANTS.map((v) => `  ${v.name}:\n    ${v.yaml}\n`).join('')}`,
    );
    const envFor = (home: string, item?: string) => {
      const env = { ...process.env, PYDEBUG_HOME: home, PYDEBUG_MIRROR: server.mirror } as Record<string, string>;
      delete env.CI;
      delete env[SCHEDULE_KNOB];
      delete env[SHARE_CONFIGURE_KNOB];
      if (item !== undefined) {
        const run = runFor(item);
        env[SCHEDULE_KNOB] = run.schedule;
        if (!run.share) env[SHARE_CONFIGURE_KNOB] = '0';
      }
      return env;
    };
    const firstHome = join(work, 'home-0');
    const runs: ColdRun[] = [];
    for (const [i, schedule] of schedules.entries()) {
      const home = join(work, `home-${i}`);
      log(`pydebug cold sync, ${SCHEDULE_KNOB}=${schedule} ${extraArgs.join(' ')}...`);
      const cold = await coldSync(cli, extraArgs, { cwd: project, env: envFor(home, schedule), rssFile: join(work, 'rss') });
      const list = JSON.parse((await timed(process.execPath, [cli, 'list', '--json'], { cwd: project, env: envFor(home) })).stdout) as Array<{ id: string; key: string; prefix: string }>;
      runs.push({ schedule, ...cold, entries: await entrySteps(list) });
      log(`${schedule}: ${sec(cold.wall)}, first ready at ${clock(firstReady(cold.readyAt))}, ${us(cold.cpu)} CPU`);
      if (i > 0 && !argv.includes('--keep')) await rm(home, { recursive: true, force: true });
    }

    // 3. warm and no-op, median of several runs, on the first schedule's store.
    const env = envFor(firstHome);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await timed(process.execPath, [cli, 'sync', '-q'], { cwd: project, env })).wall);
    const noop: number[] = [];
    for (let i = 0; i < 10; i++) noop.push((await timed(process.execPath, [cli, 'sync', '--frozen', '-q'], { cwd: project, env })).wall);

    // 4. Sizes.
    const list = JSON.parse((await timed(process.execPath, [cli, 'list', '--json'], { cwd: project, env })).stdout) as Array<{ id: string; entry_key: string; prefix: string }>;
    const sizes: string[][] = [];
    if (recipe.length) {
      const full = join(work, 'recipe-install');
      sizes.push([`${VARIANTS[0]!.name} as the recipe installs it (full)`, mb(await du(full)), mb(await archiveBytes(work, 'recipe-install'))]);
    }
    for (const e of list) {
      sizes.push([`${e.id} (pydebug, slim)`, mb(await du(e.prefix)), mb(await archiveBytes(join(firstHome, 'entries'), e.entry_key))]);
    }
    spawnCost.push(describeProcessCreation(await measureProcessCreation()));

    // 5. Report.
    const recipeTotal = recipe.reduce((a, r) => a + r.extract.wall + r.configure.wall + r.make.wall + r.install.wall, 0);
    const recipeFirst = recipe[0] ? recipe[0].extract.wall + recipe[0].configure.wall + recipe[0].make.wall + recipe[0].install.wall : undefined;
    const recipeCpu = recipe.reduce((a, r) => addCpu(addCpu(addCpu(addCpu(a, r.extract.cpu), r.configure.cpu), r.make.cpu), r.install.cpu), { user: 0, sys: 0 });
    const ratio = (n: number) => (recipe.length ? `${(n / recipeTotal).toFixed(2)}×` : '');
    const rows: string[][] = [];
    if (recipe.length) rows.push(['recipe (as written, 3 variants)', sec(recipeTotal), '1.00×', clock(recipeFirst), cpuSec(recipeCpu.user), cpuSec(recipeCpu.sys), '']);
    for (const r of runs) {
      const limit = total(r.cpu) / cores;
      rows.push([
        `pydebug cold, ${r.schedule}`,
        sec(r.wall),
        ratio(r.wall),
        clock(firstReady(r.readyAt)),
        cpuSec(r.cpu.user),
        cpuSec(r.cpu.sys),
        `${(r.wall / limit).toFixed(2)}× (limit ${sec(limit)}${recipe.length ? `, ${ratio(limit)} the recipe` : ''})`,
      ]);
    }
    rows.push(['pydebug warm sync (median of 5)', sec(median(warm)), '', '', '', '', '']);
    rows.push(['pydebug sync --frozen, no-op (median of 10)', sec(median(noop)), '', '', '', '', '']);

    // CPU per phase, all entries together: the recipe's, then each schedule's; what the steps do
    // not account for is pydebug's own work (download, extract, probe, hashing) and the loopback server's share.
    const phases = STEP_PHASES.filter((p) => runs.some((r) => r.entries.some((e) => e.cpu[p] || e.timings[p] !== undefined)));
    const phaseCpu = (r: ColdRun, p: string) => r.entries.reduce<Cpu | undefined>((a, e) => (e.cpu[p] ? addCpu(a ?? { user: 0, sys: 0 }, e.cpu[p]) : a), undefined);
    const stepsCpu = (r: ColdRun) => phases.reduce((a, p) => addCpu(a, phaseCpu(r, p)), { user: 0, sys: 0 });
    const phaseRows: string[][] = [
      ...(recipe.length ? [['extract', us(recipe.reduce((a, r) => addCpu(a, r.extract.cpu), { user: 0, sys: 0 })), ...runs.map(() => '')]] : []),
      ...phases.map((p) => [
        p,
        ...(recipe.length ? [p === 'configure' || p === 'make' || p === 'install' ? us(recipe.reduce((a, r) => addCpu(a, r[p].cpu), { user: 0, sys: 0 })) : '-'] : []),
        ...runs.map((r) => us(phaseCpu(r, p))),
      ]),
      ['pydebug itself and the rest', ...(recipe.length ? [''] : []), ...runs.map((r) => us({ user: r.cpu.user - stepsCpu(r).user, sys: r.cpu.sys - stepsCpu(r).sys }))],
      ['total', ...(recipe.length ? [us(recipeCpu)] : []), ...runs.map((r) => us(r.cpu))],
    ];

    // Per entry, per schedule: each step's wall and CPU, and when the entry was ready.
    const entryTables = runs.map((r) =>
      table(
        [`${r.schedule}: entry`, ...phases.map((p) => `${p} wall (CPU)`), 'probe', 'ready at', 'peak RSS'],
        r.entries.map((e, i) => [
          e.id,
          ...phases.map((p) => (e.timings[p] === undefined ? '-' : `${sec(e.timings[p])} (${us(e.cpu[p])})`)),
          e.timings.probe === undefined ? '-' : sec(e.timings.probe),
          clock(r.readyAt.get(e.id)),
          i === 0 ? `${(r.peakRssKb / 1024).toFixed(0)} MB` : '',
        ]),
      ),
    );

    const out = [
      '',
      `CPython ${version}, ${cores} cores, pydebug sync ${extraArgs.join(' ')}`,
      ...(slowExec ? [slowExec.description] : []),
      ...spawnCost.map((l, i) => `${l}${spawnCost.length > 1 ? (i === 0 ? ' (before)' : ' (after)') : ''}`),
      '',
      table(['', 'wall', 'vs recipe', 'first ready', 'user CPU s', 'sys CPU s', 'vs limit (CPU s / cores)'], rows),
      '',
      table(['CPU per phase (user + sys s)', ...(recipe.length ? ['recipe'] : []), ...runs.map((r) => r.schedule)], phaseRows),
      '',
      ...entryTables.flatMap((t) => [t, '']),
      ...(recipe.length
        ? [
            table(
              ['recipe phase', ...recipe.map((r) => r.name)],
              (['extract', 'configure', 'make', 'install'] as const).map((p) => [p, ...recipe.map((r) => `${sec(r[p].wall)} (${us(r[p].cpu)})`)]),
            ),
            '',
          ]
        : []),
      table(['installed interpreter', 'size', 'cache archive (tar | zstd -T0 --long=30)'], sizes),
      '',
      `tarball ${mb((await stat(tarballPath)).size)}`,
      '',
    ].join('\n');
    process.stdout.write(out);
  } finally {
    await server.close();
    await slowExec?.remove();
    if (!argv.includes('--keep')) await rm(work, { recursive: true, force: true });
  }
}

/**
 * --slow-exec: builds bench/slow-exec.c and sets LD_PRELOAD (and its knobs) in this process's
 * environment, which every command the bench runs inherits (the bench's own node does not).
 */
async function emulateSlowExec(value: string | undefined, root: string): Promise<{ description: string; remove: () => Promise<void> } | undefined> {
  if (value === undefined) return undefined;
  const m = /^(\d{1,6})(?::(\d{1,3}))?$/.exec(value);
  const us = Number(m?.[1]);
  const shared = Number(m?.[2] ?? 0);
  if (!m || us < 1 || shared > 100) throw new Error('--slow-exec wants <microseconds>[:<percent under the lock, 0-100>], e.g. 10000:100');
  const dir = await mkdtemp(join(tmpdir(), 'pydebug-slow-exec-'));
  const so = join(dir, 'slow-exec.so');
  await execa('cc', ['-O2', '-shared', '-fPIC', '-o', so, join(root, 'bench', 'slow-exec.c')]);
  await writeFile(join(dir, 'lock'), Buffer.alloc(4096));
  Object.assign(process.env, { LD_PRELOAD: so, SLOW_EXEC_US: String(us), SLOW_EXEC_SHARED_PERCENT: String(shared), SLOW_EXEC_LOCK: join(dir, 'lock') });
  return {
    description: `emulated slow process creation (bench/slow-exec.c): ${us} us of CPU per program started, ${shared}% of it under a machine-wide lock`,
    remove: async () => {
      for (const k of ['LD_PRELOAD', 'SLOW_EXEC_US', 'SLOW_EXEC_SHARED_PERCENT', 'SLOW_EXEC_LOCK']) delete process.env[k];
      await rm(dir, { recursive: true, force: true });
    },
  };
}
