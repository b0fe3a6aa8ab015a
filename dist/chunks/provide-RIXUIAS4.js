import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
} from "./chunk-EUZNTGEY.js";
import "./chunk-KYYJEA5A.js";
import "./chunk-RUAUXX4Q.js";
import "./chunk-652N44S7.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-DK7TGOLI.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
