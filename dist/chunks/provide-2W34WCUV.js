import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-W6GRJ5MA.js";
import "./chunk-7YRKCPKM.js";
import "./chunk-N76HLSXF.js";
import "./chunk-NLIBE3OE.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-IZUT5FUC.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
