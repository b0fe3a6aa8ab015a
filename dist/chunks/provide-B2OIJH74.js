import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-W6NZEGJ4.js";
import "./chunk-FA72N2EP.js";
import "./chunk-XYAONFWZ.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-Z6JOFPRV.js";
import "./chunk-GFY725IT.js";
import "./chunk-XGJTABEN.js";
import "./chunk-M4ZQOS43.js";
import "./chunk-UJBZKF62.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-N76HLSXF.js";
import "./chunk-JFGYNYGL.js";
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
