import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-FJU3LPPQ.js";
import "./chunk-RQKTSGCR.js";
import "./chunk-2QKJBDZ2.js";
import "./chunk-N76HLSXF.js";
import "./chunk-JFGYNYGL.js";
import "./chunk-XYAONFWZ.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-MVLGSLMY.js";
import "./chunk-4POZNMWM.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-RIFX6D3H.js";
import "./chunk-ZASESTHH.js";
import "./chunk-Y75KHDUJ.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
