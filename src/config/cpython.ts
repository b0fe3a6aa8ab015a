/**
 * What CPython's configure does with each option pydebug exposes (pure data).
 * Sources: configure.ac, Include/pyport.h, Misc/SpecialBuilds.txt; see README "How flags are placed".
 */
import { PydebugError } from '../errors.js';
import type { Sanitizer } from './schema.js';

export const SANITIZER_CONFIGURE_FLAG: Record<Sanitizer, string> = {
  address: '--with-address-sanitizer',
  undefined: '--with-undefined-behavior-sanitizer',
  memory: '--with-memory-sanitizer',
  thread: '--with-thread-sanitizer',
};

/** The -fsanitize= value configure adds to CFLAGS/LDFLAGS for each sanitizer. */
export const SANITIZER_COMPILER_FLAG: Record<Sanitizer, string> = {
  address: '-fsanitize=address',
  undefined: '-fsanitize=undefined',
  memory: '-fsanitize=memory',
  thread: '-fsanitize=thread',
};

/**
 * The runtime of each sanitizer: its options variable, the options every run of such an
 * interpreter gets (CPython's own CI values), the options its build cannot do without, and the
 * suppression file CPython keeps in its tree (where the tree has one).
 *  - ASan: LeakSanitizer reports what CPython keeps until exit by design (interned strings,
 *    static types, modules' state) and exits non-zero, which fails the build at its first run of
 *    ./python (make sharedmods); CPython's ASan CI runs with detect_leaks=0.
 *  - TSan: CPython's CI runs `TSAN_OPTIONS="suppressions=Tools/tsan/suppressions[_free_threading].txt
 *    handle_segv=0"`; the suppressions silence CPython's own known races, not an extension's.
 *  - UBSan: a report is printed and the program goes on by default, so a CI step would pass over
 *    it: halt_on_error=1 stops at the first one with a non-zero exit, print_stacktrace=1 names
 *    the caller. Tools/ubsan/suppressions.txt exists in newer trees (3.14+).
 */
export interface SanitizerRuntime {
  variable: 'ASAN_OPTIONS' | 'TSAN_OPTIONS' | 'UBSAN_OPTIONS' | 'MSAN_OPTIONS';
  options: string;
  /** Appended last in the build's environment, so a declared value cannot fail CPython's own build. */
  required?: string;
  /** The suppression file in the source tree, relative to its top directory. */
  suppressions?: (freethreading: boolean) => string;
}

export const SANITIZER_RUNTIME: Partial<Record<Sanitizer, SanitizerRuntime>> = {
  address: { variable: 'ASAN_OPTIONS', options: 'detect_leaks=0', required: 'detect_leaks=0' },
  thread: {
    variable: 'TSAN_OPTIONS',
    options: 'handle_segv=0',
    suppressions: (freethreading) => (freethreading ? 'Tools/tsan/suppressions_free_threading.txt' : 'Tools/tsan/suppressions.txt'),
  },
  undefined: { variable: 'UBSAN_OPTIONS', options: 'print_stacktrace=1:halt_on_error=1', suppressions: () => 'Tools/ubsan/suppressions.txt' },
};

/** The sanitizer runtimes' options variables: what pydebug sets, points at suppression files or lists in inspect. */
export const SANITIZER_OPTIONS_VARIABLE = /^(ASAN|TSAN|UBSAN|MSAN|LSAN)_OPTIONS$/;

/** The runtime of each of `sanitizers` that has one, in a stable order. */
export function sanitizerRuntimes(sanitizers: readonly string[]): SanitizerRuntime[] {
  return [...new Set(sanitizers)].sort().flatMap((s) => SANITIZER_RUNTIME[s as Sanitizer] ?? []);
}

/**
 * A variant's runtime sanitizer options (recorded in the lock, exported by `pydebug run` and the
 * Action): pydebug's options, extended by a declared value of the same variable. The last
 * occurrence of an option wins, so a declared handle_segv=1 or detect_leaks=1 overrides pydebug's.
 */
export function sanitizerRuntimeEnv(sanitizers: readonly string[], declared: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    const given = declared[r.variable];
    env[r.variable] = given && given !== r.options ? `${r.options}:${given}` : r.options;
  }
  return env;
}

/**
 * `suppressions=<file>` for a sanitizer options variable. The sanitizers' option parser splits
 * on spaces and colons, so a path with either is quoted.
 */
export function suppressionsOption(file: string): string {
  if (file.includes('"')) {
    // The sanitizer runtimes' option parser has no way to escape one.
    throw new PydebugError(`the sanitizer suppression file ${file} cannot be named in sanitizer options: its path contains a double quote`, {
      hint: 'use a store (PYDEBUG_HOME) whose path has no double quote',
    });
  }
  return /[\s:']/.test(file) ? `suppressions="${file}"` : `suppressions=${file}`;
}

/** `value` with `suppressions=<file>` first, so a suppressions= of the user's (later) wins. */
export function withSuppressions(value: string | undefined, file: string): string {
  return value ? `${suppressionsOption(file)}:${value}` : suppressionsOption(file);
}

/**
 * Sanitizer options for configure, make, make install and the probe: the entry's runtime value
 * (or pydebug's options), the tree's suppression files first and the required options appended
 * (the last occurrence of an option wins), so a user's ASAN_OPTIONS=detect_leaks=1 for their own
 * runs cannot fail the build of CPython itself.
 */
export function sanitizerBuildEnv(sanitizers: readonly string[], runtimeEnv: Readonly<Record<string, string>>, suppressions: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    let value = runtimeEnv[r.variable] || r.options;
    if (r.required && !value.endsWith(r.required)) value = `${value}:${r.required}`;
    const file = suppressions[r.variable];
    env[r.variable] = file ? withSuppressions(value, file) : value;
  }
  return env;
}

/**
 * CFLAGS pydebug adds for a sanitizer. clang's -fsanitize=undefined checks, since clang 17, that a
 * function is called through a pointer of its own type (-fsanitize=function); CPython's C API
 * calls every METH_NOARGS/METH_O function through PyCFunction, so the first run of a 3.13 build
 * stops ("call to function long_hash through pointer to incorrect function type", make's
 * _freeze_module), and so would every extension. Newer CPython configures pass the same flag.
 * gcc has no such check (and no such option). Only for a declared clang: the machine's default
 * compiler is not known when locking.
 */
export function sanitizerCflags(sanitizers: readonly string[], compiler: string | null | undefined): string[] {
  const clang = compiler !== null && compiler !== undefined && /^clang(-\d+)?$/.test(compiler.split('/').pop() ?? '');
  return clang && sanitizers.includes('undefined') ? ['-fno-sanitize=function'] : [];
}

/** Pairs of sanitizers that compilers refuse to combine. */
export const INCOMPATIBLE_SANITIZERS: ReadonlyArray<readonly [Sanitizer, Sanitizer]> = [
  ['address', 'memory'],
  ['address', 'thread'],
  ['memory', 'thread'],
];

/**
 * configure options that have a typed pydebug.yml option. They are refused in configure_args,
 * because the probe's expectations are derived from the typed options.
 */
export const TYPED_CONFIGURE_OPTIONS: Record<string, string> = {
  '--with-pydebug': 'pydebug: true',
  '--without-pydebug': 'pydebug: false (the default)',
  '--with-trace-refs': 'trace_refs: true',
  '--without-trace-refs': 'trace_refs: false (the default)',
  '--with-pymalloc': 'pymalloc: true (the default)',
  '--without-pymalloc': 'pymalloc: false',
  '--with-valgrind': 'valgrind: true',
  '--without-valgrind': 'valgrind: false (the default)',
  '--with-assertions': 'assertions: true',
  '--without-assertions': 'assertions: false (the default)',
  '--disable-gil': 'freethreading: true',
  '--enable-gil': 'freethreading: false (the default)',
  '--with-address-sanitizer': 'sanitizers: [address]',
  '--with-undefined-behavior-sanitizer': 'sanitizers: [undefined]',
  '--with-memory-sanitizer': 'sanitizers: [memory]',
  '--with-thread-sanitizer': 'sanitizers: [thread]',
  '--with-tail-call-interp': 'tail_call: true',
  '--without-tail-call-interp': 'tail_call: false (the default)',
  '--enable-experimental-jit': 'jit: true | off | interpreter',
  '--disable-experimental-jit': 'jit: false (the default)',
  '--with-strict-overflow': 'strict_overflow: true',
  '--without-strict-overflow': 'strict_overflow: false (the default)',
};

/** Options pydebug sets itself: the install location belongs to the store. */
export const RESERVED_CONFIGURE_OPTIONS: Record<string, string> = {
  '--prefix': 'pydebug installs into its store; use PYDEBUG_HOME to move the store',
  '--exec-prefix': 'pydebug installs into its store; use PYDEBUG_HOME to move the store',
  CFLAGS: "use the variant's cflags option",
  CC: "use the variant's compiler option",
};

/**
 * Characters allowed in a compiler flag or configure argument. CFLAGS and configure arguments
 * end up in the generated Makefile, whose recipes run through /bin/sh: anything that a shell
 * would interpret ($, `, ;, |, &, quotes, redirections, globs, newlines...) is refused.
 */
const SAFE_WORD = '[A-Za-z0-9_=.,+/:@%-]+';
const SAFE_WORD_PATTERN = new RegExp(`^${SAFE_WORD}$`);
/** A configure VAR=value argument may contain single spaces between safe words (LDFLAGS=-L/x -lfoo). */
const SAFE_WORDS_PATTERN = new RegExp(`^${SAFE_WORD}( ${SAFE_WORD})*$`);

/**
 * Whether a shell would interpret anything in `value` (or it is empty): one word, or for
 * `'words'` plain words separated by single spaces.
 */
export function shellWouldInterpret(value: string, form: 'word' | 'words' = 'word'): boolean {
  return !(form === 'words' ? SAFE_WORDS_PATTERN : SAFE_WORD_PATTERN).test(value);
}
export const CONFIGURE_OPTION_PATTERN = /^--[a-z][a-z0-9-]*(=.*)?$/;
export const CONFIGURE_VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]*=(.*)$/;
/** regrtest test names (test_sys, test_capi.test_misc). */
export const TEST_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/;

/**
 * The build options of CPython 3.12-3.15 that pydebug types (checked against configure.ac; the
 * file:line references are to the release tarballs' configure.ac, as the README's table of
 * versions says which were built here and which are checked against these facts only):
 *  - --with-strict-overflow (3.12+, gh-96821; 3.13.5 configure.ac:2327): -fstrict-overflow in
 *    BASECFLAGS instead of -fno-strict-overflow, so clang's UBSan reports signed overflow (CPython's
 *    own UBSan CI job builds with it). configure before 3.12 only warns "unrecognized options".
 *  - --enable-experimental-jit=yes|yes-off|interpreter (3.13+; 3.13.5 configure.ac:1826-1838):
 *    -D_Py_TIER2=1|3|4 in CFLAGS_NODIST, and -D_Py_JIT for yes and yes-off, whose build runs
 *    Tools/jit/build.py, which needs clang and llvm-readobj of exactly one LLVM version
 *    (Tools/jit/_llvm.py _LLVM_VERSION). "interpreter" builds the tier-2 interpreter, no LLVM.
 *  - --with-tail-call-interp (3.14+, gh-128563): Py_TAIL_CALL_INTERP in pyconfig.h; needs clang
 *    19+ (preserve_none and musttail: ceval_macros.h stops with #error "This compiler does not
 *    have support for efficient tail calling." since gh-140513; gcc has no preserve_none).
 */
export type JitMode = 'yes' | 'yes-off' | 'interpreter';

/** The -D_Py_TIER2 value configure gives each JIT mode (configure.ac, 3.13+). */
export const JIT_TIER2: Record<JitMode, number> = { yes: 1, 'yes-off': 3, interpreter: 4 };

/**
 * The one LLVM major version Tools/jit/_llvm.py accepts, per CPython minor: 3.13 18 (3.13.5's
 * Tools/jit/_llvm.py:11), 3.14 19, 3.15 21 (gh-140479; "LLVM 21 build-time dependency" in 3.15's
 * What's New). Later versions are taken to want the newest known until a tree says otherwise.
 */
export const JIT_LLVM_VERSION: ReadonlyArray<readonly [minor: number, llvm: number]> = [
  [13, 18],
  [14, 19],
  [15, 21],
];

/** The LLVM major a 3.x JIT build needs (3.13+). */
export function jitLlvmVersion(minor: number): number {
  let found = JIT_LLVM_VERSION[0]![1];
  for (const [m, llvm] of JIT_LLVM_VERSION) if (minor >= m) found = llvm;
  return found;
}

/** clang releases with preserve_none (19.1): the tail-calling interpreter's calling convention. */
export const TAIL_CALL_MIN_CLANG = 19;

/** The major version of a clang from its name (clang-19) or its `--version` line, else undefined. */
export function clangMajor(text: string): number | undefined {
  const byName = /^clang-(\d+)$/.exec(text.split('/').pop() ?? '');
  if (byName) return Number(byName[1]);
  const said = /(?<!Apple )clang version (\d+)\./.exec(text);
  return said ? Number(said[1]) : undefined;
}

/** Whether a compiler name is gcc's (gcc, gcc-14, cc is taken as unknown). */
export function isGccName(compiler: string): boolean {
  return /^(gcc|[a-z0-9_]+-linux-gnu-gcc)(-\d+)?$/.test(compiler.split('/').pop() ?? '');
}
