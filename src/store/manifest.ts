/**
 * share/pydebug/manifest.json, the record a build leaves in its store entry. When read back it is
 * input like any other file: its shape is checked, its size is bounded, and every path it names
 * must be relative and inside the entry before pydebug uses it.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { SANITIZER_OPTIONS_VARIABLE } from '../config/cpython.js';
import { assertInside, isStrictlyInside, OutsideError } from '../files/contained.js';
import { readBounded } from '../files/read-text.js';
import { ENTRY_FORMAT_VERSION } from '../lock/resolve.js';
import { MACRO_NAMES } from '../lock/types.js';
import { coreFiles, type FileList, formatFileList, hashTree, sha256Of } from './entry-hashes.js';
import type { Manifest, Relocation } from './manifest-schema.js';

/**
 * The manifest's format: the entry format (ENTRY_FORMAT_VERSION), which the entry key carries, so
 * an entry of another format lies under another key; one found under this format's key is damaged.
 */
export const MANIFEST_VERSION = ENTRY_FORMAT_VERSION;
/** Inside an entry: pydebug's own files. */
export const ENTRY_META_DIR = join('share', 'pydebug');
/** Relative to the entry, with `/`, as the file list names files. */
export const MANIFEST_FILE = 'share/pydebug/manifest.json';
export const FILE_LIST_FILE = 'share/pydebug/files.sha256';
/** A manifest is a few kB; anything near this is not one. */
const MANIFEST_LIMIT = 1024 * 1024;

export type { Manifest, Relocation } from './manifest-schema.js';

// The manifest checked by hand, as manifest-schema.ts describes it: loading zod cost every `run`
// and `which` about 40 ms. A check returns the value as zod would (objects with only the fields
// the schema names) or FAIL for anything the schema would reject: those manifests go to zod,
// which says why.
const FAIL = Symbol('not of the schema');
type Check = (v: unknown) => unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const when =
  (test: (v: unknown) => boolean): Check =>
  (v) =>
    test(v) ? v : FAIL;
const str = when((v) => typeof v === 'string');
const num = when((v) => typeof v === 'number' && Number.isFinite(v));
const bool = when((v) => typeof v === 'boolean');
const count = when((v) => Number.isSafeInteger(v) && (v as number) >= 0);
const sha256 = when((v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
const oneOf = (...values: string[]) => when((v) => typeof v === 'string' && values.includes(v));
const array =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return FAIL;
    const out = v.map(item);
    return out.includes(FAIL) ? FAIL : out;
  };
const record =
  (value: Check, key: (k: string) => boolean = () => true): Check =>
  (v) => {
    if (!isObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const checked = value(x);
      if (!key(k) || checked === FAIL) return FAIL;
      Object.defineProperty(out, k, { value: checked, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
/** An object of these fields (those named in `optional` may be absent); other fields are dropped, as zod drops them. */
const object =
  (shape: Record<string, Check>, optional: string[] = []): Check =>
  (v) => {
    if (!isObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      if (optional.includes(k) && v[k] === undefined) continue;
      const checked = check(v[k]);
      if (checked === FAIL) return FAIL;
      out[k] = checked;
    }
    return out;
  };

const macros = object(Object.fromEntries(MACRO_NAMES.map((m) => [m, bool])));
const content = object({ sha256, bytes: count });
const relocation = object({
  built_prefix: str,
  built_list_sha256: sha256,
  relocated_at: str,
  files: record(object({ how: oneOf('text', 'shebang', 'bytecode'), built: content, now: content })),
  kept: record(str),
  kept_bytecode: count,
});
const isManifest = object(
  {
    manifest_version: num,
    entry_key: str,
    lock_key: str,
    id: str,
    version: str,
    variant: str,
    python: str,
    prefix: str,
    configure: array(str),
    compiler: object({ name: str, version: str, target: str }),
    expect: object({ abiflags: str, macros, sanitizers: array(str) }),
    proven: object({ abiflags: str, macros, sanitizers: array(str), evidence: record(str) }),
    env: record(str),
    built_at: str,
    timings: record(num),
    cpu: record(object({ user: num, sys: num })),
    size: object({ bytes: count, files: count }),
    files: object({ log: str, valgrind_suppressions: str, sanitizer_suppressions: record(str, (k) => SANITIZER_OPTIONS_VARIABLE.test(k)) }, ['valgrind_suppressions', 'sanitizer_suppressions']),
    slim: object({ removed_bytes: count, removed: count }),
    contents: object({ list: str, list_sha256: sha256, core: record(object({ sha256, bytes: count, kind: oneOf('f', 'l') })) }),
    relocation,
  },
  ['cpu', 'slim', 'relocation'],
);

/** The manifest as ManifestSchema would return it, or undefined when the schema would reject it; without loading zod. */
export function manifestOf(v: unknown): Manifest | undefined {
  const checked = isManifest(v);
  return checked === FAIL ? undefined : (checked as Manifest);
}

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
  const manifest = manifestOf(json);
  if (manifest) return { manifest };
  const parsed = (await import('./manifest-schema.js')).ManifestSchema.safeParse(json);
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
