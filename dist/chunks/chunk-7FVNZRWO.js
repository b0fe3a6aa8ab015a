import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  CHECKOUT_VERSION_PATTERN
} from "./chunk-7EBBVXHX.js";

// src/config/version.ts
function parseVersion(text) {
  const m = CHECKOUT_VERSION_PATTERN.exec(text);
  if (!m) return void 0;
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3]), pre: m[4] ? `${m[4]}${m[5]}` : "" };
}
function atLeast(version, major, minor) {
  const v = parseVersion(version);
  if (!v) return false;
  return v.major > major || v.major === major && v.minor >= minor;
}
function minorOf(version) {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}
var MIN_SUPPORTED = { major: 3, minor: 8 };

export {
  atLeast,
  minorOf,
  MIN_SUPPORTED
};
