/**
 * Configure facts shared between the entries of one sync. configure is thousands of tiny compiles
 * and links, one process after another: where creating a process is expensive it is the slowest
 * step, and the three recipe variants ask the same compiler the same questions of the same tree
 * ("is there a <sys/epoll.h>?", "does pipe2 link?", "sizeof(long)?").
 *
 * The first entry of a group configures as usual; the answers of autoconf's generic checks, read
 * from the "Cache variables" section of its config.log, are given to the others' configure as a
 * CONFIG_SITE script (autoconf loads it before its tests, which then say "(cached)").
 *
 * Only answers that cannot depend on a variant are shared:
 * - entries share only when they build the same source with the same compiler, the same
 *   environment and the same configure arguments apart from options that only define macros
 *   (SHAREABLE_OPTIONS: --with-trace-refs, --without-pymalloc, --with-valgrind, --prefix);
 * - only the results of autoconf's own macros (AC_CHECK_HEADERS, AC_CHECK_FUNCS, AC_CHECK_LIB,
 *   AC_CHECK_SIZEOF, ...: FACT_PREFIXES), whose side effects (AC_DEFINE, LIBS) autoconf runs
 *   outside the cached part, so they happen with a cached answer too. CPython's own checks, some
 *   of which set variables only when they run (NO_AS_NEEDED, libmpdec's flags), always run.
 * Measured on 3.11.2 (trace-refs given the debug entry's facts): Makefile, pyconfig.h and every
 * other generated file byte for byte the same as without them; configure 7.5 s instead of 27 s.
 * Pure: text in, text out.
 */
import { UsageError } from '../errors.js';
import type { PlannedBuild } from '../plan/sync-plan.js';

/** Options that change only what configure defines or substitutes, never what it tests. */
const SHAREABLE_OPTIONS = [/^--prefix=/, /^--with(out)?-trace-refs$/, /^--with(out)?-pymalloc$/, /^--with(out)?-valgrind$/];

/** Cache variables of autoconf's generic checks. */
const FACT_PREFIXES = ['ac_cv_func_', 'ac_cv_header_', 'ac_cv_lib_', 'ac_cv_sizeof_', 'ac_cv_alignof_', 'ac_cv_type_', 'ac_cv_member_', 'ac_cv_search_', 'ac_cv_have_decl_'];

/** What a value may be: yes, no, 8, -lcrypt, none required. Anything else is left out. */
const PLAIN_VALUE = /^[A-Za-z0-9 _.,:+/=-]*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SharedSite {
  /** The CONFIG_SITE script. */
  script: string;
  /** How many answers it presets. */
  answers: number;
  /** The entry whose configure found them. */
  from: string;
}

/** An entry's part in its group: it offers (the first) or waits (the others); alone, neither. */
export interface ConfigureSharing {
  offer?: (site: SharedSite | undefined) => void;
  /** The first entry's id, for progress messages. */
  waitFor?: string;
  /**
   * Waits for the first entry's answers, then calls `ask` (the request for the turn to configure)
   * in the callback that hands them over; resolves with both once the turn is given. Entries
   * given the answers together so ask in one turn of the event loop, and the schedule serves
   * them by rank: nothing of the caller's can run in between to let one ask alone.
   */
  wait?: <T>(ask: () => Promise<T> | undefined) => Promise<{ site: SharedSite | undefined; turn: T | undefined }>;
}

/** The environment knob that turns sharing off (0); on by default. */
export const SHARE_CONFIGURE_KNOB = 'PYDEBUG_SHARE_CONFIGURE';

/** On unless the knob is 0; a value that is neither 0 nor 1 is refused rather than read one way silently. */
export function sharingEnabled(env: Record<string, string | undefined>): boolean {
  const value = env[SHARE_CONFIGURE_KNOB]?.trim() ?? '';
  if (value !== '' && value !== '0' && value !== '1') {
    throw new UsageError(`${SHARE_CONFIGURE_KNOB}=${JSON.stringify(value)} is neither 0 nor 1`, {
      hint: `set ${SHARE_CONFIGURE_KNOB}=0 to have each entry run configure's checks itself, 1 (or unset it) to share them`,
    });
  }
  return value !== '0';
}

/**
 * Entries with the same key may share facts. `compilerIdentity` is the toolchain actually used
 * (path and `--version`), so a declared compiler and the default one never share.
 */
export function configureSharingKey(p: PlannedBuild, compilerIdentity: string): string {
  const { build } = p;
  return JSON.stringify({
    source: build.source,
    compiler: build.compiler,
    compilerIdentity,
    configure: build.configure.filter((a) => !SHAREABLE_OPTIONS.some((re) => re.test(a))),
    env: Object.entries(build.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    sanitizers: build.expect.sanitizers,
    slim: build.slim,
  });
}

/**
 * The shareable answers in a config.log, as `name=value` pairs (value unquoted), in the log's order.
 * The section is the one autoconf writes on exit, between "Cache variables." and "Output variables.".
 */
export function factsFromConfigLog(log: string): Array<[string, string]> {
  const start = log.indexOf('## Cache variables. ##');
  if (start === -1) return [];
  const end = log.indexOf('## Output variables. ##', start);
  const section = log.slice(start, end === -1 ? undefined : end);
  const facts: Array<[string, string]> = [];
  for (const line of section.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    let value = line.slice(eq + 1);
    if (!NAME.test(name) || !FACT_PREFIXES.some((p) => name.startsWith(p))) continue;
    if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    if (!PLAIN_VALUE.test(value)) continue;
    facts.push([name, value]);
  }
  return facts;
}

/** A CONFIG_SITE script presetting the answers, as a cache file does (a preset value wins over a test). */
export function siteScript(facts: Array<[string, string]>, from: string): string {
  const lines = facts.filter(([n, v]) => NAME.test(n) && PLAIN_VALUE.test(v)).map(([n, v]) => `${n}=\${${n}='${v}'}`);
  return `# configure answers shared by pydebug from ${from.replace(/[^\x20-\x7e]/g, '?')} (autoconf's generic checks only)\n${lines.join('\n')}\n`;
}
