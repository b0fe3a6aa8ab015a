/**
 * Faults during real builds, caused for real, asserting on what is left on disk and in the
 * process table: make SIGKILLed, Ctrl-C, pydebug itself SIGKILLed (orphaned make), the disk
 * filling up during make install, a probe that contradicts the lock, and two syncs at once.
 * Runs in order, in a store of its own.
 */

import { cp, mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../support/cli.js';
import { TARBALLS } from './shared.js';

const e2e = inject('e2e');
const home = join(e2e.work, 'interrupts-home');
const project = join(e2e.work, 'interrupts-project');
const env = () => cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: e2e.mirror });
const cli = (args: string[], cwd = project) => runCli(args, { cwd, env: env() });

const CONFIG = `python:
  - version: "3.11.2"
    sha256: ${TARBALLS[0].sha256}
variants:
  hardening:
    pydebug: true
    cflags: [-DPYDEBUG_HARDENING_TEST]
    # CPython's own tests, run from the build directory between make and make install.
    test: [test_sys]
  # A configure argument pydebug does not model: OPT with -DNDEBUG turns asserts off, which
  # contradicts pydebug: true. Only the probe of the built interpreter can catch it.
  wrong-opt:
    pydebug: true
    configure_args: ["OPT=-DNDEBUG -g -O0"]
`;

/** A sync running in the background, its stderr collected as it comes. */
function background(args: string[]): { child: ResultPromise; stderr: () => string; waitFor: (re: RegExp, ms?: number) => Promise<void> } {
  let err = '';
  const child = execa(process.execPath, [CLI, ...args], { cwd: project, env: env(), extendEnv: false, reject: false });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return {
    child,
    stderr: () => err,
    waitFor: async (re, ms = 300_000) => {
      const t0 = Date.now();
      while (!re.test(err)) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; stderr so far:\n${err}`);
        if (child.exitCode !== null) throw new Error(`sync exited (${child.exitCode}) before ${re}:\n${err}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  };
}

/** Processes whose working directory is inside `dir` (make, gcc, configure's shells...). */
async function processesIn(dir: string): Promise<Array<{ pid: number; cmd: string }>> {
  const out: Array<{ pid: number; cmd: string }> = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cwd = await readlink(`/proc/${name}/cwd`).catch(() => '');
    if (!cwd.startsWith(dir)) continue;
    const cmd = (await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
    if (cmd) out.push({ pid: Number(name), cmd });
  }
  return out;
}

async function until(cond: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return cond();
}

const entries = async () => (await readdir(join(home, 'entries')).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
const tmpLeft = async () => readdir(join(home, 'tmp')).catch(() => [] as string[]);
const buildDirs = async () => {
  const sources = await readdir(join(home, 'sources')).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const s of sources) for (const d of await readdir(join(home, 'sources', s)).catch(() => [] as string[])) if (d.startsWith('build-')) dirs.push(d);
  return dirs;
};

beforeAll(async () => {
  await rm(home, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'pydebug.yml'), CONFIG);
  const lock = await cli(['lock']);
  expect(lock.code, lock.stderr).toBe(0);
});
afterAll(async () => {
  await execa('umount', [join(home, 'tmp')], { reject: false });
});

describe('a build stopped half-way leaves nothing behind', () => {
  it('make SIGKILLed: sync fails naming it; no entry, no staging, no build directory, no process', async () => {
    const sync = background(['sync', '--variant', 'hardening']);
    await sync.waitFor(/3\.11\.2-hardening: make\.\.\./);
    const makes = await until(async () => (await processesIn(join(home, 'sources'))).some((p) => /^make -j/.test(p.cmd)));
    expect(makes).toBe(true);
    const make = (await processesIn(join(home, 'sources'))).find((p) => /^make -j/.test(p.cmd))!;
    process.kill(make.pid, 'SIGKILL');
    const r = await sync.child;
    expect(r.exitCode).toBe(1);
    expect(sync.stderr()).toMatch(/3\.11\.2-hardening: make was killed by SIGKILL after \d+ s/);
    expect(sync.stderr()).toMatch(/--- last lines of .*\.log ---/);
    expect(await entries()).toEqual([]);
    expect(await tmpLeft()).toEqual([]);
    expect(await buildDirs()).toEqual([]);
    expect(await until(async () => (await processesIn(home)).length === 0)).toBe(true);
  });

  it('Ctrl-C (SIGINT): children stopped, temporary files removed, exit code 130', async () => {
    const sync = background(['sync', '--variant', 'hardening']);
    await sync.waitFor(/3\.11\.2-hardening: make\.\.\./);
    await until(async () => (await processesIn(join(home, 'sources'))).some((p) => /^make -j/.test(p.cmd)));
    sync.child.kill('SIGINT');
    const r = await sync.child;
    expect(r.exitCode).toBe(130);
    expect(sync.stderr()).toMatch(/interrupted: stopping builds and removing temporary files/);
    expect(await until(async () => (await processesIn(home)).length === 0)).toBe(true);
    expect(await entries()).toEqual([]);
    expect(await tmpLeft()).toEqual([]);
    expect(await buildDirs()).toEqual([]);
  });

  it('pydebug SIGKILLed: its make runs on, orphaned, until the next sync stops it', async () => {
    const sync = background(['sync', '--variant', 'hardening']);
    await sync.waitFor(/3\.11\.2-hardening: make\.\.\./);
    await until(async () => (await processesIn(join(home, 'sources'))).some((p) => /^make -j/.test(p.cmd)));
    sync.child.kill('SIGKILL');
    await sync.child;
    // Nothing can clean up after SIGKILL: the orphaned build is still running, staging is there.
    expect((await processesIn(join(home, 'sources'))).length).toBeGreaterThan(0);
    expect(await entries()).toEqual([]);
    expect((await tmpLeft()).length).toBeGreaterThan(0);
  });

  it('disk full during make install (tmp/ on a 64 MB tmpfs): the leftovers of the killed run are cleaned first, then a clean error, store unchanged', async () => {
    const tmp = join(home, 'tmp');
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
    const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', tmp], { reject: false });
    expect(mount.exitCode, `mounting a tmpfs needs root: ${mount.stderr}`).toBe(0);
    try {
      const r = await cli(['sync', '--variant', 'hardening']);
      expect(r.code).toBe(1);
      // The run SIGKILLed above: its stale lock is broken, its orphaned make stopped, its files removed.
      expect(r.stderr).toMatch(/a previous pydebug \(pid \d+\) stopped while building it; stopping what it left running and removing its files/);
      expect(r.stderr).toMatch(/3\.11\.2-hardening: configure done/);
      expect(r.stderr).toMatch(/3\.11\.2-hardening: install failed with exit code 2/);
      expect(r.stderr).toMatch(/No space left on device/);
      expect(r.stderr).toMatch(/hint: the disk is full: free space, or set PYDEBUG_HOME to a larger disk/);
      expect(await entries()).toEqual([]);
      expect(await readdir(tmp)).toEqual([]);
      expect(await buildDirs()).toEqual([]);
      expect(await until(async () => (await processesIn(home)).length === 0)).toBe(true);
    } finally {
      await execa('umount', [tmp], { reject: false });
    }
  });
});

describe('the probe is the last line of defence', () => {
  it('an interpreter without a flag the lock promised is refused, named, and not stored', async () => {
    const r = await cli(['sync', '--variant', 'wrong-opt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /3\.11\.2-wrong-opt: the built interpreter does not have the flags the lock promised:\n {2}NDEBUG: the lock expects not defined, the interpreter has defined \(sysconfig OPT="-DNDEBUG -g -O0"\)\nNothing was stored or cached\./,
    );
    expect(await entries()).toEqual([]);
    expect(await tmpLeft()).toEqual([]);
  });
});

describe('two syncs at once, over a damaged entry', () => {
  it('one rebuilds the damaged entry, the other waits and reuses it; nothing is built twice', async () => {
    const key = (JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ id: string; entry_key: string }>).find((e) => e.id === '3.11.2-hardening')!.entry_key;
    // Plant a tampered entry under this key: another entry's files, so the manifest names another key.
    const shared = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout)[0];
    await cp(shared.prefix, join(home, 'entries', key), { recursive: true, verbatimSymlinks: true });
    const listed = JSON.parse((await cli(['list', '--json'])).stdout).find((e: { id: string }) => e.id === '3.11.2-hardening');
    expect(listed).toMatchObject({ status: 'damaged', reason: `its manifest names another key (${shared.entry_key})` });

    const [a, b] = await Promise.all([cli(['sync', '--variant', 'hardening']), cli(['sync', '--variant', 'hardening'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const both = [a.stderr, b.stderr];
    // The first to plan reports the damage and removes the entry before building; the second
    // reports it too if it planned before that removal, else it finds no entry. Either way it
    // waits on the entry's lock and reuses what the first built.
    const damaged = both.filter((s) => /3\.11\.2-hardening: the store entry is damaged \(its manifest names another key/.test(s));
    expect(damaged.length, both.join('\n=====\n')).toBeGreaterThanOrEqual(1);
    expect(both.filter((s) => /3\.11\.2-hardening: configure\.\.\./.test(s))).toHaveLength(1);
    expect(both.filter((s) => /3\.11\.2-hardening: built \(/.test(s))).toHaveLength(1);
    // The builder ran the variant's `test:` subset before installing it, under the new interpreter.
    expect(both.filter((s) => /3\.11\.2-hardening: test done in /.test(s))).toHaveLength(1);
    const log = await readFile(join(home, 'logs', `${key}.log`), 'utf8');
    expect(log).toMatch(/\$ \S+\/python -m test -j\d+ test_sys\n/);
    expect(log).toMatch(/test_sys passed/);
    expect(log).toMatch(/Tests? result: SUCCESS/);
    expect(both.filter((s) => /3\.11\.2-hardening: reused \(built by another pydebug/.test(s))).toHaveLength(1);
    const python = (await cli(['which', 'hardening'])).stdout;
    const probe = await execa(python, ['-c', 'import sys, sysconfig; print(sys.abiflags, "-DPYDEBUG_HARDENING_TEST" in sysconfig.get_config_var("CFLAGS"))']);
    expect(probe.stdout).toBe('d True');
    // The damaged entry was out of the way before make install: ensurepip installed pip.
    expect((await execa(python, ['-m', 'pip', '--version'])).stdout).toMatch(/^pip \d+/);
    expect(await entries()).toEqual([key]);
    expect(await tmpLeft()).toEqual([]);
  });
});
