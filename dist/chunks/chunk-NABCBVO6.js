import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  PYTHON_ORG_FTP,
  isRelativeDirectory,
  mirrorProblem
} from "./chunk-OCXTFSZJ.js";
import {
  UsageError
} from "./chunk-2N76SVMT.js";

// src/source/mirror.ts
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
function mirrorBase(mirror) {
  const base = mirror.startsWith("/") ? pathToFileURL(mirror).href : mirror;
  return base.replace(/\/+$/, "");
}
function applyMirror(url, mirror) {
  if (!mirror) return url;
  const prefix = `${PYTHON_ORG_FTP}/`;
  if (!url.startsWith(prefix)) return url;
  return `${mirrorBase(mirror)}/${url.slice(prefix.length)}`;
}
function effectiveMirror(envMirror, configMirror, dirs = {}) {
  const fromEnv = envMirror?.trim();
  if (fromEnv) {
    const mirror = dirs.cwd !== void 0 && isRelativeDirectory(fromEnv) ? resolve(dirs.cwd, fromEnv) : fromEnv;
    const problem = mirrorProblem(mirror);
    if (problem) throw new UsageError(`PYDEBUG_MIRROR is not usable: ${problem.message}`, { hint: `${problem.hint} (or unset PYDEBUG_MIRROR)` });
    return mirror;
  }
  if (configMirror && dirs.configDir !== void 0 && isRelativeDirectory(configMirror)) return resolve(dirs.configDir, configMirror);
  return configMirror || void 0;
}

export {
  applyMirror,
  effectiveMirror
};
