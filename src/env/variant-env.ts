/**
 * What a command gets under one variant (pure but for one stat, see sanitizerExports), shared by `pydebug run` and the Action's later
 * steps so both export the same things: the project's own environment of the entry first on
 * PATH (its python, python3, pip, pip3), then the store entry's bin/ (for python3.X-config), the
 * variant's env from pydebug.yml (e.g. PYTHONMALLOC), and pydebug's variables. PYDEBUG_PYTHON is
 * the environment's interpreter: installs go there, never into the store entry, which other
 * projects share.
 */
import { basename, delimiter, dirname, join } from 'node:path';
import { SANITIZER_OPTIONS_VARIABLE, withSuppressions } from '../config/cpython.js';
import type { PlannedBuild } from '../plan/sync-plan.js';
import type { Env } from '../platform/index.js';
import { llvmSymbolizer } from '../platform/index.js';
import type { EntryState } from '../store/store.js';
import type { ProjectEnv } from './project-env.js';

/** What of a matrix entry the exports need: a PlannedBuild, or the Action's synced entry and its lock entry. */
export type VariantOf = Pick<PlannedBuild, 'id'> & { build: Pick<PlannedBuild['build'], 'env' | 'variant' | 'source'> };
export type BuiltEntry = Pick<EntryState & { status: 'ok' }, 'dir' | 'python' | 'manifest'>;

export interface VariantExports {
  /** Directories to put first on PATH, first one first. */
  path: string[];
  /** Variables to set (PATH is never one of them). */
  vars: Record<string, string>;
}

/**
 * A DIST_EXTRA_CONFIG of the user's own wins: pydebug's only moves setuptools' build directory.
 * Another entry's pydebug config (the Action exports its first entry's) is not the user's.
 */
function usersOwnConfig(base: Env, projectEnv: ProjectEnv): string | undefined {
  const given = base.DIST_EXTRA_CONFIG;
  return given && basename(given) !== basename(projectEnv.setuptoolsConfig) ? given : undefined;
}

/** The PATH directories and variables a variant adds to `base`. */
export function variantExports(base: Env, planned: VariantOf, state: BuiltEntry, projectEnv: ProjectEnv): VariantExports {
  const vars: Record<string, string> = {
    ...planned.build.env,
    VIRTUAL_ENV: projectEnv.dir,
    PYDEBUG_PYTHON: projectEnv.python,
    PYDEBUG_ENV: projectEnv.dir,
    PYDEBUG_STORE_PYTHON: state.python,
    PYDEBUG_PREFIX: state.dir,
    PYDEBUG_VARIANT: planned.build.variant,
    PYDEBUG_VERSION: planned.build.source,
    PYDEBUG_ID: planned.id,
    DIST_EXTRA_CONFIG: usersOwnConfig(base, projectEnv) ?? projectEnv.setuptoolsConfig,
  };
  const supp = state.manifest.files.valgrind_suppressions;
  if (supp) vars.PYDEBUG_VALGRIND_SUPPRESSIONS = join(state.dir, supp);
  Object.assign(vars, sanitizerExports(planned.build.env, state).sanitizerOptions);
  delete vars.PATH;
  return { path: [projectEnv.bin, dirname(state.python)], vars };
}

/**
 * The sanitizer options variables of a variant (the lock's ASAN_OPTIONS, TSAN_OPTIONS...), with
 * CPython's suppression files of the entry first in them (its own known races or reports) and,
 * for clang's runtimes, the compiler's llvm-symbolizer (one stat, the only I/O here).
 */
export function sanitizerExports(
  buildEnv: Readonly<Record<string, string>>,
  state: Pick<BuiltEntry, 'dir' | 'manifest'>,
): { sanitizerOptions: Record<string, string>; sanitizerSuppressions: Record<string, string> } {
  const sanitizerOptions: Record<string, string> = {};
  const sanitizerSuppressions: Record<string, string> = {};
  for (const [name, value] of Object.entries(buildEnv)) if (SANITIZER_OPTIONS_VARIABLE.test(name)) sanitizerOptions[name] = value;
  const symbolizer = state.manifest.compiler ? llvmSymbolizer(state.manifest.compiler.name) : undefined;
  if (symbolizer) for (const name of Object.keys(sanitizerOptions)) sanitizerOptions[name] = `external_symbolizer_path=${symbolizer}:${sanitizerOptions[name]}`;
  for (const [variable, file] of Object.entries(state.manifest.files.sanitizer_suppressions ?? {})) {
    if (!SANITIZER_OPTIONS_VARIABLE.test(variable)) continue;
    sanitizerSuppressions[variable] = join(state.dir, file);
    sanitizerOptions[variable] = withSuppressions(sanitizerOptions[variable], sanitizerSuppressions[variable]);
  }
  return { sanitizerOptions, sanitizerSuppressions };
}

/** The whole environment a command runs with under one variant (`pydebug run`). */
export function variantEnv(base: Env, planned: VariantOf, state: BuiltEntry, projectEnv: ProjectEnv): Record<string, string | undefined> {
  const { path, vars } = variantExports(base, planned, state, projectEnv);
  const env: Record<string, string | undefined> = { ...base, ...vars, PATH: [...path, base.PATH].filter(Boolean).join(delimiter) };
  delete env.PYTHONHOME;
  return env;
}
