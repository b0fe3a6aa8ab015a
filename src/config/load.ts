/**
 * pydebug.yml text → validated ProjectConfig, or a ConfigError whose problems name file:line:col,
 * what is wrong and how to fix it. Pure: the caller reads the file.
 */
import { type Alias, type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import type * as z from 'zod';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { type ProjectConfig, toProjectConfig } from './project.js';
import { type ConfigIssue, type ConfigPath, checkConfig, envNameProblem, variantNameProblem } from './rules.js';
import { type Config, ConfigSchema, KNOWN_KEYS } from './schema.js';
import { closest } from './suggest.js';

/** Names people reach for, mapped to the pydebug.yml key that does it. */
const KEY_ALIASES: Record<string, string> = {
  'with-pydebug': 'pydebug',
  with_pydebug: 'pydebug',
  debug: 'pydebug',
  py_debug: 'pydebug',
  'with-trace-refs': 'trace_refs',
  tracerefs: 'trace_refs',
  'trace-refs': 'trace_refs',
  'without-pymalloc': 'pymalloc',
  with_pymalloc: 'pymalloc',
  'with-valgrind': 'valgrind',
  'with-assertions': 'assertions',
  sanitizer: 'sanitizers',
  sanitize: 'sanitizers',
  'disable-gil': 'freethreading',
  disable_gil: 'freethreading',
  nogil: 'freethreading',
  free_threading: 'freethreading',
  'free-threading': 'freethreading',
  free_threaded: 'freethreading',
  opt: 'optimization',
  optimize: 'optimization',
  cc: 'compiler',
  extra_cflags: 'cflags',
  'extra-cflags': 'cflags',
  'configure-args': 'configure_args',
  configure: 'configure_args',
  args: 'configure_args',
  environment: 'env',
  tests: 'test',
  checksum: 'sha256',
  sha: 'sha256',
  md5sum: 'md5',
  sha256sum: 'sha256',
  versions: 'python',
  pythons: 'python',
  sources: 'python',
  variant: 'variants',
  matrix: 'variants',
  excludes: 'exclude',
};

export interface LoadedConfig {
  config: Config;
  /** `config` normalized: what the rest of pydebug reads. */
  projectConfig: ProjectConfig;
  /** What the rules warn about (level 'warning'): reported, never a reason to fail. */
  warnings: ConfigProblem[];
}

export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const p = pos(e.pos[0]);
        return {
          file,
          line: p.line,
          col: p.col,
          message: `YAML syntax error: ${firstLine(e.message)}`,
          hint: yamlHint(e.code),
        };
      }),
    );
  }
  if (doc.contents === null) {
    throw new ConfigError([{ file, line: 1, col: 1, message: 'the file is empty', hint: 'run `pydebug init` to write a starter pydebug.yml' }]);
  }

  const data = toData(doc, pos, file);
  const parsed = ConfigSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.flatMap((issue) => zodIssueProblems(issue, problemSite(doc, pos, file, text))));
  }
  const ruleIssues = checkConfig(parsed.data);
  const errors = ruleIssues.filter((issue) => issue.level !== 'warning');
  if (errors.length > 0) {
    throw new ConfigError(errors.map((issue) => locateIssue(issue, doc, pos, file)));
  }
  const warnings = ruleIssues.filter((issue) => issue.level === 'warning').map((issue) => locateIssue(issue, doc, pos, file));
  return { config: parsed.data, projectConfig: toProjectConfig(parsed.data), warnings };
}

/**
 * A pydebug.yml has no use for many aliases; a document whose aliases expand into more than this
 * many nodes is a resource-exhaustion attack ("billion laughs"), refused before it is expanded.
 */
const MAX_ALIAS_COUNT = 1000;

/** The document as plain data; alias problems (only found while expanding) become ConfigErrors. */
function toData(doc: Document, pos: PosFn, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    // The yaml package signals alias problems, and only those, with a ReferenceError.
    if (!(e instanceof ReferenceError)) throw e;
    throw new ConfigError([aliasProblem(doc, e, pos, file)]);
  }
}

function aliasProblem(doc: Document, error: ReferenceError, pos: PosFn, file: string): ConfigProblem {
  const aliases: Alias[] = [];
  const anchored = new Set<string>();
  let unresolved: Alias | undefined;
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        aliases.push(node);
        if (!anchored.has(node.source)) unresolved ??= node;
      } else if (node.anchor) {
        anchored.add(node.anchor);
      }
    },
  });
  const at = (node: Alias | undefined) => pos(node?.range?.[0] ?? 0);
  if (unresolved) {
    const p = at(unresolved);
    return {
      file,
      line: p.line,
      col: p.col,
      message: `YAML alias *${unresolved.source} has no anchor &${unresolved.source} before it`,
      hint: `define &${unresolved.source} on an earlier value, or write the value out`,
    };
  }
  const p = at(aliases[0]);
  return {
    file,
    line: p.line,
    col: p.col,
    message: `YAML aliases expand too many times (${firstLine(error.message)})`,
    hint: 'write the values out instead of nesting aliases (*name) of lists that themselves hold aliases',
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once per mapping: merge or rename the duplicate';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested keys need more spaces than their parent, and use spaces, not tabs';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces, not tabs';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a key is missing its colon, or a value is indented like a key';
    default:
      return undefined;
  }
}

type PosFn = (offset: number) => { line: number; col: number };

/** How to add a key that is missing, by its name. */
const REQUIRED_KEY_HINTS: Record<string, string> = {
  python: 'add python: [{version: "3.13.2", sha256: ...}]',
  variants: 'add variants: {debug: {pydebug: true}}',
  ref: 'add ref: with a branch, tag or full commit, e.g. ref: main',
  version: 'add version: "3.13.2" (a release), or git: and ref: (a git checkout)',
};

/** The YAML node (or key) at `path`; when the path does not exist, the deepest node that does. */
function locate(doc: Document, path: ConfigPath, at: 'key' | 'value'): [number, number] {
  let node: unknown = doc.contents;
  let range: [number, number] = rangeOf(node) ?? [0, 0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return range;
      if (last && at === 'key') return rangeOf(pair.key) ?? range;
      // A key with no value (`debug:`) has an empty null node after the colon: point at the key.
      const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null && !pair.value.source);
      node = empty ? pair.key : pair.value;
      range = rangeOf(node) ?? range;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return range;
      node = item;
      range = rangeOf(node) ?? range;
    } else {
      return range;
    }
  }
  return range;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as YamlNode | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function locateIssue(issue: ConfigIssue, doc: Document, pos: PosFn, file: string): ConfigProblem {
  const [start] = locate(doc, issue.path, issue.at ?? 'value');
  const p = pos(start);
  return { file, line: p.line, col: p.col, message: issue.message, hint: issue.hint };
}

function describeInput(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (typeof input === 'string') return `the string ${JSON.stringify(input)}`;
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input} ${String(input)}`;
}

function label(path: ConfigPath): string {
  if (path.length === 0) return 'the top level';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Which known keys apply to the object at `path`. */
function knownKeysAt(path: ConfigPath): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  if (path[0] === 'python' && path.length === 2) return [...KNOWN_KEYS.source, ...KNOWN_KEYS.git];
  if (path[0] === 'variants' && path.length === 2) return KNOWN_KEYS.variant;
  if (path[0] === 'exclude' && path.length === 2) return KNOWN_KEYS.exclude;
  return [];
}

/** Where zod's issues become problems: located in the document, with its text at hand. */
interface ProblemSite {
  problem(path: ConfigPath, at: 'key' | 'value', message: string, hint?: string): ConfigProblem;
  /** The value at `path` as written in the file. */
  written(path: ConfigPath): string;
}

function problemSite(doc: Document, pos: PosFn, file: string, text: string): ProblemSite {
  return {
    problem: (path, at, message, hint) => locateIssue({ path, at, message, ...(hint ? { hint } : {}) }, doc, pos, file),
    written: (path) => {
      const [start, end] = locate(doc, path, 'value');
      return text.slice(start, end).trim();
    },
  };
}

function zodIssueProblems(issue: z.core.$ZodIssue, site: ProblemSite): ConfigProblem[] {
  const path = issue.path as ConfigPath;
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeyProblems(issue, site);
    case 'invalid_type':
      return invalidTypeProblems(issue, site);
    case 'invalid_value': {
      const input = (issue as { input?: unknown }).input;
      const values = issue.values.map(String);
      const guess = typeof input === 'string' ? closest(input, values) : undefined;
      return [site.problem(path, 'value', `${label(path)} is ${describeInput(input)}; expected one of ${values.join(', ')}`, guess ? `did you mean "${guess}"?` : undefined)];
    }
    case 'invalid_key': {
      const name = String(path[path.length - 1]);
      const isEnvName = path[0] === 'variants' && path[2] === 'env' && path.length === 4;
      const { message, hint } = isEnvName ? envNameProblem(String(path[1]), name) : variantNameProblem(name, issue.issues[0]?.message ?? issue.message);
      return [site.problem(path, 'key', message, hint)];
    }
    case 'invalid_union': {
      const input = (issue as { input?: unknown }).input;
      if (path[0] === 'python' && path.length === 2) return sourceFormProblems(issue, input, (inner) => zodIssueProblems(inner, site));
      const key = path[path.length - 1];
      const expected = key === 'cflags' ? 'a string or a list of strings' : key === 'test' ? 'true, false, "quick" or a list of test names' : 'one of the accepted forms';
      return [site.problem(path, 'value', `${label(path)} must be ${expected}, not ${describeInput(input)}`)];
    }
    default:
      return [site.problem(path, 'value', `${label(path)}: ${issue.message}`)];
  }
}

/** Keys the schema does not know: each with the key it most likely means. */
function unknownKeyProblems(issue: z.core.$ZodIssueUnrecognizedKeys, site: ProblemSite): ConfigProblem[] {
  const path = issue.path as ConfigPath;
  const known = knownKeysAt(path);
  const where = path.length === 0 ? '' : path[0] === 'variants' ? ` in variant "${String(path[1])}"` : ` in ${label(path)}`;
  return issue.keys.map((key) => {
    const alias = KEY_ALIASES[key] ?? KEY_ALIASES[key.toLowerCase()];
    const guess = alias && known.includes(alias) ? alias : closest(key, known);
    let hint = guess ? `did you mean "${guess}"?` : `known keys: ${known.join(', ')}`;
    if (guess === 'pymalloc' && /without/.test(key)) hint = 'did you mean "pymalloc: false"?';
    if (key === 'EXTRA_CFLAGS' || key === 'extra_cflags') {
      hint = 'use cflags: pydebug passes them to configure, so sysconfig records them for extensions (make EXTRA_CFLAGS would not)';
    }
    return site.problem([...path, key], 'key', `unknown key "${key}"${where}`, hint);
  });
}

/** A value of the wrong type, or a missing one: how YAML read what was written, and how to write it. */
function invalidTypeProblems(issue: z.core.$ZodIssueInvalidType, site: ProblemSite): ConfigProblem[] {
  const path = issue.path as ConfigPath;
  const input = (issue as { input?: unknown }).input;
  const key = String(path[path.length - 1]);
  if (input === undefined) {
    return [site.problem(path.slice(0, -1), 'value', `${label(path)} is required`, REQUIRED_KEY_HINTS[key])];
  }
  if (typeof input === 'number' && (key === 'md5' || key === 'sha256')) {
    // The number has lost the digits (and leading zeros): show them as written.
    const written = site.written(path);
    return [site.problem(path, 'value', `${label(path)} must be a quoted string: YAML reads the unquoted ${written} as a number`, `write ${key}: "${written}", with quotes`)];
  }
  const message = issue.message.startsWith('Invalid input') ? `${label(path)} must be ${expectedLabel(issue.expected)}, not ${describeInput(input)}` : issue.message;
  let hint: string | undefined = key === 'ref' && typeof input === 'number' ? `write ref: "${input}", with quotes (YAML reads ${input} as a number)` : undefined;
  if (issue.expected === 'boolean' && typeof input === 'string') {
    hint = `write ${key}: ${/^(y|yes|on|1)$/i.test(input) ? 'true' : /^(n|no|off|0)$/i.test(input) ? 'false' : 'true or false'}`;
  } else if (input === null && path[0] === 'variants' && path.length === 2) {
    hint = `give the variant options, or {} for a release build: ${String(path[1])}: {pydebug: true}`;
  }
  return [site.problem(path, 'value', message, hint)];
}

/**
 * A python entry matches neither form: report the problems of the form it means (a `git:` key
 * means a git source, anything else a release), at their own keys.
 */
function sourceFormProblems(issue: z.core.$ZodIssueInvalidUnion, input: unknown, problems: (inner: z.core.$ZodIssue) => ConfigProblem[]): ConfigProblem[] {
  const isMapping = input !== null && typeof input === 'object' && !Array.isArray(input);
  const branch = isMapping && 'git' in input ? 1 : 0;
  const inner = issue.errors[branch] ?? [];
  if (!isMapping || inner.length === 0) {
    const path = issue.path as ConfigPath;
    return problems({ ...issue, code: 'custom', message: `must be a release (version: "3.13.2") or a git source (git: <url>, ref: <branch>), not ${describeInput(input)}`, path } as z.core.$ZodIssue);
  }
  return inner.flatMap((i) => problems({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
}

function expectedLabel(expected: string): string {
  switch (expected) {
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping';
    default:
      return `a ${expected}`;
  }
}
