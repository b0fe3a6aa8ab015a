/**
 * The commands, each loaded when it runs: a command's module (and what it imports) is read only
 * by the command that needs it, so `which` does not load the builder, the downloader or tar.
 * The order is the order of `pydebug --help`.
 */
import type { Command } from './types.js';

export type { Command };

const LOADERS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init.js')).initCommand,
  lock: async () => (await import('./lock.js')).lockCommand,
  sync: async () => (await import('./sync.js')).syncCommand,
  push: async () => (await import('./push.js')).pushCommand,
  which: async () => (await import('./which.js')).whichCommand,
  run: async () => (await import('./run.js')).runCommand,
  list: async () => (await import('./list.js')).listCommand,
  inspect: async () => (await import('./inspect.js')).inspectCommand,
  matrix: async () => (await import('./matrix.js')).matrixCommand,
  clean: async () => (await import('./clean.js')).cleanCommand,
};

export const COMMAND_NAMES: string[] = Object.keys(LOADERS);

/** The command called `name`, or undefined when there is none. */
export function loadCommand(name: string): Promise<Command> | undefined {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}

/** Every command, in help order (for `pydebug --help`). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_NAMES.map((n) => LOADERS[n]!()));
}
