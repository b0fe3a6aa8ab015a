import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/store/home.ts
import { homedir as homedir2 } from "node:os";
import { isAbsolute as isAbsolute2, join as join2, resolve } from "node:path";

// src/platform/cache-dir.ts
import { homedir, platform } from "node:os";
import { isAbsolute, join } from "node:path";
function userCacheDir(env) {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME || homedir();
  return platform() === "darwin" ? join(home, "Library", "Caches") : join(home, ".cache");
}

// src/store/home.ts
var STORE_MARK = ".pydebug-store";
function defaultHome(env) {
  const given = env.PYDEBUG_HOME?.trim();
  if (!given) return join2(userCacheDir(env), "pydebug");
  const home = env.HOME || homedir2();
  if (/[\x00-\x1f\x7f]/.test(given)) {
    throw new UsageError(`PYDEBUG_HOME contains a control character (${JSON.stringify(given)})`, { hint: 'set PYDEBUG_HOME to a path on one line, e.g. PYDEBUG_HOME="$HOME/.cache/pydebug"' });
  }
  const expanded = given === "~" ? home : given.startsWith("~/") ? join2(home, given.slice(2)) : given;
  if (!isAbsolute2(expanded)) {
    throw new UsageError(`PYDEBUG_HOME is a relative path (${given}): pydebug would make a store under whichever directory it runs in`, {
      hint: 'set PYDEBUG_HOME to an absolute path, e.g. PYDEBUG_HOME="$HOME/.cache/pydebug", or unset it to use that default'
    });
  }
  return resolve(expanded);
}

export {
  STORE_MARK,
  defaultHome
};
