/**
 * Reading a command line into options and operands, with every mistake said in pydebug's words
 * (node's parseArgs would say "Option '-j, --jobs <value>' argument missing").
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../config/suggest.js';
import { UsageError } from '../errors.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArguments {
  values: Record<string, unknown>;
  positionals: string[];
}

/** What a mistake is about: "pydebug sync" (a command) or "pydebug" (before the command). */
export interface ArgumentsPlace {
  where: string;
  /** How an option is shown in a hint: `pydebug sync --jobs 4`. */
  example(option: string): string;
  /** The error for an option this place does not know, when it has more to say than "unknown". */
  unknown?(raw: string): UsageError | undefined;
}

function shortOwner(options: OptionSpecs, letter: string): [string, OptionSpecs[string]] | undefined {
  return Object.entries(options).find(([, spec]) => spec.short === letter);
}

/** True when `arg` is an option whose value is the next argument (`--jobs 4`, `-j 4`, `-qj 4`). */
function valueFollows(arg: string, options: OptionSpecs): boolean {
  if (arg.startsWith('--')) return !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
  for (let i = 1; i < arg.length; i++) {
    // In a cluster, the first option taking a value takes the rest of the cluster as its value.
    if (shortOwner(options, arg[i]!)?.[1].type === 'string') return i === arg.length - 1;
  }
  return false;
}

/**
 * The index of the first argument that is neither an option nor an option's value: the first
 * operand, or `--`. Options of pydebug's own come before it.
 */
export function firstOperand(args: string[], options: OptionSpecs): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || arg === '-' || !arg.startsWith('-')) return i;
    if (valueFollows(arg, options)) i += 1;
  }
  return args.length;
}

function unknownOption(raw: string, options: OptionSpecs, place: ArgumentsPlace): UsageError {
  const names = Object.keys(options).map((n) => `--${n}`);
  const guess = raw.startsWith('--') ? closest(raw, names) : undefined;
  return new UsageError(`unknown option ${raw} for ${place.where}`, { hint: guess ? `did you mean ${guess}?` : `see ${place.where} --help` });
}

/** Options and operands of `args`, each option checked against `options`. */
export function parseArguments(args: string[], options: OptionSpecs, place: ArgumentsPlace): ParsedArguments {
  const { values, positionals, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    const raw = token.rawName;
    if (!spec) throw place.unknown?.(raw) ?? unknownOption(raw, options, place);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`${raw} takes no value`, { hint: place.example(`--${token.name}`) });
    if (spec.type === 'string') {
      const hint = place.example(`--${token.name} ${EXAMPLE_VALUES[token.name] ?? '<value>'}`);
      if (token.value === undefined) throw new UsageError(`${raw} needs a value`, { hint: `e.g. ${hint}` });
      // A negative number is a value (and gets its own range error), not a forgotten one.
      if (!token.inlineValue && /^-[^\d]/.test(token.value)) {
        throw new UsageError(`${raw} needs a value, but is followed by the option ${token.value}`, { hint: `e.g. ${hint}` });
      }
    }
  }
  return { values, positionals };
}

/** A value to show in a hint for an option that was given none. */
const EXAMPLE_VALUES: Record<string, string> = {
  config: 'path/to/pydebug.yml',
  jobs: '4',
  parallel: '2',
  python: '3.13.2',
  variant: 'debug',
  sha256: '<hex>',
  md5: '<hex>',
  url: '<url>',
};

/**
 * `--version` is pydebug's own version. Among a command's options it is the CPython selector of
 * pydebugs from before `--python`, typed from habit: say what to write instead. Only `args`
 * before `end` are pydebug's (the rest may be a command to run).
 */
export function refuseVersionSelector(args: string[], end: number, place: ArgumentsPlace): void {
  const at = args.slice(0, end).findIndex((a) => a === '--version' || a.startsWith('--version='));
  if (at === -1) return;
  const inline = args[at]!.startsWith('--version=') ? args[at]!.slice('--version='.length) : undefined;
  const value = inline ?? args[at + 1] ?? '<version>';
  const fixed = [...args.slice(0, at), '--python', value, ...args.slice(at + (inline === undefined && args[at + 1] !== undefined ? 2 : 1))];
  throw new UsageError(`--version is pydebug's own version; it selects no CPython`, {
    hint: `the CPython version is chosen with --python: ${place.where} ${fixed.join(' ')}`.trimEnd(),
  });
}
