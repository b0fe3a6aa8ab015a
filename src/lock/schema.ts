/**
 * The lock's schema in zod, and its types inferred from it. The field names are the file's
 * names, and each object's fields are declared here in the order pydebug.lock lists them
 * (format.ts writes them in this order; maps whose keys are data are sorted), so this file is the
 * one place that order is written down. The file holds exactly this plus a do-not-edit note:
 * there is no separate on-disk type. Kept apart from types.ts (the constants and types every
 * layer uses) so that what only needs those does not load zod. Pure.
 */
import * as z from 'zod';
import { TestSelectionSchema } from '../config/schema.js';
import { MACRO_NAMES, type MacroName } from './macros.js';

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

/** A release tarball, listed under its version. */
export const LockedTarballSchema = z.strictObject({
  version: z.string(),
  /** The tarball URL as declared (python.org form); mirrors are applied at download time. */
  url: z.string(),
  file: z.string(),
  sha256: hex(64),
  md5: hex(32),
  size: z.number().int().nonnegative(),
  /**
   * Present when `pydebug lock` verified the file's Sigstore bundle: the identity that signed it,
   * and, when the bundle was verified with PYDEBUG_SIGSTORE_TRUSTED_ROOT's root instead of the
   * embedded public-good one, that root file's SHA-256 (so a review sees what was trusted).
   */
  sigstore: z
    .strictObject({
      identity: z.string(),
      issuer: z.string(),
      trustedRoot: z
        .string()
        .regex(/^sha256:[0-9a-f]{64}$/)
        .optional(),
    })
    .optional(),
});

/** A git source, listed under its name: the commit its ref resolved to, and that tree's version. */
export const LockedGitSchema = z.strictObject({
  /** The repository as pydebug.yml gives it. */
  git: z.string(),
  ref: z.string(),
  /** The full commit id (40 hex) `pydebug lock` resolved the ref to; sync fetches exactly it. */
  commit: hex(40),
  /** PY_VERSION from the commit's Include/patchlevel.h, e.g. "3.16.0a2+". */
  version: z.string(),
});

export const LockedSourceSchema = z.union([LockedTarballSchema, LockedGitSchema]);

const MacroSetSchema = z.strictObject(Object.fromEntries(MACRO_NAMES.map((m) => [m, z.boolean()])) as Record<MacroName, z.ZodBoolean>);

/**
 * The build options a variant sets beyond the macros (CPython 3.12+), each proven on the built
 * interpreter. Written only when a variant sets one, so a lock without them reads and serializes
 * as before. Not part of the lock key (the configure arguments that set them are).
 */
export const BuildOptionsSchema = z.strictObject({
  /** --with-tail-call-interp: sysconfig Py_TAIL_CALL_INTERP=1. */
  tail_call: z.literal(true).optional(),
  /** --enable-experimental-jit=<mode>: -D_Py_TIER2=<n> in CFLAGS_NODIST; sys._jit (3.14+). */
  jit: z.enum(['yes', 'yes-off', 'interpreter']).optional(),
  /** The LLVM major Tools/jit/_llvm.py wants (for jit yes and yes-off): sync checks it is installed. */
  jit_llvm: z.number().int().positive().optional(),
  /** --with-strict-overflow: -fstrict-overflow in sysconfig's BASECFLAGS. */
  strict_overflow: z.literal(true).optional(),
});

export const ExpectationsSchema = z.strictObject({
  /** sys.abiflags, e.g. "d", "td", "". */
  abiflags: z.string(),
  /** Sanitizers the interpreter must be compiled with (-fsanitize=...). */
  sanitizers: z.array(z.string()),
  /** For a git source: the commit sys._git must name (absent for releases). */
  commit: hex(40).optional(),
  macros: MacroSetSchema,
  options: BuildOptionsSchema.optional(),
});

export const LockedBuildSchema = z.strictObject({
  /** The entry of `sources` it is built from: a release's version, or a git source's name. */
  source: z.string(),
  variant: z.string(),
  /**
   * The exact ./configure arguments, in order. pydebug adds only --prefix=<store entry> when it
   * runs configure, since the install location is the machine's, not the project's.
   */
  configure: z.array(z.string()),
  /** The CFLAGS given to configure (also inside `configure` as CFLAGS=...). */
  cflags: z.array(z.string()),
  /** The compiler declared in pydebug.yml, or null for the machine's default ($CC, else cc/gcc). */
  compiler: z.string().nullable(),
  /** Leave the test suite (but test.support) and the static libpython out of the install. */
  slim: z.boolean(),
  test: TestSelectionSchema,
  /** Runtime environment for `pydebug run` and the Action (does not change the build). */
  env: z.record(z.string(), z.string()),
  expect: ExpectationsSchema,
  /**
   * The lock key: a digest of everything in the lock that changes the built files (lock version,
   * build recipe version, source SHA-256, configure arguments, compiler choice, slim install). The
   * entry key extends it with the machine's platform and compiler identity (see lockKeyFor).
   */
  lock_key: z.string(),
  /**
   * The registry artifacts `pydebug lock` found for this build: the manifest digest
   * ("sha256:<hex>") of each, by the machine part of its entry key. sync pulls a pinned build
   * only by this digest. Absent when none was found or no registry is configured.
   */
  artifacts: z.record(z.string(), z.string()).optional(),
});

/**
 * A build as lock format versions 1 and 2 named its fields: `version` for `source`, `cache_key`
 * for `lock_key` (migrate.ts renames them on read). The registry artifact's config still holds a
 * build in this shape: its format did not change, so artifacts pushed before stay readable.
 */
export const PreviousLockedBuildSchema = LockedBuildSchema.omit({ source: true, lock_key: true }).extend({ version: z.string(), cache_key: z.string() });

export const LockSchema = z.object({
  lock_version: z.number().int(),
  /** Keyed by a release's version or a git source's name. */
  sources: z.record(z.string(), LockedSourceSchema),
  /** Keyed by entry id, "<source>-<variant>". */
  builds: z.record(z.string(), LockedBuildSchema),
});

export type LockedTarball = z.infer<typeof LockedTarballSchema>;
export type LockedGit = z.infer<typeof LockedGitSchema>;
export type LockedSource = z.infer<typeof LockedSourceSchema>;
export type MacroSet = z.infer<typeof MacroSetSchema>;
export type Expectations = z.infer<typeof ExpectationsSchema>;
export type BuildOptions = z.infer<typeof BuildOptionsSchema>;
export type LockedBuild = z.infer<typeof LockedBuildSchema>;
export type PreviousLockedBuild = z.infer<typeof PreviousLockedBuildSchema>;
export type Lock = z.infer<typeof LockSchema>;
