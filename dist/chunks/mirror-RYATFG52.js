import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applyMirror,
  effectiveMirror
} from "./chunk-6UYC7MJF.js";
import "./chunk-5U3JD7V4.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  applyMirror,
  effectiveMirror
};
