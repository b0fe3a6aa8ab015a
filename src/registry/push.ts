/**
 * Pushing one verified store entry as an OCI artifact: its archive (the layer) and pydebug's
 * record of it (the config) are uploaded unless the registry has them (HEAD), then the manifest
 * is put under the entry key as tag. The archive is made in the store's tmp/ and removed after.
 */
import { join } from 'node:path';
import { PydebugError } from '../errors.js';
import { removeInside } from '../files/contained.js';
import type { LockedBuild, LockedSource } from '../lock/types.js';
import type { Manifest } from '../store/manifest.js';
import type { Store } from '../store/store.js';
import {
  ArtifactError,
  buildArtifactManifest,
  descriptorOf,
  ENTRY_CONFIG_MEDIA_TYPE,
  ENTRY_LAYER_MEDIA_TYPE,
  entryConfigFor,
  manifestAnnotations,
  OCI_MANIFEST_MEDIA_TYPE,
  parseArtifactManifest,
  serializeEntryConfig,
} from './artifact.js';
import { NotFoundError, type RegistryClient } from './client.js';
import { writeEntryArchive } from './entry-archive.js';
import { tagProblem } from './reference.js';

/** A built entry, verified, as `push` sends it. */
export interface PushTarget {
  id: string;
  entryKey: string;
  build: LockedBuild;
  source: LockedSource;
  manifest: Manifest;
}

export interface PushedBlob {
  digest: string;
  size: number;
  /** Bytes sent: 0 when the registry had it already. */
  sent: number;
}

export interface PushResult {
  id: string;
  tag: string;
  /** The manifest's digest, sha256:<hex>: what a lock pins. */
  digest: string;
  /** <registry>/<repository>@<digest>. */
  reference: string;
  layer: PushedBlob;
  config: PushedBlob;
  /** Everything sent: the blobs that were missing and the manifest. */
  bytesSent: number;
  seconds: { archive: number; upload: number };
  /** The tag already named an artifact of this entry (the same config) whose layer the registry has: nothing was sent. */
  unchanged: boolean;
}

/**
 * The artifact the tag names when it is this entry's (its config has the same digest, so the
 * same entry key, lock record and file list) and the registry has its layer: pushing again would
 * only make the archive again (seconds per entry) to find every blob there.
 */
async function alreadyPushed(client: RegistryClient, tag: string, configDigest: string): Promise<{ digest: string; layer: { digest: string; size: number } } | undefined> {
  let fetched;
  try {
    fetched = await client.getManifest(tag, ['pull', 'push']);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
  let manifest;
  try {
    manifest = parseArtifactManifest(fetched.bytes);
  } catch (e) {
    // Something else under the tag (not pydebug's, or an older format): pushed over.
    if (e instanceof ArtifactError) return undefined;
    throw e;
  }
  if (manifest.config.digest !== configDigest) return undefined;
  const layer = manifest.layers[0];
  const size = await client.headBlob(layer.digest, ['pull', 'push']);
  return size === layer.size || size === -1 ? { digest: fetched.digest, layer: { digest: layer.digest, size: layer.size } } : undefined;
}

/** The tag an entry is pushed under (its entry key), or a PydebugError saying why it cannot be one. */
export function entryTag(entryKey: string): string {
  const problem = tagProblem(entryKey);
  if (problem) {
    throw new PydebugError(`${entryKey} cannot be an OCI tag: ${problem}`, { hint: 'shorten the variant name (or the git source name) in pydebug.yml so that the entry key fits in 128 characters' });
  }
  return entryKey;
}

export async function pushEntry(client: RegistryClient, store: Store, target: PushTarget, signal?: AbortSignal): Promise<PushResult> {
  const tag = entryTag(target.entryKey);
  const configBytes = serializeEntryConfig(entryConfigFor(target.manifest, target.build, target.source));
  const config = descriptorOf(configBytes, ENTRY_CONFIG_MEDIA_TYPE);
  const t0 = Date.now();
  const sentBefore = client.bytesSent;
  const already = await alreadyPushed(client, tag, config.digest);
  if (already) {
    return {
      id: target.id,
      tag,
      digest: already.digest,
      reference: `${client.location.display}@${already.digest}`,
      layer: { ...already.layer, sent: 0 },
      config: { digest: config.digest, size: config.size, sent: 0 },
      bytesSent: client.bytesSent - sentBefore,
      seconds: { archive: 0, upload: (Date.now() - t0) / 1000 },
      unchanged: true,
    };
  }
  const work = await store.makeTemp(`push-${target.entryKey}`);
  try {
    const archive = await writeEntryArchive(store, target.entryKey, join(work, 'layer.tar.zst'), signal);
    const t1 = Date.now();
    const layerSent = await client.uploadBlob(archive.path, archive.digest, archive.size);
    const configSent = await client.uploadBlobBytes(configBytes);
    const manifest = buildArtifactManifest(
      config,
      { mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: archive.digest, size: archive.size },
      manifestAnnotations(entryConfigFor(target.manifest, target.build, target.source)),
    );
    const digest = await client.putManifest(tag, manifest, OCI_MANIFEST_MEDIA_TYPE);
    return {
      id: target.id,
      tag,
      digest,
      reference: `${client.location.display}@${digest}`,
      layer: { digest: archive.digest, size: archive.size, sent: layerSent },
      config: { digest: config.digest, size: config.size, sent: configSent },
      bytesSent: client.bytesSent - sentBefore,
      seconds: { archive: (t1 - t0) / 1000, upload: (Date.now() - t1) / 1000 },
      unchanged: false,
    };
  } finally {
    await removeInside(store.tmpDir, work, 'a push in progress');
  }
}
