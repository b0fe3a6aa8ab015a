import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/lock/migrate.ts
var RENAMED_BUILD_FIELDS = [
  ["version", "source"],
  ["cache_key", "lock_key"]
];
var isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function renamed(record, names) {
  const rename = new Map(names.filter(([from, to]) => Object.hasOwn(record, from) && !Object.hasOwn(record, to)));
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [rename.get(key) ?? key, value]));
}
function migratedLockData(data, current) {
  const builds = isObject(data.builds) ? Object.fromEntries(Object.entries(data.builds).map(([id, build]) => [id, isObject(build) ? renamed(build, RENAMED_BUILD_FIELDS) : build])) : data.builds;
  return { ...data, lock_version: current, builds };
}
function previousBuildOf(build) {
  return renamed(
    build,
    RENAMED_BUILD_FIELDS.map(([from, to]) => [to, from])
  );
}
function previousBuildFieldOrder(current) {
  const earlier = new Map(RENAMED_BUILD_FIELDS.map(([from, to]) => [to, from]));
  return current.map((field) => earlier.get(field) ?? field);
}
function previousLockVersion(lock) {
  return Object.values(lock.builds).some((b) => b.artifacts || b.expect.options) ? 2 : 1;
}
function declaredLockVersion(text) {
  try {
    const version = JSON.parse(text)?.lock_version;
    return typeof version === "number" ? version : void 0;
  } catch {
    return void 0;
  }
}

// src/lock/canonical.ts
import { createHash } from "node:crypto";
function sortKeysDeep(value) {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== void 0) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
function canonicalJson(value, indent) {
  return JSON.stringify(sortKeysDeep(value), null, indent);
}
function sha256Hex(text) {
  return createHash("sha256").update(text).digest("hex");
}

export {
  canonicalJson,
  sha256Hex,
  migratedLockData,
  previousBuildOf,
  previousBuildFieldOrder,
  previousLockVersion,
  declaredLockVersion
};
