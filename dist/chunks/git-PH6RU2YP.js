import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-I5TTBO4J.js";
import "./chunk-N76HLSXF.js";
import "./chunk-XNM4ELJI.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
