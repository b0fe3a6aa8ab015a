import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  describeMismatches,
  findMismatches,
  probeInterpreter,
  proveFlags
} from "./chunk-RI27NQBJ.js";
import {
  effectiveRegistry,
  registryCredentials
} from "./chunk-WJJBIXIY.js";
import {
  downloadSettingsFromEnv,
  provideSourceTree
} from "./chunk-US56UJEN.js";
import "./chunk-JMSWVBE7.js";
import "./chunk-I4UB4BG5.js";
import {
  execa
} from "./chunk-N76HLSXF.js";
import {
  effectiveMirror
} from "./chunk-NABCBVO6.js";
import {
  BUILD_DIR_PYTHON,
  DISK_FULL_HINT,
  ENTRY_META_DIR,
  MAKE,
  OutsideError,
  TAIL_CALL_MIN_CLANG,
  acquireMutex,
  bool,
  buildDependencyHint,
  buildEnvironment,
  checkLock,
  clangMajor,
  compilerHasHeader,
  compilerOf,
  cpuCount,
  describeReason,
  exists,
  existsNoFollow,
  fileSystemHint,
  findLlvmTool,
  formatDuration,
  interpreterCandidates,
  isStrictlyInside,
  loadConfig,
  makeReporter,
  mutexOwnerOf,
  openStore,
  planFor,
  positiveInt,
  readManifest,
  readMmapRndBits,
  readProc,
  readTextFile,
  readTextTail,
  rebuildChangedWarning,
  registerProject,
  removeInside,
  sanitizerBuildEnv,
  sanitizerRuntimes,
  stepTimesOf,
  str,
  strs,
  syncedEntryJson,
  treeSize,
  trySetPriority,
  tsanKernelProblem,
  updateLock,
  valgrindHint
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK,
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/sync.ts
import { dirname as dirname3 } from "node:path";

// src/limits.ts
var MAX_JOBS = 256;

// src/sync/sync.ts
import { dirname as dirname2 } from "node:path";

// src/builder/build.ts
import { spawn } from "node:child_process";
import { closeSync, constants, openSync, writeFileSync, writeSync } from "node:fs";
import { copyFile as copyFile3, mkdir, symlink } from "node:fs/promises";
import { basename, join as join4 } from "node:path";

// src/platform/step-cpu.ts
var STEP_SHELL = "/bin/sh";
var STEP_SCRIPT = 'case $0 in */*) [ -f "$0" ] && [ -x "$0" ] ;; *) command -v -- "$0" >/dev/null 2>&1 ;; esac || { echo cannot-run >&3; exit 127; }; "$0" "$@" 3>&-; s=$?; times >&3; if [ $s -gt 128 ] && [ $s -lt 192 ]; then ulimit -c 0 2>/dev/null; kill -$((s - 128)) $$ 2>/dev/null; fi; exit $s';
function stepCommand(command, args) {
  return { command: STEP_SHELL, args: ["-c", STEP_SCRIPT, command, ...args] };
}
function unwrapStep(argv) {
  return argv.length >= 4 && argv[0] === STEP_SHELL && argv[1] === "-c" && argv[2] === STEP_SCRIPT ? argv.slice(3) : argv;
}
function parseStepReport(text) {
  if (/^cannot-run$/m.test(text)) return { cannotRun: true };
  const times = [...text.matchAll(/(\d+)m\s*(\d+(?:[.,]\d*)?)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2].replace(",", ".")));
  if (times.length !== 4 || times.some((t) => !Number.isFinite(t))) return { unknown: true };
  const [selfUser, selfSys, childUser, childSys] = times;
  const round = (n) => Math.round(n * 1e3) / 1e3;
  return { cpu: { user: round(selfUser + childUser), sys: round(selfSys + childSys) } };
}
function describeCpu(cpu) {
  return `${cpu.user.toFixed(1)} s user, ${cpu.sys.toFixed(1)} s sys`;
}

// src/builder/bytecode.ts
var COMPILE_MISSING_SCRIPT = String.raw`
import importlib.util, json, os, py_compile, sys
staged, final = sys.argv[1], sys.argv[2]
mode = py_compile.PycInvalidationMode.CHECKED_HASH
compiled, failed = [], []
lib = os.path.join(staged, "lib")
for top in sorted(os.listdir(lib)):
    if not top.startswith("python"):
        continue
    for root, dirs, files in os.walk(os.path.join(lib, top)):
        # config-3.13-x86_64-linux-gnu holds scripts (python-config.py), never imported.
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("config-"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            src = os.path.join(root, name)
            if os.path.exists(importlib.util.cache_from_source(src)):
                continue
            rel = os.path.relpath(src, staged)
            try:
                for optimize in (0, 1, 2):
                    py_compile.compile(src, dfile=os.path.join(final, rel), optimize=optimize, invalidation_mode=mode, doraise=True)
                compiled.append(rel)
            except py_compile.PyCompileError:
                # Test data that is not Python on purpose (lib2to3's, in a full install).
                failed.append(rel)
sys.stdout.write(json.dumps({"compiled": compiled, "failed": failed}))
`;
async function compileMissingBytecode(python, staged, final, options) {
  const r = await execa(python, ["-E", "-c", COMPILE_MISSING_SCRIPT, staged, final], { reject: false, env: options.env, extendEnv: false, cancelSignal: options.signal });
  if (r.isCanceled) throw new InterruptedError();
  if (r.exitCode !== 0) {
    throw new PydebugError(`compiling the bytecode of the staged install failed (exit ${r.exitCode ?? r.signal}):
${r.stderr.split("\n").slice(-5).join("\n")}`, {
      hint: "the staged interpreter could not run py_compile: see the build log"
    });
  }
  return JSON.parse(r.stdout);
}

// src/builder/configure-facts.ts
var SHAREABLE_OPTIONS = [/^--prefix=/, /^--with(out)?-trace-refs$/, /^--with(out)?-pymalloc$/, /^--with(out)?-valgrind$/];
var FACT_PREFIXES = ["ac_cv_func_", "ac_cv_header_", "ac_cv_lib_", "ac_cv_sizeof_", "ac_cv_alignof_", "ac_cv_type_", "ac_cv_member_", "ac_cv_search_", "ac_cv_have_decl_"];
var PLAIN_VALUE = /^[A-Za-z0-9 _.,:+/=-]*$/;
var NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var SHARE_CONFIGURE_KNOB = "PYDEBUG_SHARE_CONFIGURE";
function sharingEnabled(env) {
  const value = env[SHARE_CONFIGURE_KNOB]?.trim() ?? "";
  if (value !== "" && value !== "0" && value !== "1") {
    throw new UsageError(`${SHARE_CONFIGURE_KNOB}=${JSON.stringify(value)} is neither 0 nor 1`, {
      hint: `set ${SHARE_CONFIGURE_KNOB}=0 to have each entry run configure's checks itself, 1 (or unset it) to share them`
    });
  }
  return value !== "0";
}
function configureSharingKey(p, compilerIdentity) {
  const { build } = p;
  return JSON.stringify({
    source: build.source,
    compiler: build.compiler,
    compilerIdentity,
    configure: build.configure.filter((a) => !SHAREABLE_OPTIONS.some((re) => re.test(a))),
    env: Object.entries(build.env).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0),
    sanitizers: build.expect.sanitizers,
    slim: build.slim
  });
}
function factsFromConfigLog(log) {
  const start = log.indexOf("## Cache variables. ##");
  if (start === -1) return [];
  const end = log.indexOf("## Output variables. ##", start);
  const section = log.slice(start, end === -1 ? void 0 : end);
  const facts = [];
  for (const line of section.split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    let value = line.slice(eq + 1);
    if (!NAME.test(name) || !FACT_PREFIXES.some((p) => name.startsWith(p))) continue;
    if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    if (!PLAIN_VALUE.test(value)) continue;
    facts.push([name, value]);
  }
  return facts;
}
function siteScript(facts, from) {
  const lines = facts.filter(([n, v]) => NAME.test(n) && PLAIN_VALUE.test(v)).map(([n, v]) => `${n}=\${${n}='${v}'}`);
  return `# configure answers shared by pydebug from ${from.replace(/[^\x20-\x7e]/g, "?")} (autoconf's generic checks only)
${lines.join("\n")}
`;
}

// src/builder/externally-managed.ts
import { writeFile } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/builder/slim.ts
import { copyFile, readdir } from "node:fs/promises";
import { join } from "node:path";
var KEPT_TEST_PACKAGES = ["test/support", "test/libregrtest"];
async function list(dir) {
  return readdir(dir).catch(() => []);
}
async function keptTestSubdirs(sourceTree) {
  const out = [];
  const walk = async (rel) => {
    if (!await exists(join(sourceTree, "Lib", rel), "dir")) return;
    out.push(rel);
    for (const name of (await list(join(sourceTree, "Lib", rel))).sort()) {
      if (name !== "__pycache__" && await exists(join(sourceTree, "Lib", rel, name), "dir")) await walk(`${rel}/${name}`);
    }
  };
  for (const pkg of KEPT_TEST_PACKAGES) await walk(pkg);
  return out;
}
async function slimInstallArgs(sourceTree) {
  return [`TESTSUBDIRS=${(await keptTestSubdirs(sourceTree)).join(" ")}`];
}
async function libDirs(prefix) {
  return (await list(join(prefix, "lib"))).filter((d) => /^python\d+\.\d+t?$/.test(d));
}
async function slimCandidates(prefix) {
  const out = [];
  for (const lib of await libDirs(prefix)) {
    for (const config of (await list(join(prefix, "lib", lib))).filter((d) => d.startsWith("config-"))) {
      for (const name of await list(join(prefix, "lib", lib, config))) {
        if (name.endsWith(".a")) out.push(join("lib", lib, config, name));
      }
    }
  }
  return out.sort();
}
async function finishSlimInstall(prefix, sourceTree) {
  const removed = await slimCandidates(prefix);
  const before = await treeSize(prefix);
  for (const lib of await libDirs(prefix)) {
    if (await exists(join(prefix, "lib", lib, "test"), "dir")) await copyFile(join(sourceTree, "Lib", "test", "__init__.py"), join(prefix, "lib", lib, "test", "__init__.py"));
  }
  for (const rel of removed) await removeInside(prefix, join(prefix, rel), "a file of the staged install");
  const after = await treeSize(prefix);
  return { removed, bytes: before.bytes - after.bytes };
}

// src/builder/externally-managed.ts
var EXTERNALLY_MANAGED = "EXTERNALLY-MANAGED";
function externallyManagedText(id, variant) {
  const lines = [
    `This is pydebug's store interpreter ${id}, shared by every project on this machine that uses this build,`,
    "and it must stay as it was built: pydebug would find it changed and rebuild it.",
    "Install packages into your project's own environment of the variant instead:",
    `pydebug run ${variant} -- python -m pip install <package>`,
    `(pydebug which --env ${variant} prints that environment's interpreter), or into a venv of your own.`
  ];
  return `[externally-managed]
Error=${lines.join("\n  ")}
`;
}
async function writeExternallyManaged(prefix, id, variant) {
  const written = [];
  for (const lib of await libDirs(prefix)) {
    const path = join2(prefix, "lib", lib, EXTERNALLY_MANAGED);
    await writeFile(path, externallyManagedText(id, variant));
    written.push(path);
  }
  return written;
}

// src/builder/sanitizer-files.ts
import { copyFile as copyFile2 } from "node:fs/promises";
import { join as join3 } from "node:path";
async function findSuppressionFiles(sourceTree, sanitizers, freethreading) {
  const found = [];
  for (const r of sanitizerRuntimes(sanitizers)) {
    if (!r.suppressions) continue;
    const relative2 = r.suppressions(freethreading);
    const source = join3(sourceTree, relative2);
    if (!await existsNoFollow(source, "file")) continue;
    const name = `${r.variable.replace("_OPTIONS", "").toLowerCase()}-${relative2.split("/").pop()}`;
    found.push({ variable: r.variable, source, entryPath: join3(ENTRY_META_DIR, name) });
  }
  return found;
}
function suppressionsInTree(files) {
  return Object.fromEntries(files.map((f) => [f.variable, f.source]));
}
async function copySuppressionFiles(stagedPrefix, files) {
  if (files.length === 0) return void 0;
  for (const f of files) await copyFile2(f.source, join3(stagedPrefix, f.entryPath));
  return Object.fromEntries(files.map((f) => [f.variable, f.entryPath]));
}

// src/builder/build.ts
var BuildStepError = class extends PydebugError {
};
var LOG_TAIL_LINES = 40;
var LOG_TAIL_BYTES = 256 * 1024;
var CONFIG_LOG_LIMIT = 64 * 1024 * 1024;
async function logTail(logFile, lines = LOG_TAIL_LINES) {
  try {
    const text = await readTextTail(logFile, LOG_TAIL_BYTES);
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
function failureHint(phase, tail) {
  if (/No space left on device/i.test(tail)) return `${DISK_FULL_HINT}; `;
  if (/Read-only file system|Permission denied/i.test(tail)) return "pydebug could not write where it builds: check PYDEBUG_HOME is writable; ";
  if (phase === "configure" || phase === "make") return `if a header or library is missing, ${buildDependencyHint()}; `;
  return "";
}
async function runLogged(ctx, onChild, logFd, command, args, options) {
  try {
    return await spawnStep(ctx, onChild, logFd, command, args, options);
  } finally {
    options.turn?.release();
  }
}
async function spawnStep(ctx, onChild, logFd, command, args, options) {
  writeSync(logFd, `
$ ${[command, ...args].map((a) => /^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)).join(" ")}
`);
  const t0 = Date.now();
  const wrapped = stepCommand(command, args);
  const child = spawn(wrapped.command, wrapped.args, { cwd: options.cwd, env: options.env, stdio: ["ignore", logFd, logFd, "pipe"], detached: true });
  let report = "";
  const reportPipe = child.stdio[3];
  const reported = reportPipe ? new Promise((resolve2) => {
    reportPipe.setEncoding("utf8");
    reportPipe.on("data", (d) => report = (report + d).slice(-1e3));
    reportPipe.once("close", () => resolve2());
    reportPipe.once("error", () => resolve2());
  }) : Promise.resolve();
  const done = new Promise((resolve2) => {
    child.once("error", (e) => {
      writeSync(logFd, `pydebug: could not run ${command}: ${e.message}
`);
      resolve2({ exitCode: void 0, signal: void 0 });
    });
    child.once("exit", (code, signal) => resolve2({ exitCode: code ?? void 0, signal: signal ?? void 0 }));
  });
  if (child.pid !== void 0) {
    if (options.niceness > 0) trySetPriority(child.pid, options.niceness);
    await onChild(child.pid).catch(() => void 0);
  }
  const stop = () => {
    if (child.pid === void 0) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
      }
    }, 5e3).unref();
  };
  ctx.signal.addEventListener("abort", stop, { once: true });
  if (ctx.signal.aborted) stop();
  try {
    const result = await done;
    let timer;
    await Promise.race([reported, new Promise((r) => timer = setTimeout(r, 2e3))]);
    clearTimeout(timer);
    reportPipe?.destroy();
    const parsed = parseStepReport(report);
    if ("cannotRun" in parsed) {
      writeSync(logFd, `pydebug: could not run ${command}: not found or not executable
`);
      return { exitCode: void 0, signal: void 0 };
    }
    const cpu = "cpu" in parsed ? parsed.cpu : void 0;
    const how = result.signal ? `killed by ${result.signal}` : result.exitCode === void 0 ? "not started" : `exit code ${result.exitCode}`;
    writeSync(logFd, `# ${basename(command)}: ${how} after ${((Date.now() - t0) / 1e3).toFixed(1)} s${cpu ? `, ${describeCpu(cpu)}` : ""}
`);
    return { ...result, cpu };
  } finally {
    ctx.signal.removeEventListener("abort", stop);
  }
}
async function buildEntry(ctx, planned, sourceTree, toolchain, options = {}) {
  const { mutex } = options;
  const { store } = ctx;
  const { id, build, entryKey } = planned;
  const prefix = store.entryDir(entryKey);
  const buildDir = join4(sourceTree, `build-${build.variant}-${entryKey.slice(-8)}`);
  const logFile = store.logPath(entryKey);
  const staging = await store.makeTemp(`stage-${id}`);
  const suppressionFiles = await findSuppressionFiles(sourceTree, build.expect.sanitizers, build.expect.macros.Py_GIL_DISABLED);
  const sanitizerEnv = sanitizerBuildEnv(build.expect.sanitizers, build.env, suppressionsInTree(suppressionFiles));
  const started = Date.now();
  await mutex?.update({ paths: [buildDir, staging] });
  const log = await openBuildLog(store, logFile, `# pydebug build of ${id}
# key ${entryKey}
# compiler ${toolchain.compiler}: ${toolchain.version} (${toolchain.target})
`);
  const run = {
    ctx,
    planned,
    toolchain,
    dirs: { prefix, sourceTree, buildDir, staging, stagedPrefix: join4(staging, prefix) },
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
    onChild: async (pid) => mutex?.update({ paths: [buildDir, staging], children: [pid] }),
    started,
    timings: {},
    cpu: {}
  };
  try {
    await store.remove(entryKey);
    await removeInside(store.sourcesDir, buildDir, "the build directory");
    await mkdir(buildDir, { recursive: true });
    await runSteps(run);
    const slim = build.slim ? await finishSlimInstall(run.dirs.stagedPrefix, sourceTree) : void 0;
    const { python, proven } = await probeStaged(run);
    await finishBytecode(run, python);
    const manifest = await writeEntryManifest(run, { python, proven, slim });
    await moveIntoStore(run);
    return manifest;
  } finally {
    log.close();
    await removeInside(store.tmpDir, staging, "the staging directory");
    if (!ctx.keepBuildDir) await removeInside(store.sourcesDir, buildDir, "the build directory");
  }
}
async function openBuildLog(store, file, header) {
  await mkdir(store.logsDir, { recursive: true });
  await removeInside(store.logsDir, file, "the previous build log");
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | constants.O_NOFOLLOW, 420);
  let closed = false;
  const log = {
    file,
    fd,
    write: (text) => writeSync(fd, text),
    close: () => {
      if (!closed) closeSync(fd);
      closed = true;
    }
  };
  log.write(header);
  return log;
}
function configureArguments(build, prefix, toolchain) {
  const args = [...build.configure, `--prefix=${prefix}`];
  if (build.compiler === null) args.push(`CC=${toolchain.compiler}`);
  return args;
}
function stepsOf(build) {
  const tests = build.test === true || build.test === "quick" || Array.isArray(build.test) && build.test.length > 0;
  return ["configure", "make", ...tests ? ["test"] : [], "install", "probe"];
}
async function runSteps(run) {
  const { build } = run.planned;
  const { buildDir, staging, sourceTree } = run.dirs;
  const { jobs } = run.ctx;
  const installHome = join4(staging, ".home");
  await mkdir(installHome);
  const slimArgs = build.slim ? await slimInstallArgs(sourceTree) : [];
  await configure(run);
  const makeTurn = run.gate?.("make");
  makeTurn?.catch(() => void 0);
  try {
    await offerConfigureAnswers(run);
  } catch (error) {
    makeTurn?.then(
      (t) => t.release(),
      () => void 0
    );
    throw error;
  }
  await runStep(run, "make", MAKE, [`-j${jobs}`], buildDir, run.env, await makeTurn);
  if (build.test === true) await runStep(run, "test", MAKE, ["test"], buildDir);
  else if (build.test === "quick") await runStep(run, "test", MAKE, ["quicktest"], buildDir);
  else if (Array.isArray(build.test) && build.test.length > 0) {
    await runStep(run, "test", join4(buildDir, BUILD_DIR_PYTHON), ["-m", "test", `-j${jobs}`, ...build.test], buildDir);
  }
  const installEnv = { ...run.env, HOME: installHome, SOURCE_DATE_EPOCH: String(Math.floor(run.started / 1e3)) };
  await runStep(run, "install", MAKE, ["install", `DESTDIR=${staging}`, ...slimArgs], buildDir, installEnv);
}
async function configure(run) {
  const { sharing, dirs, planned, ctx } = run;
  let env = run.env;
  let turn;
  if (sharing.wait) {
    ctx.reporter.phase(planned.id, "wait", `for ${sharing.waitFor}'s configure answers`);
    const given = await sharing.wait(() => run.gate?.("configure"));
    turn = given.turn;
    try {
      env = { ...env, ...useSharedSite(run, sharing.waitFor, given.site) };
    } catch (error) {
      turn?.release();
      throw error;
    }
  }
  await runStep(run, "configure", "../configure", run.configureArgs, dirs.buildDir, env, turn);
}
async function offerConfigureAnswers(run) {
  const { sharing, dirs, planned } = run;
  if (!sharing.offer) return;
  const configLog = await readTextFile(join4(dirs.buildDir, "config.log"), CONFIG_LOG_LIMIT).catch(() => "");
  const answers = factsFromConfigLog(configLog);
  sharing.offer({ script: siteScript(answers, planned.id), answers: answers.length, from: planned.id });
}
function useSharedSite(run, from, site) {
  if (!site) {
    run.log.write(`# configure: no answers from ${from}'s configure; every check runs
`);
    return {};
  }
  const file = join4(run.dirs.buildDir, "pydebug-config.site");
  writeFileSync(file, site.script, { flag: "wx" });
  run.log.write(`# configure: ${site.answers} answers of autoconf's generic checks from ${site.from}'s configure, in ${file}
`);
  return { CONFIG_SITE: file };
}
async function runStep(run, phase, command, args, cwd, env = run.env, given) {
  const { ctx, log } = run;
  const { id } = run.planned;
  if (ctx.signal.aborted) {
    given?.release();
    throw new InterruptedError();
  }
  const turn = given ?? await run.gate?.(phase);
  ctx.reporter.phase(id, phase, void 0, log.file);
  const t0 = Date.now();
  const r = await runLogged(ctx, run.onChild, log.fd, command, args, { cwd, env, niceness: run.niceness, turn });
  const seconds = (Date.now() - t0) / 1e3;
  if (ctx.signal.aborted) throw new InterruptedError();
  if (r.exitCode !== 0) {
    ctx.reporter.phaseFailed(id, phase, seconds, log.file);
    log.close();
    const how = r.signal ? `was killed by ${r.signal}` : r.exitCode === void 0 ? `could not be started (${command})` : `failed with exit code ${r.exitCode}`;
    const tail = await logTail(log.file);
    throw new BuildStepError(`${id}: ${phase} ${how} after ${seconds.toFixed(0)} s
--- last lines of ${log.file} ---
${tail}
---`, {
      hint: `${failureHint(phase, tail)}the full log is ${log.file}`
    });
  }
  run.timings[phase] = seconds;
  if (r.cpu) run.cpu[phase] = r.cpu;
  ctx.reporter.phaseDone(id, phase, seconds, log.file);
}
async function probeStaged(run) {
  const { ctx, planned } = run;
  const { id, build } = planned;
  const { stagedPrefix } = run.dirs;
  ctx.reporter.phase(id, "probe");
  const t0 = Date.now();
  const python = await findInterpreter(stagedPrefix, planned.source.version, build.expect.abiflags);
  const report = await probeInterpreter(join4(stagedPrefix, python), { signal: ctx.signal, env: { PATH: run.env.PATH ?? "", ...run.sanitizerEnv } });
  const proven = proveFlags(report);
  const mismatches = findMismatches(build.expect, proven);
  if (mismatches.length > 0) {
    throw new BuildStepError(`${id}: the built interpreter does not have the flags the lock promised:
${describeMismatches(mismatches)}
Nothing was stored or cached.`, {
      hint: `check configure_args and cflags of variant "${build.variant}"; the full log is ${run.log.file}`
    });
  }
  run.timings.probe = (Date.now() - t0) / 1e3;
  ctx.reporter.phaseDone(id, "probe", run.timings.probe);
  return { python, proven };
}
async function finishBytecode(run, python) {
  const { stagedPrefix, prefix } = run.dirs;
  const done = await compileMissingBytecode(join4(stagedPrefix, python), stagedPrefix, prefix, { env: { PATH: run.env.PATH ?? "", ...run.sanitizerEnv }, signal: run.ctx.signal });
  run.log.write(`
# bytecode: compiled ${done.compiled.length} module(s) that had none${done.compiled.length > 0 ? ` (${done.compiled.join(", ")})` : ""}
`);
  if (done.failed.length > 0) run.log.write(`# bytecode: ${done.failed.length} file(s) do not compile (test data, never imported): ${done.failed.join(", ")}
`);
}
async function writeEntryManifest(run, built) {
  const { ctx, planned, toolchain, log } = run;
  const { id, build, entryKey } = planned;
  const { python, proven, slim } = built;
  ctx.reporter.phase(id, "store");
  const meta = join4(run.dirs.stagedPrefix, ENTRY_META_DIR);
  await mkdir(meta, { recursive: true });
  const supp = join4(run.dirs.sourceTree, "Misc", "valgrind-python.supp");
  const hasSupp = await exists(supp);
  if (hasSupp) await copyFile3(supp, join4(meta, "valgrind-python.supp"));
  const sanitizerSuppressions = await copySuppressionFiles(run.dirs.stagedPrefix, run.suppressionFiles);
  await writeExternallyManaged(run.dirs.stagedPrefix, id, build.variant);
  log.write(`
# probe: ${JSON.stringify(proven)}
`);
  log.close();
  await copyFile3(log.file, join4(meta, "build.log"));
  run.timings.total = (Date.now() - run.started) / 1e3;
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
    built_at: (/* @__PURE__ */ new Date()).toISOString(),
    timings: run.timings,
    cpu: run.cpu,
    files: {
      log: join4(ENTRY_META_DIR, "build.log"),
      valgrind_suppressions: hasSupp ? join4(ENTRY_META_DIR, "valgrind-python.supp") : void 0,
      sanitizer_suppressions: sanitizerSuppressions
    },
    slim: slim ? { removed_bytes: slim.bytes, removed: slim.removed.length } : void 0
  });
}
async function moveIntoStore(run) {
  const { store } = run.ctx;
  try {
    await store.install(run.dirs.stagedPrefix, run.planned.entryKey);
  } catch (e) {
    const err = e;
    throw new BuildStepError(`${run.planned.id}: could not move the build into the store ${store.entriesDir}: ${err.code ?? ""} ${err.message}`.trim(), {
      hint: fileSystemHint(err.code, store.root)
    });
  }
}
async function findInterpreter(prefix, version, abiflags) {
  for (const name of interpreterCandidates(version, abiflags)) {
    const path = join4(prefix, "bin", name);
    if (await exists(path, "file")) {
      const link = join4(prefix, "bin", "python");
      if (!await existsNoFollow(link)) await symlink(name, link);
      return join4("bin", name);
    }
  }
  throw new BuildStepError(`make install produced no interpreter in ${join4(prefix, "bin")}`);
}

// src/builder/leftovers.ts
import { realpath } from "node:fs/promises";
import { hostname } from "node:os";
import { basename as basename2, dirname, isAbsolute, relative, resolve, sep } from "node:path";
async function cleanUpAfter(owner, scope) {
  const o = mutexOwnerOf(owner);
  if (!o) {
    scope.warn("its mutex file did not say who held it; nothing it may have left was stopped or removed");
    return;
  }
  if (o.host !== hostname()) return;
  const stopped = [];
  for (const child of o.children ?? []) {
    const verdict = await buildStepVerdict(child, scope.sourcesDir);
    if (verdict === "ours") {
      killGroup(child.pid);
      stopped.push(child.pid);
    } else if (verdict !== "gone") {
      scope.warn(`not stopping process group ${child.pid} named in its mutex file: ${verdict}`);
    }
  }
  for (let i = 0; i < 50 && stopped.some((g) => groupAlive(g)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const path of o.paths ?? []) await removeLeftover(path, scope);
}
async function buildStepVerdict(child, sourcesDir) {
  if (child.start === void 0 || child.boot === void 0) return "the mutex file does not record its start time";
  const facts = await readProc(child.pid);
  if (facts === void 0) return "it cannot be checked to be a build step of this store (no readable /proc)";
  if (facts === "gone") return "gone";
  if (facts.boot !== child.boot || facts.start !== child.start) return "that pid now belongs to another process (its start time differs)";
  if (facts.pgid !== child.pid) return "it does not lead a process group";
  const realSources = await realpath(sourcesDir).catch(() => void 0);
  if (facts.cwd === void 0 || realSources === void 0 || !isBuildDir(realSources, facts.cwd)) {
    return `it does not run in a build directory under ${sourcesDir} (it runs in ${facts.cwd ?? "a directory that cannot be read"})`;
  }
  if (!await isBuildCommand(facts.argv, facts.cwd)) return `its command (${facts.argv.join(" ").slice(0, 200)}) is not configure, make or the build's python`;
  return "ours";
}
function isBuildDir(sourcesDir, path) {
  const parts = relative(sourcesDir, resolve(path)).split(sep);
  return parts.length === 2 && parts[0] !== ".." && parts[0] !== "" && !isAbsolute(parts[0]) && parts[1].startsWith("build-");
}
async function isBuildCommand(argv, cwd) {
  const [program = "", ...args] = unwrapStep(argv);
  const is = async (path, dir, name) => path !== void 0 && basename2(path) === name && await realpath(dirname(resolve(cwd, path))).catch(() => "") === dir;
  if (basename2(program) === MAKE) return true;
  if (await is(program, cwd, BUILD_DIR_PYTHON)) return true;
  const script = SHELLS.has(basename2(program)) ? args.find((a) => !a.startsWith("-")) : program;
  return is(script, dirname(cwd), "configure");
}
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "dash", "ksh", "zsh"]);
async function removeLeftover(path, scope) {
  const root = isStrictlyInside(scope.tmpDir, path) ? scope.tmpDir : isBuildDir(scope.sourcesDir, path) ? scope.sourcesDir : void 0;
  if (root === void 0) {
    scope.warn(`not removing ${path} named in its mutex file: only staging directories in ${scope.tmpDir} and build directories in ${scope.sourcesDir} are`);
    return;
  }
  try {
    await removeInside(root, path, "a directory named in a mutex file");
  } catch (e) {
    if (!(e instanceof OutsideError)) throw e;
    scope.warn(`not removing ${path} named in its mutex file: ${e.message}`);
  }
}
function killGroup(pgid) {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
  }
}
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// src/plan/schedule.ts
var SCHEDULE_KNOB = "PYDEBUG_SCHEDULE";
var DEFAULT_SCHEDULE = "cost";
var MAX_PARAMETER = 1024;
function parseSchedule(text, cores) {
  const value = text?.trim() || DEFAULT_SCHEDULE;
  const m = /^([a-z-]+)(?::(\d{1,4}))?$/.exec(value);
  const kind = m?.[1];
  const n = m?.[2] === void 0 ? void 0 : Number(m[2]);
  const usage = () => new UsageError(`${SCHEDULE_KNOB}=${JSON.stringify(text)} is not a schedule`, {
    hint: `set ${SCHEDULE_KNOB} to one of current, configure-queue, configure-queue:<configures at once>, cost, cost:<cores>, or unset it`
  });
  if (!m || n !== void 0 && (n < 1 || n > MAX_PARAMETER)) throw usage();
  if (kind === "current" && n === void 0) return { kind };
  if (kind === "configure-queue") return { kind, configures: n ?? 1 };
  if (kind === "cost") return { kind, budget: n ?? Math.max(1, cores) + 1, configures: 1 };
  throw usage();
}
function scheduleName(s) {
  if (s.kind === "configure-queue") return `configure-queue:${s.configures}`;
  if (s.kind === "cost") return `cost:${s.budget}`;
  return s.kind;
}
function stepCost(phase, jobs) {
  return phase === "make" || phase === "test" ? Math.max(1, jobs) : 1;
}
function admit(schedule, running, waiting, jobs) {
  const byRank = [...waiting].sort((a, b) => a.rank - b.rank);
  if (schedule.kind === "current") return byRank;
  let configures = running.filter((s) => s.phase === "configure").length;
  const cost = (s) => schedule.kind === "cost" ? Math.min(stepCost(s.phase, jobs), schedule.budget) : 0;
  let load = running.reduce((sum, s) => sum + cost(s), 0);
  const budget = schedule.kind === "cost" ? schedule.budget : Infinity;
  const started = [];
  for (const s of byRank) {
    if (s.phase === "configure" && configures >= schedule.configures) continue;
    if (load + cost(s) > budget) continue;
    started.push(s);
    load += cost(s);
    if (s.phase === "configure") configures++;
  }
  return started;
}

// src/sync/configure-sharing.ts
function planConfigureSharing(builds, keyOf, signal) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of builds) {
    const key = keyOf(p);
    groups.set(key, [...groups.get(key) ?? [], p]);
  }
  const roles = /* @__PURE__ */ new Map();
  for (const [first, ...others] of groups.values()) {
    if (!first || others.length === 0) continue;
    let settle;
    const offered = new Promise((resolve2) => settle = resolve2);
    roles.set(first.id, { offer: (site) => settle(site && site.answers > 0 ? site : void 0) });
    const wait = (ask) => new Promise((resolve2, reject) => {
      if (signal.aborted) return reject(new InterruptedError());
      const onAbort = () => reject(new InterruptedError());
      signal.addEventListener("abort", onAbort, { once: true });
      offered.then((site) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) return;
        const asked = ask();
        if (!asked) return resolve2({ site, turn: void 0 });
        asked.then((turn) => resolve2({ site, turn }), reject);
      });
    });
    for (const p of others) roles.set(p.id, { waitFor: first.id, wait });
  }
  return roles;
}

// src/sync/step-gate.ts
var STEP_PHASES = /* @__PURE__ */ new Set(["configure", "make", "test", "install"]);
var StepScheduler = class {
  constructor(schedule, jobs, signal) {
    this.schedule = schedule;
    this.jobs = jobs;
    this.signal = signal;
    signal.addEventListener(
      "abort",
      () => {
        const refused = this.waiting;
        this.waiting = [];
        for (const w of refused) w.refuse(new InterruptedError());
      },
      { once: true }
    );
  }
  schedule;
  jobs;
  signal;
  running = /* @__PURE__ */ new Set();
  waiting = [];
  pumpQueued = false;
  /** The gate of the entry of `rank`; `onWait` is told when one of its steps has to wait. */
  gateFor(rank, onWait) {
    return (phase) => {
      if (this.signal.aborted) return Promise.reject(new InterruptedError());
      if (!STEP_PHASES.has(phase)) return Promise.resolve({ release: () => void 0 });
      return new Promise((grant, refuse) => {
        this.waiting.push({ rank, phase, grant, refuse, onWait });
        this.queuePump();
      });
    };
  }
  /** Steps running now (for tests and reports). */
  get active() {
    return [...this.running];
  }
  queuePump() {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }
  pump() {
    if (this.signal.aborted) return;
    for (const w of admit(this.schedule, [...this.running], this.waiting, this.jobs)) {
      this.waiting = this.waiting.filter((x) => x !== w);
      const step = { rank: w.rank, phase: w.phase };
      this.running.add(step);
      let released = false;
      w.grant({
        release: () => {
          if (released) return;
          released = true;
          this.running.delete(step);
          this.queuePump();
        }
      });
    }
    for (const w of [...this.waiting].sort((a, b) => a.rank - b.rank)) {
      w.onWait?.(w.phase);
      w.onWait = void 0;
    }
  }
};

// src/sync/step-history.ts
import { readdir as readdir2 } from "node:fs/promises";
import { join as join5 } from "node:path";
async function readBuildHistory(store) {
  const names = await readdir2(store.entriesDir).catch(() => []);
  const read = await Promise.all(names.filter((n) => !n.startsWith(".")).map((n) => readManifest(join5(store.entriesDir, n)).catch(() => void 0)));
  return read.flatMap((r) => r && "manifest" in r ? [r.manifest] : []);
}
function recordedStepTimes(build, history) {
  const dated = history.map((m) => ({ m, at: Date.parse(m.built_at) })).filter(({ at }) => Number.isFinite(at));
  const newest = (matches) => dated.filter(({ m }) => matches(m)).sort((a, b) => b.at - a.at).at(0)?.m;
  const chosen = newest((m) => m.lock_key === build.lock_key) ?? newest((m) => m.version === build.source && m.variant === build.variant);
  return chosen ? stepTimesOf(chosen.timings) : {};
}

// src/plan/build-options.ts
function buildOptionProblem(id, options, compiler) {
  if (!options?.tail_call) return void 0;
  const major = clangMajor(compiler.version);
  if (major !== void 0 && major >= TAIL_CALL_MIN_CLANG) return void 0;
  return {
    message: `${id} sets tail_call, which needs clang ${TAIL_CALL_MIN_CLANG} or newer (preserve_none and musttail), but ${compiler.compiler} is ${JSON.stringify(compiler.version)}`,
    hint: `set compiler: clang-${TAIL_CALL_MIN_CLANG} in the variant (Debian/Ubuntu: apt install clang-${TAIL_CALL_MIN_CLANG}), or point it at a clang ${TAIL_CALL_MIN_CLANG}+`
  };
}

// src/sync/sync.ts
function pullFromEnv(value) {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || ["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new UsageError(`PYDEBUG_PULL must be 0 or 1, not ${JSON.stringify(value)}`, { hint: "PYDEBUG_PULL=0 builds what the store lacks instead of pulling it from the registry" });
}
var realBuilder = { sourceTree: provideSourceTree, build: buildEntry };
function defaultParallel() {
  return 2 * cpuCount();
}
function synced(p, status, state, pulled) {
  return {
    ...pulled ? { pulled } : {},
    id: p.id,
    version: p.build.source,
    variant: p.build.variant,
    entryKey: p.entryKey,
    lockKey: p.build.lock_key,
    status,
    dir: state.dir,
    python: state.python,
    manifest: state.manifest
  };
}
async function syncProject(cfg, options, ctx) {
  const startedAt = Date.now();
  const { store, reporter, signal, env } = ctx;
  const sourceCtx = {
    store,
    mirror: ctx.mirror,
    reporter,
    signal,
    projectDir: dirname2(cfg.path),
    ...downloadSettingsFromEnv(env)
  };
  const lock = await lockForSync(cfg, options.frozen, sourceCtx);
  const { plan, states, toolchains } = await planFor(lock, options.selection, env, store, { everyFile: true });
  const entries = /* @__PURE__ */ new Map();
  for (const p of plan.reuse) {
    const state = states.get(p.entryKey);
    entries.set(p.id, synced(p, "reused", state));
    reporter.done(p.id, "reused", state.python);
  }
  for (const p of plan.build) {
    const state = states.get(p.entryKey);
    if (state?.status === "damaged" && state.changedFiles) reporter.warn(rebuildChangedWarning(p.id, p.build.variant, state.changedFiles));
    else if (state?.status === "damaged") reporter.warn(`${p.id}: the store entry is damaged (${state.reason}); rebuilding it`);
  }
  try {
    const notRestored = ctx.restoreEntry && plan.build.length > 0 ? await installWhatCan(plan.build, ctx, cacheRestorer(ctx, ctx.restoreEntry), entries) : plan.build;
    const pullEntry = options.pull === false ? void 0 : ctx.pullEntry;
    const toBuild = pullEntry && notRestored.length > 0 ? await installWhatCan(notRestored, ctx, registryPuller(ctx, pullEntry), entries) : notRestored;
    if (toBuild.length > 0) await buildAll(toBuild, options, ctx, sourceCtx, toolchains, entries);
  } finally {
    const use = { known: plan.selected.map((p) => p.entryKey), lockKeys: Object.values(lock.lock.builds).map((b) => b.lock_key) };
    await registerProject(store, lock.path, use, (m) => reporter.warn(m));
  }
  return {
    lock,
    entries: plan.selected.map((p) => entries.get(p.id)),
    seconds: (Date.now() - startedAt) / 1e3
  };
}
async function lockForSync(cfg, frozen, sourceCtx) {
  if (frozen) return checkLock(cfg, true);
  const lock = await updateLock(cfg, sourceCtx);
  if (lock.written) {
    sourceCtx.reporter.info(`updated ${lock.path}${lock.reasons.length ? `:
${lock.reasons.map((r) => `  - ${describeReason(r)}`).join("\n")}` : ""}`);
  }
  return lock;
}
async function buildAll(toBuild, options, ctx, sourceCtx, toolchains, entries) {
  const { store, reporter, signal, env } = ctx;
  const builder = ctx.builder ?? realBuilder;
  const builds = toBuild.map((planned) => ({ planned, toolchain: toolchains.get(compilerOf(planned.build, env)) }));
  const { buildCtx, scheduler, sharing } = await prepareBuilds(builds, options, ctx);
  const parallel = Math.max(1, Math.min(toBuild.length, options.parallel ?? defaultParallel()));
  const treeFor = sharedTrees(sourceCtx, builder);
  const failures = [];
  const queue = [...builds];
  let startedBuilds = 0;
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      if (signal.aborted) return;
      const p = b.planned;
      const rank = startedBuilds++;
      const gate = scheduler.gateFor(rank, (phase) => reporter.phase(p.id, "wait", `for its turn to ${phase}`));
      try {
        const entry = await buildOne(b, buildCtx, treeFor, builder, { niceness: 5 * rank, gate, sharing: sharing.get(p.id) });
        entries.set(p.id, entry);
        await ctx.onEntryReady?.(entry);
      } catch (error) {
        if (signal.aborted || error instanceof InterruptedError) return;
        reporter.done(p.id, "failed", "");
        failures.push({ id: p.id, error: asUserFacing(p.id, error, store) });
      }
    }
  };
  const buildsEnded = ctx.buildsRunning?.();
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    buildsEnded?.();
  }
  if (signal.aborted) throw new InterruptedError("sync interrupted: builds stopped, nothing half-built was stored");
  throwFailures(failures);
}
async function prepareBuilds(builds, options, ctx) {
  const { store, reporter, signal, env } = ctx;
  const schedule = parseSchedule(env[SCHEDULE_KNOB], cpuCount());
  await ctx.beforeBuilds?.(builds.map((b) => b.planned));
  await preflight(builds, env, store, reporter);
  for (const path of await store.sweepLeftovers()) reporter.info(`removed ${path}, left by a pydebug that was stopped`);
  const jobs = options.jobs ?? cpuCount();
  const buildCtx = { store, env, jobs, reporter, signal, keepBuildDir: options.keepBuildDir ?? false };
  const scheduler = new StepScheduler(schedule, jobs, signal);
  if (env[SCHEDULE_KNOB]?.trim()) reporter.info(`builds scheduled by ${SCHEDULE_KNOB}=${scheduleName(schedule)}`);
  await store.ensureLayout();
  const history = await readBuildHistory(store);
  for (const { planned: p } of builds) reporter.expectSteps(p.id, stepsOf(p.build), recordedStepTimes(p.build, history));
  const toolchainOf = new Map(builds.map((b) => [b.planned, b.toolchain]));
  const sharing = sharingEnabled(env) ? planConfigureSharing(
    builds.map((b) => b.planned),
    (p) => {
      const toolchain = toolchainOf.get(p);
      return configureSharingKey(p, `${toolchain.compiler}
${toolchain.version}
${toolchain.target}`);
    },
    signal
  ) : /* @__PURE__ */ new Map();
  return { buildCtx, scheduler, sharing };
}
function sharedTrees(sourceCtx, builder) {
  const trees = /* @__PURE__ */ new Map();
  return (p) => {
    let t = trees.get(p.build.source);
    if (!t) {
      t = builder.sourceTree(sourceCtx, p.source);
      trees.set(p.build.source, t);
      t.catch(() => void 0);
    }
    return t;
  };
}
function throwFailures(failures) {
  const errors = [...new Set(failures.map((f) => f.error))];
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new PydebugError(`${failures.length} entries failed:

${errors.map((e) => e.message).join("\n\n")}`, {
      hint: [...new Set(errors.map((e) => e.hint).filter(Boolean))].join("\n") || void 0
    });
  }
}
async function installWhatCan(planned, ctx, installer, entries) {
  const { store, reporter, signal } = ctx;
  await store.ensureLayout();
  const installed = await Promise.all(
    planned.map(
      (p) => withEntryMutex(p, store, reporter, signal, async () => {
        const now = await store.readEntry(p.entryKey, { everyFile: true });
        if (now.status === "ok") {
          reporter.done(p.id, "reused", `built by another pydebug: ${now.python}`);
          return synced(p, "reused", now);
        }
        const fetched = await installer.fetch(p);
        if (!fetched) return void 0;
        const state = await store.readEntry(p.entryKey);
        if (state.status === "ok") return installer.done(p, state, fetched);
        reporter.warn(`${p.id}: the ${installer.what} entry is not usable (${state.status === "damaged" ? state.reason : "missing"}); building it`);
        return void 0;
      })
    )
  );
  for (const entry of installed) if (entry) entries.set(entry.id, entry);
  return planned.filter((_, i) => !installed[i]);
}
function cacheRestorer(ctx, restoreEntry) {
  return {
    what: "restored",
    fetch: async (p) => await restoreEntry(p) ? true : void 0,
    done: (p, state) => {
      ctx.reporter.done(p.id, "reused", `restored: ${state.python}`);
      return synced(p, "restored", state);
    }
  };
}
function registryPuller(ctx, pullEntry) {
  return {
    what: "pulled",
    fetch: pullEntry,
    done: (p, state, record) => {
      const trust = record.pinned ? "pinned in the lock" : "not pinned in the lock: trusted on the registry's word";
      ctx.reporter.done(p.id, "pulled", `${record.digest}, ${trust}${record.relocatedFrom ? `, moved from ${record.relocatedFrom}` : ""}: ${state.python}`);
      return synced(p, "pulled", state, record);
    }
  };
}
async function withEntryMutex(p, store, reporter, signal, fn) {
  const mutex = await acquireMutex(store.mutexPath(`entry-${p.entryKey}`), {
    purpose: `building ${p.id}`,
    signal,
    onWait: (o) => reporter.phase(p.id, "wait", `for pid ${o?.pid ?? "?"}`),
    onStale: async (owner) => {
      if (owner?.children?.length || owner?.paths?.length) {
        reporter.warn(`${p.id}: a previous pydebug (pid ${owner.pid}) stopped while building it; stopping what it left running and removing its files`);
      }
      await cleanUpAfter(owner, { tmpDir: store.tmpDir, sourcesDir: store.sourcesDir, warn: (m) => reporter.warn(`${p.id}: ${m}`) });
    }
  });
  try {
    return await fn(mutex);
  } finally {
    await mutex.release();
  }
}
async function buildOne({ planned: p, toolchain }, ctx, treeFor, builder, options) {
  try {
    return await buildUnderMutex(
      p,
      ctx,
      () => treeFor(p),
      (tree, mutex) => builder.build(ctx, p, tree, toolchain, { mutex, ...options })
    );
  } finally {
    options.sharing?.offer?.(void 0);
  }
}
async function buildUnderMutex(p, ctx, tree, build) {
  const { store, reporter } = ctx;
  return withEntryMutex(p, store, reporter, ctx.signal, async (mutex) => {
    const now = await store.readEntry(p.entryKey, { everyFile: true });
    if (now.status === "ok") {
      reporter.done(p.id, "reused", `built by another pydebug: ${now.python}`);
      return synced(p, "reused", now);
    }
    const manifest = await build(await tree(), mutex);
    const state = await store.readEntry(p.entryKey);
    if (state.status !== "ok") throw new BuildStepError(`${p.id}: the stored entry cannot be read back (${state.status === "damaged" ? state.reason : "missing"})`);
    reporter.done(p.id, "built", `${formatDuration(manifest.timings.total ?? 0)}, ${state.python}`);
    return synced(p, "built", state);
  });
}
function asUserFacing(id, error, store) {
  const code = error.code;
  if (error instanceof PydebugError || typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  return new PydebugError(`${id}: ${error.message}`, { cause: error, hint: fileSystemHint(code, store.root) });
}
var BUILD_DISK_BYTES = 12e8;
var SOURCE_DISK_BYTES = 3e8;
async function preflight(entries, env, store, reporter) {
  const builds = entries.map((b) => b.planned);
  const writable = await store.checkWritable();
  if (writable) {
    throw new PydebugError(`the store ${store.root} is not writable (${writable})`, {
      hint: "make it writable, or set PYDEBUG_HOME to a writable directory"
    });
  }
  const free = await store.freeBytes();
  const sources = new Set(builds.map((p) => p.build.source)).size;
  const needed = builds.length * BUILD_DISK_BYTES + sources * SOURCE_DISK_BYTES;
  const gb = (n) => `${(n / 1e9).toFixed(1)} GB`;
  if (free !== void 0 && free < needed / 2) {
    throw new PydebugError(`${store.root} has ${gb(free)} free; building ${builds.length} entr${builds.length === 1 ? "y" : "ies"} needs about ${gb(needed)}`, {
      hint: "free some space (pydebug clean removes build leftovers), build fewer variants at once (--variant), or set PYDEBUG_HOME to a larger disk"
    });
  }
  if (free !== void 0 && free < needed) {
    reporter.warn(`${store.root} has ${gb(free)} free; building ${builds.length} entries may need up to ${gb(needed)}`);
  }
  const tsan = builds.find((p) => p.build.expect.sanitizers.includes("thread"));
  const kernel = tsan ? tsanKernelProblem(await readMmapRndBits()) : void 0;
  if (tsan && kernel) throw new PydebugError(`${tsan.id} is a ThreadSanitizer build, but ${kernel.message}`, { hint: kernel.hint });
  for (const { planned: p, toolchain } of entries.filter((b) => b.planned.build.expect.macros.WITH_VALGRIND)) {
    const { compiler } = toolchain;
    if (!await compilerHasHeader(compiler, "valgrind/valgrind.h", env)) {
      throw new PydebugError(`${p.id} sets valgrind: true, but ${compiler} cannot find valgrind/valgrind.h`, { hint: valgrindHint() });
    }
  }
  for (const { planned: p, toolchain } of entries) {
    const problem = buildOptionProblem(p.id, p.build.expect.options, toolchain);
    if (problem) throw new PydebugError(problem.message, { hint: problem.hint });
    const llvm = p.build.expect.options?.jit_llvm;
    if (llvm === void 0) continue;
    for (const tool of ["clang", "llvm-readobj"]) {
      if (!await findLlvmTool(tool, llvm, env)) {
        throw new PydebugError(`${p.id} sets jit, whose build runs Tools/jit/build.py with LLVM ${llvm}, but neither ${tool} nor ${tool}-${llvm} on PATH is LLVM ${llvm}`, {
          hint: `install LLVM ${llvm} (Debian/Ubuntu: apt install clang-${llvm} llvm-${llvm}; the Action does it with install-dependencies: auto), or use jit: interpreter, which needs no LLVM`
        });
      }
    }
  }
}

// src/cli/commands/sync.ts
var syncCommand = {
  name: "sync",
  summary: "build (or reuse) every matrix entry, verify each interpreter's flags, store it",
  usage: "pydebug sync [--frozen] [--jobs N] [--parallel N] [--variant V]... [--python X]... [--keep-build] [--no-pull] [--json]",
  help: `
Updates pydebug.lock when pydebug.yml changed (unless --frozen), then for every selected matrix
entry not already in the store: downloads the tarball once (PYDEBUG_MIRROR or mirror: apply),
verifies its MD5 and SHA-256 against the lock, extracts it once, builds out of tree
(../configure <locked args>; make -jN; make install into staging), probes the interpreter and
fails if a locked macro or abiflag is missing, and only then moves it into the store.
The full log of each build is kept (logs/<key>.log under PYDEBUG_HOME, and inside the entry).
With a registry (registry: in pydebug.yml, or PYDEBUG_REGISTRY), an entry the store lacks is
first pulled from it: a build pinned in pydebug.lock only by its digest (a moved tag is ignored,
with a warning), an unpinned one by its tag (trusted on the registry's word, and said so); the
archive is checked file by file, moved to this store's path, and its interpreter proven against
the lock before it is installed. Anything wrong is a warning, and the entry is built.

Options:
  --frozen          refuse to run when pydebug.lock is missing or stale (CI)
  --jobs N          make -jN, N from 1 to ${MAX_JOBS} (default: the number of cores)
  --parallel N      entries built at once, 1 to ${MAX_JOBS} (default: twice the number of cores)
  --variant V       only these variants (repeat, or comma-separate)
  --python X        only these CPython versions (repeat, or comma-separate)
  --keep-build      keep the build directories (to debug a failing build)
  --no-pull         build what the store lacks instead of pulling it (also PYDEBUG_PULL=0)
  --json            print the synced entries as JSON on stdout (README, "JSON outputs")`,
  options: {
    frozen: { type: "boolean" },
    jobs: { type: "string", short: "j" },
    parallel: { type: "string" },
    variant: { type: "string", multiple: true },
    python: { type: "string", multiple: true },
    "keep-build": { type: "boolean" },
    "no-pull": { type: "boolean" },
    json: { type: "boolean" }
  },
  operands: 0,
  async run(ctx, values) {
    const common = { config: str(values, "config"), quiet: bool(values, "quiet") };
    const jobs = positiveInt(values, "jobs", MAX_JOBS);
    const parallel = positiveInt(values, "parallel", MAX_JOBS);
    const cfg = await loadConfig(ctx, common);
    const pull = !bool(values, "no-pull") && pullFromEnv(ctx.env.PYDEBUG_PULL);
    const registry = pull ? effectiveRegistry(ctx.env, cfg.projectConfig.registry) : void 0;
    const credentials = registry ? registryCredentials(ctx.env) : void 0;
    const reporter = makeReporter(ctx, common);
    const store = openStore(ctx);
    try {
      const result = await syncProject(
        cfg,
        {
          frozen: bool(values, "frozen"),
          jobs,
          parallel,
          selection: { variants: strs(values, "variant"), versions: strs(values, "python") },
          keepBuildDir: bool(values, "keep-build"),
          pull
        },
        {
          store,
          env: ctx.env,
          pullEntry: registry ? await registryPull(store, reporter, ctx.interrupts.signal, registry, credentials) : void 0,
          reporter,
          signal: ctx.interrupts.signal,
          buildsRunning: () => ctx.interrupts.buildsRunning(),
          mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, cfg.projectConfig.mirror, { cwd: ctx.cwd, configDir: dirname3(cfg.path) })
        }
      );
      reporter.close();
      if (bool(values, "json")) {
        ctx.stdout.write(
          `${JSON.stringify(
            result.entries.map((e) => syncedEntryJson(e, result.lock.lock.builds[e.id])),
            null,
            2
          )}
`
        );
      }
      if (!common.quiet) {
        ctx.stderr.write(`${result.entries.length} entr${result.entries.length === 1 ? "y" : "ies"} ready (${readyCounts(result.entries)}) in ${formatDuration(result.seconds)}
`);
      }
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  }
};
function readyCounts(entries) {
  const count = (s) => entries.filter((e) => e.status === s).length;
  const parts = [`${count("built")} built`];
  if (count("pulled") > 0) parts.push(`${count("pulled")} pulled`);
  if (count("restored") > 0) parts.push(`${count("restored")} restored`);
  parts.push(`${count("reused")} already in the store`);
  return parts.join(", ");
}
async function registryPull(store, reporter, signal, registry, credentials) {
  const [{ RegistryClient }, { pullEntry }] = await Promise.all([import("./client-S7XS2RJ6.js"), import("./pull-5FJT4JJY.js")]);
  const client = new RegistryClient(registry, { credentials, signal });
  return (planned) => pullEntry({ store, reporter, signal, registry: client }, planned);
}
export {
  readyCounts,
  syncCommand
};
