import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  STORE_MARK
} from "./chunk-U7VC4TJB.js";
import {
  CHECKOUT_VERSION_PATTERN,
  OutsideError,
  _enum,
  array,
  assertInside,
  boolean,
  diskFullError,
  external_exports,
  isAlive,
  isDiskFull,
  isStrictlyInside,
  literal,
  makeReadOnly,
  makeTreeReadOnly,
  number,
  object,
  openRegularFile,
  readBounded,
  record,
  removeInside,
  renameInside,
  segmentProblem,
  strictObject,
  string,
  union
} from "./chunk-XNM4ELJI.js";
import {
  PydebugError
} from "./chunk-BEPGXEB4.js";

// src/config/project.ts
var PYTHON_ORG_FTP = "https://www.python.org/ftp/python";
function isGitSpec(s) {
  return "git" in s;
}
function sourceKey(s) {
  return isGitSpec(s) ? s.name : s.version;
}
function releaseDirectory(version) {
  return /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
}
function defaultTarballUrl(version) {
  return `${PYTHON_ORG_FTP}/${releaseDirectory(version)}/Python-${version}.tgz`;
}
function splitFlags(flags) {
  if (flags === void 0) return [];
  const list = typeof flags === "string" ? [flags] : flags;
  return list.flatMap((f) => f.split(/[ \t]+/)).filter((f) => f.length > 0);
}
function entryId(version, variant) {
  return `${version}-${variant}`;
}
function normalizeSource(s) {
  return "git" in s ? { name: s.name ?? s.ref, git: s.git, ref: s.ref } : normalizeRelease(s);
}
function normalizeRelease(s) {
  const url = s.url ?? defaultTarballUrl(s.version);
  return {
    version: s.version,
    md5: s.md5?.toLowerCase(),
    sha256: s.sha256?.toLowerCase(),
    url,
    // A malformed escape gives no name; checkConfig reports it before anything uses the file.
    file: urlFileName(url) ?? ""
  };
}
function normalizeVariant(name, v) {
  return {
    name,
    pydebug: v.pydebug ?? false,
    traceRefs: v.trace_refs ?? false,
    pymalloc: v.pymalloc ?? true,
    pymallocExplicit: v.pymalloc !== void 0,
    valgrind: v.valgrind ?? false,
    assertions: v.assertions ?? false,
    sanitizers: [...new Set(v.sanitizers ?? [])].sort(),
    freethreading: v.freethreading ?? false,
    tailCall: v.tail_call ?? false,
    jit: v.jit === true ? "yes" : v.jit === "off" ? "yes-off" : v.jit === "interpreter" ? "interpreter" : false,
    strictOverflow: v.strict_overflow ?? false,
    optimization: v.optimization,
    compiler: v.compiler,
    cflags: splitFlags(v.cflags),
    configureArgs: [...v.configure_args ?? []],
    env: { ...v.env ?? {} },
    test: v.test ?? false,
    slim: v.slim ?? true
  };
}
function expandMatrix(config) {
  const excluded = config.exclude ?? [];
  const entries = [];
  for (const source of config.python.map(normalizeSource)) {
    const key = sourceKey(source);
    for (const variant of Object.keys(config.variants)) {
      const hit = excluded.some((e) => (e.version === void 0 || e.version === key) && (e.variant === void 0 || e.variant === variant));
      if (!hit) entries.push({ id: entryId(key, variant), version: key, variant });
    }
  }
  return entries;
}
function toProject(config) {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror
  };
}
function findVariant(project, name) {
  const v = project.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}

// src/config/url.ts
var TARBALL_NAME = /\.(tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/;
var CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
function urlFileName(url) {
  try {
    return decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));
  } catch {
    return void 0;
  }
}
function parse(url) {
  try {
    return new URL(url);
  } catch {
    return {
      message: `${JSON.stringify(url)} is not a valid URL`,
      hint: "check the host name and the port (1-65535), e.g. https://www.python.org/ftp/python"
    };
  }
}
function parseDownloadUrl(url) {
  const parsed = parse(url);
  if (!(parsed instanceof URL)) return parsed;
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    return { message: `${JSON.stringify(url)} is not an http://, https:// or file:// URL`, hint: "pydebug downloads over http(s) or reads a local file:// URL" };
  }
  if (parsed.port === "0") return { message: `${JSON.stringify(url)} names port 0, which nothing listens on`, hint: "leave the port out, or give the server's port" };
  return parsed;
}
function fileUrlProblem(url, parsed) {
  if (parsed.host !== "" && parsed.host !== "localhost") {
    return {
      message: `${JSON.stringify(url)} names a host (${parsed.host}); a file:// URL names a local directory`,
      hint: `write three slashes: file:///${parsed.host}${parsed.pathname}`
    };
  }
  if (/%2f|%5c/i.test(parsed.pathname)) {
    return { message: `${JSON.stringify(url)} contains an encoded path separator (%2F or %5C)`, hint: "write the directory with plain slashes" };
  }
  let path;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { message: `${JSON.stringify(url)} has a malformed percent escape`, hint: "write a literal % as %25, or use the plain directory path instead of a file:// URL" };
  }
  if (CONTROL_CHARACTER.test(path)) return { message: `${JSON.stringify(url)} decodes to a path with a NUL or control character`, hint: "remove the %00..%1F escapes" };
  return void 0;
}
function sourceUrlProblem(url, version) {
  const parsed = parseDownloadUrl(url);
  if (!(parsed instanceof URL)) return parsed;
  const example = `https://www.python.org/ftp/python/${releaseDirectory(version)}/Python-${version}.tar.xz`;
  const file = urlFileName(url);
  if (file === void 0) {
    return {
      message: "url has a malformed percent escape in its last segment (the tarball's file name)",
      hint: `write a literal % as %25; the last segment must be the tarball's name, e.g. ${example}`
    };
  }
  const problem = segmentProblem(file);
  if (problem) {
    return {
      message: `url gives the file name ${JSON.stringify(file)}, which cannot be used: ${problem}`,
      hint: `the url's last segment is the tarball's file name in the store: make it a plain name (no %2F, %5C, .. or control characters), e.g. ${example}`
    };
  }
  if (!TARBALL_NAME.test(file)) {
    return { message: "url must end with a source tarball name (.tgz, .tar.gz, .tar.xz, .tar.bz2)", hint: `for example ${example}` };
  }
  return parsed.protocol === "file:" ? fileUrlProblem(url, parsed) : void 0;
}
function isRelativeDirectory(mirror) {
  return !mirror.startsWith("/") && !mirror.startsWith("~") && !mirror.includes(":");
}
function mirrorProblem(mirror, relative2 = false) {
  const problem = mirrorProblemShown(mirror, relative2);
  return problem && { ...problem, message: redactUserInfo(problem.message) };
}
function mirrorProblemShown(mirror, relative2) {
  if (relative2 && isRelativeDirectory(mirror)) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain path" } : void 0;
  }
  if (relative2 && !/^(https?|file):\/\//.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor a directory`,
      hint: "use an http(s):// or file:// URL, or a directory (absolute, or relative to pydebug.yml's directory; `~` is not expanded), laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  if (mirror.startsWith("/")) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain absolute path" } : void 0;
  }
  if (!/^(https?|file):\/\/\S+$/.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor an absolute directory`,
      hint: "use an http(s):// or file:// URL, or an absolute path, laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  const parsed = parseDownloadUrl(mirror);
  if (!(parsed instanceof URL)) return parsed;
  return parsed.protocol === "file:" ? fileUrlProblem(mirror, parsed) : void 0;
}
var USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*)@/gi;
function redactUserInfo(text) {
  return text.replace(USER_INFO, (_all, scheme, info) => {
    const colon = info.indexOf(":");
    return colon === -1 ? `${scheme}***@` : `${scheme}${info.slice(0, colon)}:***@`;
  });
}

// src/config/schema.ts
var VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$/;
var MD5_PATTERN = /^[0-9a-fA-F]{32}$/;
var SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
var VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
var SANITIZERS = ["address", "undefined", "memory", "thread"];
var OPTIMIZATION_LEVELS = ["O0", "Og", "O1", "O2", "O3", "Os"];
var versionString = string({
  error: (issue) => issue.input === void 0 ? "version is required" : typeof issue.input === "number" ? `version must be a quoted string: YAML reads ${String(issue.input)} as a number (write "3.13.2", with quotes)` : 'version must be a string such as "3.13.2"'
}).regex(VERSION_PATTERN, 'version must be a full CPython release such as "3.13.2" or "3.14.0rc1"');
var TestSelectionSchema = union([boolean(), literal("quick"), array(string())]);
var SourceSchema = strictObject({
  version: versionString.describe('CPython release to build, e.g. "3.13.2" (quoted).'),
  md5: string().regex(MD5_PATTERN, "md5 must be 32 hexadecimal digits").optional().describe("Expected MD5 of the tarball, as python.org release pages list it up to 3.13.11."),
  sha256: string().regex(SHA256_PATTERN, "sha256 must be 64 hexadecimal digits").optional().describe("Expected SHA-256 of the tarball (preferred; newer releases publish only SHA-256)."),
  url: string().regex(/^(https?|file):\/\/\S+$/, "url must be an http://, https:// or file:// URL").optional().describe(
    "Tarball URL. Default: https://www.python.org/ftp/python/<version>/Python-<version>.tgz, where the directory of a pre-release is its base version (3.15.0/Python-3.15.0a2.tgz). PYDEBUG_MIRROR or `mirror` rewrite python.org URLs."
  )
}).describe("A CPython source release. Give md5 and/or sha256.");
var GitSourceSchema = strictObject({
  git: string({ error: "git must be a repository URL or path, e.g. https://github.com/python/cpython" }).describe("Repository: an https://, http://, git:// or file:// URL, or a local path (absolute, or ./ ../ relative to pydebug.yml)."),
  ref: string({ error: (issue) => issue.input === void 0 ? "ref is required: a branch, tag or full commit, e.g. ref: main" : 'ref must be a string such as "main"' }).describe("Branch, tag or full commit to build. `pydebug lock` pins its commit; `pydebug lock --upgrade` moves the pin."),
  name: string().optional().describe("Name of the entries (<name>-<variant>) and of the source for --python. Default: the ref.")
}).describe("A CPython git checkout: the lock pins the commit and the version in Include/patchlevel.h.");
var VariantSchema = strictObject({
  pydebug: boolean().optional().describe('--with-pydebug: Py_DEBUG (implies Py_REF_DEBUG and asserts), abiflag "d". Extensions must be rebuilt.'),
  trace_refs: boolean().optional().describe("--with-trace-refs: Py_TRACE_REFS, sys.getobjects(), PYTHONDUMPREFS. ABI-incompatible before 3.13."),
  pymalloc: boolean().optional().describe("false: --without-pymalloc, so Valgrind sees every allocation. Default: true."),
  valgrind: boolean().optional().describe("--with-valgrind: WITH_VALGRIND (needs valgrind/valgrind.h when configuring)."),
  assertions: boolean().optional().describe("--with-assertions: keep assert() on in a release build (pydebug already does)."),
  sanitizers: array(_enum(SANITIZERS)).optional().describe(
    "--with-address-sanitizer, --with-undefined-behavior-sanitizer, --with-thread-sanitizer (3.13+; clang-19 as CPython CI). memory is refused: MemorySanitizer needs every loaded library instrumented."
  ),
  freethreading: boolean().optional().describe('--disable-gil: free-threaded build, Py_GIL_DISABLED, abiflag "t" (3.13+).'),
  tail_call: boolean().optional().describe("--with-tail-call-interp: the tail-calling interpreter, Py_TAIL_CALL_INTERP (3.14+; needs clang 19 or newer as compiler)."),
  jit: union([boolean(), _enum(["off", "interpreter"])]).optional().describe(
    '--enable-experimental-jit (3.13+): true (=yes, on), "off" (=yes-off: built in, off until PYTHON_JIT=1) or "interpreter" (the tier-2 interpreter, no machine code). true and "off" need clang and llvm-readobj of the LLVM version the release wants (3.13: 18, 3.14: 19, 3.15: 21) when building.'
  ),
  strict_overflow: boolean().optional().describe("--with-strict-overflow (3.12+): -fstrict-overflow instead of -fno-strict-overflow, so UBSan under clang reports signed overflow (as CPython's UBSan CI builds)."),
  optimization: _enum(OPTIMIZATION_LEVELS).optional().describe("Compiler optimisation level added to CFLAGS, e.g. O0 for debuggers (pydebug alone uses -Og)."),
  compiler: string().regex(/^[A-Za-z0-9_.+\/-]+$/, 'compiler must be a command name or path such as "clang" or "/usr/bin/gcc-13"').optional().describe("C compiler (CC) for this variant, e.g. clang. Default: $CC, else the platform compiler."),
  cflags: union([string(), array(string())]).optional().describe('Extra compiler flags passed to configure as CFLAGS, e.g. ["-DPy_REF_DEBUG"] or "-DPy_REF_DEBUG -g3".'),
  configure_args: array(string()).optional().describe('Extra ./configure arguments (escape hatch), e.g. ["--with-lto", "--without-doc-strings"].'),
  env: record(string().regex(ENV_NAME_PATTERN, "environment variable names are letters, digits and _"), string()).optional().describe("Environment for `pydebug run` and the Action, e.g. {PYTHONMALLOC: malloc}. Does not change the build."),
  slim: boolean().optional().describe(
    "Default true: leave CPython's own test suite (except test.support) and the static libpython out of the installed interpreter, halving the cache archive. Set false to run `python -m test` or to embed Python."
  ),
  test: TestSelectionSchema.optional().describe(`Run CPython's tests after make: true (make test), "quick" (make quicktest), or a list of test names.`)
}).describe("A debug variant: how to configure and build CPython.");
var ExcludeSchema = strictObject({
  version: string().optional().describe('Version ("3.13.2") or git source name ("main") to exclude, or all when omitted.'),
  variant: string().optional().describe("Variant to exclude, or all variants when omitted.")
}).describe("A matrix entry (version × variant) to leave out, as in GitHub's strategy.matrix.exclude.");
var ConfigSchema = strictObject({
  python: array(union([SourceSchema, GitSourceSchema]), { error: 'python must be a list of releases, e.g. - version: "3.13.2"' }).min(1, "python must list at least one release").describe("CPython releases (version:) and git checkouts (git:, ref:) to build."),
  variants: record(string().regex(VARIANT_NAME_PATTERN, 'variant names are letters, digits, ".", "_" and "-", starting with a letter or digit'), VariantSchema, {
    error: "variants must be a mapping of names to options, e.g. debug: {pydebug: true}"
  }).describe("Named debug variants; every release is built in every variant (minus exclude)."),
  exclude: array(ExcludeSchema).optional().describe("Matrix entries to leave out."),
  mirror: string().optional().describe("Base URL or directory (absolute, or relative to pydebug.yml's directory) replacing https://www.python.org/ftp/python (same <version>/<file> layout). PYDEBUG_MIRROR overrides it.")
}).describe("pydebug.yml: CPython debug variants to build, lock and cache.");
var KNOWN_KEYS = {
  top: Object.keys(ConfigSchema.shape),
  source: Object.keys(SourceSchema.shape),
  git: Object.keys(GitSourceSchema.shape),
  variant: Object.keys(VariantSchema.shape),
  exclude: Object.keys(ExcludeSchema.shape)
};

// src/lock/types.ts
var LOCK_VERSION = 1;
var MACRO_NAMES = ["Py_DEBUG", "Py_REF_DEBUG", "Py_TRACE_REFS", "WITH_PYMALLOC", "WITH_VALGRIND", "Py_GIL_DISABLED", "NDEBUG"];
var hex = (n) => string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
var LockedTarballSchema = strictObject({
  version: string(),
  /** The tarball URL as declared (python.org form); mirrors are applied at download time. */
  url: string(),
  file: string(),
  sha256: hex(64),
  md5: hex(32),
  size: number().int().nonnegative()
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
  /** The source's key in `sources`: a release version, or a git source's name. */
  version: string(),
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
  cache_key: string()
});
var LockSchema = object({
  lock_version: number().int(),
  /** Keyed by a release's version or a git source's name. */
  sources: record(string(), LockedSourceSchema),
  /** Keyed by entry id, "<version>-<variant>". */
  builds: record(string(), LockedBuildSchema)
});
function isGitSource(s) {
  return "git" in s;
}

// src/store/store.ts
import { constants } from "node:fs";
import { randomBytes } from "node:crypto";
import { access, lstat as lstat3, mkdir as mkdir3, readdir as readdir2, realpath, rm as rm4, stat, statfs, writeFile as writeFile5 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/store/compiler-facts.ts
import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { lstat, rm, writeFile } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";
var RECORD_LIMIT = 16 * 1024;
var RECORD_VERSION = 1;
function resolveProgram(command, path, cwd) {
  const candidates = command.includes("/") ? [resolve(cwd, command)] : (path ?? "").split(delimiter).flatMap((d) => d && isAbsolute(d) ? [join(d, command)] : []);
  for (const c of candidates) {
    const st = statSync(c, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 73) !== 0) return c;
  }
  return void 0;
}
function compilerRecordName(command, path, cwd) {
  const found = resolveProgram(command, path, cwd);
  if (found === void 0) return void 0;
  try {
    const real = realpathSync(found);
    const st = statSync(real, { bigint: true });
    const identity = [RECORD_VERSION, command, path ?? "", found, real, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join("\0");
    return `compiler-${createHash("sha256").update(identity).digest("hex").slice(0, 32)}.json`;
  } catch {
    return void 0;
  }
}
function isFacts(value) {
  const v = value;
  return typeof v === "object" && v !== null && typeof v.version === "string" && typeof v.target === "string" && !/[\n\r]/.test(v.version + v.target);
}
async function readCompilerFacts(dir, name) {
  try {
    const read = await readBounded(join(dir, name), RECORD_LIMIT);
    if (!("data" in read)) return void 0;
    const parsed = JSON.parse(read.data.toString("utf8"));
    return isFacts(parsed) ? { version: parsed.version, target: parsed.target } : void 0;
  } catch {
    return void 0;
  }
}
async function writeCompilerFacts(dir, name, facts) {
  const temp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    if (!(await lstat(dir)).isDirectory()) return;
    await writeFile(temp, `${JSON.stringify(facts)}
`, { flag: "wx" });
    await renameInside(dir, temp, join(dir, name), "a compiler record");
  } catch {
    await rm(temp, { force: true }).catch(() => void 0);
  }
}

// src/store/entry-hashes.ts
import { createHash as createHash2 } from "node:crypto";
import { lstatSync, readdirSync } from "node:fs";
import { lstat as lstat2, mkdir, readdir, readlink, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { basename, dirname, join as join2, posix, relative, sep } from "node:path";
function sha256Of(data) {
  return createHash2("sha256").update(data).digest("hex");
}
var CHUNK = 1 << 20;
async function hashFile(path) {
  const { handle, stats: st } = await openRegularFile(path);
  try {
    const hash = createHash2("sha256");
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, st.size + 1));
    let bytes = 0;
    for (let n = -1; n !== 0; bytes += n) {
      ({ bytesRead: n } = await handle.read(buffer, 0, buffer.length, null));
      hash.update(buffer.subarray(0, n));
    }
    return { sha256: hash.digest("hex"), bytes };
  } finally {
    await handle.close();
  }
}
async function hashLink(path) {
  const target = await readlink(path, { encoding: "buffer" });
  return { sha256: sha256Of(target), bytes: target.length, kind: "l" };
}
async function hashEntryFile(path, kind) {
  if (kind === "l") return hashLink(path);
  return { ...await hashFile(path), kind: "f" };
}
var HASH_CONCURRENCY = 4;
async function mapBounded(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
function entryRelative(root, path) {
  return relative(root, path).split(sep).join("/");
}
async function hashTree(root, exclude) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join2(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (e.isFile()) todo.push({ rel, kind: "f" });
    else if (e.isSymbolicLink()) todo.push({ rel, kind: "l" });
    else others.push(rel);
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join2(root, rel), kind));
  const files = new Map(todo.map(({ rel }, i) => [rel, records[i]]));
  return { files, others: others.sort() };
}
async function hashTreeStamped(root, exclude, expected, stampFile) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const fresh = {};
  const files = /* @__PURE__ */ new Map();
  const stats = /* @__PURE__ */ new Map();
  const todo = [];
  const others = [];
  for (const e of entries) {
    if (e.isDirectory()) continue;
    const rel = entryRelative(root, join2(e.parentPath, e.name));
    if (exclude.includes(rel)) continue;
    if (!e.isFile() && !e.isSymbolicLink()) {
      others.push(rel);
      continue;
    }
    const kind = e.isFile() ? "f" : "l";
    const st = lstatSync(join2(root, rel), { bigint: true });
    stats.set(rel, st);
    const record2 = expected.get(rel);
    if (kind === "f" && st.isFile() && record2?.kind === "f" && sameStamp(stamps[rel], stampOf(st, record2.sha256))) {
      files.set(rel, record2);
      fresh[rel] = stamps[rel];
    } else {
      todo.push({ rel, kind, st });
    }
  }
  const records = await mapBounded(todo, HASH_CONCURRENCY, ({ rel, kind }) => hashEntryFile(join2(root, rel), kind));
  let restamped = false;
  todo.forEach(({ rel, kind, st }, i) => {
    const actual = records[i];
    files.set(rel, actual);
    const record2 = expected.get(rel);
    if (kind === "f" && record2 && recordDifference(rel, record2, actual) === void 0 && settled(st)) {
      fresh[rel] = stampOf(st, record2.sha256);
      restamped = true;
    }
  });
  if (restamped || Object.keys(fresh).length !== Object.keys(stamps).length) await saveStamps(stampFile, fresh);
  return { files, others: others.sort(), stats };
}
var SUSPECTS_HASHED = 16;
async function changedSinceVerified(root, exclude, expected, stampFile) {
  const stamps = await loadStamps(stampFile, TREE_STAMPS_LIMIT);
  const problems = [];
  const suspects = [];
  const seen = /* @__PURE__ */ new Set();
  const base = root.endsWith(sep) ? root : root + sep;
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = e.parentPath === root ? base + e.name : `${e.parentPath}${sep}${e.name}`;
    const rel = sep === "/" ? path.slice(base.length) : path.slice(base.length).split(sep).join("/");
    if (exclude.includes(rel)) continue;
    seen.add(rel);
    const record2 = expected.get(rel);
    const kind = e.isFile() ? "f" : e.isSymbolicLink() ? "l" : void 0;
    if (!record2) problems.push(`${rel} is not part of the build${kind ? "" : " (and not a regular file)"}`);
    else if (kind === void 0) problems.push(`${rel} is not a regular file`);
    else if (kind !== record2.kind) problems.push(kindDifference(rel, record2.kind, kind));
    else {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st) problems.push(`${rel} is missing`);
      else if (st.size !== record2.bytes) problems.push(`${rel} was changed since it was built (${st.size} bytes, it had ${record2.bytes})`);
      else if (kind === "f" && stamps[rel] && !looksStamped(stamps[rel], st, record2.sha256)) suspects.push(rel);
    }
  }
  for (const rel of expected.keys()) if (!seen.has(rel)) problems.push(`${rel} is missing`);
  if (suspects.length > SUSPECTS_HASHED) {
    problems.push(`${suspects.length} files were touched since they were last verified (their stat fields differ, e.g. ${suspects[0]}): \`pydebug sync\` checks their content`);
  } else {
    for (const rel of suspects) {
      const actual = await hashEntryFile(join2(root, rel), "f").catch(() => void 0);
      const difference = actual ? recordDifference(rel, expected.get(rel), actual) : `${rel} cannot be read`;
      if (difference) problems.push(difference);
    }
  }
  return problems;
}
function formatFileList(files) {
  const paths = [...files.keys()].sort();
  for (const p of paths) {
    if (/[\n\r]/.test(p)) throw new Error(`cannot record ${JSON.stringify(p)}: a file name with a line break`);
  }
  return paths.map((p) => {
    const r = files.get(p);
    return `${r.sha256} ${r.bytes} ${r.kind} ${p}
`;
  }).join("");
}
var LINE = /^([0-9a-f]{64}) (\d+) ([fl]) (.+)$/;
function parseFileList(text) {
  const files = /* @__PURE__ */ new Map();
  const lines = text.split("\n");
  if (lines.pop() !== "") return "it does not end with a line break";
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m) return `line ${i + 1} is not "<sha256> <bytes> <f|l> <path>"`;
    files.set(m[4], { sha256: m[1], bytes: Number(m[2]), kind: m[3] });
  }
  return files;
}
var KIND_NAMES = { f: "a file", l: "a symbolic link" };
function kindDifference(path, expected, actual) {
  return `${path} is ${KIND_NAMES[actual]}, it was ${KIND_NAMES[expected]} when built`;
}
function recordDifference(path, expected, actual) {
  if (actual.kind !== expected.kind) return kindDifference(path, expected.kind, actual.kind);
  if (actual.sha256 !== expected.sha256) return `${path} was changed since it was built (its SHA-256 differs)`;
  return void 0;
}
function compareTrees(expected, actual) {
  const problems = [];
  for (const [path, record2] of expected) {
    const now = actual.files.get(path);
    if (!now) problems.push(`${path} is missing`);
    else {
      const diff = recordDifference(path, record2, now);
      if (diff) problems.push(diff);
    }
  }
  for (const path of actual.files.keys()) if (!expected.has(path)) problems.push(`${path} is not part of the build`);
  for (const path of actual.others) problems.push(`${path} is not part of the build (and not a regular file)`);
  return problems;
}
var StampSchema = external_exports.object({ sha256: external_exports.string(), dev: external_exports.string(), ino: external_exports.string(), size: external_exports.string(), mtime_ns: external_exports.string(), ctime_ns: external_exports.string() });
var STAMP_FIELDS = Object.keys(StampSchema.shape);
function isStamps(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const stamp of Object.values(value)) {
    if (typeof stamp !== "object" || stamp === null) return false;
    for (const field of STAMP_FIELDS) if (typeof stamp[field] !== "string") return false;
  }
  return true;
}
function stampOf(st, sha2562) {
  return { sha256: sha2562, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtime_ns: String(st.mtimeNs), ctime_ns: String(st.ctimeNs) };
}
function looksStamped(stamp, st, sha2562) {
  const near = (ns, ms) => Math.abs(Number(ns) / 1e6 - ms) < 1e-3;
  return stamp.sha256 === sha2562 && stamp.ino === String(st.ino) && stamp.dev === String(st.dev) && near(stamp.mtime_ns, st.mtimeMs) && near(stamp.ctime_ns, st.ctimeMs);
}
function sameStamp(a, b) {
  return a !== void 0 && a.sha256 === b.sha256 && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime_ns === b.mtime_ns && a.ctime_ns === b.ctime_ns;
}
var SETTLED_MS = 1000n;
function settled(st) {
  return st.ctimeNs / 1000000n < BigInt(Date.now()) - SETTLED_MS;
}
var CORE_STAMPS_LIMIT = 1024 * 1024;
var TREE_STAMPS_LIMIT = 16 * 1024 * 1024;
async function loadStamps(file, limit = CORE_STAMPS_LIMIT) {
  try {
    const read = await readBounded(file, limit);
    if ("data" in read) {
      const parsed = JSON.parse(read.data.toString("utf8"));
      if (isStamps(parsed)) return parsed;
    }
  } catch {
  }
  return {};
}
async function saveStamps(file, stamps) {
  const dir = dirname(file);
  const temp = join2(dir, `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile2(temp, `${JSON.stringify(stamps)}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "a verification stamp");
  } catch {
    await rm2(temp, { force: true }).catch(() => void 0);
  }
}
function coreLabel(path) {
  return `its ${/^lib\/libpython/.test(path) ? "libpython" : "interpreter"} ${path}`;
}
async function checkCoreFiles(entryDir, core, stampFile) {
  const stamps = await loadStamps(stampFile);
  const fresh = {};
  for (const [rel, expected] of Object.entries(core)) {
    const label = coreLabel(rel);
    const path = join2(entryDir, rel);
    let st;
    try {
      st = await lstat2(path, { bigint: true });
    } catch {
      return `${label} is missing`;
    }
    const kind = st.isSymbolicLink() ? "l" : st.isFile() ? "f" : void 0;
    if (kind === void 0) return `${label} is not a file`;
    if (kind !== expected.kind) return kindDifference(label, expected.kind, kind);
    if (Number(st.size) !== expected.bytes) return `${label} has ${st.size} bytes, it had ${expected.bytes} when built`;
    const stamp = stampOf(st, expected.sha256);
    if (kind === "f" && sameStamp(stamps[rel], stamp)) {
      fresh[rel] = stamp;
      continue;
    }
    let actual;
    try {
      actual = await hashEntryFile(path, kind);
    } catch (e) {
      return `${label} cannot be read (${e.code ?? e.message})`;
    }
    const difference = recordDifference(label, expected, actual);
    if (difference) return difference;
    if (kind === "f" && settled(st)) fresh[rel] = stamp;
  }
  const changed = Object.keys(fresh).length !== Object.keys(stamps).length || Object.entries(fresh).some(([rel, s]) => !sameStamp(stamps[rel], s));
  if (changed) await saveStamps(stampFile, fresh);
  return void 0;
}
var LIBPYTHON = /^lib\/libpython[^/]*\.so(\.[^/]*)?$/;
async function coreFiles(prefix, python, files) {
  const core = {};
  let rel = python;
  for (let hops = 0; ; hops++) {
    const record2 = files.get(rel);
    if (!record2) throw new Error(`the interpreter ${rel} is not among the entry's files`);
    core[rel] = record2;
    if (record2.kind === "f") break;
    const target = await readlink(join2(prefix, rel));
    const next = posix.normalize(posix.join(posix.dirname(rel), target));
    if (posix.isAbsolute(target) || next.startsWith("../") || hops >= 8) throw new Error(`the interpreter link ${rel} -> ${target} does not lead to a file inside the entry`);
    rel = next;
  }
  for (const [path, record2] of files) if (LIBPYTHON.test(path)) core[path] = record2;
  return core;
}

// src/store/entry-seal.ts
import { createHash as createHash3 } from "node:crypto";
import { lstatSync as lstatSync2, readdirSync as readdirSync2 } from "node:fs";
import { basename as basename2, dirname as dirname2, join as join3 } from "node:path";
import { mkdir as mkdir2, rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
var SEAL_VERSION = 1;
function statListing(root, options = {}) {
  const lines = [];
  const stats = options.keepStats ? /* @__PURE__ */ new Map() : void 0;
  let files = 0;
  let newest = 0;
  const walk = (dir, prefix) => {
    const entries = readdirSync2(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries) {
      const rel = prefix + e.name;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        lines.push(`${rel}/`);
        walk(path, `${rel}/`);
        continue;
      }
      const st = lstatSync2(path);
      lines.push(`${rel}\0${st.mode}\0${st.size}\0${st.ino}\0${st.dev}\0${st.mtimeMs}\0${st.ctimeMs}`);
      stats?.set(rel, st);
      files += 1;
      if (st.ctimeMs > newest) newest = st.ctimeMs;
    }
  };
  walk(root, "");
  const digest = createHash3("sha256").update(lines.join("\n")).digest("hex");
  return { digest: `v${SEAL_VERSION}:${digest}`, files, newestChangeMs: newest, ...stats ? { stats } : {} };
}
var SETTLE_MS = 30;
var SETTLE_WAIT_LIMIT_MS = 2e3;
var SEAL_LIMIT = 4096;
async function readSeal(file) {
  try {
    const read = await readBounded(file, SEAL_LIMIT);
    if (!("data" in read)) return void 0;
    const parsed = JSON.parse(read.data.toString("utf8"));
    return typeof parsed.digest === "string" ? parsed.digest : void 0;
  } catch {
    return void 0;
  }
}
async function sealMatches(root, file) {
  const sealed = await readSeal(file);
  if (sealed === void 0) return false;
  try {
    return statListing(root).digest === sealed;
  } catch {
    return false;
  }
}
async function writeSeal(file, listing) {
  const dir = dirname2(file);
  const temp = join3(dir, `.${basename2(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir2(dir, { recursive: true });
    await writeFile3(temp, `${JSON.stringify({ digest: listing.digest, files: listing.files })}
`, { flag: "wx" });
    await renameInside(dir, temp, file, "an entry seal");
  } catch {
    await rm3(temp, { force: true }).catch(() => void 0);
  }
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function settledListing(root, accept = () => true) {
  const first = statListing(root, { keepStats: true });
  if (!accept(first)) return void 0;
  const wait = first.newestChangeMs + SETTLE_MS - Date.now();
  if (wait > SETTLE_WAIT_LIMIT_MS) return void 0;
  if (wait > 0) await sleep(wait);
  const second = statListing(root);
  return second.digest === first.digest ? first : void 0;
}

// src/store/manifest.ts
import { writeFile as writeFile4 } from "node:fs/promises";
import { isAbsolute as isAbsolute2, join as join4 } from "node:path";

// src/config/cpython.ts
var SANITIZER_CONFIGURE_FLAG = {
  address: "--with-address-sanitizer",
  undefined: "--with-undefined-behavior-sanitizer",
  memory: "--with-memory-sanitizer",
  thread: "--with-thread-sanitizer"
};
var SANITIZER_COMPILER_FLAG = {
  address: "-fsanitize=address",
  undefined: "-fsanitize=undefined",
  memory: "-fsanitize=memory",
  thread: "-fsanitize=thread"
};
var SANITIZER_RUNTIME = {
  address: { variable: "ASAN_OPTIONS", options: "detect_leaks=0", required: "detect_leaks=0" },
  thread: {
    variable: "TSAN_OPTIONS",
    options: "handle_segv=0",
    suppressions: (freethreading) => freethreading ? "Tools/tsan/suppressions_free_threading.txt" : "Tools/tsan/suppressions.txt"
  },
  undefined: { variable: "UBSAN_OPTIONS", options: "print_stacktrace=1:halt_on_error=1", suppressions: () => "Tools/ubsan/suppressions.txt" }
};
var SANITIZER_OPTIONS_VARIABLE = /^(ASAN|TSAN|UBSAN|MSAN|LSAN)_OPTIONS$/;
function sanitizerRuntimes(sanitizers) {
  return [...new Set(sanitizers)].sort().flatMap((s) => SANITIZER_RUNTIME[s] ?? []);
}
function sanitizerRuntimeEnv(sanitizers, declared) {
  const env = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    const given = declared[r.variable];
    env[r.variable] = given && given !== r.options ? `${r.options}:${given}` : r.options;
  }
  return env;
}
function suppressionsOption(file) {
  if (file.includes('"')) {
    throw new PydebugError(`the sanitizer suppression file ${file} cannot be named in sanitizer options: its path contains a double quote`, {
      hint: "use a store (PYDEBUG_HOME) whose path has no double quote"
    });
  }
  return /[\s:']/.test(file) ? `suppressions="${file}"` : `suppressions=${file}`;
}
function withSuppressions(value, file) {
  return value ? `${suppressionsOption(file)}:${value}` : suppressionsOption(file);
}
function sanitizerBuildEnv(sanitizers, runtimeEnv, suppressions = {}) {
  const env = {};
  for (const r of sanitizerRuntimes(sanitizers)) {
    let value = runtimeEnv[r.variable] || r.options;
    if (r.required && !value.endsWith(r.required)) value = `${value}:${r.required}`;
    const file = suppressions[r.variable];
    env[r.variable] = file ? withSuppressions(value, file) : value;
  }
  return env;
}
function sanitizerCflags(sanitizers, compiler) {
  const clang = compiler !== null && compiler !== void 0 && /^clang(-\d+)?$/.test(compiler.split("/").pop() ?? "");
  return clang && sanitizers.includes("undefined") ? ["-fno-sanitize=function"] : [];
}
var INCOMPATIBLE_SANITIZERS = [
  ["address", "memory"],
  ["address", "thread"],
  ["memory", "thread"]
];
var TYPED_CONFIGURE_OPTIONS = {
  "--with-pydebug": "pydebug: true",
  "--without-pydebug": "pydebug: false (the default)",
  "--with-trace-refs": "trace_refs: true",
  "--without-trace-refs": "trace_refs: false (the default)",
  "--with-pymalloc": "pymalloc: true (the default)",
  "--without-pymalloc": "pymalloc: false",
  "--with-valgrind": "valgrind: true",
  "--without-valgrind": "valgrind: false (the default)",
  "--with-assertions": "assertions: true",
  "--without-assertions": "assertions: false (the default)",
  "--disable-gil": "freethreading: true",
  "--enable-gil": "freethreading: false (the default)",
  "--with-address-sanitizer": "sanitizers: [address]",
  "--with-undefined-behavior-sanitizer": "sanitizers: [undefined]",
  "--with-memory-sanitizer": "sanitizers: [memory]",
  "--with-thread-sanitizer": "sanitizers: [thread]",
  "--with-tail-call-interp": "tail_call: true",
  "--without-tail-call-interp": "tail_call: false (the default)",
  "--enable-experimental-jit": "jit: true | off | interpreter",
  "--disable-experimental-jit": "jit: false (the default)",
  "--with-strict-overflow": "strict_overflow: true",
  "--without-strict-overflow": "strict_overflow: false (the default)"
};
var RESERVED_CONFIGURE_OPTIONS = {
  "--prefix": "pydebug installs into its store; use PYDEBUG_HOME to move the store",
  "--exec-prefix": "pydebug installs into its store; use PYDEBUG_HOME to move the store",
  CFLAGS: "use the variant's cflags option",
  CC: "use the variant's compiler option"
};
var SAFE_WORD = "[A-Za-z0-9_=.,+/:@%-]+";
var SAFE_WORD_PATTERN = new RegExp(`^${SAFE_WORD}$`);
var SAFE_WORDS_PATTERN = new RegExp(`^${SAFE_WORD}( ${SAFE_WORD})*$`);
function shellWouldInterpret(value, form = "word") {
  return !(form === "words" ? SAFE_WORDS_PATTERN : SAFE_WORD_PATTERN).test(value);
}
var CONFIGURE_OPTION_PATTERN = /^--[a-z][a-z0-9-]*(=.*)?$/;
var CONFIGURE_VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]*=(.*)$/;
var TEST_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/;
var JIT_TIER2 = { yes: 1, "yes-off": 3, interpreter: 4 };
var JIT_LLVM_VERSION = [
  [13, 18],
  [14, 19],
  [15, 21]
];
function jitLlvmVersion(minor) {
  let found = JIT_LLVM_VERSION[0][1];
  for (const [m, llvm] of JIT_LLVM_VERSION) if (minor >= m) found = llvm;
  return found;
}
var TAIL_CALL_MIN_CLANG = 19;
function clangMajor(text) {
  const byName = /^clang-(\d+)$/.exec(text.split("/").pop() ?? "");
  if (byName) return Number(byName[1]);
  const said = /(?<!Apple )clang version (\d+)\./.exec(text);
  return said ? Number(said[1]) : void 0;
}
function isGccName(compiler) {
  return /^(gcc|[a-z0-9_]+-linux-gnu-gcc)(-\d+)?$/.test(compiler.split("/").pop() ?? "");
}

// src/lock/canonical.ts
import { createHash as createHash4 } from "node:crypto";
function sortKeysDeep(value) {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== void 0) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
function canonicalJson(value, indent) {
  return JSON.stringify(sortKeysDeep(value), null, indent);
}
function sha256Hex(text) {
  return createHash4("sha256").update(text).digest("hex");
}

// src/config/version.ts
function parseVersion(text) {
  const m = CHECKOUT_VERSION_PATTERN.exec(text);
  if (!m) return void 0;
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3]), pre: m[4] ? `${m[4]}${m[5]}` : "" };
}
function atLeast(version, major, minor) {
  const v = parseVersion(version);
  if (!v) return false;
  return v.major > major || v.major === major && v.minor >= minor;
}
function minorOf(version) {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}
var MIN_SUPPORTED = { major: 3, minor: 8 };

// src/lock/resolve.ts
var BUILD_RECIPE_VERSION = 2;
var ENTRY_FORMAT_VERSION = 3;
function resolveConfigureArgs(v) {
  const configure = [];
  if (v.pydebug) configure.push("--with-pydebug");
  else if (v.assertions) configure.push("--with-assertions");
  if (v.traceRefs) configure.push("--with-trace-refs");
  if (!v.pymalloc) configure.push("--without-pymalloc");
  if (v.valgrind) configure.push("--with-valgrind");
  if (v.freethreading) configure.push("--disable-gil");
  if (v.tailCall) configure.push("--with-tail-call-interp");
  if (v.jit !== false) configure.push(`--enable-experimental-jit=${v.jit}`);
  if (v.strictOverflow) configure.push("--with-strict-overflow");
  for (const s of v.sanitizers) configure.push(SANITIZER_CONFIGURE_FLAG[s]);
  configure.push(...v.configureArgs);
  const cflags = [...v.optimization ? [`-${v.optimization}`] : [], ...sanitizerCflags(v.sanitizers, v.compiler), ...v.cflags];
  if (cflags.length > 0) configure.push(`CFLAGS=${cflags.join(" ")}`);
  if (v.compiler) configure.push(`CC=${v.compiler}`);
  return { configure, cflags };
}
function resolveBuildOptions(v, version) {
  const options = {};
  if (v.tailCall) options.tail_call = true;
  if (v.jit !== false) {
    options.jit = v.jit;
    const minor = Number(minorOf(version).split(".")[1]);
    if (v.jit !== "interpreter" && Number.isInteger(minor)) options.jit_llvm = jitLlvmVersion(minor);
  }
  if (v.strictOverflow) options.strict_overflow = true;
  return Object.keys(options).length > 0 ? options : void 0;
}
function resolveExpectations(v, cflags, version = "") {
  const defines = (macro) => cflags.some((f) => f === `-D${macro}` || f.startsWith(`-D${macro}=`));
  const mallocSanitizer = v.sanitizers.includes("address") || v.sanitizers.includes("memory");
  return {
    abiflags: `${v.freethreading ? "t" : ""}${v.pydebug ? "d" : ""}`,
    macros: {
      Py_DEBUG: v.pydebug,
      Py_REF_DEBUG: v.pydebug || defines("Py_REF_DEBUG"),
      Py_TRACE_REFS: v.traceRefs,
      // configure forces pymalloc off under ASan and MSan.
      WITH_PYMALLOC: v.pymalloc && !mallocSanitizer,
      WITH_VALGRIND: v.valgrind,
      Py_GIL_DISABLED: v.freethreading,
      NDEBUG: !(v.pydebug || v.assertions)
    },
    sanitizers: v.sanitizers.map((s) => SANITIZER_COMPILER_FLAG[s].replace("-fsanitize=", "")),
    ...withOptions(resolveBuildOptions(v, version))
  };
}
var withOptions = (options) => options === void 0 ? {} : { options };
function resolveRuntimeEnv(v) {
  return { ...v.env, ...sanitizerRuntimeEnv(v.sanitizers, v.env) };
}
function resolveBuild(version, v, source) {
  const { configure, cflags } = resolveConfigureArgs(v);
  const expect = resolveExpectations(v, cflags, source && isGitSource(source) ? source.version : version);
  return {
    version,
    variant: v.name,
    configure,
    cflags,
    compiler: v.compiler ?? null,
    env: resolveRuntimeEnv(v),
    test: v.test,
    slim: v.slim,
    expect: source && isGitSource(source) ? { ...expect, commit: source.commit } : expect
  };
}
function lockKeyFor(build, source) {
  const digest = sha256Hex(
    canonicalJson({
      lock: LOCK_VERSION,
      recipe: BUILD_RECIPE_VERSION,
      // A release by its tarball's SHA-256 (the keys of existing locks stay as they are), a git source by its commit.
      source: isGitSource(source) ? `git ${source.commit}` : source.sha256,
      configure: build.configure,
      compiler: build.compiler,
      slim: build.slim
    })
  );
  return `${entryId(build.version, build.variant)}-${digest.slice(0, 16)}`;
}
function entryKeyFor(lockKey, machine) {
  return `pydebug-${lockKey}-${machine.os}-${machine.arch}-${sha256Hex(`${machine.toolchain}
entry format ${ENTRY_FORMAT_VERSION}`).slice(0, 8)}`;
}
function lockedSourceFor(spec, facts) {
  if (isGitSpec(spec)) {
    const pinned = facts;
    return { git: spec.git, ref: spec.ref, commit: pinned.commit, version: pinned.version };
  }
  const tarball = facts;
  return { version: spec.version, url: spec.url, file: spec.file, sha256: tarball.sha256, md5: tarball.md5, size: tarball.size };
}
function assembleLock(project, sources) {
  const lockedSources = {};
  for (const s of project.sources) {
    const key = sourceKey(s);
    const locked = sources[key];
    if (!locked) throw new Error(`internal: source ${key} was not resolved`);
    lockedSources[key] = locked;
  }
  const builds = {};
  for (const entry of project.matrix) {
    const source = lockedSources[entry.version];
    const resolved = resolveBuild(entry.version, findVariant(project, entry.variant), source);
    builds[entry.id] = { ...resolved, cache_key: lockKeyFor(resolved, source) };
  }
  return { lock_version: LOCK_VERSION, sources: lockedSources, builds };
}

// src/store/manifest.ts
var MANIFEST_VERSION = ENTRY_FORMAT_VERSION;
var ENTRY_META_DIR = join4("share", "pydebug");
var MANIFEST_FILE = "share/pydebug/manifest.json";
var FILE_LIST_FILE = "share/pydebug/files.sha256";
var MANIFEST_LIMIT = 1024 * 1024;
var sha256 = external_exports.string().regex(/^[0-9a-f]{64}$/);
var count = external_exports.number().int().nonnegative();
var macros = external_exports.object(Object.fromEntries(MACRO_NAMES.map((m) => [m, external_exports.boolean()])));
var FileRecordSchema = external_exports.object({ sha256, bytes: count, kind: external_exports.enum(["f", "l"]) });
var ManifestSchema = external_exports.object({
  manifest_version: external_exports.number(),
  key: external_exports.string(),
  cache_key: external_exports.string(),
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
  })
});
async function readManifest(entryDir) {
  let read;
  try {
    read = await readBounded(join4(entryDir, MANIFEST_FILE), MANIFEST_LIMIT);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") return { missing: true };
    return { damaged: `its manifest ${MANIFEST_FILE} cannot be read (${code ?? e.message})` };
  }
  if ("problem" in read) {
    return { damaged: `its manifest ${MANIFEST_FILE} ${read.problem === "not a file" ? "is not a file" : `is larger than ${MANIFEST_LIMIT} bytes`}` };
  }
  let json;
  try {
    json = JSON.parse(read.data.toString("utf8"));
  } catch {
    return { damaged: "its manifest is not valid JSON" };
  }
  const version = json?.manifest_version;
  if (typeof version === "number" && version !== MANIFEST_VERSION) {
    return { damaged: `its manifest has version ${version}, this pydebug reads version ${MANIFEST_VERSION}` };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { damaged: `its manifest is not a pydebug manifest: ${where}${issue.message}` };
  }
  return { manifest: parsed.data };
}
function namedPaths(manifest) {
  const paths = [
    ["python", manifest.python],
    ["files.log", manifest.files.log],
    ["contents.list", manifest.contents.list],
    ...Object.keys(manifest.contents.core).map((p) => ["contents.core", p])
  ];
  if (manifest.files.valgrind_suppressions !== void 0) paths.push(["files.valgrind_suppressions", manifest.files.valgrind_suppressions]);
  for (const [variable, path] of Object.entries(manifest.files.sanitizer_suppressions ?? {})) paths.push([`files.sanitizer_suppressions.${variable}`, path]);
  return paths;
}
async function manifestPathProblem(entryDir, manifest) {
  for (const [field, path] of namedPaths(manifest)) {
    if (/[\u0000-\u001f\u007f]/.test(path)) return `its manifest names ${field} ${JSON.stringify(path)}, which is not a path (a NUL or control character)`;
    const problem = `its manifest names ${field} ${JSON.stringify(path)}, which is not inside the entry`;
    if (isAbsolute2(path) || !isStrictlyInside(entryDir, join4(entryDir, path))) return problem;
    try {
      await assertInside(entryDir, join4(entryDir, path), field);
    } catch (e) {
      if (e instanceof OutsideError) return problem;
      throw e;
    }
  }
  if (!Object.hasOwn(manifest.contents.core, manifest.python)) return `its manifest records no hash for its interpreter ${manifest.python}`;
  return void 0;
}
async function recordContents(prefix, python) {
  const tree = await hashTree(prefix, [MANIFEST_FILE, FILE_LIST_FILE]);
  if (tree.others.length > 0) throw new Error(`the install left ${tree.others[0]} in ${prefix}: neither a file, a link nor a directory`);
  const list = formatFileList(tree.files);
  await writeFile4(join4(prefix, FILE_LIST_FILE), list);
  return { list: FILE_LIST_FILE, list_sha256: sha256Of(list), core: await coreFiles(prefix, python, tree.files) };
}

// src/store/store.ts
function tempName(prefix) {
  return `${prefix}.pydebug-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}
function tempNamePid(name) {
  const pid = /\.pydebug-tmp-([1-9]\d{0,9})-[0-9a-f]{8}$/.exec(name)?.[1];
  return pid === void 0 ? void 0 : Number(pid);
}
var LAYOUT_DIRS = ["store", "tmp", "logs", "locks", "downloads", "sources", "verified", "projects", "cache"];
var MARK_WHAT = "pydebug store";
var MARK_LIMIT = 4096;
function markText() {
  return `${JSON.stringify(
    {
      what: MARK_WHAT,
      created: (/* @__PURE__ */ new Date()).toISOString(),
      note: "This directory is a pydebug store (PYDEBUG_HOME). pydebug clean removes only its own subdirectories, and only where this file is."
    },
    null,
    2
  )}
`;
}
var NotAStoreError = class extends PydebugError {
  constructor(root, foreign) {
    const shown = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : "");
    super(`${root} is not a pydebug store: it holds ${shown}, and pydebug keeps its store in a directory of its own`, {
      hint: "set PYDEBUG_HOME to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug"
    });
    this.root = root;
  }
  root;
};
function inDir(dir, name, what) {
  const problem = segmentProblem(name);
  if (problem) throw new OutsideError(join5(dir, name), dir, `${what} (${JSON.stringify(name.slice(0, 80))}: ${problem})`);
  return join5(dir, name);
}
var Store = class {
  constructor(root) {
    this.root = root;
  }
  root;
  get entriesDir() {
    return join5(this.root, "store");
  }
  get tmpDir() {
    return join5(this.root, "tmp");
  }
  get sourcesDir() {
    return join5(this.root, "sources");
  }
  get logsDir() {
    return join5(this.root, "logs");
  }
  /** Cross-process mutexes (mutex.ts), in locks/: pydebugs of every version sharing a store meet there. */
  get mutexesDir() {
    return join5(this.root, "locks");
  }
  /** Stamps of files that matched their recorded hashes (see entry-hashes.ts): a cache. */
  get verifiedDir() {
    return join5(this.root, "verified");
  }
  get downloadsDir() {
    return join5(this.root, "downloads");
  }
  /** One record per project that uses the store (projects.ts): what `clean` keeps for others. */
  get projectsDir() {
    return join5(this.root, "projects");
  }
  /** What pydebug can work out again (compilers' answers, Node's compile cache): anything here may go. */
  get cacheDir() {
    return join5(this.root, "cache");
  }
  /**
   * Makes cache/ in a store that exists (marked, and not through a link) when a store from an
   * earlier pydebug lacks it; true when it is there. Commands that only read make it too: the
   * next start then finds Node's compile cache and the compiler's answers there.
   */
  async ensureCacheDir() {
    try {
      if (!await this.isMarked()) return false;
      await mkdir3(this.cacheDir).catch((e) => {
        if (e.code !== "EEXIST") throw e;
      });
      return (await lstat3(this.cacheDir)).isDirectory();
    } catch {
      return false;
    }
  }
  /** What compilers said of themselves, remembered per executable (compiler-facts.ts). */
  compilerFacts(cwd, env) {
    const dir = this.cacheDir;
    return {
      get: async (compiler) => {
        const name = compilerRecordName(compiler, env.PATH, cwd);
        return name === void 0 ? void 0 : readCompilerFacts(dir, name);
      },
      put: async (compiler, facts) => {
        const name = compilerRecordName(compiler, env.PATH, cwd);
        if (name !== void 0 && await this.ensureCacheDir()) await writeCompilerFacts(dir, name, facts);
      }
    };
  }
  /** Every one of pydebug's subdirectories of the store (LAYOUT_DIRS), as paths. */
  get layoutDirs() {
    return LAYOUT_DIRS.map((d) => join5(this.root, d));
  }
  get markPath() {
    return join5(this.root, STORE_MARK);
  }
  entryDir(entryKey) {
    return inDir(this.entriesDir, entryKey, "an entry key");
  }
  manifestPath(entryKey) {
    return join5(this.entryDir(entryKey), ENTRY_META_DIR, "manifest.json");
  }
  downloadPath(sha2562, file) {
    return inDir(inDir(this.downloadsDir, sha2562, "a SHA-256"), file, "a tarball file name");
  }
  sourceTreeDir(version, sha2562) {
    return inDir(this.sourcesDir, `${version}-${sha2562.slice(0, 16)}`, "a source tree name");
  }
  /**
   * Left by pydebugs that restored caches into store/ in place (before 2026-12): an entry with one
   * did not finish restoring. Restores now stage in tmp/ and rename, so nothing makes one any more.
   */
  incompleteMarker(entryKey) {
    return inDir(this.entriesDir, `.${entryKey}.incomplete`, "an entry key");
  }
  logPath(entryKey) {
    return inDir(this.logsDir, `${entryKey}.log`, "an entry key");
  }
  mutexPath(name) {
    return inDir(this.mutexesDir, `${name}.lock`, "a mutex name");
  }
  /** Creates the layout, marking the root first when it is not a store yet (see adopt). */
  async ensureLayout() {
    if (!await this.isMarked()) await this.adopt();
    await Promise.all(
      this.layoutDirs.map(
        (d) => mkdir3(d, { recursive: true }).catch((e) => {
          if (e.code !== "EEXIST") throw e;
        })
      )
    );
    await this.assertRealLayout();
  }
  /**
   * Each of pydebug's folders in the store is a real directory: a link there would move every
   * write, sweep and removal below it into whatever it names. Checked before anything is swept.
   */
  async assertRealLayout() {
    for (const dir of this.layoutDirs) {
      const st = await lstat3(dir).catch(() => void 0);
      if (st === void 0 || st.isDirectory()) continue;
      const what = st.isSymbolicLink() ? "a symbolic link" : "not a directory";
      throw new PydebugError(`${dir} is ${what}: pydebug keeps its store in real directories and writes or deletes nothing through a link`, {
        hint: `move ${dir} out of the way (it is not pydebug's), or set PYDEBUG_HOME to a new directory`
      });
    }
  }
  /** True when the root carries the mark: a regular file (not a link) that says it is one. */
  async isMarked() {
    const st = await lstat3(this.markPath).catch(() => void 0);
    if (!st?.isFile()) return false;
    try {
      const read = await readBounded(this.markPath, MARK_LIMIT);
      if (!("data" in read)) return false;
      return JSON.parse(read.data.toString("utf8")).what === MARK_WHAT;
    } catch {
      return false;
    }
  }
  /**
   * Marks the root as a store when it is new or empty. Anything else is someone else's directory,
   * whatever its folders are named (a ~/data holding downloads/ and logs/): refused.
   */
  async adopt() {
    const st = await stat(this.root).catch(() => void 0);
    if (st && !st.isDirectory()) {
      throw new PydebugError(`PYDEBUG_HOME (${this.root}) is not a directory`, {
        hint: `PYDEBUG_HOME (${this.root}) must be a directory pydebug can write: set it to a new or empty directory (an absolute path), or unset it to use <cache dir>/pydebug`
      });
    }
    await mkdir3(this.root, { recursive: true });
    const foreign = (await readdir2(this.root)).filter((n) => n !== STORE_MARK).sort();
    if (foreign.length > 0) throw new NotAStoreError(this.root, foreign);
    try {
      await writeFile5(this.markPath, markText(), { flag: "wx" });
    } catch (e) {
      if (e.code === "EEXIST") return;
      if (isDiskFull(e)) {
        await rm4(this.markPath, { force: true });
        throw diskFullError(e, this.markPath, "the store was not marked");
      }
      throw e;
    }
  }
  /** A unique, empty directory under tmp/, named <prefix>.<pid>.<random> (see sweepLeftovers). */
  async makeTemp(prefix) {
    const dir = await assertInside(this.tmpDir, join5(this.tmpDir, tempName(prefix)), "a temporary directory");
    await mkdir3(dir, { recursive: true });
    return dir;
  }
  /**
   * Removes what killed processes left in tmp/, half-extracted trees in sources/ and entries
   * half-removed from store/: anything named by tempName() whose process is gone.
   */
  async sweepLeftovers() {
    await this.assertRealLayout();
    const removed = [];
    for (const dir of [this.tmpDir, this.sourcesDir, this.entriesDir]) {
      const names = await readdir2(dir).catch(() => []);
      for (const name of names) {
        const pid = tempNamePid(name);
        if (pid === void 0 || pid === process.pid || isAlive(pid)) continue;
        await removeInside(dir, join5(dir, name), "a leftover");
        removed.push(join5(dir, name));
      }
    }
    return removed;
  }
  /** Outside the entry (which stays as built and cached): when its core files were last verified. */
  verifiedStampPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.json`, "an entry key");
  }
  /** The same for every file of the entry, left by its last full verification. */
  verifiedTreeStampPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.files.json`, "an entry key");
  }
  /** The entry's seal (entry-seal.ts): one digest of every file's stat fields, taken when they last matched. */
  sealPath(entryKey) {
    return inDir(this.verifiedDir, `${entryKey}.seal.json`, "an entry key");
  }
  /** Drops the stamps of an entry (it was removed): a cache, so nothing is lost but a hash. */
  async forgetVerification(entryKey) {
    for (const path of [this.sealPath(entryKey), this.verifiedStampPath(entryKey), this.verifiedTreeStampPath(entryKey)]) await removeInside(this.verifiedDir, path, "a verification stamp");
  }
  /**
   * Reads and checks an entry: the manifest must be one, name this key and only paths inside the
   * entry, and the interpreter and libpython must have the content they were built with (hashed
   * once, then trusted while their stat fields stay as they were). Cheap enough for every
   * `which` and `run`. With everyFile, every file is hashed too (see verifyContents).
   */
  async readEntry(entryKey, options = {}) {
    const dir = options.at ?? this.entryDir(entryKey);
    if (options.at === void 0 && await lstat3(this.incompleteMarker(entryKey)).then(
      () => true,
      () => false
    )) {
      return { status: "damaged", reason: "a restore into it did not finish" };
    }
    const entry = await lstat3(dir).catch((e) => {
      if (e.code === "ENOENT") return void 0;
      throw e;
    });
    if (!entry) return { status: "missing" };
    if (!entry.isDirectory()) return { status: "damaged", reason: "it is not a directory (a symbolic link or a file is in its place)" };
    const read = await readManifest(dir);
    if ("missing" in read) return { status: "damaged", reason: "its manifest is missing" };
    if ("damaged" in read) return { status: "damaged", reason: read.damaged };
    const { manifest } = read;
    if (manifest.key !== entryKey) return { status: "damaged", reason: `its manifest names another key (${manifest.key})` };
    const ok = { status: "ok", manifest, dir, python: join5(dir, manifest.python) };
    if (options.at === void 0 && await sealMatches(dir, this.sealPath(entryKey))) {
      const problem2 = await manifestPathProblem(dir, manifest) ?? await interpreterProblem(dir, manifest.python);
      if (problem2) return { status: "damaged", reason: problem2 };
      return options.everyFile ? ok : { ...ok, changed: [] };
    }
    const problem = await manifestPathProblem(dir, manifest) ?? await checkCoreFiles(dir, manifest.contents.core, this.verifiedStampPath(entryKey)) ?? await interpreterProblem(dir, manifest.python);
    if (problem) return { status: "damaged", reason: problem };
    if (!options.everyFile) return { ...ok, changed: await this.changedSinceVerified(entryKey, manifest) };
    const damage = await this.checkContents(entryKey, manifest, dir, options.at === void 0);
    return damage ? { status: "damaged", ...damage } : ok;
  }
  /** The stat pass of changedSinceVerified (entry-hashes.ts) over an entry that was read: what changed. */
  async changedSinceVerified(entryKey, manifest) {
    const dir = this.entryDir(entryKey);
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === "string") return [recorded];
    return changedSinceVerified(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
  }
  /**
   * Writes share/pydebug/manifest.json into a built prefix, with the hash of every file there
   * (share/pydebug/files.sha256) and the entry's size; returns the manifest.
   */
  async writeManifest(prefixDir, fields) {
    await mkdir3(join5(prefixDir, ENTRY_META_DIR), { recursive: true });
    const contents = await recordContents(prefixDir, fields.python);
    const manifest = { manifest_version: MANIFEST_VERSION, ...fields, size: await entryContentSize(prefixDir), contents };
    await writeFile5(join5(prefixDir, ENTRY_META_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}
`);
    return manifest;
  }
  /**
   * Moves a complete, verified prefix into the store with one rename, read-only (read-only.ts).
   * A damaged entry in the way is moved aside first and deleted after. Call it holding the
   * entry's mutex.
   */
  async install(stagedPrefix, entryKey) {
    const final = this.entryDir(entryKey);
    await assertInside(this.tmpDir, stagedPrefix, "a staged build");
    await assertInside(this.entriesDir, final, "a store entry");
    await mkdir3(this.entriesDir, { recursive: true });
    await makeTreeReadOnly(stagedPrefix, { exceptTop: true });
    const listing = await this.installListing(stagedPrefix);
    const aside = await this.moveAside(entryKey);
    await renameInside(this.root, stagedPrefix, final, "a store entry");
    await makeReadOnly(final);
    if (listing) await writeSeal(this.sealPath(entryKey), listing);
    if (aside) await removeInside(this.entriesDir, aside, "a replaced entry");
    return final;
  }
  /**
   * The seal of a staged entry that was just verified (built and hashed, or restored and checked):
   * its files settled, and the same paths, kinds and sizes as its file list. Undefined otherwise
   * (then the first sync checks every file, as before seals).
   */
  async installListing(stagedPrefix) {
    const read = await readManifest(stagedPrefix);
    if (!("manifest" in read)) return void 0;
    const recorded = await readFileList(stagedPrefix, read.manifest);
    if (typeof recorded === "string") return void 0;
    const own = /* @__PURE__ */ new Set([MANIFEST_FILE, read.manifest.contents.list]);
    return settledListing(stagedPrefix, (listing) => listingMatchesList(listing, recorded, own));
  }
  /**
   * Moves an entry out of the way with one rename, beside it in store/ (so always on the same
   * filesystem) under a hidden temporary name; returns where, or undefined if there was none.
   */
  async moveAside(entryKey) {
    const aside = join5(this.entriesDir, tempName(`.${entryKey}.removing`));
    try {
      await renameInside(this.entriesDir, this.entryDir(entryKey), aside, "a store entry");
      return aside;
    } catch (e) {
      if (e.code === "ENOENT") return void 0;
      throw e;
    }
  }
  async remove(entryKey) {
    await this.clearIncompleteMarker(entryKey);
    const aside = await this.moveAside(entryKey);
    if (aside) await removeInside(this.entriesDir, aside, "a removed entry");
  }
  async clearIncompleteMarker(entryKey) {
    await removeInside(this.entriesDir, this.incompleteMarker(entryKey), "an incomplete-restore marker");
  }
  /**
   * Thorough check, for entries that arrive from elsewhere (a cache restore) or are reused by
   * `sync`: every file compared with the list the build recorded (changed, missing and extra
   * files). Why it does not match, or undefined. Files are hashed (about 1 s for a 250 MB entry)
   * unless their stat fields show them unchanged since they last matched (see hashTreeStamped).
   */
  async verifyContents(entryKey, manifest, dir = this.entryDir(entryKey)) {
    return (await this.checkContents(entryKey, manifest, dir))?.reason;
  }
  /** verifyContents, with the differing files when they are why; seals the entry when it matches (and `seal`). */
  async checkContents(entryKey, manifest, dir, seal = false) {
    const outside = await manifestPathProblem(dir, manifest);
    if (outside) return { reason: outside };
    const recorded = await readFileList(dir, manifest);
    if (typeof recorded === "string") return { reason: recorded };
    let tree;
    try {
      tree = await hashTreeStamped(dir, [MANIFEST_FILE, manifest.contents.list], recorded, this.verifiedTreeStampPath(entryKey));
    } catch (e) {
      const err = e;
      return { reason: `its files cannot all be read (${[err.code, err.path].filter(Boolean).join(" ") || err.message})` };
    }
    const differences = compareTrees(recorded, tree);
    const reason = describeDifferences(differences);
    if (reason) return { reason, changedFiles: differences };
    if (seal) await this.sealChecked(entryKey, dir, tree, /* @__PURE__ */ new Set([MANIFEST_FILE, manifest.contents.list]));
    return void 0;
  }
  /**
   * Seals an entry whose every file was just found to match (hashTreeStamped): when each file is
   * still as it was stat'ed before its check, and every ctime is settled, nothing can have
   * changed unseen between the check and the seal.
   */
  async sealChecked(entryKey, dir, tree, own) {
    let listing;
    try {
      listing = statListing(dir, { keepStats: true });
    } catch {
      return;
    }
    const settledBefore = Date.now() - SEAL_SETTLED_MS;
    if (listing.newestChangeMs >= settledBefore) return;
    for (const [rel, st] of listing.stats) {
      if (own.has(rel)) continue;
      const checked = tree.stats?.get(rel);
      if (!checked || checked.ino !== BigInt(st.ino) || checked.size !== BigInt(st.size) || Math.abs(Number(checked.ctimeNs) / 1e6 - st.ctimeMs) >= 1e-3) return;
    }
    if (listing.files !== tree.files.size + own.size) return;
    await writeSeal(this.sealPath(entryKey), listing);
  }
  /** Why the store cannot be written, or undefined when it can (probes store/ and tmp/). */
  async checkWritable() {
    try {
      await this.ensureLayout();
      for (const dir of [this.entriesDir, this.tmpDir]) {
        const probe = join5(dir, tempName(".write-probe"));
        await writeFile5(probe, "", { flag: "wx" });
        await removeInside(dir, probe, "a write probe");
      }
      return void 0;
    } catch (e) {
      if (e instanceof PydebugError) throw e;
      return e.message;
    }
  }
  /** Bytes available to this user on the store's filesystem, when the platform can tell. */
  async freeBytes() {
    try {
      const s = await statfs(this.root);
      return s.bavail * s.bsize;
    } catch {
      return void 0;
    }
  }
};
var DISK_FULL_HINT = "the disk is full: free space, or set PYDEBUG_HOME to a larger disk (a build needs about 1.2 GB while it runs)";
function fileSystemHint(code, root) {
  if (code === "ENOSPC") return DISK_FULL_HINT;
  if (code === "EXDEV") return `keep all of PYDEBUG_HOME (${root}) on one filesystem`;
  return `check that PYDEBUG_HOME (${root}) is writable and has free space`;
}
async function treeSize(dir, exclude = []) {
  let bytes = 0;
  let files = 0;
  const entries = await readdir2(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      if (e.isDirectory()) return;
      const path = join5(e.parentPath, e.name);
      if (exclude.includes(path)) return;
      const st = await lstat3(path);
      bytes += st.size;
      files += 1;
    })
  );
  return { bytes, files };
}
function entryContentSize(prefix) {
  return treeSize(prefix, [join5(prefix, ENTRY_META_DIR, "manifest.json")]);
}
async function interpreterProblem(dir, python) {
  const path = join5(dir, python);
  try {
    const real = await realpath(path);
    if (!isStrictlyInside(await realpath(dir), real)) return `its interpreter ${python} leads outside the entry (${real})`;
    await access(path, constants.X_OK);
    return void 0;
  } catch {
    return `its interpreter ${python} is missing or not executable`;
  }
}
var SEAL_SETTLED_MS = 1e3;
function listingMatchesList(listing, recorded, own) {
  const stats = listing.stats;
  if (stats.size !== recorded.size + own.size) return false;
  for (const rel of own) if (!stats.has(rel)) return false;
  for (const [rel, record2] of recorded) {
    const st = stats.get(rel);
    if (!st || st.size !== record2.bytes || (record2.kind === "l" ? !st.isSymbolicLink() : !st.isFile())) return false;
  }
  return true;
}
var FILE_LIST_LIMIT = 64 * 1024 * 1024;
async function readFileList(dir, manifest) {
  const name = manifest.contents.list;
  let read;
  try {
    read = await readBounded(join5(dir, name), FILE_LIST_LIMIT);
  } catch (e) {
    return `its file list ${name} cannot be read (${e.code ?? e.message})`;
  }
  if ("problem" in read) return `its file list ${name} ${read.problem === "not a file" ? "is not a file" : `is larger than ${FILE_LIST_LIMIT} bytes`}`;
  if (sha256Of(read.data) !== manifest.contents.list_sha256) return `its file list ${name} was changed since it was built (its SHA-256 differs)`;
  const files = parseFileList(read.data.toString("utf8"));
  return typeof files === "string" ? `its file list ${name} is not one: ${files}` : files;
}
function describeDifferences(problems) {
  if (problems.length === 0) return void 0;
  const shown = problems.slice(0, 3).join("; ");
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : "";
  return `${problems.length === 1 ? "1 file differs" : `${problems.length} files differ`} from what was built: ${shown}${more}`;
}

// src/ui/estimate.ts
var BUILD_STEPS = ["configure", "make", "test", "install", "probe"];
function isBuildStep(phase) {
  return BUILD_STEPS.includes(phase);
}
var MAX_STEP_SECONDS = 24 * 3600;
function stepTimesOf(timings) {
  const times = {};
  for (const step of BUILD_STEPS) {
    const t = timings[step];
    if (typeof t === "number" && Number.isFinite(t) && t >= 0 && t <= MAX_STEP_SECONDS) times[step] = t;
  }
  return times;
}
function estimateRemaining(steps, recorded, current, elapsed) {
  const at = steps.indexOf(current);
  if (at < 0) return void 0;
  let left = 0;
  for (const step of steps.slice(at)) {
    const seconds = recorded[step];
    if (seconds === void 0) return void 0;
    left += step === current ? Math.max(0, seconds - elapsed) : seconds;
  }
  return left;
}

// src/ui/status-line.ts
function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}
function standing(phase) {
  switch (phase) {
    case "configure":
    case "make":
    case "test":
    case "install":
    case "probe":
    case "store":
      return 0;
    case "download":
    case "verify":
    case "extract":
      return 1;
    case "wait":
      return 2;
  }
}
function byProgress(activities) {
  return activities.map((a, i) => ({ a, i })).sort((x, y) => standing(x.a.phase) - standing(y.a.phase) || x.i - y.i).map(({ a }) => a);
}
function describeActivity(a) {
  const step = a.step ? ` ${a.step.index}/${a.step.count}` : "";
  const detail = a.detail ? ` ${a.detail}` : "";
  const left = a.left === void 0 ? "" : ` ~${clock(Math.ceil(a.left))} left`;
  return `${a.id} ${a.phase}${step}${detail} ${clock(a.elapsed)}${left}`;
}
function leftOff(rest) {
  if (rest.length === 0) return "";
  return ` · +${rest.length} ${rest.every((a) => a.phase === "wait") ? "waiting" : "more"}`;
}
function statusLine(head, activities, width) {
  const ordered = byProgress(activities);
  const first = ordered[0];
  if (first === void 0) return head.length <= width ? head : `${head.slice(0, width - 1)}…`;
  const parts = ordered.map(describeActivity);
  const candidates = [
    ...parts.map((_, i) => `${head}  ${parts.slice(0, parts.length - i).join(" · ")}${leftOff(ordered.slice(parts.length - i))}`),
    `${head}  ${parts[0]}`,
    `${head}  ${describeActivity({ ...first, left: void 0 })}`
  ];
  const fits = candidates.find((line) => line.length <= width);
  if (fits !== void 0) return fits;
  const shortest = candidates.at(-1);
  return `${shortest.slice(0, width - 1)}…`;
}

// src/ui/reporter.ts
function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, "0")}s`;
}
var BaseReporter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  active = /* @__PURE__ */ new Map();
  expected = /* @__PURE__ */ new Map();
  /** Every id by when it was first heard of: entries keep their places on the line as they change phase. */
  firstSeen = /* @__PURE__ */ new Map();
  /** Logs already named ("<id>\0<path>"), so each is named once, when its build starts. */
  announcedLogs = /* @__PURE__ */ new Set();
  started = Date.now();
  elapsed() {
    return (Date.now() - this.started) / 1e3;
  }
  seen(id) {
    if (!this.firstSeen.has(id)) this.firstSeen.set(id, this.firstSeen.size);
  }
  /** What each active entry is doing, running ones first (byProgress). */
  activities() {
    const now = Date.now();
    const list = [...this.active].map(([id, a]) => {
      const elapsed = (now - a.since) / 1e3;
      const step = this.stepOf(id, a.phase);
      const expected = this.expected.get(id);
      const left = step && expected ? estimateRemaining(expected.steps, expected.recorded, a.phase, elapsed) : void 0;
      return { id, phase: a.phase, detail: a.detail, elapsed, step, left };
    });
    list.sort((x, y) => this.firstSeen.get(x.id) - this.firstSeen.get(y.id));
    return byProgress(list);
  }
  /** The phase's place among the entry's expected steps, when it is one of them. */
  stepOf(id, phase) {
    const steps = this.expected.get(id)?.steps;
    const index = steps && isBuildStep(phase) ? steps.indexOf(phase) : -1;
    return steps && index >= 0 ? { index: index + 1, count: steps.length } : void 0;
  }
  expectSteps(id, steps, recorded) {
    this.seen(id);
    this.expected.set(id, { steps, recorded });
  }
  info(message) {
    this.line(message);
  }
  warn(message) {
    this.line(`warning: ${message}`);
  }
  phase(id, phase, detail, logFile) {
    if (logFile && !this.announcedLogs.has(`${id}\0${logFile}`)) {
      this.announcedLogs.add(`${id}\0${logFile}`);
      this.line(`${id}: build log ${logFile} (tail -f it to follow the build)`);
    }
    this.seen(id);
    this.active.set(id, { phase, since: Date.now(), detail });
    this.onPhase(id, phase, detail);
  }
  onPhase(_id, _phase, _detail) {
  }
  phaseDone(id, phase, seconds, _logFile) {
    this.active.delete(id);
    this.line(`${id}: ${phase} done in ${formatDuration(seconds)}`);
  }
  phaseFailed(id, _phase, _seconds, _logFile) {
    this.active.delete(id);
  }
  detail(id, text) {
    const a = this.active.get(id);
    if (a) a.detail = text;
  }
  done(id, outcome, summary) {
    this.active.delete(id);
    this.line(`${id}: ${outcome}${summary ? ` (${summary})` : ""}`);
  }
  close() {
  }
};
var PlainReporter = class extends BaseReporter {
  heartbeat;
  constructor(out, heartbeatMs = 6e4) {
    super(out);
    this.heartbeat = setInterval(() => {
      if (this.active.size === 0) return;
      this.line(`still working: ${this.activities().map(describeActivity).join(", ")}`);
    }, heartbeatMs);
    this.heartbeat.unref();
  }
  line(text) {
    this.out.write(`[${clock(this.elapsed())}] ${text}
`);
  }
  onPhase(id, phase, detail) {
    this.line(`${id}: ${phase}${detail ? ` ${detail}` : ""}...`);
  }
  close() {
    clearInterval(this.heartbeat);
  }
};
var DEFAULT_COLUMNS = 80;
function terminalWidth(reported) {
  return Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_COLUMNS;
}
var SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
var LiveReporter = class extends BaseReporter {
  constructor(out, columns) {
    super(out);
    this.columns = columns;
    this.timer = setInterval(() => this.redraw(), 250);
    this.timer.unref();
  }
  columns;
  timer;
  frame = 0;
  shown = false;
  clear() {
    if (this.shown) this.out.write("\r\x1B[2K");
    this.shown = false;
  }
  redraw() {
    this.clear();
    if (this.active.size === 0) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    const width = Math.max(20, terminalWidth(this.columns()) - 1);
    this.out.write(statusLine(`${SPINNER[this.frame]} ${clock(this.elapsed())}`, this.activities(), width));
    this.shown = true;
  }
  line(text) {
    this.clear();
    this.out.write(`${text}
`);
    this.redraw();
  }
  onPhase() {
    this.redraw();
  }
  close() {
    clearInterval(this.timer);
    this.clear();
  }
};
var SilentReporter = class {
  expectSteps() {
  }
  info() {
  }
  warn() {
  }
  phase() {
  }
  phaseDone() {
  }
  phaseFailed() {
  }
  detail() {
  }
  done() {
  }
  close() {
  }
};

export {
  sourceUrlProblem,
  isRelativeDirectory,
  mirrorProblem,
  redactUserInfo,
  PYTHON_ORG_FTP,
  isGitSpec,
  sourceKey,
  defaultTarballUrl,
  entryId,
  normalizeSource,
  normalizeVariant,
  expandMatrix,
  toProject,
  findVariant,
  SANITIZER_CONFIGURE_FLAG,
  SANITIZER_OPTIONS_VARIABLE,
  sanitizerRuntimes,
  withSuppressions,
  sanitizerBuildEnv,
  INCOMPATIBLE_SANITIZERS,
  TYPED_CONFIGURE_OPTIONS,
  RESERVED_CONFIGURE_OPTIONS,
  shellWouldInterpret,
  CONFIGURE_OPTION_PATTERN,
  CONFIGURE_VARIABLE_PATTERN,
  TEST_NAME_PATTERN,
  JIT_TIER2,
  TAIL_CALL_MIN_CLANG,
  clangMajor,
  isGccName,
  VERSION_PATTERN,
  MD5_PATTERN,
  SHA256_PATTERN,
  VARIANT_NAME_PATTERN,
  ConfigSchema,
  KNOWN_KEYS,
  atLeast,
  minorOf,
  MIN_SUPPORTED,
  LOCK_VERSION,
  LockedTarballSchema,
  LockedGitSchema,
  LockedSourceSchema,
  BuildOptionsSchema,
  ExpectationsSchema,
  LockedBuildSchema,
  LockSchema,
  isGitSource,
  canonicalJson,
  resolveBuild,
  lockKeyFor,
  entryKeyFor,
  lockedSourceFor,
  assembleLock,
  ENTRY_META_DIR,
  readManifest,
  tempName,
  tempNamePid,
  LAYOUT_DIRS,
  Store,
  DISK_FULL_HINT,
  fileSystemHint,
  treeSize,
  stepTimesOf,
  formatDuration,
  PlainReporter,
  LiveReporter,
  SilentReporter
};
