import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-OAOJYGN2.js";
import "./chunk-I5TTBO4J.js";
import "./chunk-N76HLSXF.js";
import "./chunk-XM7WMCKJ.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-XNM4ELJI.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
