/**
 * The pydebug command line: argv → one command → exit code.
 * Exit codes: 0 success, 1 failure (build, download, checksum, stale lock), 2 usage or config
 * error, 128+n when signal n stopped pydebug's work (130 SIGINT, 143 SIGTERM, 129 SIGHUP: see
 * interrupts.ts); `run` passes through its command's exit code.
 */
import type { ParseArgsConfig } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { closest } from '../config/suggest.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, PydebugError, UsageError } from '../errors.js';
import { fileSystemError, isDiskFull, isFileSystemError, mountPointOf } from '../files/fs-error.js';
import { type ArgumentsPlace, firstOperand, parseArguments, refuseVersionSelector } from './arguments.js';
import { COMMAND_NAMES, type Command, loadCommand, loadCommands } from './commands/index.js';
import { type CliContext, openStore } from './context.js';

/** pydebug's version: package.json's, which the bundle carries (esbuild inlines the JSON). */
export const VERSION: string = packageJson.version;

const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies ParseArgsConfig['options'];

/** Before the command: the common options, and pydebug's own version. */
const GLOBAL_OPTIONS = { ...COMMON_OPTIONS, version: { type: 'boolean', short: 'V' } } as const satisfies ParseArgsConfig['options'];

async function mainHelp(): Promise<string> {
  const COMMANDS = await loadCommands();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'pydebug: build, cache and verify debug variants of CPython from pydebug.yml',
    '',
    'Usage: pydebug [-c <path>] [-q] <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command (before or after its name):',
    '  -c, --config <path>  pydebug.yml to use (default: the nearest pydebug.yml in this directory or',
    '                       a parent; the lock is pydebug.lock beside it)',
    '  -q, --quiet          no progress output',
    '  -h, --help           help for a command: pydebug <command> --help',
    "  -V, --version        pydebug's version (the CPython version is chosen with --python)",
    '',
    'Environment: PYDEBUG_HOME (store root, default <cache dir>/pydebug), PYDEBUG_MIRROR (replaces',
    'https://www.python.org/ftp/python: a URL or a directory, relative to the current one or absolute),',
    'CC (default compiler), XDG_CACHE_HOME.',
    'Exit codes: 0 success, 1 failure, 2 usage or config error, 130 interrupted (Ctrl-C), 143 terminated',
    "(SIGTERM), 129 hung up (SIGHUP); run exits with its command's code.",
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  return [`Usage: ${cmd.usage}`, '', cmd.summary, '', cmd.help.trim(), '', 'Common options: -c/--config <path>, -q/--quiet, -h/--help'].join('\n');
}

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  let json = false;
  try {
    const at = firstOperand(argv, GLOBAL_OPTIONS);
    const name = argv[at];
    const named = name === undefined ? undefined : await loadCommand(name);
    const before = parseArguments(argv.slice(0, at), GLOBAL_OPTIONS, beforeCommand(name, named));
    if (before.values.version) return printVersion(ctx);
    if (name === undefined || name === 'help') {
      const topicName = name === 'help' ? argv[at + 1] : undefined;
      const topic = topicName === undefined ? undefined : await loadCommand(topicName);
      ctx.stdout.write(`${topic ? commandHelp(topic) : await mainHelp()}\n`);
      return name === undefined && !before.values.help ? EXIT_USAGE : EXIT_OK;
    }
    const cmd = named ?? unknownCommand(name);
    const rest = argv.slice(at + 1);
    const options = { ...COMMON_OPTIONS, ...cmd.options };
    // For `run`, pydebug's options end at the first operand: the rest is the user's command.
    const end = cmd.passthrough ? firstOperand(rest, options) : rest.length;
    json = 'json' in cmd.options && rest.slice(0, end).includes('--json');
    if (rest.length === 1 && (rest[0] === '--version' || rest[0] === '-V')) return printVersion(ctx);
    const place = commandPlace(cmd);
    if ('python' in cmd.options) refuseVersionSelector(rest, end, place);
    const parsed = parseArguments(rest.slice(0, end), options, place);
    const values = { ...before.values, ...parsed.values };
    if (values.help) {
      ctx.stdout.write(`${commandHelp(cmd)}\n`);
      return EXIT_OK;
    }
    const { operands, passed } = cmd.passthrough ? splitCommandLine(cmd, values, rest.slice(0, end), rest.slice(end)) : { operands: parsed.positionals, passed: [] };
    if (operands.length > cmd.operands) throw extraOperands(cmd, operands[cmd.operands]!);
    return await cmd.run(ctx, values, [...operands, ...passed]);
  } catch (error) {
    return reportError(ctx, error, json);
  }
}

function printVersion(ctx: CliContext): number {
  ctx.stdout.write(`pydebug ${VERSION}\n`);
  return EXIT_OK;
}

function unknownCommand(name: string): never {
  const guess = closest(name, COMMAND_NAMES);
  throw new UsageError(`unknown command "${name}"`, { hint: guess ? `did you mean "pydebug ${guess}"?` : 'see pydebug --help' });
}

/** True when `raw` (`--frozen`, `-j`) is one of `options`. */
function knows(options: Command['options'], raw: string): boolean {
  const name = raw.replace(/^--?/, '').split('=')[0]!;
  return raw.startsWith('--') ? name in options : Object.values(options).some((o) => o.short === name);
}

/** Options before the command: the common ones; a command's own option there was meant for it. */
function beforeCommand(name: string | undefined, cmd: Command | undefined): ArgumentsPlace {
  return {
    where: 'pydebug',
    example: (option) => `pydebug ${option} ${name ?? '<command>'}`,
    unknown: (raw) =>
      new UsageError(`unknown option ${raw} before the command`, {
        hint:
          cmd && knows(cmd.options, raw)
            ? `options of a command go after it: pydebug ${cmd.name} ${raw}`
            : 'only -c/--config, -q/--quiet, -h/--help and -V/--version go before the command; see pydebug --help',
      }),
  };
}

function commandPlace(cmd: Command): ArgumentsPlace {
  return { where: `pydebug ${cmd.name}`, example: (option) => `pydebug ${cmd.name} ${option}` };
}

/**
 * `run`'s line after pydebug's options (`own`): its operands (the variant), then the command,
 * after an optional `--`. A command cannot start with an option: that is one of pydebug's,
 * misplaced, or the program was left out.
 */
function splitCommandLine(cmd: Command, values: Record<string, unknown>, own: string[], tail: string[]): { operands: string[]; passed: string[] } {
  const count = tail[0] === '--' ? 0 : cmd.passthrough!(values);
  const operands = tail.slice(0, count);
  let passed = tail.slice(count);
  if (passed[0] === '--') passed = passed.slice(1);
  const first = passed[0];
  if (first?.startsWith('-') && first !== '-') {
    throw new UsageError(
      `the command to run cannot start with an option ("${first}"): pydebug's options go before the variant (with --all, before the command), and everything after the variant (or after \`--\`) is the command`,
      { hint: reorderedHint(cmd, own, operands, passed) },
    );
  }
  return { operands, passed };
}

/** The line with pydebug's misplaced options moved before the variant, when they are pydebug's. */
function reorderedHint(cmd: Command, own: string[], operands: string[], passed: string[]): string {
  const options = { ...COMMON_OPTIONS, ...cmd.options };
  const end = firstOperand(passed, options);
  const misplaced = passed.slice(0, end);
  const program = passed.slice(passed[end] === '--' ? end + 1 : end);
  const ours = misplaced.every((a) => !a.startsWith('-') || knows(options, a));
  if (!ours || program.length === 0) return `a command starts with its program: pydebug ${cmd.name} ${[...own, ...operands].join(' ')} -- python -c 'print(1)'`.replace(/ {2,}/g, ' ');
  return `pydebug ${[cmd.name, ...own, ...misplaced, ...operands, '--', ...program].map(shellWord).join(' ')}`;
}

/** An argument as a shell user would type it: quoted when it has anything but plain characters. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function extraOperands(cmd: Command, extra: string): UsageError {
  const takes = cmd.operands === 0 ? 'takes no arguments' : cmd.operands === 1 ? 'takes one argument' : `takes ${cmd.operands} arguments`;
  return new UsageError(`pydebug ${cmd.name} ${takes}: unexpected "${extra}"`, { hint: `usage: ${cmd.usage.split('\n')[0]}` });
}

/** Prints the error for a person on stderr and, for a `--json` command, as JSON on stdout. */
function reportError(ctx: CliContext, error: unknown, json = false): number {
  if (isFileSystemError(error)) return reportError(ctx, fileSystemError(error, storeRoot(ctx)), json);
  if (isDiskFull(error)) return reportError(ctx, unplacedDiskFullError(ctx, error as NodeJS.ErrnoException), json);
  if (error instanceof PydebugError) {
    const prefix = error.exitCode === EXIT_INTERRUPTED ? '' : 'error: ';
    ctx.stderr.write(`${prefix}${error.message}\n`);
    if (error.hint) ctx.stderr.write(`hint: ${error.hint}\n`);
    if (json) writeJsonError(ctx, error.message, error.hint, error.exitCode);
    return error.exitCode;
  }
  const e = error as Error;
  ctx.stderr.write(`internal error: ${e?.stack ?? String(error)}\nThis is a bug in pydebug; please report it with the command you ran.\n`);
  if (json) writeJsonError(ctx, `internal error: ${e?.message ?? String(error)}`, 'this is a bug in pydebug; please report it with the command you ran', EXIT_FAILURE);
  return EXIT_FAILURE;
}

function writeJsonError(ctx: CliContext, message: string, hint: string | undefined, exitCode: number): void {
  ctx.stdout.write(`${JSON.stringify({ error: { message, hint: hint ?? null, exit_code: exitCode } }, null, 2)}\n`);
}

/**
 * A full disk that no edge worded (a write's ENOSPC carries no path): the two file systems
 * pydebug writes to, so the user knows which to free, rather than a report of a bug.
 */
function unplacedDiskFullError(ctx: CliContext, error: NodeJS.ErrnoException): PydebugError {
  const places = [
    { what: 'the store', path: storeRoot(ctx) },
    { what: 'the project', path: ctx.cwd },
  ].flatMap(({ what, path }) => (path === undefined ? [] : [`${what} (${path}) is on the file system mounted at ${mountPointOf(path) ?? '?'}`]));
  const full = error.code === 'EDQUOT' ? 'disk quota exceeded' : 'no space left on the device';
  return new PydebugError(`cannot write: ${full} (${error.syscall ?? 'write'})`, { hint: `free space where pydebug writes: ${places.join('; ')}`, cause: error });
}

/** The store's root, to say so when a failing path is in it; none when PYDEBUG_HOME is unusable. */
function storeRoot(ctx: CliContext): string | undefined {
  try {
    return openStore(ctx).root;
  } catch {
    return undefined;
  }
}
