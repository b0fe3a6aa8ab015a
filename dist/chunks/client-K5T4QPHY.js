import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-4LURTJNC.js";
import "./chunk-ODCKQ6ZQ.js";
import "./chunk-FFDWUCMT.js";
import "./chunk-76UVW3CB.js";
import "./chunk-H7OZ3CUS.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-OOXTWVL6.js";
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
