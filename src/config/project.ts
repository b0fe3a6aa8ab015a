/**
 * The normalized project: pydebug.yml after validation, with defaults applied and the
 * matrix (sources × variants − exclude) expanded. Pure.
 */
import type { Config, OptimizationLevel, Sanitizer, SourceConfig, VariantConfig } from './schema.js';
import { urlFileName } from './url.js';

export const PYTHON_ORG_FTP = 'https://www.python.org/ftp/python';

export interface SourceSpec {
  version: string;
  md5?: string | undefined;
  sha256?: string | undefined;
  /** The URL as declared, or the python.org default. Mirrors are applied later, at download. */
  url: string;
  /** File name of the tarball (last URL segment, percent-decoded; checked to be one path segment). */
  file: string;
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
  optimization?: OptimizationLevel | undefined;
  compiler?: string | undefined;
  cflags: string[];
  configureArgs: string[];
  env: Record<string, string>;
  test: boolean | 'quick' | string[];
  slim: boolean;
}

export interface MatrixEntry {
  /** "<version>-<variant>", e.g. "3.13.2-debug": unique, since versions contain no '-'. */
  id: string;
  version: string;
  variant: string;
}

export interface Project {
  sources: SourceSpec[];
  variants: VariantSpec[];
  matrix: MatrixEntry[];
  mirror?: string | undefined;
}

/**
 * The directory python.org keeps a release in: its base version, so pre-releases sit beside the
 * final release (3.15.0a2 in 3.15.0/), as pyenv's definitions and manylinux use them.
 */
export function releaseDirectory(version: string): string {
  return /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
}

export function defaultTarballUrl(version: string): string {
  return `${PYTHON_ORG_FTP}/${releaseDirectory(version)}/Python-${version}.tgz`;
}

export function splitFlags(flags: string | string[] | undefined): string[] {
  if (flags === undefined) return [];
  const list = typeof flags === 'string' ? [flags] : flags;
  return list.flatMap((f) => f.split(/[ \t]+/)).filter((f) => f.length > 0);
}

export function entryId(version: string, variant: string): string {
  return `${version}-${variant}`;
}

export function normalizeSource(s: SourceConfig): SourceSpec {
  const url = s.url ?? defaultTarballUrl(s.version);
  return {
    version: s.version,
    md5: s.md5?.toLowerCase(),
    sha256: s.sha256?.toLowerCase(),
    url,
    // A malformed escape gives no name; checkConfig reports it before anything uses the file.
    file: urlFileName(url) ?? '',
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
  for (const source of config.python) {
    for (const variant of Object.keys(config.variants)) {
      const hit = excluded.some(
        (e) => (e.version === undefined || e.version === source.version) && (e.variant === undefined || e.variant === variant),
      );
      if (!hit) entries.push({ id: entryId(source.version, variant), version: source.version, variant });
    }
  }
  return entries;
}

export function toProject(config: Config): Project {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror,
  };
}

export function findSource(project: Project, version: string): SourceSpec {
  const s = project.sources.find((x) => x.version === version);
  if (!s) throw new Error(`internal: no source ${version}`);
  return s;
}

export function findVariant(project: Project, name: string): VariantSpec {
  const v = project.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}
