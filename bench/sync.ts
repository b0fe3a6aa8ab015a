/**
 * pydebug against the hand recipe, measured in one invocation on a real CPython tarball served
 * over loopback (machines here are noisy: compare the ratios, not absolute seconds).
 *
 *   recipe        the seed recipe as written, once per variant: extract; mkdir debug; cd debug;
 *                 ../configure <flags>; make (serial); make install
 *   pydebug cold  pydebug sync of the same 3 variants, empty store
 *   pydebug warm  pydebug sync again, everything in the store
 *   no-op         pydebug sync --frozen, fresh lock, everything in the store
 *   limit         CPU seconds of pydebug's builds / cores
 * plus store size and cache archive size per variant (tar | zstd -T0 --long=30, as @actions/cache).
 *
 *   node bench/run.mjs sync [--version 3.13.5] [--skip-recipe] [--pydebug-args "--parallel 2"]
 * Tarballs: PYDEBUG_TEST_TARBALLS (default ~/.cache/pydebug-test-tarballs, from .ci/provision).
 */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTarballServer } from '../test/support/tarball-server.js';
import { TARBALLS } from '../test/e2e/shared.js';

const VARIANTS = [
  { name: 'debug', flags: ['--with-pydebug'], yaml: 'pydebug: true' },
  { name: 'trace-refs', flags: ['--with-pydebug', '--with-trace-refs'], yaml: 'pydebug: true\n    trace_refs: true' },
  { name: 'no-pymalloc', flags: ['--with-pydebug', '--without-pymalloc'], yaml: 'pydebug: true\n    pymalloc: false' },
];

/** CPU seconds of this process's waited-for children (and theirs): /proc/self/stat cutime + cstime. */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Timed {
  wall: number;
  cpu: number;
}

async function timed(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Timed & { stdout: string; stderr: string }> {
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  const r = await execa(cmd, args, { cwd: opts.cwd, env: opts.env, extendEnv: opts.env === undefined, reject: false });
  const wall = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.exitCode}):\n${String(r.stderr).slice(-3000)}`);
  return { wall, cpu: childCpuSeconds() - cpu0, stdout: String(r.stdout), stderr: String(r.stderr) };
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

export async function main(argv: string[]): Promise<void> {
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const version = opt('--version') ?? '3.13.5';
  const tarball = TARBALLS.find((t) => t.version === version);
  if (!tarball) throw new Error(`no tarball for ${version}; known: ${TARBALLS.map((t) => t.version).join(', ')}`);
  const tarballs = process.env.PYDEBUG_TEST_TARBALLS ?? join(homedir(), '.cache', 'pydebug-test-tarballs');
  const tarballPath = join(tarballs, version, tarball.file);
  await stat(tarballPath).catch(() => {
    throw new Error(`${tarballPath} is missing: run .ci/provision`);
  });
  const root = process.env.PYDEBUG_REPO_ROOT ?? process.cwd();
  const cli = join(root, 'dist', 'cli.js');
  const cores = availableParallelism();
  const extraArgs = (opt('--pydebug-args') ?? '').split(/\s+/).filter(Boolean);
  const work = await mkdtemp(join(tmpdir(), 'pydebug-bench-'));
  const server = await startTarballServer(tarballs);
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  log(`CPython ${version}, ${cores} cores, work dir ${work}`);

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
        log(`recipe ${v.name}: extract ${sec(extract.wall)}, configure ${sec(configure.wall)}, make ${sec(make.wall)}, install ${sec(install.wall)} (${sec(install.cpu)} CPU)`);
        // Keep one full install (as the recipe makes it) to compare sizes with pydebug's.
        if (v === VARIANTS[0]) await rename(join(dir, 'install'), join(work, 'recipe-install'));
        await rm(dir, { recursive: true, force: true });
      }
    }

    // 2. pydebug cold: empty store, no lock.
    const project = join(work, 'project');
    const home = join(work, 'home');
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, 'pydebug.yml'),
      `python:\n  - version: "${version}"\n    url: https://www.python.org/ftp/python/${version}/${tarball.file}\n    sha256: ${tarball.sha256}\nvariants:\n${VARIANTS.map((v) => `  ${v.name}:\n    ${v.yaml}\n`).join('')}`,
    );
    const env = { ...process.env, PYDEBUG_HOME: home, PYDEBUG_MIRROR: server.mirror } as Record<string, string>;
    delete env.CI;
    const rssFile = join(work, 'rss');
    log(`pydebug cold sync ${extraArgs.join(' ')}...`);
    const cold = await timed('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, cli, 'sync', ...extraArgs], { cwd: project, env });
    const peakRssKb = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop());
    log(cold.stderr.split('\n').filter((l) => / done in | built /.test(l)).join('\n'));

    // 3. warm and no-op, median of several runs.
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await timed(process.execPath, [cli, 'sync', '-q'], { cwd: project, env })).wall);
    const noop: number[] = [];
    for (let i = 0; i < 10; i++) noop.push((await timed(process.execPath, [cli, 'sync', '--frozen', '-q'], { cwd: project, env })).wall);

    // 4. Sizes.
    const list = JSON.parse((await timed(process.execPath, [cli, 'list', '--json'], { cwd: project, env })).stdout) as Array<{ id: string; key: string; prefix: string }>;
    const sizes: string[][] = [];
    if (recipe.length) {
      const full = join(work, 'recipe-install');
      sizes.push([`${VARIANTS[0]!.name} as the recipe installs it (full)`, mb(await du(full)), mb(await archiveBytes(work, 'recipe-install'))]);
    }
    for (const e of list) {
      sizes.push([`${e.id} (pydebug, slim)`, mb(await du(e.prefix)), mb(await archiveBytes(join(home, 'store'), e.key))]);
    }

    // 5. Report.
    const recipeTotal = recipe.reduce((a, r) => a + r.extract.wall + r.configure.wall + r.make.wall + r.install.wall, 0);
    const limit = cold.cpu / cores;
    const rows: string[][] = [];
    if (recipe.length) rows.push(['recipe (as written, 3 variants)', sec(recipeTotal), '1.00×', '']);
    rows.push(['pydebug cold (3 variants)', sec(cold.wall), recipe.length ? `${(cold.wall / recipeTotal).toFixed(2)}×` : '', `${(cold.wall / limit).toFixed(2)}× limit`]);
    rows.push(['limit (CPU s / cores)', sec(limit), recipe.length ? `${(limit / recipeTotal).toFixed(2)}×` : '', `${sec(cold.cpu)} CPU on ${cores} cores`]);
    rows.push(['pydebug warm sync (median of 5)', sec(median(warm)), '', '']);
    rows.push(['pydebug sync --frozen, no-op (median of 10)', sec(median(noop)), '', '']);
    const table = (header: string[], body: string[][]) => {
      const w = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
      return [header, ...body].map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()).join('\n');
    };
    const out = [
      '',
      `CPython ${version}, ${cores} cores, pydebug sync ${extraArgs.join(' ')}`,
      '',
      table(['', 'wall', 'vs recipe', ''], rows),
      '',
      ...(recipe.length
        ? [
            table(
              ['recipe phase', ...recipe.map((r) => r.name)],
              (['extract', 'configure', 'make', 'install'] as const).map((p) => [p, ...recipe.map((r) => `${sec(r[p].wall)} (${sec(r[p].cpu)} CPU)`)]),
            ),
            '',
          ]
        : []),
      table(['installed interpreter', 'size', 'cache archive (tar | zstd -T0 --long=30)'], sizes),
      '',
      `peak RSS of the pydebug process during the cold sync: ${(peakRssKb / 1024).toFixed(0)} MB (tarball ${mb((await stat(tarballPath)).size)})`,
      '',
    ].join('\n');
    process.stdout.write(out);
  } finally {
    await server.close();
    if (!argv.includes('--keep')) await rm(work, { recursive: true, force: true });
  }
}
