/**
 * What CPython's configure does with each option pydebug exposes (pure data).
 * Sources: configure.ac, Include/pyport.h, Misc/SpecialBuilds.txt; see README "How flags are placed".
 */
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
 * Sanitizer runtime options every run of such an interpreter needs, in its build too.
 * AddressSanitizer's leak checker reports what CPython keeps until exit by design (interned
 * strings, static types, modules' state) and exits non-zero, which fails the build at its first
 * run of ./python (make sharedmods); CPython's own ASan CI runs with detect_leaks=0.
 */
export const SANITIZER_RUNTIME_OPTIONS: Partial<Record<Sanitizer, { variable: string; options: string }>> = {
  address: { variable: 'ASAN_OPTIONS', options: 'detect_leaks=0' },
};

/**
 * Sanitizer options for configure, make, make install and the probe: the entry's runtime value
 * with the required options appended (the last occurrence of an option wins), so a user's
 * ASAN_OPTIONS=detect_leaks=1 for their own runs cannot fail the build of CPython itself.
 */
export function sanitizerBuildEnv(sanitizers: readonly string[], runtimeEnv: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of sanitizers) {
    const o = SANITIZER_RUNTIME_OPTIONS[s as Sanitizer];
    if (!o) continue;
    const declared = runtimeEnv[o.variable];
    env[o.variable] = declared && declared !== o.options ? `${declared}:${o.options}` : o.options;
  }
  return env;
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
};

/** Options pydebug sets itself: the install location belongs to the store. */
export const RESERVED_CONFIGURE_OPTIONS: Record<string, string> = {
  '--prefix': 'pydebug installs into its store; use PYDEBUG_HOME to move the store',
  '--exec-prefix': 'pydebug installs into its store; use PYDEBUG_HOME to move the store',
  CFLAGS: 'use the variant\'s cflags option',
  CC: 'use the variant\'s compiler option',
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
