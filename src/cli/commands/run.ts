import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { variantEnv } from '../../env/variant-env.js';
import { EXIT_FAILURE, EXIT_OK, InterruptedError, PydebugError, UsageError } from '../../errors.js';
import { readMmapRndBits, tsanKernelProblem } from '../../platform/index.js';
import { formatDuration } from '../../progress.js';
import { renderTable } from '../../ui/table.js';
import type { CliContext } from '../context.js';
import { signalExitCode } from '../interrupts.js';
import { entrySelection, pickEntry, projectEnvFor, requireBuilt, viewProject, warnIfChangedNow } from './shared.js';
import { bool, type Command, str, strs } from './types.js';

/** Why a ThreadSanitizer entry cannot run on this kernel (it would die at start), or undefined. */
async function cannotRun(state: { manifest: { proven: { sanitizers: string[] } } }): Promise<{ message: string; hint: string } | undefined> {
  return state.manifest.proven.sanitizers.includes('thread') ? tsanKernelProblem(await readMmapRndBits()) : undefined;
}

/**
 * How `run`'s command ended: its exit code (128+n when signal n killed it, as a shell says), and
 * `interrupted` when Ctrl-C or Ctrl-\ killed it or pydebug passed a signal on to it: a loop
 * over entries stops there, as a shell loop does.
 */
interface CommandOutcome {
  code: number;
  interrupted?: string | undefined;
}

/** A shell's exit codes for a command it could not start: not found, found but not executable. */
const EXIT_NOT_FOUND = 127;
const EXIT_CANNOT_EXECUTE = 126;

/** How the command's process ended: its exit code or signal, or why it could not start. */
type Ended = { exitCode: number | null; signal: NodeJS.Signals | null; error?: undefined } | { error: NodeJS.ErrnoException };

/**
 * Runs the command in the foreground and waits for it, never killing it: the terminal's Ctrl-C
 * reaches it directly, and signals sent to pydebug are passed on (interrupts.ts). node's own
 * spawn, not execa: `run` is the one command whose start is most of its time, and execa is a
 * quarter of a megabyte to load for what stdio: 'inherit' and one exit event do. `whileStarting`
 * runs once the command's process exists (the entry's stat pass: on another core than the
 * command's start, so the check costs `run` little of its time).
 */
async function runUnder(ctx: CliContext, env: Record<string, string | undefined>, command: string[], whileStarting: () => Promise<void>): Promise<CommandOutcome> {
  if (ctx.interrupts.signal.aborted) throw new InterruptedError(`interrupted before ${command[0]} started`);
  // No signal option and no forced kill: how long the command takes to clean up is its own affair.
  // The program is looked up on env.PATH (the environment's bin/ first), as a shell would.
  const child = spawn(command[0]!, command.slice(1), { env, stdio: 'inherit' });
  const ended = ctx.interrupts.foreground({
    kill: (sig) => {
      if (child.pid === undefined) return;
      try {
        process.kill(child.pid, sig);
      } catch {
        // already gone
      }
    },
  });
  let r: Ended;
  let passedOn: string | undefined;
  try {
    // Listened for before anything is awaited: an 'error' nobody hears would end pydebug.
    const exited = new Promise<Ended>((resolve) => {
      // 'error' without 'exit' when it could not start (ENOENT, EACCES); nothing else here emits it.
      child.once('error', (error: NodeJS.ErrnoException) => resolve({ error }));
      child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    });
    await whileStarting();
    r = await exited;
  } finally {
    passedOn = ended().passedOn;
  }
  if (r.error) {
    if (r.error.code === 'ENOENT') {
      ctx.stderr.write(`error: ${command[0]}: command not found (PATH starts with ${env.PATH?.split(delimiter)[0]})\n`);
      return { code: EXIT_NOT_FOUND };
    }
    // Found but not startable (no x bit, a directory, not a program): 126, as a shell says.
    const why = r.error.code === 'EACCES' ? 'permission denied (not executable, or a directory)' : (r.error.code ?? r.error.message);
    ctx.stderr.write(`error: ${command[0]}: cannot run it: ${why}\n`);
    return { code: EXIT_CANNOT_EXECUTE };
  }
  const code = r.signal ? signalExitCode(r.signal) : (r.exitCode ?? EXIT_FAILURE);
  if (r.signal === 'SIGINT' || r.signal === 'SIGQUIT') return { code, interrupted: `killed by ${r.signal}` };
  if (passedOn) return { code, interrupted: `given the ${passedOn} pydebug received` };
  return { code };
}

export const runCommand: Command = {
  name: 'run',
  summary: "run a command with a variant's interpreter first on PATH and its env (or under every variant with --all)",
  usage: 'pydebug run [--python X] <variant> [--] <command> [args...]\n       pydebug run --all [--variant V]... [--python X]... [--] <command> [args...]',
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
  options: { python: { type: 'string', multiple: true }, all: { type: 'boolean' }, variant: { type: 'string', multiple: true } },
  operands: 1,
  // The variant is pydebug's; with --all there is none, and the first operand starts the command.
  passthrough: (values) => (bool(values, 'all') ? 0 : 1),
  async run(ctx, values, positionals) {
    const config = str(values, 'config');
    const versions = strs(values, 'python');
    if (bool(values, 'all')) {
      if (positionals.length === 0) throw new UsageError('run --all needs a command', { hint: "pydebug run --all -- sh -c 'python build.py && python -m pytest'" });
      const view = await viewProject(ctx, { config }, { variants: strs(values, 'variant'), versions }, 'use', { coreOnly: true });
      const results: string[][] = [];
      let failed = 0;
      for (const { planned, state } of view.entries) {
        const kernel = state.status === 'ok' ? await cannotRun(state) : undefined;
        ctx.stderr.write(`\n── ${planned.id} ──\n`);
        const t0 = Date.now();
        let outcome: string;
        if (state.status !== 'ok') {
          outcome = state.status === 'damaged' ? `not run: damaged (${state.reason})` : 'not run: not built (pydebug sync)';
          failed += 1;
        } else if (kernel) {
          outcome = `not run: ${kernel.message}`;
          failed += 1;
        } else {
          const projectEnv = await projectEnvFor(ctx, view, planned, state);
          const ran = await runUnder(ctx, variantEnv(ctx.env, planned, state, projectEnv), positionals, () => warnIfChangedNow(ctx, view.store, { planned, state }));
          outcome = ran.code === 0 ? 'pass' : `FAIL (exit ${ran.code})`;
          if (ran.code !== 0) failed += 1;
          if (ran.interrupted) {
            results.push([planned.id, `${outcome}, ${ran.interrupted}`, formatDuration((Date.now() - t0) / 1000)]);
            const left = view.entries.length - results.length;
            ctx.stderr.write(`\n${renderTable(['entry', 'result', 'time'], results)}\nstopped: ${planned.id}'s command was ${ran.interrupted}; ${left} entr${left === 1 ? 'y' : 'ies'} not run\n`);
            return ran.code;
          }
        }
        results.push([planned.id, outcome, formatDuration((Date.now() - t0) / 1000)]);
      }
      ctx.stderr.write(`\n${renderTable(['entry', 'result', 'time'], results)}\n${failed === 0 ? 'all passed' : `${failed} of ${results.length} failed`}\n`);
      return failed === 0 ? EXIT_OK : EXIT_FAILURE;
    }
    const [variant, ...command] = positionals;
    if (!variant || command.length === 0) throw new UsageError('run needs a variant and a command', { hint: 'pydebug run debug -- python -c "import sys"' });
    if (values.variant !== undefined)
      throw new UsageError('--variant goes with --all; without it, name the variant before the command', { hint: `pydebug run ${String(strs(values, 'variant')?.[0])} -- ${command.join(' ')}` });
    if ((versions?.length ?? 0) > 1) throw new UsageError('without --all, give one --python');
    // Only the interpreter's core files before the command starts; the rest of the entry while it does.
    const view = await viewProject(ctx, { config }, entrySelection(variant, versions?.[0]), 'use', { coreOnly: true });
    const entry = pickEntry(view, variant, versions?.[0]);
    const state = requireBuilt(entry);
    const kernel = await cannotRun(state);
    if (kernel) throw new PydebugError(`${entry.planned.id} is a ThreadSanitizer build, but ${kernel.message}`, { hint: kernel.hint });
    const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
    return (await runUnder(ctx, variantEnv(ctx.env, entry.planned, state, projectEnv), command, () => warnIfChangedNow(ctx, view.store, { planned: entry.planned, state }))).code;
  },
};
