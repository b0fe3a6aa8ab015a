import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applyMirror,
  effectiveMirror
} from "./chunk-5JLHS24R.js";
import "./chunk-Y75KHDUJ.js";
import "./chunk-HEHMV332.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  applyMirror,
  effectiveMirror
};
