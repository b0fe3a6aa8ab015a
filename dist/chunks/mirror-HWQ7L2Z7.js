import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applyMirror,
  effectiveMirror
} from "./chunk-LR4FQ65U.js";
import "./chunk-OOXTWVL6.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  applyMirror,
  effectiveMirror
};
