import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  userCacheDir
} from "./chunk-ZASESTHH.js";
import {
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/store/home.ts
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
var STORE_MARK = ".pydebug-store";
function defaultHome(env) {
  const given = env.PYDEBUG_HOME?.trim();
  if (!given) return join(userCacheDir(env), "pydebug");
  const home = env.HOME || homedir();
  if (/[\x00-\x1f\x7f]/.test(given)) {
    throw new UsageError(`PYDEBUG_HOME contains a control character (${JSON.stringify(given)})`, { hint: 'set PYDEBUG_HOME to a path on one line, e.g. PYDEBUG_HOME="$HOME/.cache/pydebug"' });
  }
  const expanded = given === "~" ? home : given.startsWith("~/") ? join(home, given.slice(2)) : given;
  if (!isAbsolute(expanded)) {
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
