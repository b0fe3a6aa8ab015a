import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  segmentProblem
} from "./chunk-HEHMV332.js";
import {
  LOCK_VERSION,
  MACHINE_KEY_PATTERN,
  UNPINNED_LOCK_VERSION,
  canonicalJson,
  isGitSource,
  sha256Hex
} from "./chunk-2IXWVPAI.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";

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
    mirror: config.mirror,
    registry: config.registry
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
function mirrorProblem(mirror, relative = false) {
  const problem = mirrorProblemShown(mirror, relative);
  return problem && { ...problem, message: redactUserInfo(problem.message) };
}
function mirrorProblemShown(mirror, relative) {
  if (relative && isRelativeDirectory(mirror)) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain path" } : void 0;
  }
  if (relative && !/^(https?|file):\/\//.test(mirror)) {
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
  "--with-thread-sanitizer": "sanitizers: [thread]"
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

// src/lock/resolve.ts
var BUILD_RECIPE_VERSION = 2;
var ENTRY_FORMAT_VERSION = 3;
var LOCK_KEY_VERSION = 1;
function resolveConfigureArgs(v) {
  const configure = [];
  if (v.pydebug) configure.push("--with-pydebug");
  else if (v.assertions) configure.push("--with-assertions");
  if (v.traceRefs) configure.push("--with-trace-refs");
  if (!v.pymalloc) configure.push("--without-pymalloc");
  if (v.valgrind) configure.push("--with-valgrind");
  if (v.freethreading) configure.push("--disable-gil");
  for (const s of v.sanitizers) configure.push(SANITIZER_CONFIGURE_FLAG[s]);
  configure.push(...v.configureArgs);
  const cflags = [...v.optimization ? [`-${v.optimization}`] : [], ...sanitizerCflags(v.sanitizers, v.compiler), ...v.cflags];
  if (cflags.length > 0) configure.push(`CFLAGS=${cflags.join(" ")}`);
  if (v.compiler) configure.push(`CC=${v.compiler}`);
  return { configure, cflags };
}
function resolveExpectations(v, cflags) {
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
    sanitizers: v.sanitizers.map((s) => SANITIZER_COMPILER_FLAG[s].replace("-fsanitize=", ""))
  };
}
function resolveRuntimeEnv(v) {
  return { ...v.env, ...sanitizerRuntimeEnv(v.sanitizers, v.env) };
}
function resolveBuild(version, v, source) {
  const { configure, cflags } = resolveConfigureArgs(v);
  const expect = resolveExpectations(v, cflags);
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
      lock: LOCK_KEY_VERSION,
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
  return `pydebug-${lockKey}-${machineKeyFor(machine)}`;
}
function machineKeyFor(machine) {
  return `${machine.os}-${machine.arch}-${sha256Hex(`${machine.toolchain}
entry format ${ENTRY_FORMAT_VERSION}`).slice(0, 8)}`;
}
function machineKeyOf(entryKey, lockKey) {
  const prefix = `pydebug-${lockKey}-`;
  if (!entryKey.startsWith(prefix)) return void 0;
  const machine = entryKey.slice(prefix.length);
  return MACHINE_KEY_PATTERN.test(machine) ? machine : void 0;
}
function recordedPins(lock) {
  const pins = {};
  for (const build of Object.values(lock.builds)) if (build.artifacts && Object.keys(build.artifacts).length > 0) pins[build.cache_key] = build.artifacts;
  return pins;
}
function lockedSourceFor(spec, facts) {
  if (isGitSpec(spec)) {
    const pinned = facts;
    return { git: spec.git, ref: spec.ref, commit: pinned.commit, version: pinned.version };
  }
  const tarball = facts;
  return { version: spec.version, url: spec.url, file: spec.file, sha256: tarball.sha256, md5: tarball.md5, size: tarball.size };
}
function assembleLock(project, sources, pins = {}) {
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
    const cacheKey = lockKeyFor(resolved, source);
    const artifacts = pins[cacheKey];
    builds[entry.id] = artifacts && Object.keys(artifacts).length > 0 ? { ...resolved, cache_key: cacheKey, artifacts: sortedPins(artifacts) } : { ...resolved, cache_key: cacheKey };
  }
  const pinned = Object.values(builds).some((b) => b.artifacts);
  return { lock_version: pinned ? LOCK_VERSION : UNPINNED_LOCK_VERSION, sources: lockedSources, builds };
}
function sortedPins(artifacts) {
  return Object.fromEntries(
    Object.keys(artifacts).sort().map((k) => [k, artifacts[k]])
  );
}

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
  ENTRY_FORMAT_VERSION,
  resolveBuild,
  lockKeyFor,
  entryKeyFor,
  machineKeyOf,
  recordedPins,
  lockedSourceFor,
  assembleLock
};
