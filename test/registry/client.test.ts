/**
 * The registry client against a real registry: Debian's docker-registry behind the ghcr.io-like
 * front door (test/support/registry.ts). Pushes with the token, pulls anonymously through the
 * token dance, follows blob redirects to another host without the credentials, and refuses what
 * is not what it says. Skipped, with the reason, where docker-registry is not installed.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegistryLocation, type RegistryLocation } from '../../src/config/registry.js';
import { sha256Digest } from '../../src/registry/artifact.js';
import { DigestMismatchError, RegistryClient, RegistryError } from '../../src/registry/client.js';
import { type FrontDoor, type Registry, registryMissing, startFrontDoor, startRegistry } from '../support/registry.js';
import { fileTempDir } from '../support/temp-dir.js';

const missing = registryMissing();
if (missing) process.stderr.write(`[registry] skipped: ${missing}\n`);

const IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

function location(host: string, repository = 'pydebug/entries'): RegistryLocation {
  const parsed = parseRegistryLocation(`${host}/${repository}`);
  if ('message' in parsed) throw new Error(parsed.message);
  return parsed;
}

function manifestFor(config: Buffer, layer: Buffer): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: IMAGE_MANIFEST,
      artifactType: 'application/vnd.pydebug.test.v1',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest(config), size: config.length },
      layers: [{ mediaType: 'application/octet-stream', digest: sha256Digest(layer), size: layer.length }],
    }),
  );
}

describe.skipIf(missing !== undefined)('RegistryClient against docker-registry behind a ghcr.io-like front door', () => {
  let dir: string;
  let registry: Registry;
  let door: FrontDoor;
  const layer = randomBytes(9 * 1024 * 1024 + 123);
  const config = Buffer.from('{}');

  beforeAll(async () => {
    dir = await fileTempDir('pydebug-registry-');
    registry = await startRegistry(join(dir, 'registry'));
    door = await startFrontDoor(registry.origin);
  });
  afterAll(async () => {
    await door?.close();
    await registry?.stop();
  });

  it('pushes in chunks of at most 4 MiB with the token, and skips blobs the registry has', async () => {
    const client = new RegistryClient(location(door.host), { credentials: { user: 'someone', token: door.token } });
    const file = join(dir, 'layer');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, layer));
    const sent = await client.uploadBlob(file, sha256Digest(layer), layer.length);
    expect(sent).toBe(layer.length);
    const patches = door.requests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBe(3);
    expect(Math.max(...patches.map((r) => r.bytesIn))).toBe(4 * 1024 * 1024);
    expect(await client.uploadBlobBytes(config)).toBe(2);
    const digest = await client.putManifest('v1', manifestFor(config, layer));
    expect(digest).toBe(sha256Digest(manifestFor(config, layer)));
    // Again: HEAD finds both blobs, nothing is uploaded.
    const before = door.requests.length;
    expect(await client.uploadBlob(file, sha256Digest(layer), layer.length)).toBe(0);
    expect(await client.uploadBlobBytes(config)).toBe(0);
    expect(door.requests.slice(before).filter((r) => r.method !== 'HEAD')).toEqual([]);
  });

  it('uploads monolithically when asked (one PUT with application/octet-stream)', async () => {
    const client = new RegistryClient(location(door.host, 'pydebug/mono'), { credentials: { user: 'u', token: door.token }, chunkBytes: 0 });
    const small = randomBytes(1000);
    expect(await client.uploadBlobBytes(small)).toBe(1000);
    expect(await client.headBlob(sha256Digest(small))).toBe(1000);
  });

  it('pulls anonymously: manifest by tag and by digest, the blob through a redirect to storage without credentials, the tags', async () => {
    const client = new RegistryClient(location(door.host));
    const byTag = await client.getManifest('v1');
    expect(byTag.mediaType).toBe(IMAGE_MANIFEST);
    const byDigest = await client.getManifest(byTag.digest);
    expect(byDigest.bytes.equals(byTag.bytes)).toBe(true);
    expect((await client.headManifest('v1'))?.digest).toBe(byTag.digest);
    expect(await client.headManifest('nope')).toBeUndefined();
    const dest = join(dir, 'pulled');
    await client.getBlobToFile(sha256Digest(layer), dest, layer.length);
    expect((await readFile(dest)).equals(layer)).toBe(true);
    expect(door.requests.some((r) => r.path.startsWith('/storage/') && r.status === 200)).toBe(true);
    expect(await client.listTags()).toEqual(['v1']);
  });

  it('never sends the credentials to the storage host a blob GET is redirected to', async () => {
    const client = new RegistryClient(location(door.host), { credentials: { user: 'u', token: door.token } });
    await client.getBlobBytes(sha256Digest(config), 100);
    expect(door.leakedCredentials).toEqual([]);
  });

  it('refuses to push without credentials, naming PYDEBUG_REGISTRY_TOKEN', async () => {
    const client = new RegistryClient(location(door.host));
    const err = await client.uploadBlobBytes(randomBytes(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).message).toMatch(/token service refused pydebug\/entries:pull,push \(HTTP 401\)/);
    expect((err as RegistryError).hint).toMatch(/PYDEBUG_REGISTRY_TOKEN/);
  });

  it('refuses a wrong token', async () => {
    const client = new RegistryClient(location(door.host), { credentials: { user: 'u', token: 'wrong' } });
    const err = (await client.uploadBlobBytes(randomBytes(10)).catch((e: unknown) => e)) as RegistryError;
    expect(err.status).toBe(401);
    expect(err.hint).toMatch(/check PYDEBUG_REGISTRY_TOKEN/);
    expect(err.message).not.toContain('wrong');
  });

  it('streams a blob only as long as its manifest says, leaving no file when it is not', async () => {
    const client = new RegistryClient(location(door.host));
    const dest = join(dir, 'short');
    const err = await client.getBlobToFile(sha256Digest(layer), dest, layer.length - 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    await expect(stat(dest)).rejects.toThrow(/ENOENT/);
  });

  it('front door: _catalog is 403, a PATCH over 4 MiB is 416', async () => {
    const status = (path: string, method = 'GET', headers: Record<string, string> = {}, body?: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${door.origin}${path}`, { method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await status('/v2/_catalog')).toBe(403);
    const token = await new Promise<string>((resolve) => {
      const auth = Buffer.from(`u:${door.token}`).toString('base64');
      request(`${door.origin}/token?service=front-door&scope=repository:pydebug/entries:pull,push`, { headers: { authorization: `Basic ${auth}` } }, async (res) => {
        let text = '';
        for await (const c of res) text += c;
        resolve((JSON.parse(text) as { token: string }).token);
      }).end();
    });
    expect(
      await status('/v2/pydebug/entries/blobs/uploads/some-upload', 'PATCH', { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, Buffer.alloc(4 * 1024 * 1024 + 1)),
    ).toBe(416);
  });
});

describe('RegistryClient against a hostile registry', () => {
  let server: Server;
  let host: string;
  const good = Buffer.from('{"schemaVersion":2}');
  const goodDigest = sha256Digest(good);
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === `/v2/x/y/manifests/${goodDigest}`) {
        res.writeHead(200, { 'content-type': IMAGE_MANIFEST });
        res.end('{"schemaVersion":2,"tampered":true}');
      } else if (req.url === '/v2/x/y/manifests/huge') {
        res.writeHead(200, { 'content-type': IMAGE_MANIFEST });
        res.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
      } else if (req.url === `/v2/x/y/blobs/${goodDigest}` && req.headers.host?.startsWith('localhost')) {
        res.writeHead(200);
        res.end('{"schemaVersion":3}XX');
      } else if (req.url === `/v2/z/w/blobs/${goodDigest}`) {
        res.writeHead(307, { location: `http://localhost:${(server.address() as { port: number }).port}/v2/x/y/blobs/${goodDigest}` });
        res.end();
      } else if (req.url?.startsWith('/v2/x/y/blobs/')) {
        res.writeHead(307, { location: 'file:///etc/passwd' });
        res.end();
      } else if (req.url === '/v2/x/y/manifests/realm') {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://evil.example/token",service="x"' });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('refuses a manifest whose bytes are not the digest asked for', async () => {
    const err = await new RegistryClient(location(host, 'x/y')).getManifest(goodDigest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as Error).message).toContain(goodDigest);
  });
  it('refuses a manifest over 4 MiB', async () => {
    await expect(new RegistryClient(location(host, 'x/y')).getManifest('huge')).rejects.toThrow(/more than the 4194304 bytes/);
  });
  it('follows a redirect to http(s) only', async () => {
    await expect(new RegistryClient(location(host, 'x/y')).getBlobBytes(goodDigest, 100)).rejects.toThrow(/a redirect to file:/);
  });
  it('refuses a blob whose bytes are not its digest, and leaves no file', async () => {
    const dest = join(tmpdir(), `pydebug-hostile-${process.pid}`);
    const err = await new RegistryClient(location(host, 'z/w')).getBlobToFile(goodDigest, dest, good.length + 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((err as Error).message).toMatch(/hashes to sha256:/);
    await expect(stat(dest)).rejects.toThrow(/ENOENT/);
  });
  it('asks for tokens over https only (http on loopback)', async () => {
    await expect(new RegistryClient(location(host, 'x/y'), { credentials: { user: 'u', token: 't' } }).getManifest('realm')).rejects.toThrow(/token realm http:\/\/evil.example/);
  });
});
