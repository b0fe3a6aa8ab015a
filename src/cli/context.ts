/** What a command runs with: its world, passed in (never read from globals deep inside). */
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../files/config-file.js';
import type { Env } from '../platform/index.js';
import { defaultHome, Store } from '../store/store.js';
import { LiveReporter, PlainReporter, SilentReporter, type Reporter, type Writable } from '../ui/reporter.js';

export interface CliContext {
  cwd: string;
  env: Env;
  stdout: Writable;
  stderr: Writable;
  stderrIsTTY: boolean;
  columns: () => number;
  signal: AbortSignal;
}

export interface CommonOptions {
  config?: string | undefined;
  quiet?: boolean | undefined;
}

export function configPath(ctx: CliContext, opts: CommonOptions): string {
  return resolve(ctx.cwd, opts.config ?? DEFAULT_CONFIG_FILE);
}

/** The store PYDEBUG_HOME names (a UsageError when it is relative: see defaultHome). */
export function openStore(ctx: CliContext): Store {
  return new Store(resolve(ctx.cwd, defaultHome(ctx.env)));
}

export function makeReporter(ctx: CliContext, opts: CommonOptions): Reporter {
  if (opts.quiet) return new SilentReporter();
  if (ctx.stderrIsTTY && ctx.env.TERM !== 'dumb' && !ctx.env.CI) return new LiveReporter(ctx.stderr, ctx.columns);
  return new PlainReporter(ctx.stderr);
}
