import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  isRegistryProblem,
  parseRegistryLocation
} from "./chunk-OCXTFSZJ.js";
import {
  UsageError
} from "./chunk-2N76SVMT.js";

// src/registry/reference.ts
var DEFAULT_REGISTRY_USER = "pydebug";
function effectiveRegistry(env, configRegistry) {
  const fromEnv = env.PYDEBUG_REGISTRY?.trim();
  const text = fromEnv || configRegistry;
  if (!text) return void 0;
  const parsed = parseRegistryLocation(text);
  if (isRegistryProblem(parsed)) {
    if (fromEnv) throw new UsageError(`PYDEBUG_REGISTRY is not usable: ${parsed.message}`, { hint: `${parsed.hint} (or unset PYDEBUG_REGISTRY)` });
    throw new UsageError(`registry: ${parsed.message}`, { hint: parsed.hint });
  }
  return parsed;
}
function registryCredentials(env) {
  const token = env.PYDEBUG_REGISTRY_TOKEN?.trim();
  if (!token) return void 0;
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError("PYDEBUG_REGISTRY_TOKEN contains a space or a control character", { hint: "set it to the token alone, without a newline" });
  const user = env.PYDEBUG_REGISTRY_USER?.trim() || DEFAULT_REGISTRY_USER;
  if (/[:\s\u0000-\u001f\u007f]/.test(user)) throw new UsageError('PYDEBUG_REGISTRY_USER contains a ":", a space or a control character', { hint: "set it to a plain user name, or unset it" });
  return { user, token };
}
var TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
var DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
function tagProblem(tag) {
  if (tag.length === 0) return "it is empty";
  if (tag.length > 128) return `it has ${tag.length} characters, and a tag has at most 128`;
  if (!TAG_PATTERN.test(tag)) return 'a tag is letters, digits, "_", "." and "-", not starting with "." or "-"';
  return void 0;
}
function isDigest(ref) {
  return DIGEST_PATTERN.test(ref);
}

export {
  effectiveRegistry,
  registryCredentials,
  TAG_PATTERN,
  DIGEST_PATTERN,
  tagProblem,
  isDigest
};
