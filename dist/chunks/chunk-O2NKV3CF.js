import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  TestSelectionSchema
} from "./chunk-ESPMQRT5.js";
import {
  _enum,
  array,
  boolean,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  union
} from "./chunk-QL4V2YBX.js";
import {
  MACRO_NAMES
} from "./chunk-OCXTFSZJ.js";

// src/lock/schema.ts
var hex = (n) => string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
var LockedTarballSchema = strictObject({
  version: string(),
  /** The tarball URL as declared (python.org form); mirrors are applied at download time. */
  url: string(),
  file: string(),
  sha256: hex(64),
  md5: hex(32),
  size: number().int().nonnegative(),
  /**
   * Present when `pydebug lock` verified the file's Sigstore bundle: the identity that signed it,
   * and, when the bundle was verified with PYDEBUG_SIGSTORE_TRUSTED_ROOT's root instead of the
   * embedded public-good one, that root file's SHA-256 (so a review sees what was trusted).
   */
  sigstore: strictObject({
    identity: string(),
    issuer: string(),
    trustedRoot: string().regex(/^sha256:[0-9a-f]{64}$/).optional()
  }).optional()
});
var LockedGitSchema = strictObject({
  /** The repository as pydebug.yml gives it. */
  git: string(),
  ref: string(),
  /** The full commit id (40 hex) `pydebug lock` resolved the ref to; sync fetches exactly it. */
  commit: hex(40),
  /** PY_VERSION from the commit's Include/patchlevel.h, e.g. "3.16.0a2+". */
  version: string()
});
var LockedSourceSchema = union([LockedTarballSchema, LockedGitSchema]);
var MacroSetSchema = strictObject(Object.fromEntries(MACRO_NAMES.map((m) => [m, boolean()])));
var BuildOptionsSchema = strictObject({
  /** --with-tail-call-interp: sysconfig Py_TAIL_CALL_INTERP=1. */
  tail_call: literal(true).optional(),
  /** --enable-experimental-jit=<mode>: -D_Py_TIER2=<n> in CFLAGS_NODIST; sys._jit (3.14+). */
  jit: _enum(["yes", "yes-off", "interpreter"]).optional(),
  /** The LLVM major Tools/jit/_llvm.py wants (for jit yes and yes-off): sync checks it is installed. */
  jit_llvm: number().int().positive().optional(),
  /** --with-strict-overflow: -fstrict-overflow in sysconfig's BASECFLAGS. */
  strict_overflow: literal(true).optional()
});
var ExpectationsSchema = strictObject({
  /** sys.abiflags, e.g. "d", "td", "". */
  abiflags: string(),
  /** Sanitizers the interpreter must be compiled with (-fsanitize=...). */
  sanitizers: array(string()),
  /** For a git source: the commit sys._git must name (absent for releases). */
  commit: hex(40).optional(),
  macros: MacroSetSchema,
  options: BuildOptionsSchema.optional()
});
var LockedBuildSchema = strictObject({
  /** The entry of `sources` it is built from: a release's version, or a git source's name. */
  source: string(),
  variant: string(),
  /**
   * The exact ./configure arguments, in order. pydebug adds only --prefix=<store entry> when it
   * runs configure, since the install location is the machine's, not the project's.
   */
  configure: array(string()),
  /** The CFLAGS given to configure (also inside `configure` as CFLAGS=...). */
  cflags: array(string()),
  /** The compiler declared in pydebug.yml, or null for the machine's default ($CC, else cc/gcc). */
  compiler: string().nullable(),
  /** Leave the test suite (but test.support) and the static libpython out of the install. */
  slim: boolean(),
  test: TestSelectionSchema,
  /** Runtime environment for `pydebug run` and the Action (does not change the build). */
  env: record(string(), string()),
  expect: ExpectationsSchema,
  /**
   * The lock key: a digest of everything in the lock that changes the built files (lock version,
   * build recipe version, source SHA-256, configure arguments, compiler choice, slim install). The
   * entry key extends it with the machine's platform and compiler identity (see lockKeyFor).
   */
  lock_key: string(),
  /**
   * The registry artifacts `pydebug lock` found for this build: the manifest digest
   * ("sha256:<hex>") of each, by the machine part of its entry key. sync pulls a pinned build
   * only by this digest. Absent when none was found or no registry is configured.
   */
  artifacts: record(string(), string()).optional()
});
var PreviousLockedBuildSchema = LockedBuildSchema.omit({ source: true, lock_key: true }).extend({ version: string(), cache_key: string() });
var LockSchema = object({
  lock_version: number().int(),
  /** Keyed by a release's version or a git source's name. */
  sources: record(string(), LockedSourceSchema),
  /** Keyed by entry id, "<source>-<variant>". */
  builds: record(string(), LockedBuildSchema)
});

export {
  LockedSourceSchema,
  PreviousLockedBuildSchema,
  LockSchema
};
