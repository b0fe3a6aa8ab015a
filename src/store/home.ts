/**
 * Where the store is, and what marks it: small on purpose, because the executable's launcher
 * (bin/launch.ts) reads it before anything else is loaded.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';
import { userCacheDir } from '../platform/cache-dir.js';

/** The file in a store's root that says it is one. */
export const STORE_MARK = '.pydebug-store';

/**
 * The store root: PYDEBUG_HOME with `~` expanded as a shell would, or the user's cache directory.
 * A relative path is refused: it would put a store under whichever directory pydebug runs in.
 */
export function defaultHome(env: Env): string {
  const given = env.PYDEBUG_HOME?.trim();
  if (!given) return join(userCacheDir(env), 'pydebug');
  const home = env.HOME || homedir();
  // A newline or other control character is a paste or quoting mistake, and would break every line that names the store.
  if (/[\x00-\x1f\x7f]/.test(given)) {
    throw new UsageError(`PYDEBUG_HOME contains a control character (${JSON.stringify(given)})`, { hint: 'set PYDEBUG_HOME to a path on one line, e.g. PYDEBUG_HOME="$HOME/.cache/pydebug"' });
  }
  const expanded = given === '~' ? home : given.startsWith('~/') ? join(home, given.slice(2)) : given;
  if (!isAbsolute(expanded)) {
    throw new UsageError(`PYDEBUG_HOME is a relative path (${given}): pydebug would make a store under whichever directory it runs in`, {
      hint: 'set PYDEBUG_HOME to an absolute path, e.g. PYDEBUG_HOME="$HOME/.cache/pydebug", or unset it to use that default',
    });
  }
  return resolve(expanded);
}
