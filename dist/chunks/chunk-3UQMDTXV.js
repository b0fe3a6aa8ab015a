import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/numbers.ts
function wholeNumberInRange(text, min, max) {
  if (!/^[0-9]{1,9}$/.test(text)) return void 0;
  const n = Number(text);
  return n >= min && n <= max ? n : void 0;
}

// src/cli/commands/types.ts
function str(values, key) {
  const v = values[key];
  return typeof v === "string" ? v : void 0;
}
var FILTERS = {
  variant: { what: "variant", example: "debug" },
  python: { what: "version", example: "3.13.2" }
};
function strs(values, key) {
  const v = values[key];
  if (v === void 0) return void 0;
  const list = Array.isArray(v) ? v : [v];
  const names = list.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
  if (names.length === 0) {
    const { what, example } = FILTERS[key] ?? { what: "value", example: "<value>" };
    throw new UsageError(`--${key} ${JSON.stringify(list.join(","))} names no ${what}`, { hint: `e.g. --${key} ${example}; leave --${key} out to select every ${what}` });
  }
  return names;
}
function bool(values, key) {
  return values[key] === true;
}
function positiveInt(values, key, max) {
  const v = str(values, key);
  if (v === void 0) return void 0;
  const n = wholeNumberInRange(v, 1, max);
  if (n === void 0) {
    throw new UsageError(`--${key} must be a whole number from 1 to ${max}, not "${v}"`, { hint: `e.g. --${key} 4` });
  }
  return n;
}

export {
  str,
  strs,
  bool,
  positiveInt
};
