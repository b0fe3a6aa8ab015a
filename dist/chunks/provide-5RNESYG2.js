import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-WTAIOGRS.js";
import "./chunk-XYAONFWZ.js";
import "./chunk-FA72N2EP.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-G6Z3WR3T.js";
import "./chunk-BULU3M5W.js";
import "./chunk-EEAOJTGZ.js";
import "./chunk-UJBZKF62.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-N76HLSXF.js";
import "./chunk-5JLHS24R.js";
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
