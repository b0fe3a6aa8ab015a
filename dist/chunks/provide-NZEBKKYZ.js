import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-4CY3AOQ6.js";
import "./chunk-EOZSDBR4.js";
import "./chunk-N76HLSXF.js";
import "./chunk-PK3M35ZU.js";
import "./chunk-PKCDHGLO.js";
import "./chunk-FLWFHBUO.js";
import "./chunk-ETJ5QNXC.js";
import "./chunk-ZASESTHH.js";
import "./chunk-WPY4TPMV.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
