import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  _enum,
  array,
  boolean,
  config,
  literal,
  record,
  strictObject,
  string,
  union
} from "./chunk-QL4V2YBX.js";
import {
  MD5_PATTERN,
  SHA256_PATTERN,
  VARIANT_NAME_PATTERN,
  VERSION_PATTERN
} from "./chunk-OCXTFSZJ.js";

// src/config/schema.ts
config({ jitless: true });
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
  ),
  sigstore: union([
    literal(false),
    strictObject({
      identity: string().min(1, "identity must be the signer's email, e.g. hugo@python.org").describe("The signer's identity (the certificate's email), e.g. hugo@python.org."),
      issuer: string().regex(/^https:\/\/\S+$/, "issuer must be an https:// URL, e.g. https://github.com/login/oauth").describe("The OIDC issuer of the signer's login, e.g. https://github.com/login/oauth.")
    })
  ]).optional().describe(
    "Who must have signed the file's Sigstore bundle (<url>.sigstore). Default: python.org's release manager of the version line (3.10-3.15). false: do not check the bundle (then sha256 or md5 is required)."
  )
}).describe("A CPython source release. Give sha256 (or md5), or let pydebug pin it after verifying its Sigstore bundle.");
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
  mirror: string().optional().describe("Base URL or directory (absolute, or relative to pydebug.yml's directory) replacing https://www.python.org/ftp/python (same <version>/<file> layout). PYDEBUG_MIRROR overrides it."),
  registry: string({ error: 'registry must be a string such as "ghcr.io/<owner>/<name>"' }).optional().describe(
    "OCI registry repository to share built entries through, as host[:port]/owner/name, e.g. ghcr.io/my-org/pydebug-entries. `pydebug push` sends entries there. PYDEBUG_REGISTRY overrides it; PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER) are the credentials."
  )
}).describe("pydebug.yml: CPython debug variants to build, lock and cache.");
var KNOWN_KEYS = {
  top: Object.keys(ConfigSchema.shape),
  source: Object.keys(SourceSchema.shape),
  git: Object.keys(GitSourceSchema.shape),
  variant: Object.keys(VariantSchema.shape),
  exclude: Object.keys(ExcludeSchema.shape)
};

export {
  TestSelectionSchema,
  ConfigSchema,
  KNOWN_KEYS
};
