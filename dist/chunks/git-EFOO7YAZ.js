import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-7YRKCPKM.js";
import "./chunk-N76HLSXF.js";
import "./chunk-IZUT5FUC.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
