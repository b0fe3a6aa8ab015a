import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  LockSchema,
  LockedSourceSchema
} from "./chunk-O2NKV3CF.js";
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import {
  LOCK_FILE_NAME,
  LOCK_VERSION,
  LockParseError,
  NewerLockError,
  OLDEST_LOCK_VERSION,
  migratedLockData,
  serializeLock,
  serializePreviousLock,
  sourceProblems
} from "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/lock/format.ts
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LockParseError(`it is not valid JSON (${e.message})`);
  }
}
var isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function parseLock(text) {
  let data = parseJson(text);
  if (isObject(data)) {
    delete data["//"];
    const version = data.lock_version;
    if (typeof version === "number" && version > LOCK_VERSION) throw new NewerLockError(version);
    if (typeof version === "number" && version < OLDEST_LOCK_VERSION) {
      throw new LockParseError(`it has lock format version ${version}, from an older pydebug; this pydebug reads versions ${OLDEST_LOCK_VERSION} to ${LOCK_VERSION}`);
    }
    if (typeof version === "number" && version < LOCK_VERSION) data = migratedLockData(data, LOCK_VERSION);
  }
  const parsed = LockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LockParseError(`${issue.path.join(".") || "the top level"}: ${issue.message}`);
  }
  return parsed.data;
}
function recordedSources(text) {
  let data;
  try {
    data = parseJson(text);
  } catch {
    return {};
  }
  const sources = isObject(data) && isObject(data.sources) ? data.sources : {};
  const trusted = {};
  for (const [key, value] of Object.entries(sources)) {
    const parsed = LockedSourceSchema.safeParse(value);
    if (parsed.success && sourceProblems(key, parsed.data).length === 0) trusted[key] = parsed.data;
  }
  return trusted;
}
export {
  LOCK_FILE_NAME,
  LockParseError,
  NewerLockError,
  parseLock,
  recordedSources,
  serializeLock,
  serializePreviousLock
};
