import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-D43CQZDA.js";
import "./chunk-JMSWVBE7.js";
import "./chunk-VZ3IHGSF.js";
import "./chunk-N76HLSXF.js";
import "./chunk-LR4FQ65U.js";
import "./chunk-OOXTWVL6.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
