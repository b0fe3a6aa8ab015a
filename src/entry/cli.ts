#!/usr/bin/env node
/** `pydebug` executable: wires the process (argv, env, streams, signals) to the CLI. */
import { EXIT_INTERRUPTED } from '../errors.js';
import { main } from '../cli/main.js';
import { askOnTerminal } from '../cli/terminal.js';

const controller = new AbortController();
let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(`\n${sig === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping builds and removing temporary files (again to exit at once)\n`);
    controller.abort();
  });
}

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: () => process.stderr.columns ?? 100,
  signal: controller.signal,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal(controller.signal) : undefined,
});
process.exitCode = controller.signal.aborted && code !== 0 ? EXIT_INTERRUPTED : code;
