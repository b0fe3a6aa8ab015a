import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-QL4V2YBX.js";
import {
  MACRO_NAMES,
  SANITIZER_OPTIONS_VARIABLE
} from "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/store/manifest-schema.ts
external_exports.config({ jitless: true });
var sha256 = external_exports.string().regex(/^[0-9a-f]{64}$/);
var count = external_exports.number().int().nonnegative();
var macros = external_exports.object(Object.fromEntries(MACRO_NAMES.map((m) => [m, external_exports.boolean()])));
var FileRecordSchema = external_exports.object({ sha256, bytes: count, kind: external_exports.enum(["f", "l"]) });
var ContentSchema = external_exports.object({ sha256, bytes: count });
var RelocationSchema = external_exports.object({
  built_prefix: external_exports.string(),
  built_list_sha256: sha256,
  relocated_at: external_exports.string(),
  files: external_exports.record(external_exports.string(), external_exports.object({ how: external_exports.enum(["text", "shebang", "bytecode"]), built: ContentSchema, now: ContentSchema })),
  /** Files that name the old prefix and were left as they are, with why (bytecode is counted, not listed). */
  kept: external_exports.record(external_exports.string(), external_exports.string()),
  kept_bytecode: count
});
var ManifestSchema = external_exports.object({
  manifest_version: external_exports.number(),
  /** The entry key: the entry's directory name under entries/ (lock/resolve.ts, entryKeyFor). */
  entry_key: external_exports.string(),
  /** The lock key of the build (the lock records it for the build). */
  lock_key: external_exports.string(),
  id: external_exports.string(),
  version: external_exports.string(),
  variant: external_exports.string(),
  /** Interpreter path relative to the entry, e.g. bin/python3.13. */
  python: external_exports.string(),
  /** The prefix the entry was built (or last relocated) for. */
  prefix: external_exports.string(),
  configure: external_exports.array(external_exports.string()),
  compiler: external_exports.object({ name: external_exports.string(), version: external_exports.string(), target: external_exports.string() }),
  expect: external_exports.object({ abiflags: external_exports.string(), macros, sanitizers: external_exports.array(external_exports.string()) }),
  proven: external_exports.object({ abiflags: external_exports.string(), macros, sanitizers: external_exports.array(external_exports.string()), evidence: external_exports.record(external_exports.string(), external_exports.string()) }),
  env: external_exports.record(external_exports.string(), external_exports.string()),
  built_at: external_exports.string(),
  timings: external_exports.record(external_exports.string(), external_exports.number()),
  /** CPU seconds of each build step's processes (configure, make, test, install), from the step's shell. */
  cpu: external_exports.record(external_exports.string(), external_exports.object({ user: external_exports.number(), sys: external_exports.number() })).optional(),
  /** Everything but the manifest itself. */
  size: external_exports.object({ bytes: count, files: count }),
  /** Relative paths of extra files kept with the entry. */
  files: external_exports.object({
    log: external_exports.string(),
    valgrind_suppressions: external_exports.string().optional(),
    /** Sanitizer suppression files copied from the source tree, by options variable (TSAN_OPTIONS...). */
    sanitizer_suppressions: external_exports.record(external_exports.string().regex(SANITIZER_OPTIONS_VARIABLE), external_exports.string()).optional()
  }),
  /** What the slim install left out (absent when the variant has slim: false). */
  slim: external_exports.object({ removed_bytes: count, removed: count }).optional(),
  contents: external_exports.object({
    /** FILE_LIST_FILE: the hash of every file (see entry-hashes.ts), and its own SHA-256. */
    list: external_exports.string(),
    list_sha256: sha256,
    /** The interpreter, the links that lead to it, and libpython: checked on every read. */
    core: external_exports.record(external_exports.string(), FileRecordSchema)
  }),
  /** Present when the entry was moved from the prefix it was built for. */
  relocation: RelocationSchema.optional()
});
export {
  ManifestSchema,
  RelocationSchema
};
