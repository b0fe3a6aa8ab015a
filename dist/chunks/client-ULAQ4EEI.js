import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-SGZSYGXS.js";
import "./chunk-PQCVMJYQ.js";
import "./chunk-RZ5LE6AL.js";
import "./chunk-4OBI36KS.js";
import "./chunk-OAQOQBBR.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-OA4VJMVX.js";
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
