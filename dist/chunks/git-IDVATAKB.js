import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  provideGitTree,
  resolveGitSource
} from "./chunk-KYYJEA5A.js";
import "./chunk-RUAUXX4Q.js";
import "./chunk-DK7TGOLI.js";
import "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";
export {
  provideGitTree,
  resolveGitSource
};
