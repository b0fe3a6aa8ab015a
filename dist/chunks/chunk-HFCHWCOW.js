import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  DIGEST_PATTERN
} from "./chunk-WJJBIXIY.js";
import {
  LockedSourceSchema,
  PreviousLockedBuildSchema
} from "./chunk-O2NKV3CF.js";
import {
  array,
  boolean,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  tuple
} from "./chunk-QL4V2YBX.js";
import {
  MACRO_NAMES,
  canonicalJson,
  previousBuildOf
} from "./chunk-OCXTFSZJ.js";

// src/registry/artifact.ts
import { createHash } from "node:crypto";
var OCI_MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
var OCI_INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
var ENTRY_ARTIFACT_TYPE = "application/vnd.pydebug.entry.v1";
var ENTRY_CONFIG_MEDIA_TYPE = "application/vnd.pydebug.entry.config.v1+json";
var ENTRY_LAYER_MEDIA_TYPE = "application/vnd.pydebug.entry.layer.v1.tar+zstd";
var ENTRY_CONFIG_VERSION = 1;
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var MAX_CONFIG_BYTES = 1024 * 1024;
var MAX_LAYER_BYTES = 4 * 1024 * 1024 * 1024;
var digest = string().regex(DIGEST_PATTERN, "a digest must be sha256:<64 lower-case hex digits>");
var size = number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
var DescriptorSchema = object({ mediaType: string().max(255), digest, size, annotations: record(string(), string()).optional() });
var ArtifactManifestSchema = object({
  schemaVersion: literal(2),
  mediaType: literal(OCI_MANIFEST_MEDIA_TYPE),
  artifactType: literal(ENTRY_ARTIFACT_TYPE),
  config: DescriptorSchema.extend({ mediaType: literal(ENTRY_CONFIG_MEDIA_TYPE), size: size.max(MAX_CONFIG_BYTES) }),
  layers: tuple([DescriptorSchema.extend({ mediaType: literal(ENTRY_LAYER_MEDIA_TYPE), size: size.max(MAX_LAYER_BYTES) })]),
  annotations: record(string(), string()).optional()
});
var hex = (n) => string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
var macros = strictObject(Object.fromEntries(MACRO_NAMES.map((m) => [m, boolean()])));
var EntryConfigSchema = strictObject({
  pydebug_artifact: literal(ENTRY_CONFIG_VERSION),
  /** The store entry's name: "pydebug-<lock key>-<machine>". The tag is this too. */
  entry_key: string().max(255),
  /** The lock key of the build (the lock's `lock_key`). */
  lock_key: string().max(255),
  /** "<version>-<variant>". */
  id: string().max(255),
  /**
   * The lock's record of the build (builds.<id>), with the field names of lock formats 1 and 2
   * (`version`, `cache_key`) that this config was first made with, and of its source
   * (sources.<source>): the config's format did not change with the lock's.
   */
  build: PreviousLockedBuildSchema,
  source: LockedSourceSchema,
  /** The machine part of the entry key, "<os>-<arch>-<8 hex>", and the compiler that built it. */
  machine: strictObject({ key: string().max(255), compiler: strictObject({ name: string(), version: string(), target: string() }) }),
  /** What the probe proved of the built interpreter. */
  proven: strictObject({ abiflags: string(), macros, sanitizers: array(string()) }),
  /** The prefix the entry was built for, and its interpreter relative to it. */
  prefix: string().max(4096),
  python: string().max(4096),
  /** share/pydebug/files.sha256: the SHA-256 of every file, and its own digest. */
  files: strictObject({ list: string().max(4096), list_sha256: hex(64), bytes: size, count: size }),
  /** How the layer is made: its members lie under "<top>/". */
  archive: strictObject({ format: literal("tar+zstd"), top: string().max(255) })
});
var ArtifactError = class extends Error {
};
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
function descriptorOf(bytes, mediaType) {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length };
}
function machinePartOf(entryKey, lockKey) {
  const prefix = `pydebug-${lockKey}-`;
  if (!entryKey.startsWith(prefix)) throw new Error(`internal: entry key ${entryKey} does not extend lock key ${lockKey}`);
  return entryKey.slice(prefix.length);
}
function entryConfigFor(manifest, build, source) {
  return {
    pydebug_artifact: ENTRY_CONFIG_VERSION,
    entry_key: manifest.entry_key,
    lock_key: build.lock_key,
    id: manifest.id,
    build: previousBuildOf(build),
    source,
    machine: { key: machinePartOf(manifest.entry_key, build.lock_key), compiler: manifest.compiler },
    proven: { abiflags: manifest.proven.abiflags, macros: manifest.proven.macros, sanitizers: manifest.proven.sanitizers },
    prefix: manifest.prefix,
    python: manifest.python,
    files: { list: manifest.contents.list, list_sha256: manifest.contents.list_sha256, bytes: manifest.size.bytes, count: manifest.size.files },
    archive: { format: "tar+zstd", top: manifest.entry_key }
  };
}
function serializeEntryConfig(config) {
  return Buffer.from(canonicalJson(config));
}
function manifestAnnotations(config) {
  return {
    "org.opencontainers.image.title": config.entry_key,
    "org.opencontainers.image.description": `pydebug entry ${config.id} (${config.machine.key})`,
    "dev.pydebug.entry.key": config.entry_key,
    "dev.pydebug.lock.key": config.lock_key
  };
}
function buildArtifactManifest(config, layer, annotations = {}) {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: ENTRY_ARTIFACT_TYPE,
    config: { mediaType: ENTRY_CONFIG_MEDIA_TYPE, digest: config.digest, size: config.size },
    layers: [{ mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
    ...Object.keys(annotations).length > 0 ? { annotations } : {}
  };
  return Buffer.from(JSON.stringify(manifest));
}
function firstIssue(error) {
  const issue = error.issues[0];
  return `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}
function parseJson(bytes, what, limit) {
  if (bytes.length > limit) throw new ArtifactError(`the ${what} is ${bytes.length} bytes, more than ${limit}`);
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new ArtifactError(`the ${what} is not JSON`);
  }
}
function parseArtifactManifest(bytes) {
  const json = parseJson(bytes, "manifest", MAX_MANIFEST_BYTES);
  const type = json ?? {};
  if (type.mediaType !== void 0 && type.mediaType !== OCI_MANIFEST_MEDIA_TYPE) throw new ArtifactError(`the manifest is a ${String(type.mediaType)}, not an OCI image manifest`);
  if (type.artifactType !== ENTRY_ARTIFACT_TYPE)
    throw new ArtifactError(`the manifest's artifactType is ${JSON.stringify(type.artifactType ?? null)}, not ${ENTRY_ARTIFACT_TYPE}: it is not a pydebug entry`);
  const parsed = ArtifactManifestSchema.safeParse(json);
  if (!parsed.success) throw new ArtifactError(`the manifest is not a pydebug entry's: ${firstIssue(parsed.error)}`);
  return parsed.data;
}
function parseEntryConfig(bytes, expectedEntryKey) {
  const json = parseJson(bytes, "config", MAX_CONFIG_BYTES);
  const version = json?.pydebug_artifact;
  if (typeof version === "number" && version !== ENTRY_CONFIG_VERSION) throw new ArtifactError(`the config has format ${version}, this pydebug reads format ${ENTRY_CONFIG_VERSION}`);
  const parsed = EntryConfigSchema.safeParse(json);
  if (!parsed.success) throw new ArtifactError(`the config is not a pydebug entry's: ${firstIssue(parsed.error)}`);
  const config = parsed.data;
  if (config.archive.top !== config.entry_key) throw new ArtifactError(`the config's archive top ${JSON.stringify(config.archive.top)} is not its entry key`);
  if (config.lock_key !== config.build.cache_key) throw new ArtifactError("the config's lock key is not its build's cache_key");
  if (!config.entry_key.startsWith(`pydebug-${config.lock_key}-`) || config.entry_key !== `pydebug-${config.lock_key}-${config.machine.key}`) {
    throw new ArtifactError(`the config's entry key ${config.entry_key} is not pydebug-<lock key>-<machine>`);
  }
  if (expectedEntryKey !== void 0 && config.entry_key !== expectedEntryKey) throw new ArtifactError(`the artifact is entry ${config.entry_key}, not ${expectedEntryKey}`);
  return config;
}

export {
  OCI_MANIFEST_MEDIA_TYPE,
  OCI_INDEX_MEDIA_TYPE,
  ENTRY_CONFIG_MEDIA_TYPE,
  ENTRY_LAYER_MEDIA_TYPE,
  MAX_MANIFEST_BYTES,
  MAX_CONFIG_BYTES,
  ArtifactError,
  sha256Digest,
  descriptorOf,
  entryConfigFor,
  serializeEntryConfig,
  manifestAnnotations,
  buildArtifactManifest,
  parseArtifactManifest,
  parseEntryConfig
};
