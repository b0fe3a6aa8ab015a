import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  canonicalJson,
  previousBuildFieldOrder,
  previousBuildOf,
  previousLockVersion
} from "./chunk-TVN4UCCV.js";
import {
  LOCK_VERSION,
  OLDEST_LOCK_VERSION,
  isGitSource
} from "./chunk-G6Z3WR3T.js";

// src/lock/serialize.ts
var LOCK_FILE_NAME = "pydebug.lock";
var NOTE = "Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.";
var FIELD_ORDER = {
  tarball: ["version", "url", "file", "sha256", "md5", "size", "sigstore"],
  git: ["git", "ref", "commit", "version"],
  options: ["tail_call", "jit", "jit_llvm", "strict_overflow"],
  expect: ["abiflags", "sanitizers", "commit", "macros", "options"],
  build: ["source", "variant", "configure", "cflags", "compiler", "slim", "test", "env", "expect", "lock_key", "artifacts"],
  lock: ["lock_version", "sources", "builds"]
};
function declared(order, value, fields = {}) {
  const entries = order.map((key) => [key, Object.hasOwn(fields, key) ? fields[key] : value[key]]);
  return Object.fromEntries(entries.filter(([, v]) => v !== void 0));
}
function sorted(map, each = (value) => value) {
  return Object.fromEntries(
    Object.keys(map).sort().map((key) => [key, each(map[key])])
  );
}
var sourceInOrder = (s) => declared(isGitSource(s) ? FIELD_ORDER.git : FIELD_ORDER.tarball, s);
var expectInOrder = (e) => declared(FIELD_ORDER.expect, e, { macros: sorted(e.macros), options: e.options === void 0 ? void 0 : declared(FIELD_ORDER.options, e.options) });
var buildObjects = (b) => ({ env: sorted(b.env), expect: expectInOrder(b.expect), artifacts: b.artifacts === void 0 ? void 0 : sorted(b.artifacts) });
var buildInOrder = (b) => declared(FIELD_ORDER.build, b, buildObjects(b));
function serializeLock(lock) {
  const fields = declared(FIELD_ORDER.lock, lock, { sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInOrder) });
  return `${JSON.stringify({ "//": NOTE, ...fields }, null, 2)}
`;
}
var PREVIOUS_BUILD_ORDER = previousBuildFieldOrder(FIELD_ORDER.build);
function serializePreviousLock(lock, { sortedKeys }) {
  const lockVersion = previousLockVersion(lock);
  if (sortedKeys) {
    const builds = Object.fromEntries(Object.entries(lock.builds).map(([id, b]) => [id, previousBuildOf(b)]));
    return `${canonicalJson({ "//": NOTE, lock_version: lockVersion, sources: lock.sources, builds }, 2)}
`;
  }
  const buildInPreviousOrder = (b) => declared(PREVIOUS_BUILD_ORDER, previousBuildOf(b), buildObjects(b));
  const fields = { lock_version: lockVersion, sources: sorted(lock.sources, sourceInOrder), builds: sorted(lock.builds, buildInPreviousOrder) };
  return `${JSON.stringify({ "//": NOTE, ...fields }, null, 2)}
`;
}
var LockParseError = class extends Error {
};
var NewerLockError = class extends Error {
  constructor(lockVersion) {
    super(`it has lock format version ${lockVersion}; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
    this.lockVersion = lockVersion;
  }
  lockVersion;
};

export {
  LOCK_FILE_NAME,
  serializeLock,
  serializePreviousLock,
  LockParseError,
  NewerLockError
};
