/**
 * share/pydebug/manifest.json, the record a build leaves in its store entry. When read back it is
 * input like any other file: its shape is checked, its size is bounded, and every path it names
 * must be relative and inside the entry before pydebug uses it.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { SANITIZER_OPTIONS_VARIABLE } from '../config/cpython.js';
import { MACRO_NAMES, type MacroName } from '../lock/types.js';
import { ENTRY_FORMAT_VERSION } from '../lock/resolve.js';
import { readBounded } from '../files/read-text.js';
import { assertInside, isStrictlyInside, OutsideError } from '../files/contained.js';
import { coreFiles, formatFileList, hashTree, sha256Of, type FileList } from './entry-hashes.js';

/** Bump when the manifest's shape changes: entries with another version read as damaged and are rebuilt. */
/** The manifest's format: the entry format, which the entry key carries (see entryKeyFor). */
export const MANIFEST_VERSION = ENTRY_FORMAT_VERSION;
/** Inside an entry: pydebug's own files. */
export const ENTRY_META_DIR = join('share', 'pydebug');
/** Relative to the entry, with `/`, as the file list names files. */
export const MANIFEST_FILE = 'share/pydebug/manifest.json';
export const FILE_LIST_FILE = 'share/pydebug/files.sha256';
/** A manifest is a few kB; anything near this is not one. */
const MANIFEST_LIMIT = 1024 * 1024;

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
const RelocationSchema = z.object({
  built_prefix: z.string(),
  built_list_sha256: sha256,
  relocated_at: z.string(),
  files: z.record(z.string(), z.object({ how: z.enum(['text', 'shebang', 'bytecode']), built: ContentSchema, now: ContentSchema })),
  /** Files that name the old prefix and were left as they are, with why (bytecode is counted, not listed). */
  kept: z.record(z.string(), z.string()),
  kept_bytecode: count,
});

const ManifestSchema = z.object({
  manifest_version: z.number(),
  key: z.string(),
  cache_key: z.string(),
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

export type ManifestRead = { manifest: Manifest } | { damaged: string } | { missing: true };

/** Reads and checks the shape of an entry's manifest; never throws for what is on disk. */
export async function readManifest(entryDir: string): Promise<ManifestRead> {
  let read;
  try {
    read = await readBounded(join(entryDir, MANIFEST_FILE), MANIFEST_LIMIT);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    return { damaged: `its manifest ${MANIFEST_FILE} cannot be read (${code ?? (e as Error).message})` };
  }
  if ('problem' in read) {
    return { damaged: `its manifest ${MANIFEST_FILE} ${read.problem === 'not a file' ? 'is not a file' : `is larger than ${MANIFEST_LIMIT} bytes`}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(read.data.toString('utf8'));
  } catch {
    return { damaged: 'its manifest is not valid JSON' };
  }
  // Checked first: an entry from an older pydebug is told apart from a broken one.
  const version = (json as { manifest_version?: unknown } | null)?.manifest_version;
  if (typeof version === 'number' && version !== MANIFEST_VERSION) {
    return { damaged: `its manifest has version ${version}, this pydebug reads version ${MANIFEST_VERSION}` };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { damaged: `its manifest is not a pydebug manifest: ${where}${issue.message}` };
  }
  return { manifest: parsed.data };
}

/** Every path a manifest names, with the field that names it. */
function namedPaths(manifest: Manifest): Array<[field: string, path: string]> {
  const paths: Array<[string, string]> = [
    ['python', manifest.python],
    ['files.log', manifest.files.log],
    ['contents.list', manifest.contents.list],
    ...Object.keys(manifest.contents.core).map((p): [string, string] => ['contents.core', p]),
  ];
  for (const p of Object.keys(manifest.relocation?.files ?? {})) paths.push(['relocation.files', p]);
  if (manifest.files.valgrind_suppressions !== undefined) paths.push(['files.valgrind_suppressions', manifest.files.valgrind_suppressions]);
  for (const [variable, path] of Object.entries(manifest.files.sanitizer_suppressions ?? {})) paths.push([`files.sanitizer_suppressions.${variable}`, path]);
  return paths;
}

/**
 * Why a path the manifest names is not to be used (absolute, climbing out, or through a
 * symlinked directory leading elsewhere; the interpreter without a recorded hash), or undefined
 * when all are inside the entry.
 */
export async function manifestPathProblem(entryDir: string, manifest: Manifest): Promise<string | undefined> {
  for (const [field, path] of namedPaths(manifest)) {
    if (/[\u0000-\u001f\u007f]/.test(path)) return `its manifest names ${field} ${JSON.stringify(path)}, which is not a path (a NUL or control character)`;
    const problem = `its manifest names ${field} ${JSON.stringify(path)}, which is not inside the entry`;
    if (isAbsolute(path) || !isStrictlyInside(entryDir, join(entryDir, path))) return problem;
    try {
      await assertInside(entryDir, join(entryDir, path), field);
    } catch (e) {
      if (e instanceof OutsideError) return problem;
      throw e;
    }
  }
  if (!Object.hasOwn(manifest.contents.core, manifest.python)) return `its manifest records no hash for its interpreter ${manifest.python}`;
  return undefined;
}

/** The SHA-256 of the file list as the entry was built: the one its archive carried before any relocation. */
export function builtListSha256(manifest: Manifest): string {
  return manifest.relocation?.built_list_sha256 ?? manifest.contents.list_sha256;
}

/**
 * Why a relocated entry's file list does not agree with its relocation record, or undefined:
 * each rewritten file must be in the list as the record says it is now, and the list with those
 * files put back as built must hash to the list as built. Pure.
 */
export function relocationListProblem(files: FileList, relocation: Relocation | undefined): string | undefined {
  if (!relocation) return undefined;
  const built: FileList = new Map(files);
  for (const [path, record] of Object.entries(relocation.files)) {
    const now = files.get(path);
    if (now?.kind !== 'f' || now.sha256 !== record.now.sha256 || now.bytes !== record.now.bytes) {
      return `its relocation record names ${path} as rewritten, and its file list does not have it so`;
    }
    built.set(path, { kind: 'f', ...record.built });
  }
  if (sha256Of(formatFileList(built)) !== relocation.built_list_sha256) return 'its file list differs from the list it was built with in more than the files its relocation rewrote';
  return undefined;
}

/**
 * Hashes every file of a built prefix (but the manifest), writes the list beside the manifest
 * and returns what the manifest records of it. `python` is the interpreter, relative.
 */
export async function recordContents(prefix: string, python: string): Promise<Manifest['contents']> {
  const tree = await hashTree(prefix, [MANIFEST_FILE, FILE_LIST_FILE]);
  if (tree.others.length > 0) throw new Error(`the install left ${tree.others[0]} in ${prefix}: neither a file, a link nor a directory`);
  const list = formatFileList(tree.files);
  await writeFile(join(prefix, FILE_LIST_FILE), list);
  return { list: FILE_LIST_FILE, list_sha256: sha256Of(list), core: await coreFiles(prefix, python, tree.files) };
}
