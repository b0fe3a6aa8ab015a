import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-6BUU7SW4.js";
import "./chunk-N76HLSXF.js";
import "./chunk-K7LN5UEU.js";
import "./chunk-TKCZ6LEL.js";
import "./chunk-ZASESTHH.js";
import "./chunk-HEHMV332.js";
import "./chunk-RIFX6D3H.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
