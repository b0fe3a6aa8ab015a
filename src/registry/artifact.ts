/**
 * The OCI artifact a store entry is pushed as, built and read back. Pure: bytes in, bytes out.
 *
 *   manifest  application/vnd.oci.image.manifest.v1+json, schemaVersion 2,
 *             artifactType application/vnd.pydebug.entry.v1
 *   config    application/vnd.pydebug.entry.config.v1+json: EntryConfig, pydebug's record of
 *             the entry (entry key, lock key, the lock's record of the build and its source, the
 *             proven macros, the machine part of the entry key, the digest of files.sha256)
 *   layer     application/vnd.pydebug.entry.layer.v1.tar+zstd: the entry's directory as a POSIX
 *             tar compressed with zstd, every member under "<entry key>/" (the shape
 *             store/cache-archive.ts extracts: extractCacheArchive(file, into, key, key))
 *
 * What a registry returns is input: parseArtifactManifest and parseEntryConfig check the shape,
 * the media types, the digests' form and the sizes; the bytes' digests are checked by the client.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../lock/canonical.js';
import { previousBuildOf } from '../lock/migrate.js';
import { LockedSourceSchema, PreviousLockedBuildSchema } from '../lock/schema.js';
import { type LockedBuild, type LockedSource, MACRO_NAMES, type MacroName } from '../lock/types.js';
import type { Manifest } from '../store/manifest.js';
import { DIGEST_PATTERN } from './reference.js';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const ENTRY_ARTIFACT_TYPE = 'application/vnd.pydebug.entry.v1';
export const ENTRY_CONFIG_MEDIA_TYPE = 'application/vnd.pydebug.entry.config.v1+json';
export const ENTRY_LAYER_MEDIA_TYPE = 'application/vnd.pydebug.entry.layer.v1.tar+zstd';
/** The config's format; bump when its shape changes. */
export const ENTRY_CONFIG_VERSION = 1;

/** A manifest is a few hundred bytes; distribution itself refuses manifests over 4 MiB. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The config is a few kB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** An entry's archive is 30-120 MB; far above any real one, far below a full disk. */
export const MAX_LAYER_BYTES = 4 * 1024 * 1024 * 1024;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string> | undefined;
}

const digest = z.string().regex(DIGEST_PATTERN, 'a digest must be sha256:<64 lower-case hex digits>');
const size = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const DescriptorSchema = z.object({ mediaType: z.string().max(255), digest, size, annotations: z.record(z.string(), z.string()).optional() });

const ArtifactManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(OCI_MANIFEST_MEDIA_TYPE),
  artifactType: z.literal(ENTRY_ARTIFACT_TYPE),
  config: DescriptorSchema.extend({ mediaType: z.literal(ENTRY_CONFIG_MEDIA_TYPE), size: size.max(MAX_CONFIG_BYTES) }),
  layers: z.tuple([DescriptorSchema.extend({ mediaType: z.literal(ENTRY_LAYER_MEDIA_TYPE), size: size.max(MAX_LAYER_BYTES) })]),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ArtifactManifest = z.infer<typeof ArtifactManifestSchema>;

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const macros = z.strictObject(Object.fromEntries(MACRO_NAMES.map((m) => [m, z.boolean()])) as Record<MacroName, z.ZodBoolean>);

export const EntryConfigSchema = z.strictObject({
  pydebug_artifact: z.literal(ENTRY_CONFIG_VERSION),
  /** The store entry's name: "pydebug-<lock key>-<machine>". The tag is this too. */
  entry_key: z.string().max(255),
  /** The lock key of the build (the lock's `lock_key`). */
  lock_key: z.string().max(255),
  /** "<version>-<variant>". */
  id: z.string().max(255),
  /**
   * The lock's record of the build (builds.<id>), with the field names of lock formats 1 and 2
   * (`version`, `cache_key`) that this config was first made with, and of its source
   * (sources.<source>): the config's format did not change with the lock's.
   */
  build: PreviousLockedBuildSchema,
  source: LockedSourceSchema,
  /** The machine part of the entry key, "<os>-<arch>-<8 hex>", and the compiler that built it. */
  machine: z.strictObject({ key: z.string().max(255), compiler: z.strictObject({ name: z.string(), version: z.string(), target: z.string() }) }),
  /** What the probe proved of the built interpreter. */
  proven: z.strictObject({ abiflags: z.string(), macros, sanitizers: z.array(z.string()) }),
  /** The prefix the entry was built for, and its interpreter relative to it. */
  prefix: z.string().max(4096),
  python: z.string().max(4096),
  /** share/pydebug/files.sha256: the SHA-256 of every file, and its own digest. */
  files: z.strictObject({ list: z.string().max(4096), list_sha256: hex(64), bytes: size, count: size }),
  /** How the layer is made: its members lie under "<top>/". */
  archive: z.strictObject({ format: z.literal('tar+zstd'), top: z.string().max(255) }),
});
export type EntryConfig = z.infer<typeof EntryConfigSchema>;

/** Thrown for a manifest or config that is not a pydebug entry's (the message says why). */
export class ArtifactError extends Error {}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function descriptorOf(bytes: Uint8Array, mediaType: string): Descriptor {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length };
}

/** The machine part of an entry key: what follows "pydebug-<lock key>-". */
export function machinePartOf(entryKey: string, lockKey: string): string {
  const prefix = `pydebug-${lockKey}-`;
  if (!entryKey.startsWith(prefix)) throw new Error(`internal: entry key ${entryKey} does not extend lock key ${lockKey}`);
  return entryKey.slice(prefix.length);
}

/** pydebug's record of an entry, from its manifest and the lock's records. */
export function entryConfigFor(manifest: Manifest, build: LockedBuild, source: LockedSource): EntryConfig {
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
    archive: { format: 'tar+zstd', top: manifest.entry_key },
  };
}

/** The config blob's bytes: canonical JSON (sorted keys), so the same entry gives the same digest. */
export function serializeEntryConfig(config: EntryConfig): Buffer {
  return Buffer.from(canonicalJson(config));
}

/** Annotations pydebug puts on the manifest (informational; the config is what is checked). */
export function manifestAnnotations(config: EntryConfig): Record<string, string> {
  return {
    'org.opencontainers.image.title': config.entry_key,
    'org.opencontainers.image.description': `pydebug entry ${config.id} (${config.machine.key})`,
    'dev.pydebug.entry.key': config.entry_key,
    'dev.pydebug.lock.key': config.lock_key,
  };
}

/** The image manifest's bytes for a config and a layer. Deterministic: no creation time. */
export function buildArtifactManifest(config: Descriptor, layer: Descriptor, annotations: Record<string, string> = {}): Buffer {
  const manifest: ArtifactManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: ENTRY_ARTIFACT_TYPE,
    config: { mediaType: ENTRY_CONFIG_MEDIA_TYPE, digest: config.digest, size: config.size },
    layers: [{ mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  return Buffer.from(JSON.stringify(manifest));
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function parseJson(bytes: Uint8Array, what: string, limit: number): unknown {
  if (bytes.length > limit) throw new ArtifactError(`the ${what} is ${bytes.length} bytes, more than ${limit}`);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ArtifactError(`the ${what} is not JSON`);
  }
}

/** A manifest from the registry, checked to be a pydebug entry's; ArtifactError otherwise. */
export function parseArtifactManifest(bytes: Uint8Array): ArtifactManifest {
  const json = parseJson(bytes, 'manifest', MAX_MANIFEST_BYTES);
  const type = (json as { artifactType?: unknown; mediaType?: unknown } | null) ?? {};
  if (type.mediaType !== undefined && type.mediaType !== OCI_MANIFEST_MEDIA_TYPE) throw new ArtifactError(`the manifest is a ${String(type.mediaType)}, not an OCI image manifest`);
  if (type.artifactType !== ENTRY_ARTIFACT_TYPE)
    throw new ArtifactError(`the manifest's artifactType is ${JSON.stringify(type.artifactType ?? null)}, not ${ENTRY_ARTIFACT_TYPE}: it is not a pydebug entry`);
  const parsed = ArtifactManifestSchema.safeParse(json);
  if (!parsed.success) throw new ArtifactError(`the manifest is not a pydebug entry's: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

/**
 * A config blob, checked; with `expectedEntryKey`, it must describe that entry (a tag moved to
 * another entry's artifact is refused here).
 */
export function parseEntryConfig(bytes: Uint8Array, expectedEntryKey?: string): EntryConfig {
  const json = parseJson(bytes, 'config', MAX_CONFIG_BYTES);
  const version = (json as { pydebug_artifact?: unknown } | null)?.pydebug_artifact;
  if (typeof version === 'number' && version !== ENTRY_CONFIG_VERSION) throw new ArtifactError(`the config has format ${version}, this pydebug reads format ${ENTRY_CONFIG_VERSION}`);
  const parsed = EntryConfigSchema.safeParse(json);
  if (!parsed.success) throw new ArtifactError(`the config is not a pydebug entry's: ${firstIssue(parsed.error)}`);
  const config = parsed.data;
  if (config.archive.top !== config.entry_key) throw new ArtifactError(`the config's archive top ${JSON.stringify(config.archive.top)} is not its entry key`);
  if (config.lock_key !== config.build.cache_key) throw new ArtifactError("the config's lock key is not its build's cache_key");
  if (!config.entry_key.startsWith(`pydebug-${config.lock_key}-`) || config.entry_key !== `pydebug-${config.lock_key}-${config.machine.key}`) {
    throw new ArtifactError(`the config's entry key ${config.entry_key} is not pydebug-<lock key>-<machine>`);
  }
  if (expectedEntryKey !== undefined && config.entry_key !== expectedEntryKey) throw new ArtifactError(`the artifact is entry ${config.entry_key}, not ${expectedEntryKey}`);
  return config;
}
