import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-ITOVQCIM.js";
import "./chunk-JMSWVBE7.js";
import "./chunk-EZ3DO4QN.js";
import "./chunk-N76HLSXF.js";
import "./chunk-6UYC7MJF.js";
import "./chunk-5U3JD7V4.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
