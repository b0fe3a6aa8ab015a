import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-BULU3M5W.js";
import "./chunk-EEAOJTGZ.js";
import "./chunk-UJBZKF62.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-N76HLSXF.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
