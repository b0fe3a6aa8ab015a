import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-QHZEXEST.js";
import "./chunk-3QNUFPJL.js";
import "./chunk-OFYTRBHZ.js";
import "./chunk-N76HLSXF.js";
import "./chunk-PDSBRW5W.js";
import "./chunk-GZBLJJ2O.js";
import "./chunk-RLPMZGFI.js";
import "./chunk-MADLMWYS.js";
import "./chunk-WYUNK7S5.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-HXLQBLAI.js";
import "./chunk-RIFX6D3H.js";
import "./chunk-ZASESTHH.js";
import "./chunk-EDNOVFGZ.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
