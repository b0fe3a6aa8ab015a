import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-C57UOZCB.js";
import "./chunk-W53XZFYQ.js";
import "./chunk-N76HLSXF.js";
import "./chunk-PY2USMPK.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-B77ZGLHJ.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
