/**
 * Builds the real CPython variants the end-to-end tests share, once per test run: a loopback
 * server serves the real tarballs under python.org's layout, and the real CLI (dist/cli.js)
 * locks and syncs a project into a shared store. The tests then assert on that store and on
 * the recorded output of the first sync, and run further commands against it.
 *
 * Tarballs come from .ci/provision (Debian's .orig tarballs, checked against python.org's
 * SHA-256): PYDEBUG_TEST_TARBALLS, default ~/.cache/pydebug-test-tarballs.
 * PYDEBUG_TEST_WORK=<dir> keeps the store between runs (for development; CI starts empty).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { cleanEnv, runCli, type CliRun } from '../support/cli.js';
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

async function sha256(path: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

export default async function setup(project: TestProject) {
  const tarballs = process.env.PYDEBUG_TEST_TARBALLS ?? join(homedir(), '.cache', 'pydebug-test-tarballs');
  for (const t of TARBALLS) {
    const got = await sha256(join(tarballs, t.version, t.file));
    if (got !== t.sha256) {
      throw new Error(`${join(tarballs, t.version, t.file)} is ${got ? `not the release (sha256 ${got})` : 'missing'}: run .ci/provision first`);
    }
  }
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
