/**
 * A client of the OCI distribution API (spec v1.1), enough to push and pull pydebug's entries:
 * manifests by tag or digest, blobs streamed to a file with their digest checked as they arrive,
 * uploads (monolithic, or PATCH chunks of at most 4 MiB, which ghcr.io needs), tags. Everything
 * the registry says is input: statuses, headers and bodies are checked, every body is bounded,
 * digests are recomputed, redirects are followed only to http(s) and never carry credentials to
 * another host.
 *
 * node:http(s), not fetch: Node 24's undici can throw an uncatchable AssertionError when a server
 * closes a connection while a body is paused (nodejs/undici#5360; see source/download.ts).
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { isLoopbackHost, type RegistryLocation } from '../config/registry.js';
import { InterruptedError, PydebugError } from '../errors.js';
import { MAX_MANIFEST_BYTES, OCI_INDEX_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE, sha256Digest } from './artifact.js';
import { type Action, basicAuthorization, type Challenge, MAX_TOKEN_RESPONSE_BYTES, parseChallenge, parseTokenResponse, repositoryScope, tokenUrl } from './auth.js';
import { type Credentials, DIGEST_PATTERN, isDigest, TAG_PATTERN } from './reference.js';

/** ghcr.io answers 416 to a PATCH of more than 4 MiB. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** An error body is a few hundred bytes of JSON. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_TAGS_BODY_BYTES = 4 * 1024 * 1024;
const MAX_TAG_PAGES = 20;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const DEFAULT_REGISTRY_TIMEOUT_MS = 60_000;

export interface RegistryClientOptions {
  credentials?: Credentials | undefined;
  signal?: AbortSignal | undefined;
  /** Abort a request when no byte moves for this long. */
  idleTimeoutMs?: number | undefined;
  /** Upload in PATCH chunks of this many bytes (at most MAX_CHUNK_BYTES); 0: one monolithic PUT. */
  chunkBytes?: number | undefined;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface FetchedManifest extends ManifestHead {
  bytes: Buffer;
}

/** What the registry said no to, with its status and the OCI error codes of its body. */
export class RegistryError extends PydebugError {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: string[] = [],
    hint?: string,
  ) {
    super(message, hint === undefined ? {} : { hint });
  }
}

/** The registry does not have a manifest or blob. */
export class NotFoundError extends RegistryError {}

/** Bytes that are not what their digest or size says. */
export class DigestMismatchError extends PydebugError {}

type Body = Buffer | undefined;

interface Request {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH';
  /** A path below /v2/ (without the leading /v2/), or an absolute URL (an upload's Location). */
  target: string;
  actions: Action[];
  headers?: Record<string, string> | undefined;
  body?: Body;
  /** Follow redirects (blob GETs are redirected to storage by distribution and ghcr.io). */
  follow?: boolean;
}

const ErrorBodySchema = z.object({ errors: z.array(z.object({ code: z.string().max(200), message: z.string().max(1000).optional() })).max(20) });
const TagListSchema = z.object({ name: z.string().max(1024), tags: z.array(z.string().max(128)).nullable() });

export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private challenge: Challenge | undefined;
  readonly origin: string;
  /** Bytes sent in request bodies (uploads and manifests). */
  bytesSent = 0;

  constructor(
    readonly location: RegistryLocation,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.origin = `${location.scheme}://${location.host}`;
    const chunk = options.chunkBytes ?? MAX_CHUNK_BYTES;
    if (!Number.isInteger(chunk) || chunk < 0 || chunk > MAX_CHUNK_BYTES) throw new Error(`internal: chunk size ${chunk}`);
  }

  get hasCredentials(): boolean {
    return this.options.credentials !== undefined;
  }

  private url(target: string): URL {
    if (/^https?:\/\//.test(target)) return new URL(target);
    return new URL(`/v2/${target}`, this.origin);
  }

  private repoPath(rest: string): string {
    return `${this.location.repository}/${rest}`;
  }

  /** GET /v2/: the registry answers, and how it wants to be authenticated. */
  async ping(): Promise<void> {
    const res = await this.send({ method: 'GET', target: '', actions: ['pull'] });
    await this.expect(res, [200], 'GET /v2/');
    res.resume();
  }

  async headManifest(reference: string): Promise<ManifestHead | undefined> {
    checkReference(reference);
    const res = await this.send({ method: 'HEAD', target: this.repoPath(`manifests/${reference}`), actions: ['pull'], headers: { accept: ACCEPT_MANIFEST } });
    res.resume();
    if (res.statusCode === 404) return undefined;
    await this.expect(res, [200], `HEAD manifest ${reference}`);
    const digest = header(res.headers, 'docker-content-digest');
    if (digest === undefined || !DIGEST_PATTERN.test(digest)) throw new RegistryError(`the registry's answer for manifest ${reference} carries no sha256 Docker-Content-Digest`, 200);
    if (isDigest(reference) && digest !== reference) throw new DigestMismatchError(`the registry answers for manifest ${reference} with digest ${digest}`);
    return { digest, mediaType: header(res.headers, 'content-type') ?? '', size: Number(header(res.headers, 'content-length') ?? 0) };
  }

  /**
   * A manifest by tag or digest, at most MAX_MANIFEST_BYTES. Its digest is computed from the
   * bytes; by digest, it must be the one asked for; by tag, any Docker-Content-Digest must agree.
   */
  async getManifest(reference: string, actions: Action[] = ['pull']): Promise<FetchedManifest> {
    checkReference(reference);
    const res = await this.send({ method: 'GET', target: this.repoPath(`manifests/${reference}`), actions, headers: { accept: ACCEPT_MANIFEST } });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no manifest ${reference}`, 404, ['MANIFEST_UNKNOWN']);
    }
    await this.expect(res, [200], `GET manifest ${reference}`);
    const bytes = await readBounded(res, MAX_MANIFEST_BYTES, `manifest ${reference}`);
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) throw new DigestMismatchError(`manifest ${reference} from ${this.location.display} has digest ${digest}: the registry sent other bytes`);
    const announced = header(res.headers, 'docker-content-digest');
    if (announced !== undefined && DIGEST_PATTERN.test(announced) && announced !== digest) {
      throw new DigestMismatchError(`manifest ${reference} from ${this.location.display}: the registry announces ${announced}, the bytes hash to ${digest}`);
    }
    const mediaType = (header(res.headers, 'content-type') ?? '').split(';')[0]!.trim();
    return { digest, mediaType, size: bytes.length, bytes };
  }

  /** The blob's size when the registry has it, undefined when it does not. */
  async headBlob(digest: string, actions: Action[] = ['pull']): Promise<number | undefined> {
    checkDigest(digest);
    const res = await this.send({ method: 'HEAD', target: this.repoPath(`blobs/${digest}`), actions, follow: true });
    res.resume();
    if (res.statusCode === 404) return undefined;
    await this.expect(res, [200], `HEAD blob ${digest}`);
    const length = header(res.headers, 'content-length');
    return length !== undefined && /^\d+$/.test(length) ? Number(length) : -1;
  }

  /** A small blob (a config) into memory, at most `maxBytes`, its digest checked. */
  async getBlobBytes(digest: string, maxBytes: number): Promise<Buffer> {
    checkDigest(digest);
    const res = await this.blobResponse(digest);
    const bytes = await readBounded(res, maxBytes, `blob ${digest}`);
    const got = sha256Digest(bytes);
    if (got !== digest) throw new DigestMismatchError(`blob ${digest} from ${this.location.display} hashes to ${got}: the registry sent other bytes`);
    return bytes;
  }

  /**
   * Streams a blob into `dest`, a new file (never an existing one), hashing as it arrives and
   * stopping at `size` bytes: more, fewer or other bytes remove the file and throw.
   */
  async getBlobToFile(digest: string, dest: string, size: number): Promise<void> {
    checkDigest(digest);
    const res = await this.blobResponse(digest);
    const announced = header(res.headers, 'content-length');
    if (announced !== undefined && /^\d+$/.test(announced) && Number(announced) !== size) {
      res.destroy();
      throw new DigestMismatchError(`blob ${digest} from ${this.location.display} is announced as ${announced} bytes, the manifest says ${size}`);
    }
    const fh = await open(dest, 'wx');
    const hash = createHash('sha256');
    let received = 0;
    try {
      await pipeline(
        res,
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            received += chunk.length;
            if (received > size) {
              cb(new DigestMismatchError(`blob ${digest} is longer than the ${size} bytes its manifest gives`));
              return;
            }
            hash.update(chunk);
            writeAll(fh, chunk).then(() => cb(), cb);
          },
        }),
        { signal: this.options.signal },
      );
      if (received !== size) throw new DigestMismatchError(`blob ${digest} ended after ${received} of the ${size} bytes its manifest gives`);
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== digest) throw new DigestMismatchError(`blob ${digest} from ${this.location.display} hashes to ${got}: the registry sent other bytes`);
      await fh.close();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await rm(dest, { force: true });
      if (this.options.signal?.aborted) throw new InterruptedError('registry download interrupted');
      throw e;
    }
  }

  private async blobResponse(digest: string): Promise<IncomingMessage> {
    const res = await this.send({ method: 'GET', target: this.repoPath(`blobs/${digest}`), actions: ['pull'], follow: true });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no blob ${digest}`, 404, ['BLOB_UNKNOWN']);
    }
    await this.expect(res, [200], `GET blob ${digest}`);
    return res;
  }

  /**
   * Uploads a blob from a file (`size` bytes, `digest` already computed) unless the registry
   * has it; returns the bytes sent (0 when it was there).
   */
  async uploadBlob(file: string, digest: string, size: number): Promise<number> {
    checkDigest(digest);
    if ((await this.headBlob(digest, PUSH)) !== undefined) return 0;
    const fh = await open(file, 'r');
    try {
      return await this.upload(digest, size, (offset, length) => readChunk(fh, offset, length));
    } finally {
      await fh.close();
    }
  }

  /** Uploads a blob held in memory (a config) unless the registry has it; the bytes sent. */
  async uploadBlobBytes(bytes: Buffer): Promise<number> {
    const digest = sha256Digest(bytes);
    if ((await this.headBlob(digest, PUSH)) !== undefined) return 0;
    return this.upload(digest, bytes.length, async (offset, length) => bytes.subarray(offset, offset + length));
  }

  private async upload(digest: string, size: number, read: (offset: number, length: number) => Promise<Buffer>): Promise<number> {
    const started = await this.send({ method: 'POST', target: this.repoPath('blobs/uploads/'), actions: ['pull', 'push'], headers: { 'content-length': '0' } });
    await this.expect(started, [202], 'POST blobs/uploads/');
    started.resume();
    let location = this.uploadLocation(started);
    const chunk = this.options.chunkBytes ?? MAX_CHUNK_BYTES;
    let sent = 0;
    if (chunk === 0) {
      const body = await read(0, size);
      const res = await this.send({ method: 'PUT', target: withDigest(location, digest), actions: ['pull', 'push'], headers: { 'content-type': 'application/octet-stream' }, body });
      await this.expect(res, [201], `PUT blob ${digest}`);
      res.resume();
      return size;
    }
    for (let offset = 0; offset < size; offset += chunk) {
      const body = await read(offset, Math.min(chunk, size - offset));
      const res = await this.send({
        method: 'PATCH',
        target: location,
        actions: ['pull', 'push'],
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + body.length - 1}` },
        body,
      });
      await this.expect(res, [202], `PATCH blob upload (bytes ${offset}-${offset + body.length - 1})`);
      res.resume();
      location = this.uploadLocation(res);
      sent += body.length;
    }
    const done = await this.send({ method: 'PUT', target: withDigest(location, digest), actions: ['pull', 'push'], headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(0) });
    await this.expect(done, [201], `PUT blob ${digest}`);
    done.resume();
    return sent;
  }

  private uploadLocation(res: IncomingMessage): string {
    const location = header(res.headers, 'location');
    if (location === undefined) throw new RegistryError(`${this.location.display} started an upload without a Location`, res.statusCode ?? 0);
    let url: URL;
    try {
      url = new URL(location, this.origin);
    } catch {
      throw new RegistryError(`${this.location.display} gave an upload Location that is not a URL`, res.statusCode ?? 0);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new RegistryError(`${this.location.display} gave an upload Location on ${url.protocol}//${url.host}; pydebug uploads over https (http only to loopback)`, res.statusCode ?? 0);
    }
    return url.href;
  }

  /** PUTs a manifest under `reference` (a tag, or its digest); returns its digest. */
  async putManifest(reference: string, bytes: Buffer, mediaType = OCI_MANIFEST_MEDIA_TYPE): Promise<string> {
    checkReference(reference);
    const digest = sha256Digest(bytes);
    const res = await this.send({ method: 'PUT', target: this.repoPath(`manifests/${reference}`), actions: ['pull', 'push'], headers: { 'content-type': mediaType }, body: bytes });
    await this.expect(res, [201], `PUT manifest ${reference}`);
    res.resume();
    const announced = header(res.headers, 'docker-content-digest');
    if (announced !== undefined && announced !== digest) throw new DigestMismatchError(`the registry stored manifest ${reference} as ${announced}, pydebug sent ${digest}`);
    return digest;
  }

  /** Every tag of the repository (following Link pages, bounded). */
  async listTags(): Promise<string[]> {
    const tags: string[] = [];
    let target = this.repoPath('tags/list?n=1000');
    for (let page = 0; page < MAX_TAG_PAGES; page++) {
      const res = await this.send({ method: 'GET', target, actions: ['pull'] });
      if (res.statusCode === 404) {
        res.resume();
        return tags;
      }
      await this.expect(res, [200], 'GET tags/list');
      const body = await readBounded(res, MAX_TAGS_BODY_BYTES, 'the tag list');
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new RegistryError(`${this.location.display}'s tag list is not JSON`, 200);
      }
      const parsed = TagListSchema.safeParse(json);
      if (!parsed.success) throw new RegistryError(`${this.location.display}'s tag list is not one`, 200);
      tags.push(...(parsed.data.tags ?? []).filter((t) => TAG_PATTERN.test(t)));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(res.headers, 'link') ?? '')?.[1];
      if (!next) return [...new Set(tags)].sort();
      const url = new URL(next, this.origin);
      if (url.origin !== this.origin || !url.pathname.startsWith('/v2/')) throw new RegistryError(`${this.location.display}'s tag list links to another place`, 200);
      target = url.pathname.slice('/v2/'.length) + url.search;
    }
    throw new RegistryError(`${this.location.display}'s tag list has more than ${MAX_TAG_PAGES} pages`, 200);
  }

  /** Throws a RegistryError saying what the registry answered, unless its status is one of `ok`. */
  private async expect(res: IncomingMessage, ok: number[], what: string): Promise<void> {
    const status = res.statusCode ?? 0;
    if (ok.includes(status)) return;
    let codes: string[] = [];
    let detail = '';
    if (res.readable) {
      const body = await readBounded(res, MAX_ERROR_BODY_BYTES, 'an error').catch(() => Buffer.alloc(0));
      try {
        const parsed = ErrorBodySchema.safeParse(JSON.parse(body.toString('utf8')));
        if (parsed.success) {
          codes = parsed.data.errors.map((e) => e.code);
          detail = parsed.data.errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ');
        }
      } catch {
        // Not an OCI error body: the status says it.
      }
    }
    const shown = detail.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);
    const message = `${this.location.display}: ${what} failed: HTTP ${status}${shown ? ` (${shown})` : ''}`;
    const writing = ['POST', 'PUT', 'PATCH'].some((m) => what.startsWith(m));
    let hint: string | undefined;
    if (status === 401 || status === 403) {
      hint = writing
        ? this.hasCredentials
          ? 'the registry refused PYDEBUG_REGISTRY_TOKEN for writing: give a token that may write packages (ghcr.io: a token with write:packages, or the workflow token with packages: write)'
          : 'pushing needs credentials: set PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER if the registry needs the name)'
        : this.hasCredentials
          ? 'the registry refused PYDEBUG_REGISTRY_TOKEN: check that it may read this repository'
          : 'the repository is not public: set PYDEBUG_REGISTRY_TOKEN to a token that may read it';
    } else if (status === 416) {
      hint = 'the registry refused an upload chunk (ghcr.io takes at most 4 MiB per PATCH)';
    }
    throw new RegistryError(message, status, codes, hint);
  }

  /** One request, answered: with the token it needs (fetched after a 401), redirects followed when asked. */
  private async send(req: Request): Promise<IncomingMessage> {
    let url = this.url(req.target);
    const scope = repositoryScope(this.location.repository, req.actions);
    let authorization = this.authorizationFor(scope);
    let res = await this.once(req.method, url, req, authorization);
    if (res.statusCode === 401) {
      const challenge = parseChallenge(header(res.headers, 'www-authenticate'));
      res.resume();
      if (challenge) {
        this.challenge = challenge;
        authorization = await this.authorize(challenge, scope);
        if (authorization !== undefined) res = await this.once(req.method, url, req, authorization);
      }
    }
    for (let hops = 0; req.follow && REDIRECTS.has(res.statusCode ?? 0); hops++) {
      res.resume();
      if (hops >= MAX_REDIRECTS) throw new RegistryError(`${this.location.display}: more than ${MAX_REDIRECTS} redirects for ${req.target}`, res.statusCode ?? 0);
      const location = header(res.headers, 'location');
      if (location === undefined) throw new RegistryError(`${this.location.display}: a redirect without a Location`, res.statusCode ?? 0);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError(`${this.location.display}: a redirect to something that is not a URL`, res.statusCode ?? 0);
      }
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.hostname))) {
        throw new RegistryError(`${this.location.display}: a redirect to ${next.protocol}//${next.host}; pydebug follows redirects to https (http only on loopback)`, res.statusCode ?? 0);
      }
      // Blob storage (S3, ghcr.io's pkg-containers) gets a signed URL: the registry's credentials stay with the registry.
      const sameOrigin = next.origin === url.origin;
      url = next;
      res = await this.once(req.method, url, req, sameOrigin ? authorization : undefined);
    }
    return res;
  }

  private authorizationFor(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token !== undefined) return `Bearer ${token}`;
    if (this.challenge?.scheme === 'basic' && this.options.credentials) return basicAuthorization(this.options.credentials);
    return undefined;
  }

  /** The Authorization that answers `challenge` for `scope`, or undefined when pydebug has none to give. */
  private async authorize(challenge: Challenge, scope: string): Promise<string | undefined> {
    if (challenge.scheme === 'basic') return this.options.credentials ? basicAuthorization(this.options.credentials) : undefined;
    let url: URL;
    try {
      url = tokenUrl(challenge, scope);
    } catch {
      throw new RegistryError(`${this.location.display} names a token realm that is not a URL`, 401);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new RegistryError(`${this.location.display} names the token realm ${url.protocol}//${url.host}; pydebug asks for tokens over https (http only on loopback)`, 401);
    }
    const headers: Record<string, string> = this.options.credentials ? { authorization: basicAuthorization(this.options.credentials) } : {};
    const res = await this.once('GET', url, { method: 'GET', target: url.href, actions: [], headers }, undefined);
    if (res.statusCode !== 200) {
      res.resume();
      const status = res.statusCode ?? 0;
      const pushing = scope.endsWith('push');
      throw new RegistryError(`${this.location.display}: the token service refused ${scope.replace(/^repository:/, '')} (HTTP ${status})`, status, [], this.tokenHint(pushing));
    }
    const token = parseTokenResponse(await readBounded(res, MAX_TOKEN_RESPONSE_BYTES, 'the token'));
    if (token === undefined) throw new RegistryError(`${this.location.display}: the token service answered without a token`, 200);
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }

  private tokenHint(pushing: boolean): string {
    if (!this.hasCredentials) return pushing ? 'pushing needs credentials: set PYDEBUG_REGISTRY_TOKEN' : 'the repository is not public: set PYDEBUG_REGISTRY_TOKEN to a token that may read it';
    return pushing
      ? 'check PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER): it must be allowed to write this repository'
      : 'check PYDEBUG_REGISTRY_TOKEN: it must be allowed to read this repository';
  }

  /** One HTTP exchange, no retry; the response's body is left to the caller. */
  private once(method: string, url: URL, req: Request, authorization: string | undefined): Promise<IncomingMessage> {
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    const headers: Record<string, string> = { 'user-agent': 'pydebug', 'accept-encoding': 'identity', ...(req.headers ?? {}) };
    if (authorization !== undefined) headers.authorization = authorization;
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    return new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, { method, headers, agent: false, signal: this.options.signal }, (res) => {
        res.setTimeout(idleMs, () => res.destroy(new RegistryError(`${this.location.display}: no data for ${idleMs / 1000} s`, 0)));
        resolve(res);
      });
      request.setTimeout(idleMs, () => request.destroy(new RegistryError(`${this.location.display}: no answer within ${idleMs / 1000} s`, 0)));
      request.on('error', (e: NodeJS.ErrnoException) => {
        if (this.options.signal?.aborted) reject(new InterruptedError('registry request interrupted'));
        else if (e instanceof PydebugError) reject(e);
        else reject(new RegistryError(`${this.location.display}: ${method} ${url.host}${url.pathname} failed: ${e.code ?? e.message}`, 0, [], connectHint(this.location, e)));
      });
      if (req.body !== undefined) this.bytesSent += req.body.length;
      request.end(req.body);
    });
  }
}

/** An upload asks for the push scope from its first request (its HEAD): one token for the whole push. */
const PUSH: Action[] = ['pull', 'push'];
const ACCEPT_MANIFEST = `${OCI_MANIFEST_MEDIA_TYPE}, ${OCI_INDEX_MEDIA_TYPE};q=0.5`;

function connectHint(location: RegistryLocation, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOTFOUND') return `check the host in registry: / PYDEBUG_REGISTRY (${location.host})`;
  if (e.code === 'ECONNREFUSED') return `nothing answers at ${location.scheme}://${location.host}: check registry: / PYDEBUG_REGISTRY`;
  return 'check the network and the registry; nothing was changed';
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function checkDigest(digest: string): void {
  if (!DIGEST_PATTERN.test(digest)) throw new Error(`internal: not a sha256 digest: ${digest}`);
}

function checkReference(reference: string): void {
  if (!DIGEST_PATTERN.test(reference) && !TAG_PATTERN.test(reference)) throw new Error(`internal: not a tag or digest: ${reference}`);
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.href;
}

/** A response body into memory, refused beyond `limit` bytes (announced or sent). */
async function readBounded(res: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const announced = header(res.headers, 'content-length');
  if (announced !== undefined && /^\d+$/.test(announced) && Number(announced) > limit) {
    res.destroy();
    throw new RegistryError(`${what} is announced as ${announced} bytes, more than the ${limit} it can be`, res.statusCode ?? 0);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.destroy();
      throw new RegistryError(`${what} is more than the ${limit} bytes it can be`, res.statusCode ?? 0);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function writeAll(fh: FileHandle, chunk: Buffer): Promise<void> {
  let at = 0;
  while (at < chunk.length) at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten;
}

async function readChunk(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await fh.read(buf, at, length - at, offset + at);
    if (bytesRead === 0) throw new PydebugError(`the archive being uploaded ended early (at ${offset + at} of its bytes)`);
    at += bytesRead;
  }
  return buf;
}
