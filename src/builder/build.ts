/**
 * Build one matrix entry the way the recipe does, out of tree:
 *   mkdir <src>/build-<variant>; cd it; ../configure <locked args> --prefix=<store entry>
 *   make -jN; [tests]; make install DESTDIR=<staging>
 * then probe the staged interpreter, refuse it if any locked macro or abiflag is missing, and
 * only then move it into the store with one rename. The full log goes to logs/<entry key>.log and is
 * kept inside the entry; a failing step shows its tail.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, writeFileSync, writeSync } from 'node:fs';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { sanitizerBuildEnv } from '../config/cpython.js';
import { InterruptedError, PydebugError } from '../errors.js';
import type { BuildStep } from '../estimate.js';
import { removeInside } from '../files/contained.js';
import { exists, existsNoFollow } from '../files/exists.js';
import { readTextFile, readTextTail } from '../files/read-text.js';
import type { LockedBuild } from '../lock/types.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import { BUILD_DIR_PYTHON, buildDependencyHint, buildEnvironment, type Env, interpreterCandidates, MAKE, type Toolchain, trySetPriority } from '../platform/index.js';
import { describeCpu, parseStepReport, type StepCpu, stepCommand } from '../platform/step-cpu.js';
import type { Phase, Reporter } from '../progress.js';
import type { HeldMutex } from '../store/mutex.js';
import { DISK_FULL_HINT, ENTRY_META_DIR, fileSystemHint, type Manifest, type Store } from '../store/store.js';
import { compileMissingBytecode } from './bytecode.js';
import { type ConfigureSharing, factsFromConfigLog, type SharedSite, siteScript } from './configure-facts.js';
import { writeExternallyManaged } from './externally-managed.js';
import { probeInterpreter } from './probe.js';
import { describeMismatches, findMismatches, type ProvenFlags, proveFlags } from './proofs.js';
import { copySuppressionFiles, findSuppressionFiles, type SuppressionFile, suppressionsInTree } from './sanitizer-files.js';
import { finishSlimInstall, slimInstallArgs } from './slim.js';

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
/** Far more than 40 lines of any compiler's output: only the end of a long build log is read. */
const LOG_TAIL_BYTES = 256 * 1024;
/** config.log is a few MB; a bound keeps a hostile or runaway one out of memory. */
const CONFIG_LOG_LIMIT = 64 * 1024 * 1024;

export async function logTail(logFile: string, lines = LOG_TAIL_LINES): Promise<string> {
  try {
    const text = await readTextTail(logFile, LOG_TAIL_BYTES);
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
    return await spawnStep(ctx, onChild, logFd, command, args, options);
  } finally {
    options.turn?.release();
  }
}

async function spawnStep(
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

/** How a sync runs one entry's build (sync.ts); a build on its own needs none of them. */
export interface EntryBuildOptions {
  /** The entry's cross-process mutex (see buildEntry). */
  mutex?: HeldMutex | undefined;
  /** The build's processes run at this nice value (the entry's rank in the sync, times 5). */
  niceness?: number | undefined;
  /** The schedule's permission to start each step. */
  gate?: StepGate | undefined;
  /** Configure answers this entry offers to, or takes from, another entry of the sync. */
  sharing?: ConfigureSharing | undefined;
}

/**
 * `mutex` is the entry's cross-process mutex: the build records in it the directories it writes
 * and the process group it runs, so that if this process is killed, the next pydebug can stop
 * the orphaned make and remove the leftovers.
 */
export async function buildEntry(ctx: BuildContext, planned: PlannedBuild, sourceTree: string, toolchain: Toolchain, options: EntryBuildOptions = {}): Promise<Manifest> {
  const { mutex } = options;
  const { store } = ctx;
  const { id, build, entryKey } = planned;
  const prefix = store.entryDir(entryKey);
  const buildDir = join(sourceTree, `build-${build.variant}-${entryKey.slice(-8)}`);
  const logFile = store.logPath(entryKey);
  const staging = await store.makeTemp(`stage-${id}`);
  const suppressionFiles = await findSuppressionFiles(sourceTree, build.expect.sanitizers, build.expect.macros.Py_GIL_DISABLED);
  const sanitizerEnv = sanitizerBuildEnv(build.expect.sanitizers, build.env, suppressionsInTree(suppressionFiles));
  const started = Date.now();
  await mutex?.update({ paths: [buildDir, staging] });
  const log = await openBuildLog(store, logFile, `# pydebug build of ${id}\n# key ${entryKey}\n# compiler ${toolchain.compiler}: ${toolchain.version} (${toolchain.target})\n`);
  const run: EntryRun = {
    ctx,
    planned,
    toolchain,
    dirs: { prefix, sourceTree, buildDir, staging, stagedPrefix: join(staging, prefix) },
    configureArgs: configureArguments(build, prefix, toolchain),
    log,
    // The user's environment minus what would change the build, plus the sanitizer options every
    // run of ./python during the build needs (ASAN_OPTIONS=detect_leaks=0, the tree's suppressions).
    env: { ...buildEnvironment(ctx.env), ...sanitizerEnv },
    sanitizerEnv,
    suppressionFiles,
    niceness: options.niceness ?? 0,
    gate: options.gate,
    sharing: options.sharing ?? {},
    onChild: async (pid: number) => mutex?.update({ paths: [buildDir, staging], children: [pid] }),
    started,
    timings: {},
    cpu: {},
  };

  try {
    // Whatever is at the final prefix is not a usable entry (else it would have been reused);
    // it must go before make install looks there.
    await store.remove(entryKey);
    await removeInside(store.sourcesDir, buildDir, 'the build directory');
    await mkdir(buildDir, { recursive: true });

    await runSteps(run);
    const slim = build.slim ? await finishSlimInstall(run.dirs.stagedPrefix, sourceTree) : undefined;
    const { python, proven } = await probeStaged(run);
    await finishBytecode(run, python);
    const manifest = await writeEntryManifest(run, { python, proven, slim });
    await moveIntoStore(run);
    return manifest;
  } finally {
    log.close();
    await removeInside(store.tmpDir, staging, 'the staging directory');
    if (!ctx.keepBuildDir) await removeInside(store.sourcesDir, buildDir, 'the build directory');
  }
}

/** What every part of one entry's build shares. */
interface EntryRun {
  ctx: BuildContext;
  planned: PlannedBuild;
  toolchain: Toolchain;
  dirs: {
    /** The entry's place in the store, which configure is given as --prefix. */
    prefix: string;
    sourceTree: string;
    buildDir: string;
    /** make install's DESTDIR, and the prefix inside it. */
    staging: string;
    stagedPrefix: string;
  };
  configureArgs: string[];
  log: BuildLog;
  env: Record<string, string>;
  /** The sanitizer options of the build's own runs of python (the probe's too). */
  sanitizerEnv: Record<string, string>;
  /** CPython's sanitizer suppression files in the tree, copied into the entry. */
  suppressionFiles: SuppressionFile[];
  niceness: number;
  /** The schedule's gate before each step (sync.ts). */
  gate: StepGate | undefined;
  /** Configure answers this entry offers to, or takes from, another entry of the sync (configure-facts.ts). */
  sharing: ConfigureSharing;
  /** Records a step's process group in the entry's mutex (see buildEntry). */
  onChild: (pid: number) => Promise<void>;
  started: number;
  /** Seconds per phase, for the manifest. */
  timings: Record<string, number>;
  /** User and system CPU per phase (the step's children), for the manifest. */
  cpu: Record<string, StepCpu>;
}

/** logs/<entry key>.log, open for appending: pydebug's own notes and every child's output share it. */
interface BuildLog {
  file: string;
  fd: number;
  write(text: string): void;
  /** Closes the file; later calls do nothing. */
  close(): void;
}

async function openBuildLog(store: Store, file: string, header: string): Promise<BuildLog> {
  await mkdir(store.logsDir, { recursive: true });
  // The last build's log goes, and this one is created new: never opened through whatever (a
  // link to a user's file) is at its name.
  await removeInside(store.logsDir, file, 'the previous build log');
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | constants.O_NOFOLLOW, 0o644);
  let closed = false;
  const log: BuildLog = {
    file,
    fd,
    write: (text) => writeSync(fd, text),
    close: () => {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
  log.write(header);
  return log;
}

function configureArguments(build: LockedBuild, prefix: string, toolchain: Toolchain): string[] {
  const args = [...build.configure, `--prefix=${prefix}`];
  // A variant without a declared compiler uses the machine's default, named explicitly so the
  // build matches the entry key (CC from the user's shell is not passed through otherwise).
  if (build.compiler === null) args.push(`CC=${toolchain.compiler}`);
  return args;
}

/** The steps runSteps and probeStaged run, in order, for the progress display. */
export function stepsOf(build: LockedBuild): BuildStep[] {
  const tests = build.test === true || build.test === 'quick' || (Array.isArray(build.test) && build.test.length > 0);
  return ['configure', 'make', ...(tests ? (['test'] as const) : []), 'install', 'probe'];
}

/** configure, make, the variant's tests, make install into the staging directory. */
async function runSteps(run: EntryRun): Promise<void> {
  const { build } = run.planned;
  const { buildDir, staging, sourceTree } = run.dirs;
  const { jobs } = run.ctx;
  // What the later steps need is prepared before configure: from one step's end to the next
  // step's request for its turn there is no await, or a later entry takes the freed cores first
  // (test/builder/build-steps.test.ts holds it).
  // make install runs ensurepip, which skips pip when it finds one already installed: in the
  // final prefix (a damaged entry is removed before building) or in the user's site-packages,
  // so HOME points at an empty directory for the install.
  const installHome = join(staging, '.home');
  await mkdir(installHome);
  const slimArgs = build.slim ? await slimInstallArgs(sourceTree) : [];
  await configure(run);
  // make's turn is asked for before configure's answers are read and offered (an await).
  const makeTurn = run.gate?.('make');
  makeTurn?.catch(() => undefined); // refused (an interrupt) while the offer is read: runStep says so below
  try {
    await offerConfigureAnswers(run);
  } catch (error) {
    makeTurn?.then(
      (t) => t.release(),
      () => undefined,
    );
    throw error;
  }
  await runStep(run, 'make', MAKE, [`-j${jobs}`], buildDir, run.env, await makeTurn);
  if (build.test === true) await runStep(run, 'test', MAKE, ['test'], buildDir);
  else if (build.test === 'quick') await runStep(run, 'test', MAKE, ['quicktest'], buildDir);
  else if (Array.isArray(build.test) && build.test.length > 0) {
    await runStep(run, 'test', join(buildDir, BUILD_DIR_PYTHON), ['-m', 'test', `-j${jobs}`, ...build.test], buildDir);
  }
  // SOURCE_DATE_EPOCH: py_compile's default becomes checked-hash, for compileall and for pip's
  // own compiling of what ensurepip installs (see bytecode.ts); its value is not recorded.
  const installEnv = { ...run.env, HOME: installHome, SOURCE_DATE_EPOCH: String(Math.floor(run.started / 1000)) };
  await runStep(run, 'install', MAKE, ['install', `DESTDIR=${staging}`, ...slimArgs], buildDir, installEnv);
}

/**
 * ../configure, given the answers another entry's configure found when the sync shares them
 * (configure-facts.ts); offerConfigureAnswers then offers its own when others wait for them.
 */
async function configure(run: EntryRun): Promise<void> {
  const { sharing, dirs, planned, ctx } = run;
  let env = run.env;
  let turn: StepTurn | undefined;
  if (sharing.wait) {
    ctx.reporter.phase(planned.id, 'wait', `for ${sharing.waitFor}'s configure answers`);
    // The turn is asked for as the answers arrive (see ConfigureSharing.wait), so the entries
    // given them together are served by rank; the site file is written holding the turn.
    const given = await sharing.wait(() => run.gate?.('configure'));
    turn = given.turn;
    try {
      env = { ...env, ...useSharedSite(run, sharing.waitFor, given.site) };
    } catch (error) {
      turn?.release();
      throw error;
    }
  }
  // A configure that fails offers nothing: sync.ts's buildOne makes the empty offer as the build ends.
  await runStep(run, 'configure', '../configure', run.configureArgs, dirs.buildDir, env, turn);
}

/** The answers this entry's configure found, offered to the entries that wait for them (if any). */
async function offerConfigureAnswers(run: EntryRun): Promise<void> {
  const { sharing, dirs, planned } = run;
  if (!sharing.offer) return;
  const configLog = await readTextFile(join(dirs.buildDir, 'config.log'), CONFIG_LOG_LIMIT).catch(() => '');
  const answers = factsFromConfigLog(configLog);
  sharing.offer({ script: siteScript(answers, planned.id), answers: answers.length, from: planned.id });
}

/** The CONFIG_SITE of the answers another entry's configure found (none: every check runs), noted in the log. */
function useSharedSite(run: EntryRun, from: string | undefined, site: SharedSite | undefined): { CONFIG_SITE?: string } {
  if (!site) {
    run.log.write(`# configure: no answers from ${from}'s configure; every check runs\n`);
    return {};
  }
  const file = join(run.dirs.buildDir, 'pydebug-config.site');
  writeFileSync(file, site.script, { flag: 'wx' });
  run.log.write(`# configure: ${site.answers} answers of autoconf's generic checks from ${site.from}'s configure, in ${file}\n`);
  return { CONFIG_SITE: file };
}

/**
 * One step, its output in the log; a failure throws with the log's tail, an interrupt
 * InterruptedError. `given`: the turn already held (configure given shared answers), else asked for.
 */
async function runStep(run: EntryRun, phase: Phase, command: string, args: string[], cwd: string, env = run.env, given?: StepTurn): Promise<void> {
  const { ctx, log } = run;
  const { id } = run.planned;
  if (ctx.signal.aborted) {
    given?.release();
    throw new InterruptedError();
  }
  const turn = given ?? (await run.gate?.(phase));
  ctx.reporter.phase(id, phase, undefined, log.file);
  const t0 = Date.now();
  const r = await runLogged(ctx, run.onChild, log.fd, command, args, { cwd, env, niceness: run.niceness, turn });
  const seconds = (Date.now() - t0) / 1000;
  if (ctx.signal.aborted) throw new InterruptedError();
  if (r.exitCode !== 0) {
    ctx.reporter.phaseFailed(id, phase, seconds, log.file);
    log.close();
    const how = r.signal ? `was killed by ${r.signal}` : r.exitCode === undefined ? `could not be started (${command})` : `failed with exit code ${r.exitCode}`;
    const tail = await logTail(log.file);
    throw new BuildStepError(`${id}: ${phase} ${how} after ${seconds.toFixed(0)} s\n--- last lines of ${log.file} ---\n${tail}\n---`, {
      hint: `${failureHint(phase, tail)}the full log is ${log.file}`,
    });
  }
  run.timings[phase] = seconds;
  if (r.cpu) run.cpu[phase] = r.cpu;
  ctx.reporter.phaseDone(id, phase, seconds, log.file);
}

/** The staged interpreter and the flags it proves; refused when they are not what the lock promised. */
async function probeStaged(run: EntryRun): Promise<{ python: string; proven: ProvenFlags }> {
  const { ctx, planned } = run;
  const { id, build } = planned;
  const { stagedPrefix } = run.dirs;
  ctx.reporter.phase(id, 'probe');
  const t0 = Date.now();
  const python = await findInterpreter(stagedPrefix, planned.source.version, build.expect.abiflags);
  const report = await probeInterpreter(join(stagedPrefix, python), { signal: ctx.signal, env: { PATH: run.env.PATH ?? '', ...run.sanitizerEnv } });
  const proven = proveFlags(report);
  const mismatches = findMismatches(build.expect, proven);
  if (mismatches.length > 0) {
    throw new BuildStepError(`${id}: the built interpreter does not have the flags the lock promised:\n${describeMismatches(mismatches)}\nNothing was stored or cached.`, {
      hint: `check configure_args and cflags of variant "${build.variant}"; the full log is ${run.log.file}`,
    });
  }
  run.timings.probe = (Date.now() - t0) / 1000;
  ctx.reporter.phaseDone(id, 'probe', run.timings.probe);
  return { python, proven };
}

/** Bytecode for the modules that have none yet (bytecode.ts), noted in the build log. */
async function finishBytecode(run: EntryRun, python: string): Promise<void> {
  const { stagedPrefix, prefix } = run.dirs;
  const done = await compileMissingBytecode(join(stagedPrefix, python), stagedPrefix, prefix, { env: { PATH: run.env.PATH ?? '', ...run.sanitizerEnv }, signal: run.ctx.signal });
  run.log.write(`\n# bytecode: compiled ${done.compiled.length} module(s) that had none${done.compiled.length > 0 ? ` (${done.compiled.join(', ')})` : ''}\n`);
  if (done.failed.length > 0) run.log.write(`# bytecode: ${done.failed.length} file(s) do not compile (test data, never imported): ${done.failed.join(', ')}\n`);
}

/**
 * The staged entry's metadata (ENTRY_META_DIR): CPython's Valgrind suppressions, the build log
 * (finished with the probe's result and closed here) and the manifest, which records the hash
 * of every file so that tampering is caught on use and on reuse.
 */
async function writeEntryManifest(run: EntryRun, built: { python: string; proven: ProvenFlags; slim: { bytes: number; removed: string[] } | undefined }): Promise<Manifest> {
  const { ctx, planned, toolchain, log } = run;
  const { id, build, entryKey } = planned;
  const { python, proven, slim } = built;
  ctx.reporter.phase(id, 'store');
  const meta = join(run.dirs.stagedPrefix, ENTRY_META_DIR);
  await mkdir(meta, { recursive: true });
  const supp = join(run.dirs.sourceTree, 'Misc', 'valgrind-python.supp');
  const hasSupp = await exists(supp);
  if (hasSupp) await copyFile(supp, join(meta, 'valgrind-python.supp'));
  const sanitizerSuppressions = await copySuppressionFiles(run.dirs.stagedPrefix, run.suppressionFiles);
  await writeExternallyManaged(run.dirs.stagedPrefix, id, build.variant);
  log.write(`\n# probe: ${JSON.stringify(proven)}\n`);
  log.close();
  await copyFile(log.file, join(meta, 'build.log'));
  run.timings.total = (Date.now() - run.started) / 1000;
  return ctx.store.writeManifest(run.dirs.stagedPrefix, {
    entry_key: entryKey,
    lock_key: build.lock_key,
    id,
    version: build.source,
    variant: build.variant,
    python,
    prefix: run.dirs.prefix,
    configure: run.configureArgs,
    compiler: { name: toolchain.compiler, version: toolchain.version, target: toolchain.target },
    expect: build.expect,
    proven,
    env: build.env,
    built_at: new Date().toISOString(),
    timings: run.timings,
    cpu: run.cpu,
    files: {
      log: join(ENTRY_META_DIR, 'build.log'),
      valgrind_suppressions: hasSupp ? join(ENTRY_META_DIR, 'valgrind-python.supp') : undefined,
      sanitizer_suppressions: sanitizerSuppressions,
    },
    slim: slim ? { removed_bytes: slim.bytes, removed: slim.removed.length } : undefined,
  });
}

/** The one rename that makes the entry visible (see Store.install). */
async function moveIntoStore(run: EntryRun): Promise<void> {
  const { store } = run.ctx;
  try {
    await store.install(run.dirs.stagedPrefix, run.planned.entryKey);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BuildStepError(`${run.planned.id}: could not move the build into the store ${store.entriesDir}: ${err.code ?? ''} ${err.message}`.trim(), {
      hint: fileSystemHint(err.code, store.root),
    });
  }
}

/**
 * The interpreter `make install` created (python3, or python3.13t for free-threaded builds),
 * plus a `python` link beside it, as venvs and setup-python provide.
 */
async function findInterpreter(prefix: string, version: string, abiflags: string): Promise<string> {
  for (const name of interpreterCandidates(version, abiflags)) {
    const path = join(prefix, 'bin', name);
    if (await exists(path, 'file')) {
      const link = join(prefix, 'bin', 'python');
      if (!(await existsNoFollow(link))) await symlink(name, link);
      return join('bin', name);
    }
  }
  throw new BuildStepError(`make install produced no interpreter in ${join(prefix, 'bin')}`);
}
