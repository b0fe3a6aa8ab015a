import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-I6ENWM4T.js";
import "./chunk-574LLDRK.js";
import "./chunk-N76HLSXF.js";
import "./chunk-UFFCRASY.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-RIFX6D3H.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
