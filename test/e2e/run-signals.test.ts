/**
 * `pydebug run` and signals, for real (issue 26, item 3): the real CLI bundle runs a real debug
 * interpreter from the shared store (global-setup.ts) in a process group of its own, as a shell
 * starts a job; the test sends what a terminal sends (SIGINT to the whole group) or what a
 * process manager sends (SIGTERM to pydebug alone). The command must get the signal, finish its
 * cleanup, and decide pydebug's exit code.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI, cleanEnv } from '../support/cli.js';
import { exists } from '../support/exists.js';

const e2e = inject('e2e');

/**
 * Ctrl-C: waits a second (a teardown), writes <out>, exits 3. SIGTERM: writes <out>.term, exits 5.
 * Writes <out>.ready once both handlers are in place.
 */
const CHILD = `import signal, sys, time
out = sys.argv[1]
def on_term(signum, frame):
    with open(out + ".term", "w") as f:
        f.write("got SIGTERM\\n")
    sys.exit(5)
signal.signal(signal.SIGTERM, on_term)
open(out + ".ready", "w").close()
try:
    time.sleep(120)
except KeyboardInterrupt:
    time.sleep(1)
    with open(out, "w") as f:
        f.write("cleaned up after Ctrl-C\\n")
    sys.exit(3)
`;

interface Job {
  pid: number;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** `pydebug <args>` leading a process group of its own, as a shell runs a job. */
function job(project: string, args: string[]): Job {
  let err = '';
  const child = spawn(process.execPath, [CLI, ...args], { cwd: project, env: cleanEnv({ PYDEBUG_HOME: e2e.home }), detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { pid: child.pid!, stderr: () => err, exit };
}

/** Every process's command line, arguments joined by spaces. */
async function commandLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmd) lines.push(cmd.replace(/\0/g, ' '));
  }
  return lines;
}

async function until(cond: () => Promise<boolean>, what: string, j: Job, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; pydebug's stderr so far:\n${j.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('pydebug run leaves signals to its command', () => {
  let project: string;
  beforeAll(async () => {
    // Another project on the shared store: a copy of the shared project's pydebug.yml and lock.
    project = join(await mkdtemp(join(e2e.work, 'run-signals-')), 'project');
    await mkdir(project, { recursive: true });
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(e2e.projectDir, f), join(project, f));
    await writeFile(join(project, 'child.py'), CHILD);
  });

  it("Ctrl-C (SIGINT to the process group): the command's cleanup runs to its end and its exit code is pydebug's", async () => {
    const out = join(project, 'ctrl-c');
    const j = job(project, ['run', 'debug', '--', 'python', 'child.py', out]);
    await until(() => exists(`${out}.ready`), 'the command to start', j);
    const sent = Date.now();
    process.kill(-j.pid, 'SIGINT');
    const r = await j.exit;
    expect({ code: r.code, signal: r.signal }, j.stderr()).toEqual({ code: 3, signal: null });
    expect(await readFile(out, 'utf8')).toBe('cleaned up after Ctrl-C\n');
    expect(await exists(`${out}.term`)).toBe(false);
    // pydebug waited for the second of cleanup, and said nothing about builds or stopping.
    expect(r.at - sent).toBeGreaterThanOrEqual(1000);
    expect(j.stderr()).not.toMatch(/stopping builds|interrupted/);
  });

  it('SIGTERM sent to pydebug alone is passed on: the command handles it and pydebug exits with its code', async () => {
    const out = join(project, 'term');
    const j = job(project, ['run', 'debug', '--', 'python', 'child.py', out]);
    await until(() => exists(`${out}.ready`), 'the command to start', j);
    process.kill(j.pid, 'SIGTERM');
    const r = await j.exit;
    expect({ code: r.code, signal: r.signal }, j.stderr()).toEqual({ code: 5, signal: null });
    expect(await readFile(`${out}.term`, 'utf8')).toBe('got SIGTERM\n');
    expect(await exists(out)).toBe(false);
    expect(j.stderr()).not.toMatch(/stopping builds|terminated/);
  });

  it("Ctrl-C while pydebug makes the project's environment stops that (130): nothing half-made is kept, the command never runs", async () => {
    const fresh = join(await mkdtemp(join(e2e.work, 'run-signals-env-')), 'project');
    await mkdir(fresh, { recursive: true });
    for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(e2e.projectDir, f), join(fresh, f));
    const envDir = join(fresh, '.pydebug', 'envs', '3.11.2-debug');
    const out = join(fresh, 'never');
    const j = job(fresh, ['run', 'debug', '--', 'python', join(project, 'child.py'), out]);
    // The terminal's Ctrl-C reaches the venv's python as well as pydebug: send it while that runs.
    await until(async () => (await commandLines()).some((c) => c.includes(' -m venv ') && c.includes(envDir)), 'python -m venv to start', j);
    process.kill(-j.pid, 'SIGINT');
    const r = await j.exit;
    expect({ code: r.code, signal: r.signal }, j.stderr()).toEqual({ code: 130, signal: null });
    expect(j.stderr()).toMatch(/\ninterrupted: stopping \(again to exit at once\)\n/);
    expect(j.stderr()).toMatch(/\n3\.11\.2-debug: interrupted while making its environment; nothing half-made was kept\n$/);
    expect(j.stderr()).not.toMatch(/stopping builds/);
    expect(await exists(envDir)).toBe(false);
    expect(await exists(`${out}.ready`)).toBe(false);
  });

  it('a command killed by a signal: pydebug exits 128+n, as a shell reports it', async () => {
    const j = job(project, ['run', 'debug', '--', 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)']);
    const r = await j.exit;
    expect({ code: r.code, signal: r.signal }, j.stderr()).toEqual({ code: 137, signal: null });
  });
});
