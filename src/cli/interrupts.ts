/**
 * What pydebug does with the signals it receives. The entry point passes every SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT to `receive`; unit tests call it directly, with a fake child.
 *
 * - While pydebug does its own work (locking, building, making an environment), the first signal
 *   aborts `signal`: builds stop and temporary files are removed; a second one exits at once.
 *   pydebug then exits 128+n of the first signal (130 after Ctrl-C, 143 after SIGTERM, 129 after
 *   SIGHUP: a closed terminal stops builds as SIGTERM does).
 * - While `run`'s command runs in the foreground, pydebug behaves as `uv run` and `npm exec` do:
 *   SIGINT is the command's (the terminal sent it to the whole process group, so the command has
 *   it already) and pydebug lets it decide; SIGTERM, SIGHUP and SIGQUIT, which may have been sent
 *   to pydebug alone, are passed on to the command. pydebug waits for it either way. A SIGINT
 *   sent to pydebug alone (`kill -INT <pid>`) therefore reaches nobody: pydebug cannot tell it
 *   from the terminal's (uv guesses from the TTY, which would give a job's command Ctrl-C twice,
 *   cutting its cleanup short). Send it to the process group, or send SIGTERM.
 */
import { constants } from 'node:os';
import type { Writable } from '../ui/reporter.js';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

/** The command `run` waits for: where passed-on signals go. */
export interface ForegroundCommand {
  kill(signal: HandledSignal): void;
}

/** 128 + the signal's number, as a shell reports a process that died of it. */
export function signalExitCode(signal: string): number {
  return 128 + (constants.signals[signal as keyof typeof constants.signals] ?? 0);
}

export class Interrupts {
  private readonly controller = new AbortController();
  /** Aborted by the first signal that reaches pydebug's own work. */
  readonly signal: AbortSignal = this.controller.signal;
  private stoppedBy: HandledSignal | undefined;
  private builds = 0;
  private command: ForegroundCommand | undefined;
  private passedOn: HandledSignal | undefined;

  constructor(
    private readonly stderr: Writable,
    /** Ends the process at once with this code (the entry point's process.exit). */
    private readonly exitNow: (code: number) => void,
  ) {}

  /** Handles one signal the process received. */
  receive(sig: HandledSignal): void {
    if (this.command) {
      if (sig !== 'SIGINT') {
        this.passedOn ??= sig;
        this.command.kill(sig);
      }
      return;
    }
    if (this.stoppedBy) {
      this.exitNow(signalExitCode(this.stoppedBy));
      return;
    }
    this.stoppedBy = sig;
    const what = sig === 'SIGINT' ? 'interrupted' : sig === 'SIGHUP' ? 'hung up' : sig === 'SIGQUIT' ? 'quit' : 'terminated';
    const doing = this.builds > 0 ? 'stopping builds and removing temporary files' : 'stopping';
    this.stderr.write(`\n${what}: ${doing} (again to exit at once)\n`);
    this.controller.abort();
  }

  /** The exit code after pydebug's own work was stopped by a signal; undefined when it was not. */
  get exitCode(): number | undefined {
    return this.stoppedBy ? signalExitCode(this.stoppedBy) : undefined;
  }

  /** Says that builds are running, so an interrupt says it stops them; call the result when they end. */
  buildsRunning(): () => void {
    this.builds += 1;
    let ended = false;
    return () => {
      if (!ended) this.builds -= 1;
      ended = true;
    };
  }

  /**
   * While `command` runs in the foreground; call the result when it has exited. It tells which
   * signal, if any, pydebug passed on to the command meanwhile (`run --all` stops there).
   */
  foreground(command: ForegroundCommand): () => { passedOn: HandledSignal | undefined } {
    this.command = command;
    this.passedOn = undefined;
    return () => {
      if (this.command === command) this.command = undefined;
      return { passedOn: this.passedOn };
    };
  }
}
