import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-3MDILRP3.js";
import "./chunk-RQKTSGCR.js";
import "./chunk-I6ENWM4T.js";
import "./chunk-574LLDRK.js";
import "./chunk-N76HLSXF.js";
import "./chunk-JFGYNYGL.js";
import "./chunk-XYAONFWZ.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-MVLGSLMY.js";
import "./chunk-UFFCRASY.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-RIFX6D3H.js";
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
