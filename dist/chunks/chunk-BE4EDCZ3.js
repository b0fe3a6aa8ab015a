import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  defaultTarballUrl,
  urlFileName
} from "./chunk-Y75KHDUJ.js";

// src/config/sigstore-identities.ts
var GOOGLE = "https://accounts.google.com";
var GITHUB = "https://github.com/login/oauth";
var RELEASE_MANAGERS = {
  "3.10": { identity: "pablogsal@python.org", issuer: GOOGLE },
  "3.11": { identity: "pablogsal@python.org", issuer: GOOGLE },
  "3.12": { identity: "thomas@python.org", issuer: GOOGLE },
  "3.13": { identity: "thomas@python.org", issuer: GOOGLE },
  "3.14": { identity: "hugo@python.org", issuer: GITHUB },
  "3.15": { identity: "hugo@python.org", issuer: GITHUB }
};
function releaseManagerIdentity(version) {
  const line = /^(\d+\.\d+)\./.exec(version)?.[1];
  return line === void 0 ? void 0 : RELEASE_MANAGERS[line];
}

// src/config/project.ts
function isGitSpec(s) {
  return "git" in s;
}
function sourceKey(s) {
  return isGitSpec(s) ? s.name : s.version;
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
    file: urlFileName(url) ?? "",
    sigstore: s.sigstore === false ? false : s.sigstore ? { identity: s.sigstore.identity, issuer: s.sigstore.issuer } : releaseManagerIdentity(s.version)
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
function toProjectConfig(config) {
  return {
    sources: config.python.map(normalizeSource),
    variants: Object.entries(config.variants).map(([name, v]) => normalizeVariant(name, v)),
    matrix: expandMatrix(config),
    mirror: config.mirror,
    registry: config.registry
  };
}
function findVariant(projectConfig, name) {
  const v = projectConfig.variants.find((x) => x.name === name);
  if (!v) throw new Error(`internal: no variant ${name}`);
  return v;
}

export {
  RELEASE_MANAGERS,
  releaseManagerIdentity,
  isGitSpec,
  sourceKey,
  entryId,
  normalizeSource,
  normalizeVariant,
  expandMatrix,
  toProjectConfig,
  findVariant
};
