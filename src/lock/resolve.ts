/**
 * Resolution: a variant's typed options → the exact configure arguments, CFLAGS and the macros
 * and abiflags the built interpreter must show. Pure.
 *
 * Where each macro goes (the recipe's open question): ABI-changing macros (Py_DEBUG,
 * Py_TRACE_REFS, Py_GIL_DISABLED) only through their configure options, which also record them
 * in pyconfig.h and sysconfig; other flags through configure's CFLAGS, which sysconfig keeps
 * (CONFIGURE_CFLAGS) so extensions built later inherit them. Never `make EXTRA_CFLAGS`.
 */
import { jitLlvmVersion, SANITIZER_COMPILER_FLAG, SANITIZER_CONFIGURE_FLAG, sanitizerCflags, sanitizerRuntimeEnv } from '../config/cpython.js';
import { entryId, findVariant, isGitSpec, type ProjectConfig, type SourceSpec, sourceKey, type VariantSpec } from '../config/project.js';
import { minorOf } from '../config/version.js';
import type { MachineIdentity } from '../machine.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { type BuildOptions, type Expectations, isGitSource, LOCK_VERSION, type Lock, type LockedBuild, type LockedGit, type LockedSource, type LockedTarball, MACHINE_KEY_PATTERN } from './types.js';

/**
 * Bump when pydebug changes how it builds or installs (what lands in the store), so every
 * lock key (and so every entry key) changes with it.
 */
export const BUILD_RECIPE_VERSION = 2;

/**
 * Bump when what a store entry holds beside the install changes (its manifest, its file list).
 * It is part of the entry key (and so of the Actions cache key), not of the lock key: committed locks
 * stay valid, while entries of an older format are never restored or reused (a saved cache
 * entry cannot be overwritten, so its key must change). Two pydebugs of different formats share a
 * store without touching each other's entries: their keys, and so their directories, logs,
 * stamps and mutexes, differ. Format 4 renamed the manifest's `key` and `cache_key` to
 * `entry_key` and `lock_key` and moved the entries from store/ to entries/ (store/store.ts).
 */
export const ENTRY_FORMAT_VERSION = 4;

/**
 * The lock format version hashed into every lock key: 1, the format the keys were made under.
 * Version 2 added registry pins and build options (which change the configure arguments, hashed
 * already), version 3 renamed two fields: neither changed a build, so the keys stayed.
 */
const LOCK_KEY_VERSION = 1;

export type ResolvedBuild = Omit<LockedBuild, 'lock_key'>;

export function resolveConfigureArgs(v: VariantSpec): { configure: string[]; cflags: string[] } {
  const configure: string[] = [];
  if (v.pydebug) configure.push('--with-pydebug');
  else if (v.assertions) configure.push('--with-assertions');
  if (v.traceRefs) configure.push('--with-trace-refs');
  if (!v.pymalloc) configure.push('--without-pymalloc');
  if (v.valgrind) configure.push('--with-valgrind');
  if (v.freethreading) configure.push('--disable-gil');
  if (v.tailCall) configure.push('--with-tail-call-interp');
  if (v.jit !== false) configure.push(`--enable-experimental-jit=${v.jit}`);
  if (v.strictOverflow) configure.push('--with-strict-overflow');
  for (const s of v.sanitizers) configure.push(SANITIZER_CONFIGURE_FLAG[s]);
  configure.push(...v.configureArgs);
  // -O<level> goes into CFLAGS, which the Makefile places after OPT (-Og for pydebug), so it wins.
  const cflags = [...(v.optimization ? [`-${v.optimization}`] : []), ...sanitizerCflags(v.sanitizers, v.compiler), ...v.cflags];
  if (cflags.length > 0) configure.push(`CFLAGS=${cflags.join(' ')}`);
  if (v.compiler) configure.push(`CC=${v.compiler}`);
  return { configure, cflags };
}

/**
 * The build options the interpreter must show, or undefined when the variant sets none (then the
 * lock has no `options`, as before they existed). `version` is the CPython version built: it
 * decides the LLVM a JIT build needs.
 */
export function resolveBuildOptions(v: VariantSpec, version: string): BuildOptions | undefined {
  const options: BuildOptions = {};
  if (v.tailCall) options.tail_call = true;
  if (v.jit !== false) {
    options.jit = v.jit;
    const minor = Number(minorOf(version).split('.')[1]);
    if (v.jit !== 'interpreter' && Number.isInteger(minor)) options.jit_llvm = jitLlvmVersion(minor);
  }
  if (v.strictOverflow) options.strict_overflow = true;
  return Object.keys(options).length > 0 ? options : undefined;
}

export function resolveExpectations(v: VariantSpec, cflags: string[], version = ''): Expectations {
  const defines = (macro: string) => cflags.some((f) => f === `-D${macro}` || f.startsWith(`-D${macro}=`));
  const mallocSanitizer = v.sanitizers.includes('address') || v.sanitizers.includes('memory');
  return {
    abiflags: `${v.freethreading ? 't' : ''}${v.pydebug ? 'd' : ''}`,
    macros: {
      Py_DEBUG: v.pydebug,
      Py_REF_DEBUG: v.pydebug || defines('Py_REF_DEBUG'),
      Py_TRACE_REFS: v.traceRefs,
      // configure forces pymalloc off under ASan and MSan.
      WITH_PYMALLOC: v.pymalloc && !mallocSanitizer,
      WITH_VALGRIND: v.valgrind,
      Py_GIL_DISABLED: v.freethreading,
      NDEBUG: !(v.pydebug || v.assertions),
    },
    sanitizers: v.sanitizers.map((s) => SANITIZER_COMPILER_FLAG[s].replace('-fsanitize=', '')),
    ...withOptions(resolveBuildOptions(v, version)),
  };
}

const withOptions = (options: BuildOptions | undefined) => (options === undefined ? {} : { options });

/**
 * A variant's runtime environment (`pydebug run`, the Action): its declared `env`, and the
 * options its sanitizers need (ASAN_OPTIONS, TSAN_OPTIONS, UBSAN_OPTIONS as CPython's CI sets
 * them), which a declared value of the same variable extends. The suppression files are added
 * where the entry is used (they live in the entry, whose path is not the lock's business).
 */
export function resolveRuntimeEnv(v: VariantSpec): Record<string, string> {
  return { ...v.env, ...sanitizerRuntimeEnv(v.sanitizers, v.env) };
}

/** The build of variant `v` from the source listed under `sourceName` in the lock (a release's version, or a git source's name). */
export function resolveBuild(sourceName: string, v: VariantSpec, source?: LockedSource): ResolvedBuild {
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
    expect: source && isGitSource(source) ? { ...expect, commit: source.commit } : expect,
  };
}

/*
 * Two keys, and the words for them in the code:
 *
 *   lock key   "<id>-<16 hex>", over everything in the lock that changes the build (lockKeyFor).
 *              Machine-independent, so it is committed: the lock's field `lock_key` holds it
 *              (named `cache_key` in lock formats 1 and 2).
 *   entry key  "pydebug-<lock key>-<os>-<arch>-<8 hex>": the lock key plus the machine's identity
 *              and the entry format (entryKeyFor). It names the store entry (entries/<entry key>/,
 *              the manifest's `entry_key`, the JSON outputs' `entry_key`), its log and its mutex.
 *
 * The Action adds the runner image to the entry key for its cache (actionsKey, in
 * action/cache-keys.ts). `key` alone is left to other things (a map's key, a source's name).
 */

/** The lock key, "<id>-<16 hex>": what the lock's `lock_key` holds (see above). */
export function lockKeyFor(build: ResolvedBuild, source: LockedSource): string {
  const digest = sha256Hex(
    canonicalJson({
      lock: LOCK_KEY_VERSION,
      recipe: BUILD_RECIPE_VERSION,
      // A release by its tarball's SHA-256 (the keys of existing locks stay as they are), a git source by its commit.
      source: isGitSource(source) ? `git ${source.commit}` : source.sha256,
      configure: build.configure,
      compiler: build.compiler,
      slim: build.slim,
    }),
  );
  return `${entryId(build.source, build.variant)}-${digest.slice(0, 16)}`;
}

/** The entry key: the lock key plus the machine (see lockKeyFor); the Actions cache key extends it. */
export function entryKeyFor(lockKey: string, machine: MachineIdentity): string {
  return `pydebug-${lockKey}-${machineKeyFor(machine)}`;
}

/** The machine part of an entry key, "<os>-<arch>-<8 hex>": what a registry pin is listed under. */
export function machineKeyFor(machine: MachineIdentity): string {
  return `${machine.os}-${machine.arch}-${sha256Hex(`${machine.toolchain}\nentry format ${ENTRY_FORMAT_VERSION}`).slice(0, 8)}`;
}

/**
 * The machine part of `entryKey` when it is an entry key of the build with lock key `lockKey`
 * ("pydebug-<lock key>-<machine key>"), else undefined: a registry tag that is not one is ignored.
 */
export function machineKeyOf(entryKey: string, lockKey: string): string | undefined {
  const prefix = `pydebug-${lockKey}-`;
  if (!entryKey.startsWith(prefix)) return undefined;
  const machine = entryKey.slice(prefix.length);
  return MACHINE_KEY_PATTERN.test(machine) ? machine : undefined;
}

/** Registry pins by lock key: for each build, its artifacts' manifest digests by machine key. */
export type ArtifactPins = Record<string, Record<string, string>>;

/** The pins a lock records, by lock key (a pin is of one build: when its key changes, the pin goes). */
export function recordedPins(lock: Lock): ArtifactPins {
  const pins: ArtifactPins = {};
  for (const build of Object.values(lock.builds)) if (build.artifacts && Object.keys(build.artifacts).length > 0) pins[build.lock_key] = build.artifacts;
  return pins;
}

/**
 * A source as the lock pins it: what pydebug.yml says (version, URL, file name) and what only a
 * download can tell (SHA-256, MD5, size), taken from `facts`.
 */
export function lockedSourceFor(spec: SourceSpec, facts: LockedSource): LockedSource {
  if (isGitSpec(spec)) {
    const pinned = facts as LockedGit;
    return { git: spec.git, ref: spec.ref, commit: pinned.commit, version: pinned.version };
  }
  const tarball = facts as LockedTarball;
  const locked: LockedTarball = { version: spec.version, url: spec.url, file: spec.file, sha256: tarball.sha256, md5: tarball.md5, size: tarball.size };
  if (!tarball.sigstore) return locked;
  const { identity, issuer, trustedRoot } = tarball.sigstore;
  return { ...locked, sigstore: trustedRoot ? { identity, issuer, trustedRoot } : { identity, issuer } };
}

/**
 * Builds the whole lock from the project, the (downloaded and verified) source facts and the
 * registry pins found for its builds (by lock key; a pin of another key is of another build and
 * is dropped), in lock format LOCK_VERSION.
 */
export function assembleLock(projectConfig: ProjectConfig, sources: Record<string, LockedSource>, pins: ArtifactPins = {}): Lock {
  const lockedSources: Record<string, LockedSource> = {};
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = sources[key];
    if (!locked) throw new Error(`internal: source ${key} was not resolved`);
    lockedSources[key] = locked;
  }
  const builds: Record<string, LockedBuild> = {};
  for (const entry of projectConfig.matrix) {
    const source = lockedSources[entry.version]!;
    const resolved = resolveBuild(entry.version, findVariant(projectConfig, entry.variant), source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = pins[lockKey];
    builds[entry.id] = artifacts && Object.keys(artifacts).length > 0 ? { ...resolved, lock_key: lockKey, artifacts: sortedPins(artifacts) } : { ...resolved, lock_key: lockKey };
  }
  // Every lock is written as the current version (the field names of version 3 are in every
  // build), so an older pydebug says the lock is newer instead of failing on a field it does not know.
  return { lock_version: LOCK_VERSION, sources: lockedSources, builds };
}

function sortedPins(artifacts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(artifacts)
      .sort()
      .map((k) => [k, artifacts[k]!]),
  );
}
