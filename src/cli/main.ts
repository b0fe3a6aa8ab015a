/**
 * The pydebug command line: argv → one command → exit code.
 * Exit codes: 0 success, 1 failure (build, download, checksum, stale lock), 2 usage or config
 * error, 130 interrupted; `run` passes through its command's exit code.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, PydebugError, UsageError } from '../errors.js';
import { fileSystemError, isFileSystemError } from '../files/fs-error.js';
import { openStore, type CliContext } from './context.js';
import { COMMANDS, type Command } from './commands/index.js';

export const VERSION = '0.1.0';

const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies ParseArgsConfig['options'];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'pydebug: build, cache and verify debug variants of CPython from pydebug.yml',
    '',
    'Usage: pydebug <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  -c, --config <path>  pydebug.yml to use (default: ./pydebug.yml; the lock is pydebug.lock beside it)',
    '  -q, --quiet          no progress output',
    '  -h, --help           help for a command: pydebug <command> --help',
    '',
    'Environment: PYDEBUG_HOME (store root, default <cache dir>/pydebug), PYDEBUG_MIRROR (replaces',
    'https://www.python.org/ftp/python), CC (default compiler), XDG_CACHE_HOME.',
    'Exit codes: 0 success, 1 failure, 2 usage or config error, 130 interrupted.',
  ].join('\n');
}

export function commandHelp(cmd: Command): string {
  return [`Usage: ${cmd.usage}`, '', cmd.summary, '', cmd.help.trim(), '', 'Common options: -c/--config <path>, -q/--quiet, -h/--help'].join('\n');
}

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    ctx.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    ctx.stdout.write(`pydebug ${VERSION}\n`);
    return EXIT_OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  try {
    if (!cmd) {
      const { closest } = await import('../config/suggest.js');
      const guess = closest(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`unknown command "${name}"`, { hint: guess ? `did you mean "pydebug ${guess}"?` : 'see pydebug --help' });
    }
    // For `run`, everything after `--` belongs to the user's command, flags included.
    const split = cmd.passthrough ? rest.indexOf('--') : -1;
    const own = split === -1 ? rest : rest.slice(0, split);
    const passed = split === -1 ? [] : rest.slice(split + 1);
    let parsed;
    try {
      parsed = parseArgs({
        args: own,
        options: { ...COMMON_OPTIONS, ...cmd.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, ''), { hint: `see pydebug ${cmd.name} --help` });
    }
    if (parsed.values.help) {
      ctx.stdout.write(`${commandHelp(cmd)}\n`);
      return EXIT_OK;
    }
    return await cmd.run(ctx, parsed.values as Record<string, unknown>, [...parsed.positionals, ...passed]);
  } catch (error) {
    return reportError(ctx, error);
  }
}

export function reportError(ctx: CliContext, error: unknown): number {
  if (isFileSystemError(error)) return reportError(ctx, fileSystemError(error, storeRoot(ctx)));
  if (error instanceof PydebugError) {
    const prefix = error.exitCode === EXIT_INTERRUPTED ? '' : 'error: ';
    ctx.stderr.write(`${prefix}${error.message}\n`);
    if (error.hint) ctx.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const e = error as Error;
  ctx.stderr.write(`internal error: ${e?.stack ?? String(error)}\nThis is a bug in pydebug; please report it with the command you ran.\n`);
  return EXIT_FAILURE;
}

/** The store's root, to say so when a failing path is in it; none when PYDEBUG_HOME is unusable. */
function storeRoot(ctx: CliContext): string | undefined {
  try {
    return openStore(ctx).root;
  } catch {
    return undefined;
  }
}
