/**
 * Fetching an entry's artifact from the registry into a directory, every byte checked: the
 * manifest (by digest when pinned, else by tag), that it is a pydebug entry's, the config (its
 * digest, its shape, that it is the entry wanted) and the layer, streamed to a file with its
 * digest and size checked. What to do with the archive (extract, verify, relocate, install) is
 * the caller's: store/cache-archive.ts extractCacheArchive(layer, into, entryKey, entryKey).
 */
import { join } from 'node:path';
import { type ArtifactManifest, type EntryConfig, MAX_CONFIG_BYTES, parseArtifactManifest, parseEntryConfig } from './artifact.js';
import type { RegistryClient } from './client.js';

export interface FetchedArtifact {
  /** The manifest's digest (computed from its bytes). */
  digest: string;
  manifest: ArtifactManifest;
  config: EntryConfig;
  /** The layer, a tar+zstd archive with members under "<entry key>/". */
  layerPath: string;
  layerSize: number;
}

/**
 * Fetches the artifact `reference` (a tag or sha256 digest) of entry `entryKey` into `dir` (an
 * existing, empty directory the caller removes). Throws ArtifactError, DigestMismatchError,
 * NotFoundError or RegistryError.
 */
export async function fetchEntryArtifact(client: RegistryClient, reference: string, entryKey: string, dir: string): Promise<FetchedArtifact> {
  const fetched = await client.getManifest(reference);
  const manifest = parseArtifactManifest(fetched.bytes);
  const config = parseEntryConfig(await client.getBlobBytes(manifest.config.digest, Math.min(manifest.config.size, MAX_CONFIG_BYTES)), entryKey);
  const layer = manifest.layers[0];
  const layerPath = join(dir, 'layer.tar.zst');
  await client.getBlobToFile(layer.digest, layerPath, layer.size);
  return { digest: fetched.digest, manifest, config, layerPath, layerSize: layer.size };
}

export interface FoundArtifact {
  /** The tag: the entry key. */
  tag: string;
  /** The machine part of the entry key, "<os>-<arch>-<8 hex>". */
  machine: string;
  /** The manifest's digest the tag names now (HEAD's Docker-Content-Digest). */
  digest: string;
}

/**
 * The artifacts the registry has for a lock key, one per machine: every tag
 * "pydebug-<lock key>-<machine>", with the digest it names, sorted by tag (what `pydebug lock`
 * pins). The digest is the registry's word until the manifest is fetched by it.
 */
export async function findEntryArtifacts(client: RegistryClient, lockKey: string, tags?: string[]): Promise<FoundArtifact[]> {
  const prefix = `pydebug-${lockKey}-`;
  const matching = (tags ?? (await client.listTags())).filter((t) => t.startsWith(prefix) && t.length > prefix.length).sort();
  const found: FoundArtifact[] = [];
  for (const tag of matching) {
    const head = await client.headManifest(tag);
    if (head) found.push({ tag, machine: tag.slice(prefix.length), digest: head.digest });
  }
  return found;
}
