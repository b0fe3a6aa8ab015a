import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-CNOCZPKT.js";
import "./chunk-3QNUFPJL.js";
import "./chunk-GZBLJJ2O.js";
import "./chunk-K2XEKOPD.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-524LCHGK.js";
import "./chunk-N76HLSXF.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-PSGLLVMI.js";
import "./chunk-ZASESTHH.js";
import "./chunk-PTEIU236.js";
import "./chunk-HEHMV332.js";
import "./chunk-2IXWVPAI.js";
import "./chunk-RIFX6D3H.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
