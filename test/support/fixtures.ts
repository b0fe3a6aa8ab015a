/** Shared fixtures for unit tests of the pure core. */

import { parseConfigText } from '../../src/config/load.js';
import type { ProjectConfig } from '../../src/config/project.js';
import { ConfigError, type ConfigProblem } from '../../src/errors.js';
import type { LockedTarball } from '../../src/lock/types.js';

export const SHA_3132 = 'b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9';
export const MD5_3132 = '6192ce4725d9c9fc0e8a1cd38410b417';

export function projectConfig(yaml: string): ProjectConfig {
  return parseConfigText(yaml, 'pydebug.yml').projectConfig;
}

/** The example, exactly as written (the repository's pydebug.yml). */
export const RECIPE_CONFIG = `# yaml-language-server: $schema=./schema/pydebug.schema.json
python:
  - version: "3.13.2"
    md5: ${MD5_3132}
variants:
  debug:
    pydebug: true
  trace-refs:
    pydebug: true
    trace_refs: true
  valgrind:
    pydebug: true
    pymalloc: false
    valgrind: true
`;

/** The same, without the editor comment. */
export const RECIPE_YAML = RECIPE_CONFIG.slice(RECIPE_CONFIG.indexOf('\n') + 1);

export function lockedSource(version = '3.13.2', sha256 = SHA_3132, md5 = MD5_3132): LockedTarball {
  return {
    version,
    url: `https://www.python.org/ftp/python/${version}/Python-${version}.tgz`,
    file: `Python-${version}.tgz`,
    sha256,
    md5,
    size: 29026229,
  };
}

/** The problems parseConfigText reports for `text` (it must report some). */
export function configProblems(text: string): ConfigProblem[] {
  try {
    parseConfigText(text, 'pydebug.yml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
