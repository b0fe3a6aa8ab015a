import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-VPZ7TYI4.js";
import "./chunk-GENIBPAL.js";
import "./chunk-QICQXSJE.js";
import "./chunk-JWVT23K3.js";
import "./chunk-OZKXYHB7.js";
import "./chunk-TVN4UCCV.js";
import "./chunk-2FKKDNW3.js";
import "./chunk-MXRQTLAU.js";
import "./chunk-G6Z3WR3T.js";
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
