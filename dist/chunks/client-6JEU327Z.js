import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-AVHOY4K2.js";
import "./chunk-AAZUQX3V.js";
import "./chunk-QICQXSJE.js";
import "./chunk-H5QXKYOH.js";
import "./chunk-JWVT23K3.js";
import "./chunk-Z6JOFPRV.js";
import "./chunk-GFY725IT.js";
import "./chunk-QL4V2YBX.js";
import "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";
export {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
};
