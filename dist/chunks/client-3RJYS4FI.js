import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-6MBBBXRX.js";
import "./chunk-42EPIKLN.js";
import "./chunk-QICQXSJE.js";
import "./chunk-JWVT23K3.js";
import "./chunk-UGIXQASY.js";
import "./chunk-RIFX6D3H.js";
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
