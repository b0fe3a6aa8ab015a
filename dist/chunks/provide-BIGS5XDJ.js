import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-FGL2N2YJ.js";
import "./chunk-ETAA64QW.js";
import "./chunk-N76HLSXF.js";
import "./chunk-PDSBRW5W.js";
import "./chunk-5BGUJP5T.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-UOUOEC5K.js";
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
