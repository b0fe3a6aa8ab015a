import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/platform/cache-dir.ts
import { homedir, platform } from "node:os";
import { isAbsolute, join } from "node:path";
function userCacheDir(env) {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME || homedir();
  return platform() === "darwin" ? join(home, "Library", "Caches") : join(home, ".cache");
}

export {
  userCacheDir
};
