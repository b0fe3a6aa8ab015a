import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/lock/macros.ts
var MACRO_NAMES = ["Py_DEBUG", "Py_REF_DEBUG", "Py_TRACE_REFS", "WITH_PYMALLOC", "WITH_VALGRIND", "Py_GIL_DISABLED", "NDEBUG"];

// src/lock/types.ts
var LOCK_VERSION = 3;
var OLDEST_LOCK_VERSION = 1;
var DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
var MACHINE_KEY_PATTERN = /^[a-z0-9]+-[a-z0-9_]+-[0-9a-f]{8}$/;
function isGitSource(s) {
  return "git" in s;
}

export {
  MACRO_NAMES,
  LOCK_VERSION,
  OLDEST_LOCK_VERSION,
  DIGEST_PATTERN,
  MACHINE_KEY_PATTERN,
  isGitSource
};
