/** The artifact's manifest and config: what pydebug writes, and what it refuses to read back. */

import { describe, expect, it } from 'vitest';
import type { LockedBuild } from '../../src/lock/types.js';
import {
  buildArtifactManifest,
  descriptorOf,
  ENTRY_CONFIG_MEDIA_TYPE,
  ENTRY_LAYER_MEDIA_TYPE,
  type EntryConfig,
  entryConfigFor,
  parseArtifactManifest,
  parseEntryConfig,
  serializeEntryConfig,
} from '../../src/registry/artifact.js';
import { parseChallenge, parseTokenResponse, repositoryScope, tokenUrl } from '../../src/registry/auth.js';
import { entryTag } from '../../src/registry/push.js';
import { tagProblem } from '../../src/registry/reference.js';
import { lockedSource } from '../support/fixtures.js';
import { manifestOf } from '../support/manifest.js';

const macros = { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false };
const lockKey = '3.13.2-debug-0123456789abcdef';
const config: EntryConfig = {
  pydebug_artifact: 1,
  entry_key: `pydebug-${lockKey}-linux-x64-4cd28a0d`,
  lock_key: lockKey,
  id: '3.13.2-debug',
  build: {
    version: '3.13.2',
    variant: 'debug',
    configure: ['--with-pydebug'],
    cflags: [],
    compiler: null,
    slim: true,
    test: false,
    env: {},
    expect: { abiflags: 'd', sanitizers: [], macros },
    cache_key: lockKey,
  },
  source: lockedSource(),
  machine: { key: 'linux-x64-4cd28a0d', compiler: { name: 'gcc', version: '12.2.0', target: 'x86_64-linux-gnu' } },
  proven: { abiflags: 'd', macros, sanitizers: [] },
  prefix: '/home/u/.cache/pydebug/store/x',
  python: 'bin/python3',
  files: { list: 'share/pydebug/files.sha256', list_sha256: 'a'.repeat(64), bytes: 100, count: 3 },
  archive: { format: 'tar+zstd', top: `pydebug-${lockKey}-linux-x64-4cd28a0d` },
};

describe('the config', () => {
  it("holds the lock's build with the field names it was first made with (lock format 1 and 2): artifacts pushed before stay readable", () => {
    const { version, cache_key, ...rest } = config.build;
    const build: LockedBuild = { source: version, ...rest, lock_key: cache_key };
    const manifest = manifestOf({ id: config.id, entryKey: config.entry_key, lockKey, prefix: config.prefix, macros });
    const made = entryConfigFor({ ...manifest, compiler: config.machine.compiler }, build, lockedSource());
    expect(made.build).toEqual(config.build);
    expect(Object.keys(made.build)).toEqual(Object.keys(config.build));
    expect(made.lock_key).toBe(lockKey);
    expect(parseEntryConfig(serializeEntryConfig(made), config.entry_key).build).toEqual(config.build);
  });
});

describe('the artifact', () => {
  const configBytes = serializeEntryConfig(config);
  const layer = { mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: `sha256:${'b'.repeat(64)}`, size: 1234 };
  const manifest = buildArtifactManifest(descriptorOf(configBytes, ENTRY_CONFIG_MEDIA_TYPE), layer, { 'dev.pydebug.entry.key': config.entry_key });

  it('is an OCI image manifest with pydebug artifactType, read back as written', () => {
    const parsed = parseArtifactManifest(manifest);
    expect(parsed).toMatchObject({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.pydebug.entry.v1' });
    expect(parsed.layers[0]).toEqual(layer);
    expect(parseEntryConfig(configBytes, config.entry_key)).toEqual(config);
    // Deterministic: the same entry gives the same bytes.
    expect(serializeEntryConfig(config).equals(configBytes)).toBe(true);
  });

  it.each([
    ['another artifactType', (m: Record<string, unknown>) => ({ ...m, artifactType: 'application/vnd.other' }), /artifactType .* not application\/vnd.pydebug.entry.v1/],
    ['an image index', (m: Record<string, unknown>) => ({ ...m, mediaType: 'application/vnd.oci.image.index.v1+json' }), /not an OCI image manifest/],
    ['two layers', (m: Record<string, unknown>) => ({ ...m, layers: [layer, layer] }), /layers/],
    ['a digest that is not sha256', (m: Record<string, unknown>) => ({ ...m, layers: [{ ...layer, digest: 'md5:abc' }] }), /sha256/],
    ['a negative size', (m: Record<string, unknown>) => ({ ...m, layers: [{ ...layer, size: -1 }] }), /layers/],
    ['a huge config', (m: Record<string, unknown>) => ({ ...m, config: { ...(m.config as object), size: 10 ** 9 } }), /config/],
  ])('refuses a manifest with %s', (_name, change, message) => {
    const json = JSON.parse(manifest.toString()) as Record<string, unknown>;
    expect(() => parseArtifactManifest(Buffer.from(JSON.stringify(change(json))))).toThrow(message);
  });

  it('refuses a config of another entry, or one whose keys do not fit together', () => {
    expect(() => parseEntryConfig(configBytes, 'pydebug-other')).toThrow(/is entry pydebug-3.13.2-debug-.*, not pydebug-other/);
    expect(() => parseEntryConfig(serializeEntryConfig({ ...config, machine: { ...config.machine, key: 'linux-arm64-00000000' } }))).toThrow(/is not pydebug-<lock key>-<machine>/);
    expect(() => parseEntryConfig(serializeEntryConfig({ ...config, archive: { format: 'tar+zstd', top: '../x' } }))).toThrow(/archive top/);
    expect(() => parseEntryConfig(Buffer.from(JSON.stringify({ ...config, pydebug_artifact: 2 })))).toThrow(/format 2, this pydebug reads format 1/);
    expect(() => parseEntryConfig(Buffer.from('not json'))).toThrow(/not JSON/);
  });

  it('tags an entry by its key, within the OCI tag rules', () => {
    expect(entryTag(config.entry_key)).toBe(config.entry_key);
    expect(tagProblem('x'.repeat(129))).toMatch(/129 characters/);
    expect(tagProblem('.x')).toMatch(/not starting with/);
    expect(() => entryTag(`pydebug-${'v'.repeat(130)}`)).toThrow(/cannot be an OCI tag/);
  });
});

describe('auth', () => {
  it('parses Bearer and Basic challenges, as ghcr.io and distribution send them', () => {
    expect(parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/n:pull"')).toEqual({
      scheme: 'bearer',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:o/n:pull',
    });
    expect(parseChallenge('Basic realm="basic-realm"')).toEqual({ scheme: 'basic', realm: 'basic-realm' });
    expect(parseChallenge('Negotiate abc')).toBeUndefined();
    expect(parseChallenge('Bearer service="x"')).toBeUndefined();
    expect(parseChallenge('Bearer realm="a" junk')).toBeUndefined();
  });
  it('asks for the scope it needs', () => {
    const url = tokenUrl({ scheme: 'bearer', realm: 'https://ghcr.io/token', service: 'ghcr.io' }, repositoryScope('o/n', ['push', 'pull']));
    expect(url.href).toBe('https://ghcr.io/token?service=ghcr.io&scope=repository%3Ao%2Fn%3Apull%2Cpush');
  });
  it('takes token or access_token, nothing that could break a header', () => {
    expect(parseTokenResponse(Buffer.from('{"token":"abc"}'))).toBe('abc');
    expect(parseTokenResponse(Buffer.from('{"access_token":"def","expires_in":300}'))).toBe('def');
    expect(parseTokenResponse(Buffer.from('{"token":"a\\r\\nX-Evil: 1"}'))).toBeUndefined();
    expect(parseTokenResponse(Buffer.from('[]'))).toBeUndefined();
  });
});
