/**
 * Mirrors: PYDEBUG_MIRROR (or `mirror:` in pydebug.yml) replaces https://www.python.org/ftp/python
 * with another base URL or a local directory laid out the same way (<version>/<file>), like
 * pyenv's PYTHON_BUILD_MIRROR_URL and uv's UV_PYTHON_INSTALL_MIRROR. Pure.
 */
import { pathToFileURL } from 'node:url';
import { PYTHON_ORG_FTP } from '../config/project.js';
import { mirrorProblem } from '../config/url.js';
import { UsageError } from '../errors.js';

export function mirrorBase(mirror: string): string {
  const base = mirror.startsWith('/') ? pathToFileURL(mirror).href : mirror;
  return base.replace(/\/+$/, '');
}

/** The URL to download from: a python.org URL moved onto the mirror, any other URL as is. */
export function applyMirror(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const prefix = `${PYTHON_ORG_FTP}/`;
  if (!url.startsWith(prefix)) return url;
  return `${mirrorBase(mirror)}/${url.slice(prefix.length)}`;
}

/**
 * PYDEBUG_MIRROR wins over the config key, as an environment override should. The config key was
 * checked when pydebug.yml was loaded; the variable is checked here, before any download.
 */
export function effectiveMirror(envMirror: string | undefined, configMirror: string | undefined): string | undefined {
  const fromEnv = envMirror?.trim();
  if (fromEnv) {
    const problem = mirrorProblem(fromEnv);
    if (problem) throw new UsageError(`PYDEBUG_MIRROR is not usable: ${problem.message}`, { hint: `${problem.hint} (or unset PYDEBUG_MIRROR)` });
    return fromEnv;
  }
  return configMirror || undefined;
}
