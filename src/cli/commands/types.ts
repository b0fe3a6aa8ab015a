import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../../errors.js';
import { wholeNumberInRange } from '../../numbers.js';
import type { CliContext } from '../context.js';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many operands the command takes at most (more are refused). */
  operands: number;
  /**
   * For a command that runs another command (`run`): given pydebug's options, how many operands
   * are pydebug's; the rest of the line (after an optional `--`) is the command, passed on
   * untouched after the positionals.
   */
  passthrough?: (values: Record<string, unknown>) => number;
  run(ctx: CliContext, values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

export function str(values: Record<string, unknown>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** What a filter option (--variant, --python) selects, and an example of one. */
const FILTERS: Record<string, { what: string; example: string }> = {
  variant: { what: 'variant', example: 'debug' },
  python: { what: 'version', example: '3.13.2' },
};

/**
 * The names of a repeatable, comma-separated option. A value that names nothing (`--variant ""`,
 * as `--variant "$V"` with V unset gives) is refused: taken as no filter, it would select every
 * entry, and `sync` would build them all.
 */
export function strs(values: Record<string, unknown>, key: string): string[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]) as string[];
  const names = list
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
  if (names.length === 0) {
    const { what, example } = FILTERS[key] ?? { what: 'value', example: '<value>' };
    throw new UsageError(`--${key} ${JSON.stringify(list.join(','))} names no ${what}`, { hint: `e.g. --${key} ${example}; leave --${key} out to select every ${what}` });
  }
  return names;
}

export function bool(values: Record<string, unknown>, key: string): boolean {
  return values[key] === true;
}

/**
 * A whole number from 1 to `max`, written in plain decimal digits: Number() would also take
 * "1e3", "0x10" or " 4", and --jobs 1e3 would run make -j1000.
 */
export function positiveInt(values: Record<string, unknown>, key: string, max: number): number | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  const n = wholeNumberInRange(v, 1, max);
  if (n === undefined) {
    throw new UsageError(`--${key} must be a whole number from 1 to ${max}, not "${v}"`, { hint: `e.g. --${key} 4` });
  }
  return n;
}
