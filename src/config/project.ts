/**
 * A project's config (ProjectConfig): its pydebug.yml after validation, normalized, with
 * defaults applied and the matrix (sources × variants − exclude) expanded. Pure.
 */
import type { JitMode } from './cpython.js';
import type { Config, GitSourceConfig, OptimizationLevel, Sanitizer, SourceConfig, TestSelection, VariantConfig } from './schema.js';
import { releaseManagerIdentity, type SigstoreIdentity } from './sigstore-identities.js';
import { defaultTarballUrl, urlFileName } from './url.js';

/** A CPython release tarball. */
export interface ReleaseSourceSpec {
  version: string;
  md5?: string | undefined;
  sha256?: string | undefined;
  /** The URL as declared, or the python.org default. Mirrors are applied later, at download. */
  url: string;
  /** File name of the tarball (last URL segment, percent-decoded; checked to be one path segment). */
  file: string;
  /**
   * Who must have signed the bundle at `<url>.sigstore`: as declared, else the release manager of
   * the version line; false when turned off; undefined when pydebug knows no identity for the line.
   */
  sigstore?: SigstoreIdentity | false | undefined;
}

/** A CPython git checkout: its commit and version are known only once `pydebug lock` resolves the ref. */
export interface GitSourceSpec {
  /** The source's key: entry ids are <name>-<variant>, and --python selects it. */
  name: string;
  git: string;
  ref: string;
}

export type SourceSpec = ReleaseSourceSpec | GitSourceSpec;

export function isGitSpec(s: SourceSpec): s is GitSourceSpec {
  return 'git' in s;
}

/** What the lock and the matrix know a source by: a release's version, a git source's name. */
export function sourceKey(s: SourceSpec): string {
  return isGitSpec(s) ? s.name : s.version;
}

export interface VariantSpec {
  name: string;
  pydebug: boolean;
  traceRefs: boolean;
  pymalloc: boolean;
  /** Whether `pymalloc` was written in pydebug.yml (an explicit true can conflict with ASan). */
  pymallocExplicit: boolean;
  valgrind: boolean;
  assertions: boolean;
  sanitizers: Sanitizer[];
  freethreading: boolean;
  /** --with-tail-call-interp. */
  tailCall: boolean;
  /** --enable-experimental-jit=<mode>, or false for none. */
  jit: JitMode | false;
  /** --with-strict-overflow. */
  strictOverflow: boolean;
  optimization?: OptimizationLevel | undefined;
  compiler?: string | undefined;
  cflags: string[];
  configureArgs: string[];
  env: Record<string, string>;
  test: TestSelection;
  slim: boolean;
}

export interface MatrixEntry {
  /** "<version>-<variant>", e.g. "3.13.2-debug": unique, since versions and names contain no '-'. */
  id: string;
  /** The source's key: a release version, or a git source's name. */
  version: string;
  variant: string;
}

export interface ProjectConfig {
  sources: SourceSpec[];
  variants: VariantSpec[];
  matrix: MatrixEntry[];
  mirror?: string | undefined;
  /** `registry:` as written (checked by the rules; PYDEBUG_REGISTRY overrides it: registry/reference.ts). */
  registry?: string | undefined;
}

function splitFlags(flags: string | string[] | undefined): string[] {
  if (flags === undefined) return [];
  const list = typeof flags === 'string' ? [flags] : flags;
  return list.flatMap((f) => f.split(/[ \t]+/)).filter((f) => f.length > 0);
}

export function entryId(version: string, variant: string): string {
  return `${version}-${variant}`;
}

/** A source entry of pydebug.yml, whichever form it has. */
export function normalizeSource(s: SourceConfig | GitSourceConfig): SourceSpec {
  return 'git' in s ? { name: s.name ?? s.ref, git: s.git, ref: s.ref } : normalizeRelease(s);
}

function normalizeRelease(s: SourceConfig): ReleaseSourceSpec {
  const url = s.url ?? defaultTarballUrl(s.version);
  return {
    version: s.version,
    md5: s.md5?.toLowerCase(),
    sha256: s.sha256?.toLowerCase(),
    url,
    // A malformed escape gives no name; checkConfig reports it before anything uses the file.
    file: urlFileName(url) ?? '',
    sigstore: s.sigstore === false ? false : s.sigstore ? { identity: s.sigstore.identity, issuer: s.sigstore.issuer } : releaseManagerIdentity(s.version),
  };
}

export function normalizeVariant(name: string, v: VariantConfig): VariantSpec {
  return {
    name,
    pydebug: v.pydebug ?? false,
    traceRefs: v.trace_refs ?? false,
    pymalloc: v.pymalloc ?? true,
    pymallocExplicit: v.pymalloc !== undefined,
    valgrind: v.valgrind ?? false,
    assertions: v.assertions ?? false,
    sanitizers: [...new Set(v.sanitizers ?? [])].sort(),
    freethreading: v.freethreading ?? false,
    tailCall: v.tail_call ?? false,
    jit: v.jit === true ? 'yes' : v.jit === 'off' ? 'yes-off' : v.jit === 'interpreter' ? 'interpreter' : false,
    strictOverflow: v.strict_overflow ?? false,
    optimization: v.optimization,
    compiler: v.compiler,
    cflags: splitFlags(v.cflags),
    configureArgs: [...(v.configure_args ?? [])],
    env: { ...(v.env ?? {}) },
    test: v.test ?? false,
    slim: v.slim ?? true,
  };
}

export function expandMatrix(config: Config): MatrixEntry[] {
  const excluded = config.exclude ?? [];
  const entries: MatrixEntry[] = [];
  for (const source of config.python.map(normalizeSource)) {
    const key = sourceKey(source);
    for (const variant of Object.keys(config.variants)) {
      const hit = excluded.some((e) => (e.version === undefined || e.version === key) && (e.variant === undefined || e.variant === variant));
      if (!hit) entries.push({ id: entryId(key, variant), version: key, variant });
    }
  }
  return entries;
}

export function toProjectConfig(config: Config): ProjectConfig {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror,
    registry: config.registry,
  };
}

export function findVariant(projectConfig: ProjectConfig, name: string): VariantSpec {
  const v = projectConfig.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}
