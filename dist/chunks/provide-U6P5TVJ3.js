import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-5MO2F2UW.js";
import "./chunk-3QNUFPJL.js";
import "./chunk-LENVUWNE.js";
import "./chunk-N76HLSXF.js";
import "./chunk-QLWNCJIT.js";
import "./chunk-GZBLJJ2O.js";
import "./chunk-THKJ4MVX.js";
import "./chunk-6OZNEHGJ.js";
import "./chunk-RNVBIJE7.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-BI6DN633.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-ZASESTHH.js";
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
