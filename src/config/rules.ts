/**
 * Rules a schema cannot express: combinations CPython cannot build, flags that would break the
 * ABI silently, and values that could reach a shell. Pure: config in, issues out, as a list of
 * small named rules (CONFIG_RULES, VARIANT_RULES). An issue is an error unless its level is
 * 'warning'. Every issue carries a path into pydebug.yml so the loader can point at file:line:col.
 */
import {
  CONFIGURE_OPTION_PATTERN,
  CONFIGURE_VARIABLE_PATTERN,
  clangMajor,
  INCOMPATIBLE_SANITIZERS,
  isGccName,
  RESERVED_CONFIGURE_OPTIONS,
  SANITIZER_CONFIGURE_FLAG,
  shellWouldInterpret,
  TAIL_CALL_MIN_CLANG,
  TEST_NAME_PATTERN,
  TYPED_CONFIGURE_OPTIONS,
} from './cpython.js';
import { gitUrlProblem, refFormatProblem, SOURCE_NAME_PATTERN } from './git.js';
import { VERSION_PATTERN } from './patterns.js';
import { expandMatrix, type GitSourceSpec, isGitSpec, type MatrixEntry, normalizeSource, normalizeVariant, type ReleaseSourceSpec, sourceKey, type VariantSpec } from './project.js';
import { isRegistryProblem, parseRegistryLocation } from './registry.js';
import type { Config } from './schema.js';
import { closest } from './suggest.js';
import { mirrorProblem, sourceUrlProblem } from './url.js';
import { atLeast, MIN_SUPPORTED, minorOf } from './version.js';

export type ConfigPath = (string | number)[];

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  hint?: string;
  /** Point at the key of the last path segment instead of its value. */
  at?: 'key' | 'value';
  /** A warning is reported without failing; an issue without a level is an error. */
  level?: 'error' | 'warning';
}

/** The longest variant name VARIANT_NAME_PATTERN accepts (names become directory names and cache keys). */
export const VARIANT_NAME_MAX_LENGTH = 64;

/** A name from pydebug.yml as messages show it: quoted, and cut short when it is long. */
function quoted(name: string): string {
  return JSON.stringify(name.length > 24 ? `${name.slice(0, 20)}…` : name);
}

/** Why `name` cannot be a variant name; `rule` is what the schema's pattern says about names. */
export function variantNameProblem(name: string, rule: string): { message: string; hint: string } {
  if (name.length > VARIANT_NAME_MAX_LENGTH) {
    return {
      message: `variant name ${quoted(name)} is too long: ${name.length} characters, at most ${VARIANT_NAME_MAX_LENGTH}`,
      hint: 'pick a shorter name, e.g. trace-refs, debug_O0, asan',
    };
  }
  return { message: `${quoted(name)} cannot be a variant name: ${rule}`, hint: 'rename it, e.g. trace-refs, debug_O0, asan' };
}

/** Why `name`, a key of variant `variant`'s env:, cannot be an environment variable name. */
export function envNameProblem(variant: string, name: string): { message: string; hint: string } {
  return {
    message: `${quoted(name)} cannot be an environment variable name in variant ${quoted(variant)}`,
    hint: 'environment variable names are letters, digits and _, not starting with a digit, e.g. PYTHONMALLOC',
  };
}

/**
 * Everything a rule sees besides the part it checks: the config as written and its variants
 * with defaults applied.
 */
interface RuleContext {
  config: Config;
  variants: VariantSpec[];
}

/** A rule about the whole config. Pure: it returns its issues, errors or warnings. */
type ConfigRule = (ctx: RuleContext) => ConfigIssue[];

/** A rule about one variant (it needs nothing else). Pure, like ConfigRule. */
type VariantRule = (v: VariantSpec) => ConfigIssue[];

const variantsDeclared: ConfigRule = ({ variants }) =>
  variants.length > 0 ? [] : [{ path: ['variants'], message: 'no variants are declared', hint: 'add one, e.g.\n    variants:\n      debug:\n        pydebug: true' }];

const mirrorUsable: ConfigRule = ({ config }) => {
  const problem = config.mirror === undefined ? undefined : mirrorProblem(config.mirror, true);
  return problem ? [{ path: ['mirror'], ...problem }] : [];
};

const registryUsable: ConfigRule = ({ config }) => {
  if (config.registry === undefined) return [];
  const parsed = parseRegistryLocation(config.registry);
  return isRegistryProblem(parsed) ? [{ path: ['registry'], ...parsed }] : [];
};

/** The rules, in the order their issues are reported. */
const CONFIG_RULES: ConfigRule[] = [
  sourceIssues,
  variantsDeclared,
  ({ variants }) => variants.flatMap((v) => VARIANT_RULES.flatMap((rule) => rule(v))),
  excludeIssues,
  matrixIssues,
  mirrorUsable,
  registryUsable,
];

/** Issues with level 'warning' are reported without failing; all others are errors. */
export function checkConfig(config: Config): ConfigIssue[] {
  const ctx: RuleContext = { config, variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)) };
  return CONFIG_RULES.flatMap((rule) => rule(ctx));
}

function sourceIssues({ config }: RuleContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  config.python.forEach((raw, i) => {
    const s = normalizeSource(raw);
    const key = sourceKey(s);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: ['python', i, isGitSpec(s) ? ((raw as { name?: string }).name !== undefined ? 'name' : 'ref') : 'version'],
        message: isGitSpec(s) ? `the name ${key} is used twice (also python[${first}])` : `version ${key} is listed twice (also python[${first}])`,
        hint: isGitSpec(s) ? 'give each git source its own name: (entries are <name>-<variant>)' : 'list each release once; variants already multiply every release',
      });
    } else {
      seen.set(key, i);
    }
    issues.push(...(isGitSpec(s) ? gitSourceIssues(s, raw as { name?: string }, i) : releaseIssues(s, i)));
  });
  return issues;
}

function releaseIssues(s: ReleaseSourceSpec, i: number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!atLeast(s.version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({
      path: ['python', i, 'version'],
      message: `CPython ${s.version} is not supported`,
      hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer (--with-trace-refs and today's debug ABI start there)`,
    });
  }
  // Without a checksum, the Sigstore bundle is what pins the file: it needs an identity to check.
  if (!s.md5 && !s.sha256 && !s.sigstore) {
    const page = `https://www.python.org/downloads/release/python-${s.version.replace(/\./g, '')}/`;
    issues.push({
      path: ['python', i],
      message:
        s.sigstore === false
          ? `release ${s.version} has no checksum and its Sigstore check is off (sigstore: false): nothing would verify the download`
          : `release ${s.version} has no checksum, and pydebug knows no Sigstore identity for ${s.version.split('.').slice(0, 2).join('.')} releases`,
      hint:
        `add sha256: <64 hex digits> (preferred) or md5: <32 hex digits>, from ${page}` +
        (s.sigstore === false ? '' : `; or name who signs its bundle: sigstore: {identity: <email>, issuer: <OIDC issuer URL>} (python.org's Sigstore page lists them)`),
    });
  }
  const urlProblem = sourceUrlProblem(s.url, s.version);
  if (urlProblem) issues.push({ path: ['python', i, 'url'], ...urlProblem });
  return issues;
}

function gitSourceIssues(s: GitSourceSpec, raw: { name?: string }, i: number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const urlProblem = gitUrlProblem(s.git);
  if (urlProblem) {
    issues.push({
      path: ['python', i, 'git'],
      message: `git ${JSON.stringify(s.git)} cannot be used: ${urlProblem}`,
      hint: 'e.g. git: https://github.com/python/cpython, git: file:///srv/cpython or git: ../cpython',
    });
  }
  const refProblem = refFormatProblem(s.ref);
  if (refProblem) {
    issues.push({
      path: ['python', i, 'ref'],
      message: `ref ${JSON.stringify(s.ref)} is not a git ref name: ${refProblem}`,
      hint: 'give a branch, tag or full commit as git check-ref-format accepts it, e.g. ref: main',
    });
    return issues;
  }
  if (SOURCE_NAME_PATTERN.test(s.name) && !VERSION_PATTERN.test(s.name)) return issues;
  const named = raw.name !== undefined;
  issues.push({
    path: ['python', i, named ? 'name' : 'ref'],
    message: VERSION_PATTERN.test(s.name)
      ? `the name ${JSON.stringify(s.name)} of a git source looks like a release version`
      : named
        ? `name ${JSON.stringify(s.name)} cannot name entries: use letters, digits, "." and "_", starting with a letter or digit`
        : `ref ${JSON.stringify(s.ref)} cannot name the entries (<name>-<variant>): names are letters, digits, "." and "_"`,
    hint: named ? 'pick another name, e.g. name: main' : 'add a name: to this entry, e.g. name: main',
  });
  return issues;
}

/**
 * Rules that depend on the CPython version an entry builds (`version`): for a release its own,
 * for a git source the version `pydebug lock` reads from its tree. The issues point at the variant.
 */
export function versionIssues(entry: MatrixEntry, version: string, v: VariantSpec): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const source = entry.version === version ? version : `${entry.version} (${version})`;
  const excludeHint = `exclude it for ${entry.version}: exclude: [{version: "${entry.version}", variant: "${entry.variant}"}]`;
  if (!atLeast(version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({ path: ['python'], message: `CPython ${source} is not supported`, hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer` });
  }
  if (v.freethreading && !atLeast(version, 3, 13)) {
    issues.push({
      path: ['variants', entry.variant, 'freethreading'],
      message: `variant "${v.name}" sets freethreading, which needs CPython 3.13 or newer, but is built for ${source}`,
      hint: excludeHint,
    });
  }
  // configure before these versions does not know the option: it warns "unrecognized options"
  // and builds without it, which the probe would only find after the build.
  if (v.tailCall && !atLeast(version, 3, 14)) {
    issues.push({
      path: ['variants', entry.variant, 'tail_call'],
      message: `variant "${v.name}" sets tail_call (--with-tail-call-interp), which CPython has since 3.14, but is built for ${source}`,
      hint: excludeHint,
    });
  }
  if (v.jit !== false && !atLeast(version, 3, 13)) {
    issues.push({
      path: ['variants', entry.variant, 'jit'],
      message: `variant "${v.name}" sets jit (--enable-experimental-jit=${v.jit}), which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint,
    });
  }
  if (v.strictOverflow && !atLeast(version, 3, 12)) {
    issues.push({
      path: ['variants', entry.variant, 'strict_overflow'],
      message: `variant "${v.name}" sets strict_overflow (--with-strict-overflow), which CPython has since 3.12, but is built for ${source}`,
      hint: excludeHint,
    });
  }
  if (v.sanitizers.includes('thread') && !atLeast(version, 3, 13)) {
    issues.push({
      path: ['variants', entry.variant, 'sanitizers'],
      message: `variant "${v.name}" uses ${SANITIZER_CONFIGURE_FLAG.thread}, which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint,
    });
  }
  return issues;
}

/** Where a variant's option is in pydebug.yml. */
const variantPath = (v: VariantSpec, ...rest: ConfigPath): ConfigPath => ['variants', v.name, ...rest];

/**
 * The one check that keeps pydebug.yml's values from a shell: CFLAGS and configure arguments end
 * up in configure's command lines and the generated Makefile, whose recipes run through /bin/sh.
 * `what` names the value in the message, e.g. `cflags entry "-g3"`.
 */
function shellIssue(path: ConfigPath, what: string, value: string, form: 'word' | 'words', hint: string): ConfigIssue | undefined {
  if (!shellWouldInterpret(value, form)) return undefined;
  return { path, message: `${what} contains characters a shell would interpret`, hint };
}

const incompatibleSanitizers: VariantRule = (v) =>
  INCOMPATIBLE_SANITIZERS.filter(([a, b]) => v.sanitizers.includes(a) && v.sanitizers.includes(b)).map(([a, b]) => ({
    path: variantPath(v, 'sanitizers'),
    message: `variant "${v.name}" combines the ${a} and ${b} sanitizers, which compilers refuse to build together`,
    hint: `split them into two variants, e.g. asan: {sanitizers: [${a}]} and ${b.slice(0, 1)}san: {sanitizers: [${b}]}`,
  }));

/**
 * MemorySanitizer needs every library the process loads built with -fsanitize=memory. Tried for
 * real (3.13.5, clang-19, with the system's libraries): CPython's own build stops at make's check
 * of the shared modules, importing _ssl ("use-of-uninitialized-value" in libcrypto's
 * BIO_new_file); a build without _ssl, _hashlib, _ctypes, zlib, _sqlite3... and without pip would
 * still report every extension that links an uninstrumented library. So it is refused, with
 * what finds the same bugs.
 */
const memorySanitizerRefused: VariantRule = (v) =>
  v.sanitizers.includes('memory')
    ? [
        {
          path: variantPath(v, 'sanitizers'),
          message: `variant "${v.name}" uses the memory sanitizer, which pydebug does not build: MemorySanitizer needs every library the interpreter loads (OpenSSL, libffi, zlib, SQLite...) built with -fsanitize=memory, and with the system's, CPython's own build stops (make checksharedmods: use-of-uninitialized-value in libcrypto, from _ssl)`,
          hint: 'for reads of uninitialised memory use Valgrind (a variant with pymalloc: false and valgrind: true; run it under valgrind), and sanitizers: [address, undefined] for the rest',
        },
      ]
    : [];

const pymallocUnderSanitizer: VariantRule = (v) =>
  v.pymallocExplicit && v.pymalloc && (v.sanitizers.includes('address') || v.sanitizers.includes('memory'))
    ? [
        {
          path: variantPath(v, 'pymalloc'),
          message: `variant "${v.name}" asks for pymalloc, but CPython's configure turns pymalloc off for the address and memory sanitizers`,
          hint: 'remove pymalloc: true (the sanitizer build uses malloc, which is what the sanitizer needs)',
        },
      ]
    : [];

const traceRefsWithoutGil: VariantRule = (v) =>
  v.freethreading && v.traceRefs
    ? [
        {
          path: variantPath(v, 'trace_refs'),
          message: `variant "${v.name}" combines trace_refs with freethreading: configure refuses "--disable-gil cannot be used with --with-trace-refs"`,
          hint: 'use two variants: one with trace_refs, one with freethreading',
        },
      ]
    : [];

const freethreadingNeedsMimalloc: VariantRule = (v) =>
  v.freethreading && v.configureArgs.some((a) => a === '--without-mimalloc' || a === '--with-mimalloc=no')
    ? [
        {
          path: variantPath(v, 'configure_args'),
          message: `variant "${v.name}" disables mimalloc, which a free-threaded build (--disable-gil) requires`,
          hint: 'remove --without-mimalloc, or drop freethreading',
        },
      ]
    : [];

/**
 * The tail-calling interpreter needs clang 19 or newer: its handlers use the preserve_none calling
 * convention and musttail, and ceval_macros.h stops the build with #error "This compiler does not
 * have support for efficient tail calling." on a compiler without them (gcc, clang 18 and older;
 * gh-140513). The lock is the same on every machine, so the compiler is declared; a clang whose
 * name says no version (clang, /usr/bin/cc) is asked for its version before sync builds.
 */
const tailCallNeedsClang19: VariantRule = (v) => {
  if (!v.tailCall) return [];
  const fix = `set compiler: clang-${TAIL_CALL_MIN_CLANG} (Debian/Ubuntu: apt install clang-${TAIL_CALL_MIN_CLANG}), or drop tail_call`;
  const why = `the tail-calling interpreter (--with-tail-call-interp) needs clang ${TAIL_CALL_MIN_CLANG} or newer (preserve_none and musttail)`;
  if (v.compiler === undefined) {
    return [{ path: variantPath(v, 'tail_call'), message: `variant "${v.name}" sets tail_call, but declares no compiler: ${why}`, hint: fix }];
  }
  const major = clangMajor(v.compiler);
  if (isGccName(v.compiler) || (major !== undefined && major < TAIL_CALL_MIN_CLANG)) {
    return [{ path: variantPath(v, 'compiler'), message: `variant "${v.name}" sets tail_call with compiler ${v.compiler}, but ${why}`, hint: fix }];
  }
  return [];
};

/** Compiler flags: only plain tokens, and no ABI-changing macro that has a typed option. */
const cflagsPlainAndAbiSafe: VariantRule = (v) =>
  v.cflags.flatMap((flag) => {
    const path = variantPath(v, 'cflags');
    const shell = shellIssue(
      path,
      `cflags entry ${JSON.stringify(flag)}`,
      flag,
      'word',
      'CFLAGS end up in the generated Makefile, whose commands run through /bin/sh: use plain flags such as -DPy_REF_DEBUG or -g3',
    );
    if (shell) return [shell];
    const macro = /^-D([A-Za-z_][A-Za-z0-9_]*)(=.*)?$/.exec(flag)?.[1];
    const problem = macro === undefined ? undefined : CFLAGS_MACROS.get(macro)?.(v);
    return problem ? [{ path, ...problem }] : [];
  });

/** Macros that must not be set through cflags, and why (undefined: fine for this variant). */
const CFLAGS_MACROS = new Map<string, (v: VariantSpec) => { message: string; hint: string } | undefined>([
  [
    'Py_TRACE_REFS',
    (v) => ({
      message: v.pydebug
        ? `-DPy_TRACE_REFS in cflags with pydebug: on 3.8–3.12, pyport.h stops the build with #error "Py_TRACE_REFS ABI is not compatible with release and debug ABI"`
        : `-DPy_TRACE_REFS in cflags changes the object layout without changing the ABI tag (on 3.8–3.12 a silent ABI break), and sysconfig does not record it`,
      hint: 'remove it from cflags and set trace_refs: true (configure --with-trace-refs)',
    }),
  ],
  [
    'Py_DEBUG',
    () => ({
      message: '-DPy_DEBUG in cflags gives a debug ABI without the "d" abiflag and keeps -DNDEBUG -O3 (asserts stay off)',
      hint: 'remove it from cflags and set pydebug: true (configure --with-pydebug)',
    }),
  ],
  [
    'PYMALLOC_DEBUG',
    () => ({
      message: '-DPYMALLOC_DEBUG has no effect since CPython 3.8 and was removed in 3.10',
      hint: 'pydebug: true already installs the debug allocator hooks; for a release build use env: {PYTHONMALLOC: pymalloc_debug}',
    }),
  ],
  [
    'Py_GIL_DISABLED',
    () => ({
      message: '-DPy_GIL_DISABLED in cflags does not make a free-threaded build and breaks the ABI',
      hint: 'remove it and set freethreading: true (configure --disable-gil)',
    }),
  ],
  [
    'NDEBUG',
    (v) => (v.pydebug || v.assertions ? { message: `-DNDEBUG turns assert() off, but variant "${v.name}" asks for assertions${v.pydebug ? ' (pydebug)' : ''}`, hint: 'remove -DNDEBUG' } : undefined),
  ],
]);

/** configure arguments: the escape hatch, still never a shell string. At most one issue each. */
const configureArgsAccepted: VariantRule = (v) =>
  v.configureArgs.flatMap((arg, i) => {
    const path = variantPath(v, 'configure_args', i);
    const issue = CONFIGURE_VARIABLE_PATTERN.test(arg) ? configureVariableIssue(path, arg) : configureOptionIssue(path, arg);
    return issue ? [issue] : [];
  });

/** A VAR=value argument: not one pydebug sets, and plain words. */
function configureVariableIssue(path: ConfigPath, arg: string): ConfigIssue | undefined {
  const name = arg.slice(0, arg.indexOf('='));
  const value = arg.slice(name.length + 1);
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name]! };
  if (value === '') return undefined;
  return shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, 'words', 'configure and the Makefile pass these through /bin/sh: use plain words separated by single spaces');
}

/** An --option[=value] argument: well formed, a plain value, and not one pydebug must set itself. */
function configureOptionIssue(path: ConfigPath, arg: string): ConfigIssue | undefined {
  if (!CONFIGURE_OPTION_PATTERN.test(arg)) {
    return {
      path,
      message: `configure argument ${JSON.stringify(arg)} is neither --option[=value] nor VARIABLE=value`,
      hint: 'write one argument per list item, e.g. ["--with-lto", "LDFLAGS=-L/opt/lib"]',
    };
  }
  const eq = arg.indexOf('=');
  const name = eq === -1 ? arg : arg.slice(0, eq);
  const value = eq === -1 ? undefined : arg.slice(eq + 1);
  if (value !== undefined && value !== '') {
    const shell = shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, 'word', 'use a plain value (letters, digits and _=.,+/:@%-)');
    if (shell) return shell;
  }
  const sanitizerFlag = /^--(with|without)-([a-z-]+)-sanitizer$/.exec(name);
  if (sanitizerFlag && (sanitizerFlag[1] === 'without' || value === 'no')) {
    return {
      path,
      message: `${arg} ENABLES the ${sanitizerFlag[2]} sanitizer: CPython's configure ignores the value of --with/--without-*-sanitizer`,
      hint: 'leave the flag out to build without the sanitizer',
    };
  }
  if (name in TYPED_CONFIGURE_OPTIONS) {
    return { path, message: `configure_args passes ${name}, which pydebug must know about to verify the build`, hint: `remove it and set ${TYPED_CONFIGURE_OPTIONS[name]} in the variant` };
  }
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name]! };
  return undefined;
}

const envValuesWithoutNul: VariantRule = (v) =>
  Object.entries(v.env)
    .filter(([, value]) => value.includes('\0'))
    .map(([name]) => ({ path: variantPath(v, 'env', name), message: `env ${name} contains a NUL byte`, hint: 'environment values cannot contain NUL' }));

const testNamesAreRegrtest: VariantRule = (v) =>
  (Array.isArray(v.test) ? v.test : []).flatMap((name, i) =>
    TEST_NAME_PATTERN.test(name)
      ? []
      : [
          {
            path: variantPath(v, 'test', i),
            message: `test ${JSON.stringify(name)} is not a CPython test name`,
            hint: 'list regrtest names such as test_sys or test_capi; use true for the whole suite or "quick" for make quicktest',
          },
        ],
  );

/** The rules for each variant, in the order their issues are reported. */
const VARIANT_RULES: VariantRule[] = [
  incompatibleSanitizers,
  memorySanitizerRefused,
  pymallocUnderSanitizer,
  traceRefsWithoutGil,
  freethreadingNeedsMimalloc,
  tailCallNeedsClang19,
  cflagsPlainAndAbiSafe,
  configureArgsAccepted,
  envValuesWithoutNul,
  testNamesAreRegrtest,
];

function excludeIssues({ config }: RuleContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const versions = config.python.map((p) => sourceKey(normalizeSource(p)));
  const variants = Object.keys(config.variants);
  (config.exclude ?? []).forEach((e, i) => {
    if (e.version === undefined && e.variant === undefined) {
      issues.push({ path: ['exclude', i], message: 'this exclude entry names neither version nor variant, so it would exclude everything', hint: 'add version: and/or variant:' });
    }
    issues.push(...undeclared(['exclude', i, 'version'], e.version, versions, 'python'));
    issues.push(...undeclared(['exclude', i, 'variant'], e.variant, variants, 'variants'));
  });
  return issues;
}

/** An exclude entry's version or variant (the last segment of `path`) that pydebug.yml does not declare. */
function undeclared(path: ConfigPath, value: string | undefined, declared: string[], list: 'python' | 'variants'): ConfigIssue[] {
  if (value === undefined || declared.includes(value)) return [];
  const field = String(path[path.length - 1]);
  const guess = closest(value, declared);
  return [{ path, message: `exclude names ${field} "${value}", which is not in ${list}`, hint: guess ? `did you mean "${guess}"?` : `declared ${field}s: ${declared.join(', ')}` }];
}

/** Rules that depend on the release a variant is built for. */
function matrixIssues({ config, variants }: RuleContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const matrix = expandMatrix(config);
  if (matrix.length === 0 && variants.length > 0) {
    issues.push({ path: ['exclude'], message: 'exclude leaves nothing to build', hint: 'remove some exclude entries' });
  }
  const releases = new Set(config.python.flatMap((p) => ('version' in p ? [p.version] : [])));
  const reported = new Set<string>();
  for (const entry of matrix) {
    // A git source's version is known once `pydebug lock` reads it from the tree.
    if (!releases.has(entry.version)) continue;
    const v = variants.find((x) => x.name === entry.variant)!;
    for (const issue of versionIssues(entry, entry.version, v).filter((i) => i.path[0] === 'variants')) {
      const key = `${entry.variant}/${String(issue.path[2])}/${minorOf(entry.version)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
