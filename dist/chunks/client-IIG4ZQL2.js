import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DigestMismatchError,
  MAX_CHUNK_BYTES,
  NotFoundError,
  RegistryClient,
  RegistryError
} from "./chunk-H5ZRG7XK.js";
import "./chunk-VOV3NLKH.js";
import "./chunk-QICQXSJE.js";
import "./chunk-JWVT23K3.js";
import "./chunk-FLINYYHZ.js";
import "./chunk-H5QXKYOH.js";
import "./chunk-2FKKDNW3.js";
import "./chunk-MXRQTLAU.js";
import "./chunk-JJJPX2I5.js";
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
