import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  minorOf
} from "./chunk-7FVNZRWO.js";
import {
  canonicalJson,
  sha256Hex
} from "./chunk-TVN4UCCV.js";
import {
  entryId,
  findVariant,
  isGitSpec,
  sourceKey
} from "./chunk-BE4EDCZ3.js";
import {
  SANITIZER_COMPILER_FLAG,
  SANITIZER_CONFIGURE_FLAG,
  jitLlvmVersion,
  sanitizerCflags,
  sanitizerRuntimeEnv
} from "./chunk-CIVUFNK4.js";
import {
  LOCK_VERSION,
  MACHINE_KEY_PATTERN,
  isGitSource
} from "./chunk-G6Z3WR3T.js";

// src/lock/resolve.ts
var BUILD_RECIPE_VERSION = 2;
var ENTRY_FORMAT_VERSION = 4;
var LOCK_KEY_VERSION = 1;
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
function resolveBuild(sourceName, v, source) {
  const { configure, cflags } = resolveConfigureArgs(v);
  const expect = resolveExpectations(v, cflags, source && isGitSource(source) ? source.version : sourceName);
  return {
    source: sourceName,
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
  return `${entryId(build.source, build.variant)}-${digest.slice(0, 16)}`;
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
  for (const build of Object.values(lock.builds)) if (build.artifacts && Object.keys(build.artifacts).length > 0) pins[build.lock_key] = build.artifacts;
  return pins;
}
function lockedSourceFor(spec, facts) {
  if (isGitSpec(spec)) {
    const pinned = facts;
    return { git: spec.git, ref: spec.ref, commit: pinned.commit, version: pinned.version };
  }
  const tarball = facts;
  const locked = { version: spec.version, url: spec.url, file: spec.file, sha256: tarball.sha256, md5: tarball.md5, size: tarball.size };
  if (!tarball.sigstore) return locked;
  const { identity, issuer, trustedRoot } = tarball.sigstore;
  return { ...locked, sigstore: trustedRoot ? { identity, issuer, trustedRoot } : { identity, issuer } };
}
function assembleLock(projectConfig, sources, pins = {}) {
  const lockedSources = {};
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = sources[key];
    if (!locked) throw new Error(`internal: source ${key} was not resolved`);
    lockedSources[key] = locked;
  }
  const builds = {};
  for (const entry of projectConfig.matrix) {
    const source = lockedSources[entry.version];
    const resolved = resolveBuild(entry.version, findVariant(projectConfig, entry.variant), source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = pins[lockKey];
    builds[entry.id] = artifacts && Object.keys(artifacts).length > 0 ? { ...resolved, lock_key: lockKey, artifacts: sortedPins(artifacts) } : { ...resolved, lock_key: lockKey };
  }
  return { lock_version: LOCK_VERSION, sources: lockedSources, builds };
}
function sortedPins(artifacts) {
  return Object.fromEntries(
    Object.keys(artifacts).sort().map((k) => [k, artifacts[k]])
  );
}

export {
  ENTRY_FORMAT_VERSION,
  resolveBuild,
  lockKeyFor,
  entryKeyFor,
  machineKeyOf,
  recordedPins,
  lockedSourceFor,
  assembleLock
};
