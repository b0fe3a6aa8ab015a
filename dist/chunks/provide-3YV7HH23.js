import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-GJOZRQO5.js";
import "./chunk-JMSWVBE7.js";
import "./chunk-EGQXJSYF.js";
import "./chunk-N76HLSXF.js";
import "./chunk-G2L3APGI.js";
import "./chunk-OA4VJMVX.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
