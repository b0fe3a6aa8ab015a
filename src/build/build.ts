/**
 * Build one matrix entry the way the recipe does, out of tree:
 *   mkdir <src>/build-<variant>; cd it; ../configure <locked args> --prefix=<store entry>
 *   make -jN; [tests]; make install DESTDIR=<staging>
 * then probe the staged interpreter, refuse it if any locked macro or abiflag is missing, and
 * only then move it into the store with one rename. The full log goes to logs/<key>.log and is
 * kept inside the entry; a failing step shows its tail.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { InterruptedError, PydebugError } from '../errors.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import { removeInside } from '../store/contained.js';
import type { HeldLock } from '../store/file-lock.js';
import { describeCpu, parseStepReport, stepCommand, type StepCpu } from '../platform/step-cpu.js';
import { BUILD_DIR_PYTHON, buildDependencyHint, buildEnvironment, trySetPriority, interpreterCandidates, MAKE, type Env, type Toolchain } from '../platform/index.js';
import { DISK_FULL_HINT, ENTRY_META_DIR, fileSystemHint, type Manifest, type Store } from '../store/store.js';
import type { Phase, Reporter } from '../ui/reporter.js';
import { sanitizerBuildEnv } from '../config/cpython.js';
import { copySuppressionFiles, findSuppressionFiles, suppressionsInTree } from './sanitizer-files.js';
import { probeInterpreter } from './probe.js';
import { finishSlimInstall, slimInstallArgs } from './slim.js';
import { describeMismatches, findMismatches, proveFlags } from './proofs.js';

export interface BuildContext {
  store: Store;
  env: Env;
  jobs: number;
  reporter: Reporter;
  signal: AbortSignal;
  keepBuildDir: boolean;
}

export class BuildStepError extends PydebugError {}

/** A schedule's permission to run one step (sync.ts decides when it is given); released when the step ends. */
export interface StepTurn {
  release(): void;
}

/** Waits for the schedule's turn to run a step of `phase` (configure, make, test, install). */
export type StepGate = (phase: Phase) => Promise<StepTurn>;

const LOG_TAIL_LINES = 40;

export async function logTail(logFile: string, lines = LOG_TAIL_LINES): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** What to do about a failed step, from what its log says. */
export function failureHint(phase: Phase, tail: string): string {
  if (/No space left on device/i.test(tail)) return `${DISK_FULL_HINT}; `;
  if (/Read-only file system|Permission denied/i.test(tail)) return 'pydebug could not write where it builds: check PYDEBUG_HOME is writable; ';
  if (phase === 'configure' || phase === 'make') return `if a header or library is missing, ${buildDependencyHint()}; `;
  return '';
}

/**
 * Runs a child process with argument arrays (never a shell of ours interpreting them: the step's
 * /bin/sh only runs "$0" "$@" and reports the CPU it took, see step-cpu.ts), its output going
 * straight to the log file descriptor: make's output never passes through this process.
 * `turn` is the schedule's permission to run the step; it is given back when the step ends.
 */
async function runLogged(
  ctx: BuildContext,
  onChild: (pid: number) => Promise<void>,
  logFd: number,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; niceness: number; turn?: StepTurn | undefined },
): Promise<{ exitCode: number | undefined; signal: string | undefined; cpu?: StepCpu | undefined }> {
  try {
    return await runStep(ctx, onChild, logFd, command, args, options);
  } finally {
    options.turn?.release();
  }
}

async function runStep(
  ctx: BuildContext,
  onChild: (pid: number) => Promise<void>,
  logFd: number,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; niceness: number },
): Promise<{ exitCode: number | undefined; signal: string | undefined; cpu?: StepCpu | undefined }> {
  writeSync(logFd, `\n$ ${[command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}\n`);
  const t0 = Date.now();
  // detached: the child leads its own process group, so an interrupt stops make and every
  // compiler it started, not just make.
  const wrapped = stepCommand(command, args);
  const child = spawn(wrapped.command, wrapped.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', logFd, logFd, 'pipe'], detached: true });
  // fd 3: what the step's shell reports (a few bytes), read to its end.
  let report = '';
  const reportPipe = child.stdio[3] as Readable | null;
  const reported = reportPipe
    ? new Promise<void>((resolve) => {
        reportPipe.setEncoding('utf8');
        reportPipe.on('data', (d: string) => (report = (report + d).slice(-1000)));
        reportPipe.once('close', () => resolve());
        reportPipe.once('error', () => resolve());
      })
    : Promise.resolve();
  const done = new Promise<{ exitCode: number | undefined; signal: string | undefined }>((resolve) => {
    child.once('error', (e) => {
      writeSync(logFd, `pydebug: could not run ${command}: ${e.message}\n`);
      resolve({ exitCode: undefined, signal: undefined });
    });
    child.once('exit', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }));
  });
  if (child.pid !== undefined) {
    // Later entries yield the CPU to earlier ones (their children inherit the priority), so
    // builds finish one after another and one's install overlaps another's make.
    if (options.niceness > 0) trySetPriority(child.pid, options.niceness);
    await onChild(child.pid).catch(() => undefined);
  }
  const stop = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000).unref();
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  if (ctx.signal.aborted) stop();
  try {
    const result = await done;
    // Only the shell writes fd 3 (the command does not inherit it): its end follows the exit.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reported, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    reportPipe?.destroy();
    const parsed = parseStepReport(report);
    if ('cannotRun' in parsed) {
      writeSync(logFd, `pydebug: could not run ${command}: not found or not executable\n`);
      return { exitCode: undefined, signal: undefined };
    }
    const cpu = 'cpu' in parsed ? parsed.cpu : undefined;
    const how = result.signal ? `killed by ${result.signal}` : result.exitCode === undefined ? 'not started' : `exit code ${result.exitCode}`;
    writeSync(logFd, `# ${basename(command)}: ${how} after ${((Date.now() - t0) / 1000).toFixed(1)} s${cpu ? `, ${describeCpu(cpu)}` : ''}\n`);
    return { ...result, cpu };
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}

/**
 * `lock` is the entry's cross-process lock: the build records in it the directories it writes
 * and the process group it runs, so that if this process is killed, the next pydebug can stop
 * the orphaned make and remove the leftovers.
 */
export async function buildEntry(
  ctx: BuildContext,
  planned: PlannedBuild,
  sourceTree: string,
  toolchain: Toolchain,
  options: { lock?: HeldLock | undefined; niceness?: number | undefined; gate?: StepGate | undefined } = {},
): Promise<Manifest> {
  const { lock } = options;
  const niceness = options.niceness ?? 0;
  const { store, reporter } = ctx;
  const { id, build, key } = planned;
  const prefix = store.entryDir(key);
  const buildDir = join(sourceTree, `build-${build.variant}-${key.slice(-8)}`);
  const logFile = store.logPath(key);
  const staging = await store.makeTemp(`stage-${id}`);
  const stagedPrefix = join(staging, prefix);
  // The user's environment minus what would change the build, plus the sanitizer options every
  // run of ./python during the build needs (ASAN_OPTIONS=detect_leaks=0, the tree's suppressions).
  const suppressionFiles = await findSuppressionFiles(sourceTree, build.expect.sanitizers, build.expect.macros.Py_GIL_DISABLED);
  const sanitizerEnv = sanitizerBuildEnv(build.expect.sanitizers, build.env, suppressionsInTree(suppressionFiles));
  const env = { ...buildEnvironment(ctx.env), ...sanitizerEnv };
  const timings: Record<string, number> = {};
  const cpu: Record<string, StepCpu> = {};
  const started = Date.now();
  await lock?.update({ paths: [buildDir, staging] });
  const onChild = async (pid: number) => lock?.update({ paths: [buildDir, staging], children: [pid] });

  await mkdir(store.logsDir, { recursive: true });
  // Truncate, then append: pydebug's own notes and every child's output share the file.
  closeSync(openSync(logFile, 'w'));
  const logFd = openSync(logFile, 'a');
  let logClosed = false;
  const closeLog = () => {
    if (!logClosed) closeSync(logFd);
    logClosed = true;
  };
  writeSync(logFd, `# pydebug build of ${id}\n# key ${key}\n# compiler ${toolchain.compiler}: ${toolchain.version} (${toolchain.target})\n`);

  const configureArgs = [...build.configure, `--prefix=${prefix}`];
  // A variant without a declared compiler uses the machine's default, named explicitly so the
  // build matches the key (CC from the user's shell is not passed through otherwise).
  if (build.compiler === null) configureArgs.push(`CC=${toolchain.compiler}`);

  const step = async (phase: Phase, command: string, args: string[], cwd: string, stepEnv = env) => {
    if (ctx.signal.aborted) throw new InterruptedError();
    const turn = await options.gate?.(phase);
    reporter.phase(id, phase, undefined, logFile);
    const t0 = Date.now();
    const r = await runLogged(ctx, onChild, logFd, command, args, { cwd, env: stepEnv, niceness, turn });
    const seconds = (Date.now() - t0) / 1000;
    if (ctx.signal.aborted) throw new InterruptedError();
    if (r.exitCode !== 0) {
      reporter.phaseFailed(id, phase, seconds, logFile);
      closeLog();
      const how = r.signal ? `was killed by ${r.signal}` : r.exitCode === undefined ? `could not be started (${command})` : `failed with exit code ${r.exitCode}`;
      const tail = await logTail(logFile);
      throw new BuildStepError(`${id}: ${phase} ${how} after ${seconds.toFixed(0)} s\n--- last lines of ${logFile} ---\n${tail}\n---`, {
        hint: `${failureHint(phase, tail)}the full log is ${logFile}`,
      });
    }
    timings[phase] = seconds;
    if (r.cpu) cpu[phase] = r.cpu;
    reporter.phaseDone(id, phase, seconds, logFile);
  };

  try {
    // Whatever is at the final prefix is not a usable entry (else it would have been reused);
    // it must go before make install looks there.
    await store.remove(key);
    await removeInside(sourceTree, buildDir, 'the build directory');
    await mkdir(buildDir, { recursive: true });

    await step('configure', '../configure', configureArgs, buildDir);
    await step('make', MAKE, [`-j${ctx.jobs}`], buildDir);
    if (build.test === true) await step('test', MAKE, ['test'], buildDir);
    else if (build.test === 'quick') await step('test', MAKE, ['quicktest'], buildDir);
    else if (Array.isArray(build.test) && build.test.length > 0) {
      await step('test', join(buildDir, BUILD_DIR_PYTHON), ['-m', 'test', `-j${ctx.jobs}`, ...build.test], buildDir);
    }
    // make install runs ensurepip, which skips pip when it finds one already installed: in the
    // final prefix (a damaged entry is removed before building) or in the user's site-packages,
    // so HOME points at an empty directory for the install.
    const installHome = join(staging, '.home');
    await mkdir(installHome);
    await step('install', MAKE, ['install', `DESTDIR=${staging}`, ...(build.slim ? await slimInstallArgs(sourceTree) : [])], buildDir, { ...env, HOME: installHome });
    const slim = build.slim ? await finishSlimInstall(stagedPrefix, sourceTree) : undefined;

    reporter.phase(id, 'probe');
    const t0 = Date.now();
    const python = await findInterpreter(stagedPrefix, planned.source.version, build.expect.abiflags);
    const report = await probeInterpreter(join(stagedPrefix, python), { signal: ctx.signal, env: { PATH: env.PATH ?? '', ...sanitizerEnv } });
    const proven = proveFlags(report);
    const mismatches = findMismatches(build.expect, proven);
    if (mismatches.length > 0) {
      throw new BuildStepError(
        `${id}: the built interpreter does not have the flags the lock promised:\n${describeMismatches(mismatches)}\nNothing was stored or cached.`,
        { hint: `check configure_args and cflags of variant "${build.variant}"; the full log is ${logFile}` },
      );
    }
    timings.probe = (Date.now() - t0) / 1000;
    reporter.phaseDone(id, 'probe', timings.probe);

    reporter.phase(id, 'store');
    const meta = join(stagedPrefix, ENTRY_META_DIR);
    await mkdir(meta, { recursive: true });
    const supp = join(sourceTree, 'Misc', 'valgrind-python.supp');
    const hasSupp = await stat(supp).then(() => true, () => false);
    if (hasSupp) await copyFile(supp, join(meta, 'valgrind-python.supp'));
    const sanitizerSuppressions = await copySuppressionFiles(stagedPrefix, suppressionFiles);
    writeSync(logFd, `\n# probe: ${JSON.stringify(proven)}\n`);
    closeLog();
    await copyFile(logFile, join(meta, 'build.log'));
    timings.total = (Date.now() - started) / 1000;
    // Records the hash of every file, so that tampering is caught on use and on reuse.
    const manifest = await store.writeManifest(stagedPrefix, {
      key,
      cache_key: build.cache_key,
      id,
      version: build.version,
      variant: build.variant,
      python,
      prefix,
      configure: configureArgs,
      compiler: { name: toolchain.compiler, version: toolchain.version, target: toolchain.target },
      expect: build.expect,
      proven,
      env: build.env,
      built_at: new Date().toISOString(),
      timings,
      cpu,
      files: {
        log: join(ENTRY_META_DIR, 'build.log'),
        valgrind_suppressions: hasSupp ? join(ENTRY_META_DIR, 'valgrind-python.supp') : undefined,
        sanitizer_suppressions: sanitizerSuppressions,
      },
      slim: slim ? { removed_bytes: slim.bytes, removed: slim.removed.length } : undefined,
    });
    try {
      await store.install(stagedPrefix, key);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new BuildStepError(`${id}: could not move the build into the store ${store.entriesDir}: ${err.code ?? ''} ${err.message}`.trim(), {
        hint: fileSystemHint(err.code, store.root),
      });
    }
    return manifest;
  } finally {
    closeLog();
    await removeInside(store.tmpDir, staging, 'the staging directory');
    if (!ctx.keepBuildDir) await removeInside(sourceTree, buildDir, 'the build directory');
  }
}

/**
 * The interpreter `make install` created (python3, or python3.13t for free-threaded builds),
 * plus a `python` link beside it, as venvs and setup-python provide.
 */
async function findInterpreter(prefix: string, version: string, abiflags: string): Promise<string> {
  for (const name of interpreterCandidates(version, abiflags)) {
    const path = join(prefix, 'bin', name);
    if (await stat(path).then((s) => s.isFile(), () => false)) {
      const link = join(prefix, 'bin', 'python');
      if (!(await lstat(link).then(() => true, () => false))) await symlink(name, link);
      return join('bin', name);
    }
  }
  throw new BuildStepError(`make install produced no interpreter in ${join(prefix, 'bin')}`);
}
