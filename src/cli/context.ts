/** What a command runs with: its world, passed in (never read from globals deep inside). */

import { dirname, join, resolve } from 'node:path';
import { formatProblem, UsageError } from '../errors.js';
import { type ConfigFile, DEFAULT_CONFIG_FILE, displayPath, parseConfigFile, readConfigText } from '../files/config-file.js';
import { existsNoFollow } from '../files/exists.js';
import { lockPathFor } from '../files/lock-file.js';
import { type LockVerdicts, lockVerdicts } from '../files/lock-verdict.js';
import type { Env } from '../platform/index.js';
import type { Reporter } from '../progress.js';
import { defaultHome, Store } from '../store/store.js';
import { LiveReporter, PlainReporter, SilentReporter, type Writable } from '../ui/reporter.js';
import type { Interrupts } from './interrupts.js';

export interface CliContext {
  cwd: string;
  env: Env;
  stdout: Writable;
  stderr: Writable;
  stderrIsTTY: boolean;
  columns: () => number;
  /** The signals pydebug receives: `interrupts.signal` aborts its own work (see interrupts.ts). */
  interrupts: Interrupts;
  /**
   * Asks the person at the terminal and gives their answer (undefined: none, as after Ctrl-D or
   * Ctrl-C). Absent when stdin or stderr is not a terminal: nobody is there to answer.
   */
  ask?: ((question: string) => Promise<string | undefined>) | undefined;
}

export interface CommonOptions {
  config?: string | undefined;
  quiet?: boolean | undefined;
}

/** Where `pydebug init` writes: --config as given, else pydebug.yml in the working directory. */
export function configPath(ctx: CliContext, opts: CommonOptions): string {
  return resolve(ctx.cwd, opts.config ?? DEFAULT_CONFIG_FILE);
}

/**
 * The pydebug.yml a command reads: --config as given (never searched for), else the nearest
 * pydebug.yml in the working directory or a parent, up to the filesystem root, as git finds
 * .git. Undefined when there is none.
 */
export async function nearestConfigPath(ctx: CliContext, opts: CommonOptions): Promise<string | undefined> {
  if (opts.config !== undefined) return configPath(ctx, opts);
  for (let dir = resolve(ctx.cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_CONFIG_FILE);
    // Anything by that name stops the search: a directory or a dangling link is reported as such.
    if (await existsNoFollow(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** As nearestConfigPath, and an error that says where pydebug looked when there is none. */
export async function findConfigPath(ctx: CliContext, opts: CommonOptions): Promise<string> {
  const found = await nearestConfigPath(ctx, opts);
  if (found !== undefined) return found;
  const cwd = resolve(ctx.cwd);
  throw new UsageError(`no ${DEFAULT_CONFIG_FILE} in ${cwd} or any directory above it (looked from ${cwd} up to /)`, {
    hint: 'run `pydebug init` to write a starter pydebug.yml here, or pass --config <path>',
  });
}

/**
 * The pydebug.yml a command works on (see findConfigPath), its warnings written to stderr; its
 * errors are thrown (ConfigError). When the store holds a verdict for this pydebug.yml and its
 * lock as they are (files/lock-verdict.ts), the project is the verdict's: nothing is parsed.
 */
export async function loadConfig(ctx: CliContext, opts: CommonOptions): Promise<ConfigFile> {
  const path = await findConfigPath(ctx, opts);
  const display = displayPath(path, ctx.cwd);
  const text = await readConfigText(path, display);
  const verdicts = await verdictsFor(ctx, path, text);
  if (verdicts?.trusted) return { projectConfig: verdicts.trusted.projectConfig, warnings: [], path, display, verdicts };
  const cfg: ConfigFile = { ...(await parseConfigFile(text, display)), path, display };
  for (const warning of cfg.warnings) ctx.stderr.write(`warning: ${formatProblem(warning)}\n`);
  // A pydebug.yml with warnings is parsed every time, so that they are printed every time.
  return cfg.warnings.length === 0 ? { ...cfg, verdicts } : cfg;
}

/** The verdicts of this project in the store PYDEBUG_HOME names; none when that is unusable (the command says why later). */
async function verdictsFor(ctx: CliContext, configPath: string, configText: string): Promise<LockVerdicts | undefined> {
  let store: Store;
  try {
    store = openStore(ctx);
  } catch {
    return undefined;
  }
  return lockVerdicts(store.cacheDir, dirname(configPath), lockPathFor(configPath), configText).catch(() => undefined);
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
