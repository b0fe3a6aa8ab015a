/**
 * How the Action's main or post run ends, whatever escapes it. The cache client can leak an
 * exception or a rejection outside the promise pydebug awaits (actions/cache guards its save
 * against the same), and an HTTP request left dangling by its retries would keep node alive after
 * the run's work is done: so each run listens for both and exits explicitly.
 *
 * - The main run (`fail`): what escapes is a bug in the run that gives the job its interpreters,
 *   so the run fails, saying what escaped, as setup-uv's does.
 * - The post run (`warn`): it only retries cache saves and removes temporary files, so nothing
 *   there may fail the job: what escapes is a warning and the run exits 0 (actions/cache's
 *   saveImpl).
 */
import * as core from '@actions/core';

/** The part of `process` a run uses (a test passes its own). */
export interface RunProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code?: number): never;
}

export interface RunLog {
  warning(message: string): void;
  setFailed(message: string): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export async function runToExit(name: string, body: () => Promise<void>, onEscape: 'fail' | 'warn', proc: RunProcess = process as RunProcess, log: RunLog = core): Promise<never> {
  let failed = false;
  const escaped = (event: string) => (error: unknown) => {
    if (onEscape === 'warn') {
      log.warning(`${name}: ${event} (ignored: it cannot fail the job): ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    failed = true;
    log.setFailed(`${name}: ${event}: ${describe(error)}`);
    proc.exit(1);
  };
  proc.on('uncaughtException', escaped('uncaught exception'));
  proc.on('unhandledRejection', escaped('unhandled promise rejection'));
  try {
    await body();
  } catch (error) {
    // Each run's body reports its own errors; this is the last line, for a bug in that reporting.
    escaped('uncaught exception')(error);
  }
  if (onEscape === 'warn') return proc.exit(0);
  // Without a code, node exits with process.exitCode: 1 when the body failed (core.setFailed sets it).
  return failed ? proc.exit(1) : proc.exit();
}
