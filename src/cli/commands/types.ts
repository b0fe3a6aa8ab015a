import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Arguments after `--` are passed through untouched (as `rest`, after the positionals). */
  passthrough?: boolean;
  run(ctx: CliContext, values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

export function str(values: Record<string, unknown>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function strs(values: Record<string, unknown>, key: string): string[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]) as string[];
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

export function bool(values: Record<string, unknown>, key: string): boolean {
  return values[key] === true;
}

export function positiveInt(values: Record<string, unknown>, key: string): number | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--${key} must be a positive integer, not "${v}"`);
  }
  return n;
}
