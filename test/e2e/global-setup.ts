/**
 * Builds the real CPython variants the end-to-end tests share, once per test run: a loopback
 * server serves the real tarballs under python.org's layout, and the real CLI (dist/cli.js)
 * locks and syncs a project into a shared store. The tests then assert on that store and on
 * the recorded output of the first sync, and run further commands against it.
 *
 * First it provisions what is missing (test/support/provision.ts): the build packages (as root;
 * otherwise vitest.config.ts has left this project out), the tarballs, checked against
 * python.org's SHA-256, in PYDEBUG_TEST_TARBALLS (default ~/.cache/pydebug-test-tarballs), and Node 24.
 * PYDEBUG_TEST_WORK=<dir> keeps the store between runs (for development; CI starts empty).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type CliRun, cleanEnv, runCli } from '../support/cli.js';
import { installE2EPackages, NODE24_DIR, provisionNode24, provisionTarballs, TARBALL_CACHE } from '../support/provision.js';
import { startTarballServer } from '../support/tarball-server.js';
import { SHARED_PROJECT, TARBALLS } from './shared.js';

export interface E2EContext {
  work: string;
  home: string;
  tarballs: string;
  mirror: string;
  origin: string;
  projectDir: string;
  lockRun: CliRun;
  firstSync: CliRun;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

export default async function setup(project: TestProject) {
  const tarballs = TARBALL_CACHE;
  const log = (message: string) => process.stderr.write(`[provision] ${message}\n`);
  const start = Date.now();
  if (process.getuid?.() === 0) await installE2EPackages(log);
  await Promise.all([provisionTarballs(tarballs, TARBALLS, log), provisionNode24(NODE24_DIR, log)]);
  log(`build packages, ${TARBALLS.length} tarballs and Node 24 ready (${Date.now() - start} ms)`);
  const server = await startTarballServer(tarballs);
  try {
    const keep = process.env.PYDEBUG_TEST_WORK;
    const work = keep ?? (await mkdtemp(join(tmpdir(), 'pydebug-e2e-')));
    const home = join(work, 'home');
    const projectDir = join(work, 'project');
    await mkdir(projectDir, { recursive: true });
    await writeFile(join(projectDir, 'pydebug.yml'), SHARED_PROJECT);

    const env = cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: server.mirror });
    // With PYDEBUG_TEST_WORK, the first run's record is kept with its store and reused.
    const record = join(work, 'first-run.json');
    let runs: { lockRun: CliRun; firstSync: CliRun } | undefined;
    if (keep) runs = JSON.parse(await readFile(record, 'utf8').catch(() => 'null')) ?? undefined;
    // A kept store whose entries this pydebug does not find (another entry format, a store
    // cleaned meanwhile) is built again, as on a fresh machine.
    if (runs && !(await allBuilt(projectDir, env))) runs = undefined;
    if (!runs) {
      process.stderr.write(`[e2e] building the shared variants in ${home} (a few minutes on 2 cores)\n`);
      const lockRun = await runCli(['lock'], { cwd: projectDir, env });
      if (lockRun.code !== 0) throw new Error(`pydebug lock failed:\n${lockRun.stderr}`);
      // --keep-build: slim.test.ts compares a full install from the 3.11.2-debug build directory.
      const firstSync = await runCli(['sync', '--keep-build'], { cwd: projectDir, env, tee: true });
      if (firstSync.code !== 0) throw new Error(`pydebug sync failed:\n${firstSync.stderr}`);
      process.stderr.write(`[e2e] shared variants ready in ${firstSync.seconds.toFixed(0)} s\n`);
      runs = { lockRun, firstSync };
      if (keep) await writeFile(record, JSON.stringify(runs));
    }
    const { lockRun, firstSync } = runs;

    project.provide('e2e', { work, home, tarballs, mirror: server.mirror, origin: server.origin, projectDir, lockRun, firstSync });
    return async () => {
      await server.close();
      if (!keep) await rm(work, { recursive: true, force: true });
    };
  } catch (error) {
    // A failed setup must not leave the server holding the test process open.
    await server.close();
    throw error;
  }
}

/** Whether every entry of the kept project is built in its store, by `pydebug list --json`. */
async function allBuilt(projectDir: string, env: Record<string, string>): Promise<boolean> {
  const list = await runCli(['list', '--json'], { cwd: projectDir, env });
  if (list.code !== 0) return false;
  try {
    const entries = JSON.parse(list.stdout) as Array<{ status?: string }>;
    return entries.length > 0 && entries.every((e) => e.status === 'built');
  } catch {
    return false;
  }
}
