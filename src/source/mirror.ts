/**
 * Mirrors: PYDEBUG_MIRROR (or `mirror:` in pydebug.yml) replaces https://www.python.org/ftp/python
 * with another base URL or a local directory laid out the same way (<version>/<file>), like
 * pyenv's PYTHON_BUILD_MIRROR_URL and uv's UV_PYTHON_INSTALL_MIRROR. Pure.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PYTHON_ORG_FTP } from '../config/project.js';
import { mirrorProblem } from '../config/url.js';
import { UsageError } from '../errors.js';

function mirrorBase(mirror: string): string {
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
 * A relative directory, as a shell user writes one (`mirror`, `./mirror`, `../tarballs`): no
 * scheme or drive (no ":") and no `~`, which only a shell expands.
 */
function isRelativeDirectory(mirror: string): boolean {
  return !mirror.startsWith('/') && !mirror.startsWith('~') && !mirror.includes(':');
}

/**
 * PYDEBUG_MIRROR wins over the config key, as an environment override should. The config key was
 * checked when pydebug.yml was loaded; the variable is checked here, before any download. With
 * `cwd` (an absolute path), a relative directory in the variable is resolved against it, then
 * checked as the absolute directory it names.
 */
export function effectiveMirror(envMirror: string | undefined, configMirror: string | undefined, cwd?: string): string | undefined {
  const fromEnv = envMirror?.trim();
  if (fromEnv) {
    const mirror = cwd !== undefined && isRelativeDirectory(fromEnv) ? resolve(cwd, fromEnv) : fromEnv;
    const problem = mirrorProblem(mirror);
    if (problem) throw new UsageError(`PYDEBUG_MIRROR is not usable: ${problem.message}`, { hint: `${problem.hint} (or unset PYDEBUG_MIRROR)` });
    return mirror;
  }
  return configMirror || undefined;
}
