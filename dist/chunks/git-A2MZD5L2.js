import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-I4UB4BG5.js";
import "./chunk-N76HLSXF.js";
import "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
