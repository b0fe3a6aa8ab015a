import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  llvmSymbolizer
} from "./chunk-WQSOTR6P.js";
import {
  SANITIZER_OPTIONS_VARIABLE,
  withSuppressions
} from "./chunk-CIVUFNK4.js";

// src/env/variant-env.ts
import { basename, delimiter, dirname, join } from "node:path";
function usersOwnConfig(base, projectEnv) {
  const given = base.DIST_EXTRA_CONFIG;
  return given && basename(given) !== basename(projectEnv.setuptoolsConfig) ? given : void 0;
}
function variantExports(base, planned, state, projectEnv) {
  const vars = {
    ...planned.build.env,
    VIRTUAL_ENV: projectEnv.dir,
    PYDEBUG_PYTHON: projectEnv.python,
    PYDEBUG_ENV: projectEnv.dir,
    PYDEBUG_STORE_PYTHON: state.python,
    PYDEBUG_PREFIX: state.dir,
    PYDEBUG_VARIANT: planned.build.variant,
    PYDEBUG_VERSION: planned.build.source,
    PYDEBUG_ID: planned.id,
    DIST_EXTRA_CONFIG: usersOwnConfig(base, projectEnv) ?? projectEnv.setuptoolsConfig
  };
  const supp = state.manifest.files.valgrind_suppressions;
  if (supp) vars.PYDEBUG_VALGRIND_SUPPRESSIONS = join(state.dir, supp);
  Object.assign(vars, sanitizerExports(planned.build.env, state).sanitizerOptions);
  delete vars.PATH;
  return { path: [projectEnv.bin, dirname(state.python)], vars };
}
function sanitizerExports(buildEnv, state) {
  const sanitizerOptions = {};
  const sanitizerSuppressions = {};
  for (const [name, value] of Object.entries(buildEnv)) if (SANITIZER_OPTIONS_VARIABLE.test(name)) sanitizerOptions[name] = value;
  const symbolizer = state.manifest.compiler ? llvmSymbolizer(state.manifest.compiler.name) : void 0;
  if (symbolizer) for (const name of Object.keys(sanitizerOptions)) sanitizerOptions[name] = `external_symbolizer_path=${symbolizer}:${sanitizerOptions[name]}`;
  for (const [variable, file] of Object.entries(state.manifest.files.sanitizer_suppressions ?? {})) {
    if (!SANITIZER_OPTIONS_VARIABLE.test(variable)) continue;
    sanitizerSuppressions[variable] = join(state.dir, file);
    sanitizerOptions[variable] = withSuppressions(sanitizerOptions[variable], sanitizerSuppressions[variable]);
  }
  return { sanitizerOptions, sanitizerSuppressions };
}
function variantEnv(base, planned, state, projectEnv) {
  const { path, vars } = variantExports(base, planned, state, projectEnv);
  const env = { ...base, ...vars, PATH: [...path, base.PATH].filter(Boolean).join(delimiter) };
  delete env.PYTHONHOME;
  return env;
}

export {
  sanitizerExports,
  variantEnv
};
