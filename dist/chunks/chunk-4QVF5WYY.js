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

export {
  EXIT_OK,
  EXIT_FAILURE,
  EXIT_USAGE,
  EXIT_INTERRUPTED,
  PydebugError,
  UsageError,
  formatProblem,
  ConfigError,
  InterruptedError
};
