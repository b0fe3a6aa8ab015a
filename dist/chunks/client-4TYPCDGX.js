import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-HAAOOGL2.js";
import "./chunk-W6DERET3.js";
import "./chunk-OYYBFHNP.js";
import "./chunk-OYS4M5SZ.js";
import "./chunk-JCZVRCLT.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-5U3JD7V4.js";
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
