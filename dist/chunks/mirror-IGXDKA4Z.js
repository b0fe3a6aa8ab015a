import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applyMirror,
  effectiveMirror
} from "./chunk-NABCBVO6.js";
import "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  applyMirror,
  effectiveMirror
};
