/**
 * Real git repositories for the tests of git sources: a bare repository served three ways
 * (file://, a local path, git:// over loopback by `git daemon`), and a work clone whose commits
 * are pushed to it. git runs with no user or system configuration.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const GIT_TEST_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'pydebug tests',
  GIT_AUTHOR_EMAIL: 'tests@pydebug.invalid',
  GIT_COMMITTER_NAME: 'pydebug tests',
  GIT_COMMITTER_EMAIL: 'tests@pydebug.invalid',
  LC_ALL: 'C',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: GIT_TEST_ENV, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

export interface ServedRepo {
  /** The bare repository the URLs name. */
  bare: string;
  /** A clone to commit in; push() sends its main to the bare repository. */
  work: string;
  fileUrl: string;
  /** git://127.0.0.1:<port>/<name>, while the daemon runs. */
  daemonUrl: string;
  /** Writes files in the work clone, commits them, pushes main; returns the commit. */
  commit(files: Record<string, string>, message: string): Promise<string>;
  stopDaemon(): Promise<void>;
}

/** A CPython-looking tree: enough for lock (patchlevel.h) and for the fetch (configure, Python.h). */
export function fakeCpythonTree(version: string): Record<string, string> {
  return {
    configure: '#!/bin/sh\necho "not a real configure"\n',
    'Include/Python.h': '/* not the real header */\n',
    'Include/patchlevel.h': `/* Version as a string */\n#define PY_VERSION      \t"${version}"\n`,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForDaemon(url: string, daemon: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (daemon.exitCode !== null) throw new Error(`git daemon exited with ${daemon.exitCode}`);
    try {
      await run('git', ['ls-remote', url], { env: GIT_TEST_ENV });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('git daemon did not answer');
}

/** A bare repository `name`.git under `root`/served, its work clone, and a git daemon serving it. */
export async function serveRepo(root: string, name: string): Promise<ServedRepo> {
  const served = join(root, 'served');
  const bare = join(served, `${name}.git`);
  const work = join(root, `${name}-work`);
  await mkdir(served, { recursive: true });
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  // As GitHub does: serve partial clones, so lock's fetch without file contents is the real one.
  await git(bare, 'config', 'uploadpack.allowFilter', 'true');
  await git(root, 'init', '--quiet', '--initial-branch=main', work);
  await git(work, 'remote', 'add', 'origin', bare);

  const port = await freePort();
  const daemon = spawn('git', ['daemon', '--export-all', `--base-path=${served}`, `--port=${port}`, '--listen=127.0.0.1', '--reuseaddr', served], {
    env: GIT_TEST_ENV,
    stdio: 'ignore',
  });
  const daemonUrl = `git://127.0.0.1:${port}/${name}.git`;
  await waitForDaemon(daemonUrl, daemon);
  const repo: ServedRepo = {
    bare,
    work,
    fileUrl: pathToFileURL(bare).href,
    daemonUrl,
    async commit(files, message) {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(join(work, path, '..'), { recursive: true });
        await writeFile(join(work, path), text, { mode: path === 'configure' ? 0o755 : 0o644 });
      }
      await git(work, 'add', '--all');
      await git(work, 'commit', '--quiet', '--message', message);
      await git(work, 'push', '--quiet', 'origin', 'main');
      return git(work, 'rev-parse', 'HEAD');
    },
    async stopDaemon() {
      if (daemon.exitCode !== null || daemon.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
      daemon.kill('SIGTERM');
      await exited;
    },
  };
  return repo;
}
