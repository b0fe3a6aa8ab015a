/** The user's cache directory, where the store goes by default: read before anything else is loaded (bin/launch.ts). */

import { homedir, platform } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type Env = Record<string, string | undefined>;

/**
 * The user's cache directory (XDG_CACHE_HOME on Linux, ~/Library/Caches on macOS). A relative
 * XDG_CACHE_HOME is ignored, as the XDG Base Directory spec says: it would put a store under
 * whichever directory pydebug runs in.
 */
export function userCacheDir(env: Env): string {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME || homedir();
  return platform() === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
}
