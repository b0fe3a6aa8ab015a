import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-PVJM5KHM.js";
import "./chunk-HFCHWCOW.js";
import "./chunk-WJJBIXIY.js";
import "./chunk-O2NKV3CF.js";
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";
export {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
};
