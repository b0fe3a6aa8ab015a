/**
 * Error classes that carry what a user needs to act: where, what, and how to fix it.
 * The CLI maps them to exit codes: UserError → 2 (usage or config), PydebugError → 1 (failure).
 * Anything else is an internal bug and is reported with its stack.
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A failure the user can act on (download, checksum, build, stale lock...). Exit code 1. */
export class PydebugError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number = EXIT_FAILURE;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Wrong command-line usage. Exit code 2. */
export class UsageError extends PydebugError {
  override readonly exitCode: number = EXIT_USAGE;
}

/** One problem found in a config file, with its position. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  hint?: string | undefined;
}

export function formatProblem(p: ConfigProblem): string {
  const head = `${p.file}:${p.line}:${p.col}: ${p.message}`;
  return p.hint ? `${head}\n  fix: ${p.hint}` : head;
}

/** pydebug.yml (or the lock) is invalid. Lists every problem found. Exit code 2. */
export class ConfigError extends PydebugError {
  override readonly exitCode: number = EXIT_USAGE;
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    const n = problems.length;
    super(`${n === 1 ? 'a problem' : `${n} problems`} in ${problems[0]?.file ?? 'the config'}:\n` + problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}

/** The build was interrupted (SIGINT/SIGTERM). Exit code 130. */
export class InterruptedError extends PydebugError {
  override readonly exitCode: number = EXIT_INTERRUPTED;
  constructor(message = 'interrupted') {
    super(message);
  }
}
