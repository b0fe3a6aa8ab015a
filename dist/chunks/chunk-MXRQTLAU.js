import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/config/patterns.ts
var VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$/;
var MD5_PATTERN = /^[0-9a-fA-F]{32}$/;
var SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
var VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export {
  VERSION_PATTERN,
  MD5_PATTERN,
  SHA256_PATTERN,
  VARIANT_NAME_PATTERN
};
