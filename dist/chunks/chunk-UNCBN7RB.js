import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/cli/interrupts.ts
import { constants } from "node:os";
var HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
function signalExitCode(signal) {
  return 128 + (constants.signals[signal] ?? 0);
}
var Interrupts = class {
  constructor(stderr, exitNow) {
    this.stderr = stderr;
    this.exitNow = exitNow;
  }
  stderr;
  exitNow;
  controller = new AbortController();
  /** Aborted by the first signal that reaches pydebug's own work. */
  signal = this.controller.signal;
  stoppedBy;
  builds = 0;
  command;
  passedOn;
  /** Handles one signal the process received. */
  receive(sig) {
    if (this.command) {
      if (sig !== "SIGINT") {
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
    const what = sig === "SIGINT" ? "interrupted" : sig === "SIGHUP" ? "hung up" : sig === "SIGQUIT" ? "quit" : "terminated";
    const doing = this.builds > 0 ? "stopping builds and removing temporary files" : "stopping";
    this.stderr.write(`
${what}: ${doing} (again to exit at once)
`);
    this.controller.abort();
  }
  /** The exit code after pydebug's own work was stopped by a signal; undefined when it was not. */
  get exitCode() {
    return this.stoppedBy ? signalExitCode(this.stoppedBy) : void 0;
  }
  /** Says that builds are running, so an interrupt says it stops them; call the result when they end. */
  buildsRunning() {
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
  foreground(command) {
    this.command = command;
    this.passedOn = void 0;
    return () => {
      if (this.command === command) this.command = void 0;
      return { passedOn: this.passedOn };
    };
  }
};

export {
  HANDLED_SIGNALS,
  signalExitCode,
  Interrupts
};
