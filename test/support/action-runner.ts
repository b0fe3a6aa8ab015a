/**
 * Runs the committed Action bundle as the runner does: `node24 dist/action/<main|post>.js` with
 * INPUT_* variables and the GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STATE /
 * GITHUB_STEP_SUMMARY files, then reads them back.
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ACTION_DIR = fileURLToPath(new URL('../..', import.meta.url));

export function node24(): string {
  const dir = process.env.PYDEBUG_TEST_NODE24_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pydebug-test-node24');
  return join(dir, 'node_modules', '.bin', 'node');
}

/** Parses the runner's file-command format: `name=value` lines and `name<<DELIM ... DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface ActionRun {
  code: number;
  stdout: string;
  seconds: number;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

/**
 * The directories a run added to PATH, first one first, as the runner applies GITHUB_PATH: each
 * line goes in front of the lines before it (as core.addPath does to the run's own PATH).
 */
export function addedPath(run: ActionRun): string[] {
  return [...run.path].reverse();
}

export interface RunnerDirs {
  workspace: string;
  toolCache: string;
  temp: string;
}

/**
 * A fresh runner: empty workspace, tool cache and temp directory. The paths are the same for
 * every runner made under `root`, as on GitHub's hosted runners (the cache service matches
 * entries by their paths, and restores them relative to the workspace).
 */
export async function freshRunnerDirs(root: string): Promise<RunnerDirs> {
  await rm(root, { recursive: true, force: true });
  const dirs = { workspace: join(root, 'work', 'repo', 'repo'), toolCache: join(root, 'hostedtoolcache'), temp: join(root, 'temp') };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  return dirs;
}

export async function runAction(
  which: 'main' | 'post',
  options: { dirs: RunnerDirs; inputs?: Record<string, string>; env?: Record<string, string>; state?: Record<string, string>; node?: string },
): Promise<ActionRun> {
  const files = await mkdtemp(join(options.dirs.temp, `files-${which}-`));
  const paths = {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_PATH: join(files, 'path'),
    GITHUB_STATE: join(files, 'state'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
  };
  await Promise.all(Object.values(paths).map((p) => writeFile(p, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ImageOS: 'ubuntu24',
    ImageVersion: '20261116.1',
    GITHUB_WORKSPACE: options.dirs.workspace,
    RUNNER_TEMP: options.dirs.temp,
    RUNNER_TOOL_CACHE: options.dirs.toolCache,
    ...paths,
    ...Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...Object.fromEntries(Object.entries(options.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...options.env,
  };
  const t0 = performance.now();
  const r = await execa(options.node ?? node24(), [join(ACTION_DIR, 'dist', 'action', `${which}.js`)], {
    cwd: options.dirs.workspace,
    env,
    extendEnv: false,
    reject: false,
    all: true,
  });
  const read = (p: string) => readFile(p, 'utf8');
  return {
    code: r.exitCode ?? -1,
    stdout: r.all as string,
    seconds: (performance.now() - t0) / 1000,
    outputs: parseFileCommands(await read(paths.GITHUB_OUTPUT)),
    exportedEnv: parseFileCommands(await read(paths.GITHUB_ENV)),
    path: (await read(paths.GITHUB_PATH)).split('\n').filter(Boolean),
    state: parseFileCommands(await read(paths.GITHUB_STATE)),
    summary: await read(paths.GITHUB_STEP_SUMMARY),
  };
}
