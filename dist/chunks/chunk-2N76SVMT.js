import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/errors.ts
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_USAGE = 2;
var EXIT_INTERRUPTED = 130;
var PydebugError = class extends Error {
  hint;
  exitCode = EXIT_FAILURE;
  constructor(message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
};
var UsageError = class extends PydebugError {
  exitCode = EXIT_USAGE;
};
function formatProblem(p) {
  const head = `${p.file}:${p.line}:${p.col}: ${p.message}`;
  return p.hint ? `${head}
  fix: ${p.hint}` : head;
}
var ConfigError = class extends PydebugError {
  exitCode = EXIT_USAGE;
  problems;
  constructor(problems) {
    const n = problems.length;
    super(`${n === 1 ? "a problem" : `${n} problems`} in ${problems[0]?.file ?? "the config"}:
` + problems.map(formatProblem).join("\n"));
    this.problems = problems;
  }
};
var InterruptedError = class extends PydebugError {
  exitCode = EXIT_INTERRUPTED;
  constructor(message = "interrupted") {
    super(message);
  }
};

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
  EXIT_OK,
  EXIT_FAILURE,
  EXIT_USAGE,
  EXIT_INTERRUPTED,
  PydebugError,
  UsageError,
  formatProblem,
  ConfigError,
  InterruptedError,
  STORE_MARK,
  defaultHome
};
