import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-QL4V2YBX.js";
import {
  segmentProblem
} from "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/store/projects-schema.ts
import { isAbsolute } from "node:path";
external_exports.config({ jitless: true });
var ProjectRecordSchema = external_exports.object({
  lock: external_exports.string().max(4096).refine((p) => isAbsolute(p) && !p.includes("\0"), "an absolute path"),
  entries: external_exports.array(
    external_exports.string().max(256).refine((k) => segmentProblem(k) === void 0, "an entry key")
  ).max(1e4),
  updated: external_exports.string().max(64)
});
export {
  ProjectRecordSchema
};
