/**
 * Mirrors: PYDEBUG_MIRROR (or `mirror:` in pydebug.yml) replaces https://www.python.org/ftp/python
 * with another base URL or a local directory laid out the same way (<version>/<file>), like
 * pyenv's PYTHON_BUILD_MIRROR_URL and uv's UV_PYTHON_INSTALL_MIRROR. Pure.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRelativeDirectory, mirrorProblem, PYTHON_ORG_FTP } from '../config/url.js';
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
 * PYDEBUG_MIRROR wins over the config key, as an environment override should. The config key was
 * checked when pydebug.yml was loaded; the variable is checked here, before any download. A
 * relative directory is resolved as its writer meant it: in the variable against `cwd` (the
 * shell's working directory), in `mirror:` against `configDir` (pydebug.yml's directory, so the
 * project finds its tarballs from any subdirectory); both are absolute paths. The lock never
 * records the mirror (it keeps python.org's URLs), so where it resolves changes no lock.
 */
export function effectiveMirror(envMirror: string | undefined, configMirror: string | undefined, dirs: { cwd?: string; configDir?: string } = {}): string | undefined {
  const fromEnv = envMirror?.trim();
  if (fromEnv) {
    const mirror = dirs.cwd !== undefined && isRelativeDirectory(fromEnv) ? resolve(dirs.cwd, fromEnv) : fromEnv;
    const problem = mirrorProblem(mirror);
    if (problem) throw new UsageError(`PYDEBUG_MIRROR is not usable: ${problem.message}`, { hint: `${problem.hint} (or unset PYDEBUG_MIRROR)` });
    return mirror;
  }
  if (configMirror && dirs.configDir !== undefined && isRelativeDirectory(configMirror)) return resolve(dirs.configDir, configMirror);
  return configMirror || undefined;
}
