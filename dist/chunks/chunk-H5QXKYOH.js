import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

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
  sha256Hex
};
