import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  signalExitCode
} from "./chunk-UNCBN7RB.js";
import {
  variantEnv
} from "./chunk-PAMN3OXW.js";
import {
  renderTable
} from "./chunk-QGEUU5OJ.js";
import {
  entrySelection,
  pickEntry,
  projectEnvFor,
  requireBuilt,
  viewProject,
  warnIfChangedNow
} from "./chunk-Q3TX4ZVO.js";
import "./chunk-SCQXXLIM.js";
import "./chunk-JQXX643E.js";
import "./chunk-EI5ALKUK.js";
import {
  bool,
  str,
  strs
} from "./chunk-3UQMDTXV.js";
import "./chunk-ZHYB3AII.js";
import {
  formatDuration
} from "./chunk-XYAONFWZ.js";
import {
  readMmapRndBits,
  tsanKernelProblem
} from "./chunk-WQSOTR6P.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-CMRS4EB4.js";
import "./chunk-3JWHIXLM.js";
import "./chunk-TEGKQ2VS.js";
import "./chunk-VPUCQOA5.js";
import "./chunk-7FVNZRWO.js";
import "./chunk-JWVT23K3.js";
import "./chunk-HEQYW56L.js";
import "./chunk-6NEIK3EF.js";
import "./chunk-TVN4UCCV.js";
import "./chunk-BE4EDCZ3.js";
import "./chunk-MXRQTLAU.js";
import "./chunk-CIVUFNK4.js";
import "./chunk-G6Z3WR3T.js";
import "./chunk-EEAOJTGZ.js";
import "./chunk-UJBZKF62.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-Y75KHDUJ.js";
import "./chunk-HEHMV332.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/run.ts
import { spawn } from "node:child_process";
import { delimiter } from "node:path";
async function cannotRun(state) {
  return state.manifest.proven.sanitizers.includes("thread") ? tsanKernelProblem(await readMmapRndBits()) : void 0;
}
var EXIT_NOT_FOUND = 127;
var EXIT_CANNOT_EXECUTE = 126;
async function runUnder(ctx, env, command, whileStarting) {
  if (ctx.interrupts.signal.aborted) throw new InterruptedError(`interrupted before ${command[0]} started`);
  const child = spawn(command[0], command.slice(1), { env, stdio: "inherit" });
  const ended = ctx.interrupts.foreground({
    kill: (sig) => {
      if (child.pid === void 0) return;
      try {
        process.kill(child.pid, sig);
      } catch {
      }
    }
  });
  let r;
  let passedOn;
  try {
    const exited = new Promise((resolve) => {
      child.once("error", (error) => resolve({ error }));
      child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
    });
    await whileStarting();
    r = await exited;
  } finally {
    passedOn = ended().passedOn;
  }
  if (r.error) {
    if (r.error.code === "ENOENT") {
      ctx.stderr.write(`error: ${command[0]}: command not found (PATH starts with ${env.PATH?.split(delimiter)[0]})
`);
      return { code: EXIT_NOT_FOUND };
    }
    const why = r.error.code === "EACCES" ? "permission denied (not executable, or a directory)" : r.error.code ?? r.error.message;
    ctx.stderr.write(`error: ${command[0]}: cannot run it: ${why}
`);
    return { code: EXIT_CANNOT_EXECUTE };
  }
  const code = r.signal ? signalExitCode(r.signal) : r.exitCode ?? EXIT_FAILURE;
  if (r.signal === "SIGINT" || r.signal === "SIGQUIT") return { code, interrupted: `killed by ${r.signal}` };
  if (passedOn) return { code, interrupted: `given the ${passedOn} pydebug received` };
  return { code };
}
var runCommand = {
  name: "run",
  summary: "run a command with a variant's interpreter first on PATH and its env (or under every variant with --all)",
  usage: "pydebug run [--python X] <variant> [--] <command> [args...]\n       pydebug run --all [--variant V]... [--python X]... [--] <command> [args...]",
  help: `
Runs <command> in this project's own environment of the variant: a venv made from the store
interpreter on first use, in .pydebug/envs/<version>-<variant>/ beside pydebug.yml, first on PATH
(python, python3, pip and pip3 are its own; what pip installs stays in this project and never
reaches the store entry, which other projects share). Also set: the variant's env from
pydebug.yml (e.g. PYTHONMALLOC), VIRTUAL_ENV, PYDEBUG_PYTHON (the environment's interpreter),
PYDEBUG_ENV, PYDEBUG_STORE_PYTHON, PYDEBUG_PREFIX (the store entry), PYDEBUG_VARIANT,
PYDEBUG_VERSION, PYDEBUG_ID, PYDEBUG_VALGRIND_SUPPRESSIONS (when the source has one) and
DIST_EXTRA_CONFIG (unless set): a setuptools config that gives each variant its own build
directory, so \`pip install .\` under every variant compiles for each. \`pydebug clean\` removes
the environments.

pydebug waits for the command and exits with its exit code (128+n when it died of signal n; 127
when it is not found, 126 when it cannot be run), as
\`uv run\` does: Ctrl-C reaches the command itself, which may take its time to clean up (pytest's
teardown, Valgrind's summary); SIGTERM, SIGHUP and SIGQUIT sent to pydebug are passed on to it.

With --all, runs the command under every matrix entry in turn (or those picked by --variant and
--python), prints a pass/fail line per entry, and exits 1 when any failed. The command is run
as given, never through a shell: chain steps with sh -c '...'. As in a shell loop, a command
that died of Ctrl-C or Ctrl-\\ (SIGINT, SIGQUIT), or that was given a signal pydebug received,
ends the loop: the entries after it are not run, and pydebug exits with its code (130 after
Ctrl-C).

pydebug's options go before the variant (with --all, before the command): everything after
the variant is the command, options included, as with \`uv run\`. A \`--\` between them is
allowed. A command cannot start with "-": that is one of pydebug's options, misplaced.

Options:
  --python X    the CPython version (with several in pydebug.yml); with --all, a filter
  --all         every entry of the matrix, one after the other
  --variant V   with --all: only these variants (repeat, or comma-separate)

Examples:
  pydebug run debug python -c "import sys; print(sys.gettotalrefcount())"
  pydebug run --python 3.12.9 debug -- python -m pytest
  pydebug run --all -- sh -c 'python build.py && python -m pytest'
  pydebug run valgrind -- sh -c 'valgrind --suppressions="$PYDEBUG_VALGRIND_SUPPRESSIONS" python t.py'`,
  options: { python: { type: "string", multiple: true }, all: { type: "boolean" }, variant: { type: "string", multiple: true } },
  operands: 1,
  // The variant is pydebug's; with --all there is none, and the first operand starts the command.
  passthrough: (values) => bool(values, "all") ? 0 : 1,
  async run(ctx, values, positionals) {
    const config = str(values, "config");
    const versions = strs(values, "python");
    if (bool(values, "all")) {
      if (positionals.length === 0) throw new UsageError("run --all needs a command", { hint: "pydebug run --all -- sh -c 'python build.py && python -m pytest'" });
      const view2 = await viewProject(ctx, { config }, { variants: strs(values, "variant"), versions }, "use", { coreOnly: true });
      const results = [];
      let failed = 0;
      for (const { planned, state: state2 } of view2.entries) {
        const kernel2 = state2.status === "ok" ? await cannotRun(state2) : void 0;
        ctx.stderr.write(`
── ${planned.id} ──
`);
        const t0 = Date.now();
        let outcome;
        if (state2.status !== "ok") {
          outcome = state2.status === "damaged" ? `not run: damaged (${state2.reason})` : "not run: not built (pydebug sync)";
          failed += 1;
        } else if (kernel2) {
          outcome = `not run: ${kernel2.message}`;
          failed += 1;
        } else {
          const projectEnv2 = await projectEnvFor(ctx, view2, planned, state2);
          const ran = await runUnder(ctx, variantEnv(ctx.env, planned, state2, projectEnv2), positionals, () => warnIfChangedNow(ctx, view2.store, { planned, state: state2 }));
          outcome = ran.code === 0 ? "pass" : `FAIL (exit ${ran.code})`;
          if (ran.code !== 0) failed += 1;
          if (ran.interrupted) {
            results.push([planned.id, `${outcome}, ${ran.interrupted}`, formatDuration((Date.now() - t0) / 1e3)]);
            const left = view2.entries.length - results.length;
            ctx.stderr.write(`
${renderTable(["entry", "result", "time"], results)}
stopped: ${planned.id}'s command was ${ran.interrupted}; ${left} entr${left === 1 ? "y" : "ies"} not run
`);
            return ran.code;
          }
        }
        results.push([planned.id, outcome, formatDuration((Date.now() - t0) / 1e3)]);
      }
      ctx.stderr.write(`
${renderTable(["entry", "result", "time"], results)}
${failed === 0 ? "all passed" : `${failed} of ${results.length} failed`}
`);
      return failed === 0 ? EXIT_OK : EXIT_FAILURE;
    }
    const [variant, ...command] = positionals;
    if (!variant || command.length === 0) throw new UsageError("run needs a variant and a command", { hint: 'pydebug run debug -- python -c "import sys"' });
    if (values.variant !== void 0)
      throw new UsageError("--variant goes with --all; without it, name the variant before the command", { hint: `pydebug run ${String(strs(values, "variant")?.[0])} -- ${command.join(" ")}` });
    if ((versions?.length ?? 0) > 1) throw new UsageError("without --all, give one --python");
    const view = await viewProject(ctx, { config }, entrySelection(variant, versions?.[0]), "use", { coreOnly: true });
    const entry = pickEntry(view, variant, versions?.[0]);
    const state = requireBuilt(entry);
    const kernel = await cannotRun(state);
    if (kernel) throw new PydebugError(`${entry.planned.id} is a ThreadSanitizer build, but ${kernel.message}`, { hint: kernel.hint });
    const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
    return (await runUnder(ctx, variantEnv(ctx.env, entry.planned, state, projectEnv), command, () => warnIfChangedNow(ctx, view.store, { planned: entry.planned, state }))).code;
  }
};
export {
  runCommand
};
