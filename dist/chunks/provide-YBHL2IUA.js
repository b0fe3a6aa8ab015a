import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-AKAP6MXI.js";
import "./chunk-3QNUFPJL.js";
import "./chunk-GZBLJJ2O.js";
import "./chunk-R7GYRO74.js";
import "./chunk-MNL64LZ7.js";
import "./chunk-CH2AZ2SQ.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-BK25XC5I.js";
import "./chunk-GFY725IT.js";
import "./chunk-GRA5BZHM.js";
import "./chunk-G2GZWCUQ.js";
import "./chunk-ZASESTHH.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-N76HLSXF.js";
import "./chunk-QLWNCJIT.js";
import "./chunk-RLUSPE24.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
