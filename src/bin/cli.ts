#!/usr/bin/env node

/** `pydebug` executable: wires the process (argv, env, streams, signals) to the CLI. */

import { isatty } from 'node:tty';
import { HANDLED_SIGNALS, Interrupts } from '../cli/interrupts.js';
import { main } from '../cli/main.js';
import { askOnTerminal } from '../cli/terminal.js';

const interrupts = new Interrupts(process.stderr, (code) => process.exit(code));
for (const sig of HANDLED_SIGNALS) process.on(sig, () => interrupts.receive(sig));

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: () => process.stderr.columns ?? 100,
  interrupts,
  // isatty, not process.stdin.isTTY: reading that makes the stdin stream, which only a question needs.
  ask: process.stderr.isTTY && isatty(0) ? askOnTerminal(interrupts.signal) : undefined,
});
// Work stopped by a signal exits 128+n of it (InterruptedError's 130 is SIGINT's).
process.exitCode = interrupts.exitCode !== undefined && code !== 0 ? interrupts.exitCode : code;
