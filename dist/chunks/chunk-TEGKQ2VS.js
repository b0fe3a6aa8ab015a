import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  closest
} from "./chunk-VPUCQOA5.js";
import {
  MIN_SUPPORTED,
  atLeast,
  minorOf
} from "./chunk-7FVNZRWO.js";
import {
  isRegistryProblem,
  parseRegistryLocation
} from "./chunk-JWVT23K3.js";
import {
  expandMatrix,
  isGitSpec,
  normalizeSource,
  normalizeVariant,
  sourceKey
} from "./chunk-BE4EDCZ3.js";
import {
  VERSION_PATTERN
} from "./chunk-MXRQTLAU.js";
import {
  CONFIGURE_OPTION_PATTERN,
  CONFIGURE_VARIABLE_PATTERN,
  INCOMPATIBLE_SANITIZERS,
  RESERVED_CONFIGURE_OPTIONS,
  SANITIZER_CONFIGURE_FLAG,
  TAIL_CALL_MIN_CLANG,
  TEST_NAME_PATTERN,
  TYPED_CONFIGURE_OPTIONS,
  clangMajor,
  isGccName,
  shellWouldInterpret
} from "./chunk-CIVUFNK4.js";
import {
  SOURCE_NAME_PATTERN,
  gitUrlProblem,
  refFormatProblem
} from "./chunk-7EBBVXHX.js";
import {
  mirrorProblem,
  sourceUrlProblem
} from "./chunk-Y75KHDUJ.js";

// src/config/rules.ts
var VARIANT_NAME_MAX_LENGTH = 64;
function quoted(name) {
  return JSON.stringify(name.length > 24 ? `${name.slice(0, 20)}…` : name);
}
function variantNameProblem(name, rule) {
  if (name.length > VARIANT_NAME_MAX_LENGTH) {
    return {
      message: `variant name ${quoted(name)} is too long: ${name.length} characters, at most ${VARIANT_NAME_MAX_LENGTH}`,
      hint: "pick a shorter name, e.g. trace-refs, debug_O0, asan"
    };
  }
  return { message: `${quoted(name)} cannot be a variant name: ${rule}`, hint: "rename it, e.g. trace-refs, debug_O0, asan" };
}
function envNameProblem(variant, name) {
  return {
    message: `${quoted(name)} cannot be an environment variable name in variant ${quoted(variant)}`,
    hint: "environment variable names are letters, digits and _, not starting with a digit, e.g. PYTHONMALLOC"
  };
}
var variantsDeclared = ({ variants }) => variants.length > 0 ? [] : [{ path: ["variants"], message: "no variants are declared", hint: "add one, e.g.\n    variants:\n      debug:\n        pydebug: true" }];
var mirrorUsable = ({ config }) => {
  const problem = config.mirror === void 0 ? void 0 : mirrorProblem(config.mirror, true);
  return problem ? [{ path: ["mirror"], ...problem }] : [];
};
var registryUsable = ({ config }) => {
  if (config.registry === void 0) return [];
  const parsed = parseRegistryLocation(config.registry);
  return isRegistryProblem(parsed) ? [{ path: ["registry"], ...parsed }] : [];
};
var CONFIG_RULES = [
  sourceIssues,
  variantsDeclared,
  ({ variants }) => variants.flatMap((v) => VARIANT_RULES.flatMap((rule) => rule(v))),
  excludeIssues,
  matrixIssues,
  mirrorUsable,
  registryUsable
];
function checkConfig(config) {
  const ctx = { config, variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)) };
  return CONFIG_RULES.flatMap((rule) => rule(ctx));
}
function sourceIssues({ config }) {
  const issues = [];
  const seen = /* @__PURE__ */ new Map();
  config.python.forEach((raw, i) => {
    const s = normalizeSource(raw);
    const key = sourceKey(s);
    const first = seen.get(key);
    if (first !== void 0) {
      issues.push({
        path: ["python", i, isGitSpec(s) ? raw.name !== void 0 ? "name" : "ref" : "version"],
        message: isGitSpec(s) ? `the name ${key} is used twice (also python[${first}])` : `version ${key} is listed twice (also python[${first}])`,
        hint: isGitSpec(s) ? "give each git source its own name: (entries are <name>-<variant>)" : "list each release once; variants already multiply every release"
      });
    } else {
      seen.set(key, i);
    }
    issues.push(...isGitSpec(s) ? gitSourceIssues(s, raw, i) : releaseIssues(s, i));
  });
  return issues;
}
function releaseIssues(s, i) {
  const issues = [];
  if (!atLeast(s.version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({
      path: ["python", i, "version"],
      message: `CPython ${s.version} is not supported`,
      hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer (--with-trace-refs and today's debug ABI start there)`
    });
  }
  if (!s.md5 && !s.sha256 && !s.sigstore) {
    const page = `https://www.python.org/downloads/release/python-${s.version.replace(/\./g, "")}/`;
    issues.push({
      path: ["python", i],
      message: s.sigstore === false ? `release ${s.version} has no checksum and its Sigstore check is off (sigstore: false): nothing would verify the download` : `release ${s.version} has no checksum, and pydebug knows no Sigstore identity for ${s.version.split(".").slice(0, 2).join(".")} releases`,
      hint: `add sha256: <64 hex digits> (preferred) or md5: <32 hex digits>, from ${page}` + (s.sigstore === false ? "" : `; or name who signs its bundle: sigstore: {identity: <email>, issuer: <OIDC issuer URL>} (python.org's Sigstore page lists them)`)
    });
  }
  const urlProblem = sourceUrlProblem(s.url, s.version);
  if (urlProblem) issues.push({ path: ["python", i, "url"], ...urlProblem });
  return issues;
}
function gitSourceIssues(s, raw, i) {
  const issues = [];
  const urlProblem = gitUrlProblem(s.git);
  if (urlProblem) {
    issues.push({
      path: ["python", i, "git"],
      message: `git ${JSON.stringify(s.git)} cannot be used: ${urlProblem}`,
      hint: "e.g. git: https://github.com/python/cpython, git: file:///srv/cpython or git: ../cpython"
    });
  }
  const refProblem = refFormatProblem(s.ref);
  if (refProblem) {
    issues.push({
      path: ["python", i, "ref"],
      message: `ref ${JSON.stringify(s.ref)} is not a git ref name: ${refProblem}`,
      hint: "give a branch, tag or full commit as git check-ref-format accepts it, e.g. ref: main"
    });
    return issues;
  }
  if (SOURCE_NAME_PATTERN.test(s.name) && !VERSION_PATTERN.test(s.name)) return issues;
  const named = raw.name !== void 0;
  issues.push({
    path: ["python", i, named ? "name" : "ref"],
    message: VERSION_PATTERN.test(s.name) ? `the name ${JSON.stringify(s.name)} of a git source looks like a release version` : named ? `name ${JSON.stringify(s.name)} cannot name entries: use letters, digits, "." and "_", starting with a letter or digit` : `ref ${JSON.stringify(s.ref)} cannot name the entries (<name>-<variant>): names are letters, digits, "." and "_"`,
    hint: named ? "pick another name, e.g. name: main" : "add a name: to this entry, e.g. name: main"
  });
  return issues;
}
function versionIssues(entry, version, v) {
  const issues = [];
  const source = entry.version === version ? version : `${entry.version} (${version})`;
  const excludeHint = `exclude it for ${entry.version}: exclude: [{version: "${entry.version}", variant: "${entry.variant}"}]`;
  if (!atLeast(version, MIN_SUPPORTED.major, MIN_SUPPORTED.minor)) {
    issues.push({ path: ["python"], message: `CPython ${source} is not supported`, hint: `pydebug builds CPython ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} and newer` });
  }
  if (v.freethreading && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "freethreading"],
      message: `variant "${v.name}" sets freethreading, which needs CPython 3.13 or newer, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.tailCall && !atLeast(version, 3, 14)) {
    issues.push({
      path: ["variants", entry.variant, "tail_call"],
      message: `variant "${v.name}" sets tail_call (--with-tail-call-interp), which CPython has since 3.14, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.jit !== false && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "jit"],
      message: `variant "${v.name}" sets jit (--enable-experimental-jit=${v.jit}), which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.strictOverflow && !atLeast(version, 3, 12)) {
    issues.push({
      path: ["variants", entry.variant, "strict_overflow"],
      message: `variant "${v.name}" sets strict_overflow (--with-strict-overflow), which CPython has since 3.12, but is built for ${source}`,
      hint: excludeHint
    });
  }
  if (v.sanitizers.includes("thread") && !atLeast(version, 3, 13)) {
    issues.push({
      path: ["variants", entry.variant, "sanitizers"],
      message: `variant "${v.name}" uses ${SANITIZER_CONFIGURE_FLAG.thread}, which CPython has since 3.13, but is built for ${source}`,
      hint: excludeHint
    });
  }
  return issues;
}
var variantPath = (v, ...rest) => ["variants", v.name, ...rest];
function shellIssue(path, what, value, form, hint) {
  if (!shellWouldInterpret(value, form)) return void 0;
  return { path, message: `${what} contains characters a shell would interpret`, hint };
}
var incompatibleSanitizers = (v) => INCOMPATIBLE_SANITIZERS.filter(([a, b]) => v.sanitizers.includes(a) && v.sanitizers.includes(b)).map(([a, b]) => ({
  path: variantPath(v, "sanitizers"),
  message: `variant "${v.name}" combines the ${a} and ${b} sanitizers, which compilers refuse to build together`,
  hint: `split them into two variants, e.g. asan: {sanitizers: [${a}]} and ${b.slice(0, 1)}san: {sanitizers: [${b}]}`
}));
var memorySanitizerRefused = (v) => v.sanitizers.includes("memory") ? [
  {
    path: variantPath(v, "sanitizers"),
    message: `variant "${v.name}" uses the memory sanitizer, which pydebug does not build: MemorySanitizer needs every library the interpreter loads (OpenSSL, libffi, zlib, SQLite...) built with -fsanitize=memory, and with the system's, CPython's own build stops (make checksharedmods: use-of-uninitialized-value in libcrypto, from _ssl)`,
    hint: "for reads of uninitialised memory use Valgrind (a variant with pymalloc: false and valgrind: true; run it under valgrind), and sanitizers: [address, undefined] for the rest"
  }
] : [];
var pymallocUnderSanitizer = (v) => v.pymallocExplicit && v.pymalloc && (v.sanitizers.includes("address") || v.sanitizers.includes("memory")) ? [
  {
    path: variantPath(v, "pymalloc"),
    message: `variant "${v.name}" asks for pymalloc, but CPython's configure turns pymalloc off for the address and memory sanitizers`,
    hint: "remove pymalloc: true (the sanitizer build uses malloc, which is what the sanitizer needs)"
  }
] : [];
var traceRefsWithoutGil = (v) => v.freethreading && v.traceRefs ? [
  {
    path: variantPath(v, "trace_refs"),
    message: `variant "${v.name}" combines trace_refs with freethreading: configure refuses "--disable-gil cannot be used with --with-trace-refs"`,
    hint: "use two variants: one with trace_refs, one with freethreading"
  }
] : [];
var freethreadingNeedsMimalloc = (v) => v.freethreading && v.configureArgs.some((a) => a === "--without-mimalloc" || a === "--with-mimalloc=no") ? [
  {
    path: variantPath(v, "configure_args"),
    message: `variant "${v.name}" disables mimalloc, which a free-threaded build (--disable-gil) requires`,
    hint: "remove --without-mimalloc, or drop freethreading"
  }
] : [];
var tailCallNeedsClang19 = (v) => {
  if (!v.tailCall) return [];
  const fix = `set compiler: clang-${TAIL_CALL_MIN_CLANG} (Debian/Ubuntu: apt install clang-${TAIL_CALL_MIN_CLANG}), or drop tail_call`;
  const why = `the tail-calling interpreter (--with-tail-call-interp) needs clang ${TAIL_CALL_MIN_CLANG} or newer (preserve_none and musttail)`;
  if (v.compiler === void 0) {
    return [{ path: variantPath(v, "tail_call"), message: `variant "${v.name}" sets tail_call, but declares no compiler: ${why}`, hint: fix }];
  }
  const major = clangMajor(v.compiler);
  if (isGccName(v.compiler) || major !== void 0 && major < TAIL_CALL_MIN_CLANG) {
    return [{ path: variantPath(v, "compiler"), message: `variant "${v.name}" sets tail_call with compiler ${v.compiler}, but ${why}`, hint: fix }];
  }
  return [];
};
var cflagsPlainAndAbiSafe = (v) => v.cflags.flatMap((flag) => {
  const path = variantPath(v, "cflags");
  const shell = shellIssue(
    path,
    `cflags entry ${JSON.stringify(flag)}`,
    flag,
    "word",
    "CFLAGS end up in the generated Makefile, whose commands run through /bin/sh: use plain flags such as -DPy_REF_DEBUG or -g3"
  );
  if (shell) return [shell];
  const macro = /^-D([A-Za-z_][A-Za-z0-9_]*)(=.*)?$/.exec(flag)?.[1];
  const problem = macro === void 0 ? void 0 : CFLAGS_MACROS.get(macro)?.(v);
  return problem ? [{ path, ...problem }] : [];
});
var CFLAGS_MACROS = /* @__PURE__ */ new Map([
  [
    "Py_TRACE_REFS",
    (v) => ({
      message: v.pydebug ? `-DPy_TRACE_REFS in cflags with pydebug: on 3.8–3.12, pyport.h stops the build with #error "Py_TRACE_REFS ABI is not compatible with release and debug ABI"` : `-DPy_TRACE_REFS in cflags changes the object layout without changing the ABI tag (on 3.8–3.12 a silent ABI break), and sysconfig does not record it`,
      hint: "remove it from cflags and set trace_refs: true (configure --with-trace-refs)"
    })
  ],
  [
    "Py_DEBUG",
    () => ({
      message: '-DPy_DEBUG in cflags gives a debug ABI without the "d" abiflag and keeps -DNDEBUG -O3 (asserts stay off)',
      hint: "remove it from cflags and set pydebug: true (configure --with-pydebug)"
    })
  ],
  [
    "PYMALLOC_DEBUG",
    () => ({
      message: "-DPYMALLOC_DEBUG has no effect since CPython 3.8 and was removed in 3.10",
      hint: "pydebug: true already installs the debug allocator hooks; for a release build use env: {PYTHONMALLOC: pymalloc_debug}"
    })
  ],
  [
    "Py_GIL_DISABLED",
    () => ({
      message: "-DPy_GIL_DISABLED in cflags does not make a free-threaded build and breaks the ABI",
      hint: "remove it and set freethreading: true (configure --disable-gil)"
    })
  ],
  [
    "NDEBUG",
    (v) => v.pydebug || v.assertions ? { message: `-DNDEBUG turns assert() off, but variant "${v.name}" asks for assertions${v.pydebug ? " (pydebug)" : ""}`, hint: "remove -DNDEBUG" } : void 0
  ]
]);
var configureArgsAccepted = (v) => v.configureArgs.flatMap((arg, i) => {
  const path = variantPath(v, "configure_args", i);
  const issue = CONFIGURE_VARIABLE_PATTERN.test(arg) ? configureVariableIssue(path, arg) : configureOptionIssue(path, arg);
  return issue ? [issue] : [];
});
function configureVariableIssue(path, arg) {
  const name = arg.slice(0, arg.indexOf("="));
  const value = arg.slice(name.length + 1);
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name] };
  if (value === "") return void 0;
  return shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, "words", "configure and the Makefile pass these through /bin/sh: use plain words separated by single spaces");
}
function configureOptionIssue(path, arg) {
  if (!CONFIGURE_OPTION_PATTERN.test(arg)) {
    return {
      path,
      message: `configure argument ${JSON.stringify(arg)} is neither --option[=value] nor VARIABLE=value`,
      hint: 'write one argument per list item, e.g. ["--with-lto", "LDFLAGS=-L/opt/lib"]'
    };
  }
  const eq = arg.indexOf("=");
  const name = eq === -1 ? arg : arg.slice(0, eq);
  const value = eq === -1 ? void 0 : arg.slice(eq + 1);
  if (value !== void 0 && value !== "") {
    const shell = shellIssue(path, `configure argument ${JSON.stringify(arg)}`, value, "word", "use a plain value (letters, digits and _=.,+/:@%-)");
    if (shell) return shell;
  }
  const sanitizerFlag = /^--(with|without)-([a-z-]+)-sanitizer$/.exec(name);
  if (sanitizerFlag && (sanitizerFlag[1] === "without" || value === "no")) {
    return {
      path,
      message: `${arg} ENABLES the ${sanitizerFlag[2]} sanitizer: CPython's configure ignores the value of --with/--without-*-sanitizer`,
      hint: "leave the flag out to build without the sanitizer"
    };
  }
  if (name in TYPED_CONFIGURE_OPTIONS) {
    return { path, message: `configure_args passes ${name}, which pydebug must know about to verify the build`, hint: `remove it and set ${TYPED_CONFIGURE_OPTIONS[name]} in the variant` };
  }
  if (name in RESERVED_CONFIGURE_OPTIONS) return { path, message: `configure_args sets ${name}`, hint: RESERVED_CONFIGURE_OPTIONS[name] };
  return void 0;
}
var envValuesWithoutNul = (v) => Object.entries(v.env).filter(([, value]) => value.includes("\0")).map(([name]) => ({ path: variantPath(v, "env", name), message: `env ${name} contains a NUL byte`, hint: "environment values cannot contain NUL" }));
var testNamesAreRegrtest = (v) => (Array.isArray(v.test) ? v.test : []).flatMap(
  (name, i) => TEST_NAME_PATTERN.test(name) ? [] : [
    {
      path: variantPath(v, "test", i),
      message: `test ${JSON.stringify(name)} is not a CPython test name`,
      hint: 'list regrtest names such as test_sys or test_capi; use true for the whole suite or "quick" for make quicktest'
    }
  ]
);
var VARIANT_RULES = [
  incompatibleSanitizers,
  memorySanitizerRefused,
  pymallocUnderSanitizer,
  traceRefsWithoutGil,
  freethreadingNeedsMimalloc,
  tailCallNeedsClang19,
  cflagsPlainAndAbiSafe,
  configureArgsAccepted,
  envValuesWithoutNul,
  testNamesAreRegrtest
];
function excludeIssues({ config }) {
  const issues = [];
  const versions = config.python.map((p) => sourceKey(normalizeSource(p)));
  const variants = Object.keys(config.variants);
  (config.exclude ?? []).forEach((e, i) => {
    if (e.version === void 0 && e.variant === void 0) {
      issues.push({ path: ["exclude", i], message: "this exclude entry names neither version nor variant, so it would exclude everything", hint: "add version: and/or variant:" });
    }
    issues.push(...undeclared(["exclude", i, "version"], e.version, versions, "python"));
    issues.push(...undeclared(["exclude", i, "variant"], e.variant, variants, "variants"));
  });
  return issues;
}
function undeclared(path, value, declared, list) {
  if (value === void 0 || declared.includes(value)) return [];
  const field = String(path[path.length - 1]);
  const guess = closest(value, declared);
  return [{ path, message: `exclude names ${field} "${value}", which is not in ${list}`, hint: guess ? `did you mean "${guess}"?` : `declared ${field}s: ${declared.join(", ")}` }];
}
function matrixIssues({ config, variants }) {
  const issues = [];
  const matrix = expandMatrix(config);
  if (matrix.length === 0 && variants.length > 0) {
    issues.push({ path: ["exclude"], message: "exclude leaves nothing to build", hint: "remove some exclude entries" });
  }
  const releases = new Set(config.python.flatMap((p) => "version" in p ? [p.version] : []));
  const reported = /* @__PURE__ */ new Set();
  for (const entry of matrix) {
    if (!releases.has(entry.version)) continue;
    const v = variants.find((x) => x.name === entry.variant);
    for (const issue of versionIssues(entry, entry.version, v).filter((i) => i.path[0] === "variants")) {
      const key = `${entry.variant}/${String(issue.path[2])}/${minorOf(entry.version)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

export {
  variantNameProblem,
  envNameProblem,
  checkConfig,
  versionIssues
};
