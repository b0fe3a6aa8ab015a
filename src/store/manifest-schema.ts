/**
 * The shape of share/pydebug/manifest.json in zod: the reference the hand-written check in
 * manifest.ts (manifestOf) follows, and what says why a manifest that fails that check is not
 * one. Loaded only then, so that `run` and `which` do not load zod.
 */
import { z } from 'zod';
import { SANITIZER_OPTIONS_VARIABLE } from '../config/cpython.js';
import { MACRO_NAMES, type MacroName } from '../lock/types.js';

// As config/schema.ts: a few records per process, so zod's JIT costs more than it saves.
z.config({ jitless: true });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();
const macros = z.object(Object.fromEntries(MACRO_NAMES.map((m) => [m, z.boolean()])) as Record<MacroName, z.ZodBoolean>);
const FileRecordSchema = z.object({ sha256, bytes: count, kind: z.enum(['f', 'l']) });
const ContentSchema = z.object({ sha256, bytes: count });

/**
 * Where an entry was built and what was rewritten to move it to `prefix` (relocate.ts): each
 * rewritten file's content as built and as it is now, and the file list's hash as built (what
 * the archive it came from carried), so the list now is the list as built but for these files.
 */
export const RelocationSchema = z.object({
  built_prefix: z.string(),
  built_list_sha256: sha256,
  relocated_at: z.string(),
  files: z.record(z.string(), z.object({ how: z.enum(['text', 'shebang', 'bytecode']), built: ContentSchema, now: ContentSchema })),
  /** Files that name the old prefix and were left as they are, with why (bytecode is counted, not listed). */
  kept: z.record(z.string(), z.string()),
  kept_bytecode: count,
});

export const ManifestSchema = z.object({
  manifest_version: z.number(),
  /** The entry key: the entry's directory name under entries/ (lock/resolve.ts, entryKeyFor). */
  entry_key: z.string(),
  /** The lock key of the build (the lock records it for the build). */
  lock_key: z.string(),
  id: z.string(),
  version: z.string(),
  variant: z.string(),
  /** Interpreter path relative to the entry, e.g. bin/python3.13. */
  python: z.string(),
  /** The prefix the entry was built (or last relocated) for. */
  prefix: z.string(),
  configure: z.array(z.string()),
  compiler: z.object({ name: z.string(), version: z.string(), target: z.string() }),
  expect: z.object({ abiflags: z.string(), macros, sanitizers: z.array(z.string()) }),
  proven: z.object({ abiflags: z.string(), macros, sanitizers: z.array(z.string()), evidence: z.record(z.string(), z.string()) }),
  env: z.record(z.string(), z.string()),
  built_at: z.string(),
  timings: z.record(z.string(), z.number()),
  /** CPU seconds of each build step's processes (configure, make, test, install), from the step's shell. */
  cpu: z.record(z.string(), z.object({ user: z.number(), sys: z.number() })).optional(),
  /** Everything but the manifest itself. */
  size: z.object({ bytes: count, files: count }),
  /** Relative paths of extra files kept with the entry. */
  files: z.object({
    log: z.string(),
    valgrind_suppressions: z.string().optional(),
    /** Sanitizer suppression files copied from the source tree, by options variable (TSAN_OPTIONS...). */
    sanitizer_suppressions: z.record(z.string().regex(SANITIZER_OPTIONS_VARIABLE), z.string()).optional(),
  }),
  /** What the slim install left out (absent when the variant has slim: false). */
  slim: z.object({ removed_bytes: count, removed: count }).optional(),
  contents: z.object({
    /** FILE_LIST_FILE: the hash of every file (see entry-hashes.ts), and its own SHA-256. */
    list: z.string(),
    list_sha256: sha256,
    /** The interpreter, the links that lead to it, and libpython: checked on every read. */
    core: z.record(z.string(), FileRecordSchema),
  }),
  /** Present when the entry was moved from the prefix it was built for. */
  relocation: RelocationSchema.optional(),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type Relocation = z.infer<typeof RelocationSchema>;
