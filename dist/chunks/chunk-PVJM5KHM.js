import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  MAX_MANIFEST_BYTES,
  OCI_INDEX_MEDIA_TYPE,
  OCI_MANIFEST_MEDIA_TYPE,
  sha256Digest
} from "./chunk-HFCHWCOW.js";
import {
  DIGEST_PATTERN,
  TAG_PATTERN,
  isDigest
} from "./chunk-WJJBIXIY.js";
import {
  array,
  number,
  object,
  string
} from "./chunk-QL4V2YBX.js";
import {
  isLoopbackHost
} from "./chunk-OCXTFSZJ.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-2N76SVMT.js";

// src/registry/client.ts
import { createHash } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/registry/auth.ts
function parseParams(text) {
  const params = /* @__PURE__ */ new Map();
  const re = /\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m.index !== at) return void 0;
    params.set(m[1].toLowerCase(), m[2] !== void 0 ? m[2].replace(/\\(.)/g, "$1") : m[3]);
    at = re.lastIndex;
  }
  return params;
}
function parseChallenge(header2) {
  if (header2 === void 0 || header2.length > 4096) return void 0;
  const m = /^\s*(Bearer|Basic)(?:\s+(.*))?$/is.exec(header2);
  if (!m) return void 0;
  const params = parseParams(m[2] ?? "");
  if (!params) return void 0;
  if (m[1].toLowerCase() === "basic") return { scheme: "basic", realm: params.get("realm") };
  const realm = params.get("realm");
  if (!realm) return void 0;
  return { scheme: "bearer", realm, service: params.get("service"), scope: params.get("scope") };
}
function repositoryScope(repository, actions) {
  return `repository:${repository}:${[...new Set(actions)].sort().join(",")}`;
}
function tokenUrl(challenge, scope) {
  const url = new URL(challenge.realm);
  if (challenge.service !== void 0) url.searchParams.set("service", challenge.service);
  url.searchParams.set("scope", scope);
  return url;
}
function basicAuthorization(credentials) {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString("base64")}`;
}
var MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
var TokenResponseSchema = object({
  token: string().min(1).max(16384).optional(),
  access_token: string().min(1).max(16384).optional(),
  expires_in: number().positive().optional()
});
function parseTokenResponse(body) {
  let json;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) return void 0;
  const token = parsed.data.token ?? parsed.data.access_token;
  return token !== void 0 && /^[\x21-\x7e]+$/.test(token) ? token : void 0;
}

// src/registry/client.ts
var MAX_CHUNK_BYTES = 4 * 1024 * 1024;
var MAX_ERROR_BODY_BYTES = 64 * 1024;
var MAX_TAGS_BODY_BYTES = 4 * 1024 * 1024;
var MAX_TAG_PAGES = 20;
var MAX_REDIRECTS = 5;
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var DEFAULT_REGISTRY_TIMEOUT_MS = 6e4;
var RegistryError = class extends PydebugError {
  constructor(message, status, codes = [], hint) {
    super(message, hint === void 0 ? {} : { hint });
    this.status = status;
    this.codes = codes;
  }
  status;
  codes;
};
var NotFoundError = class extends RegistryError {
};
var DigestMismatchError = class extends PydebugError {
};
var ErrorBodySchema = object({ errors: array(object({ code: string().max(200), message: string().max(1e3).optional() })).max(20) });
var TagListSchema = object({ name: string().max(1024), tags: array(string().max(128)).nullable() });
var RegistryClient = class {
  constructor(location, options = {}) {
    this.location = location;
    this.options = options;
    this.origin = `${location.scheme}://${location.host}`;
    const chunk = options.chunkBytes ?? MAX_CHUNK_BYTES;
    if (!Number.isInteger(chunk) || chunk < 0 || chunk > MAX_CHUNK_BYTES) throw new Error(`internal: chunk size ${chunk}`);
  }
  location;
  options;
  tokens = /* @__PURE__ */ new Map();
  challenge;
  origin;
  /** Bytes sent in request bodies (uploads and manifests). */
  bytesSent = 0;
  get hasCredentials() {
    return this.options.credentials !== void 0;
  }
  url(target) {
    if (/^https?:\/\//.test(target)) return new URL(target);
    return new URL(`/v2/${target}`, this.origin);
  }
  repoPath(rest) {
    return `${this.location.repository}/${rest}`;
  }
  /** GET /v2/: the registry answers, and how it wants to be authenticated. */
  async ping() {
    const res = await this.send({ method: "GET", target: "", actions: ["pull"] });
    await this.expect(res, [200], "GET /v2/");
    res.resume();
  }
  async headManifest(reference) {
    checkReference(reference);
    const res = await this.send({ method: "HEAD", target: this.repoPath(`manifests/${reference}`), actions: ["pull"], headers: { accept: ACCEPT_MANIFEST } });
    res.resume();
    if (res.statusCode === 404) return void 0;
    await this.expect(res, [200], `HEAD manifest ${reference}`);
    const digest = header(res.headers, "docker-content-digest");
    if (digest === void 0 || !DIGEST_PATTERN.test(digest)) throw new RegistryError(`the registry's answer for manifest ${reference} carries no sha256 Docker-Content-Digest`, 200);
    if (isDigest(reference) && digest !== reference) throw new DigestMismatchError(`the registry answers for manifest ${reference} with digest ${digest}`);
    return { digest, mediaType: header(res.headers, "content-type") ?? "", size: Number(header(res.headers, "content-length") ?? 0) };
  }
  /**
   * A manifest by tag or digest, at most MAX_MANIFEST_BYTES. Its digest is computed from the
   * bytes; by digest, it must be the one asked for; by tag, any Docker-Content-Digest must agree.
   */
  async getManifest(reference, actions = ["pull"]) {
    checkReference(reference);
    const res = await this.send({ method: "GET", target: this.repoPath(`manifests/${reference}`), actions, headers: { accept: ACCEPT_MANIFEST } });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no manifest ${reference}`, 404, ["MANIFEST_UNKNOWN"]);
    }
    await this.expect(res, [200], `GET manifest ${reference}`);
    const bytes = await readBounded(res, MAX_MANIFEST_BYTES, `manifest ${reference}`);
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) throw new DigestMismatchError(`manifest ${reference} from ${this.location.display} has digest ${digest}: the registry sent other bytes`);
    const announced = header(res.headers, "docker-content-digest");
    if (announced !== void 0 && DIGEST_PATTERN.test(announced) && announced !== digest) {
      throw new DigestMismatchError(`manifest ${reference} from ${this.location.display}: the registry announces ${announced}, the bytes hash to ${digest}`);
    }
    const mediaType = (header(res.headers, "content-type") ?? "").split(";")[0].trim();
    return { digest, mediaType, size: bytes.length, bytes };
  }
  /** The blob's size when the registry has it, undefined when it does not. */
  async headBlob(digest, actions = ["pull"]) {
    checkDigest(digest);
    const res = await this.send({ method: "HEAD", target: this.repoPath(`blobs/${digest}`), actions, follow: true });
    res.resume();
    if (res.statusCode === 404) return void 0;
    await this.expect(res, [200], `HEAD blob ${digest}`);
    const length = header(res.headers, "content-length");
    return length !== void 0 && /^\d+$/.test(length) ? Number(length) : -1;
  }
  /** A small blob (a config) into memory, at most `maxBytes`, its digest checked. */
  async getBlobBytes(digest, maxBytes) {
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
  async getBlobToFile(digest, dest, size) {
    checkDigest(digest);
    const res = await this.blobResponse(digest);
    const announced = header(res.headers, "content-length");
    if (announced !== void 0 && /^\d+$/.test(announced) && Number(announced) !== size) {
      res.destroy();
      throw new DigestMismatchError(`blob ${digest} from ${this.location.display} is announced as ${announced} bytes, the manifest says ${size}`);
    }
    const fh = await open(dest, "wx");
    const hash = createHash("sha256");
    let received = 0;
    try {
      await pipeline(
        res,
        new Writable({
          write(chunk, _enc, cb) {
            received += chunk.length;
            if (received > size) {
              cb(new DigestMismatchError(`blob ${digest} is longer than the ${size} bytes its manifest gives`));
              return;
            }
            hash.update(chunk);
            writeAll(fh, chunk).then(() => cb(), cb);
          }
        }),
        { signal: this.options.signal }
      );
      if (received !== size) throw new DigestMismatchError(`blob ${digest} ended after ${received} of the ${size} bytes its manifest gives`);
      const got = `sha256:${hash.digest("hex")}`;
      if (got !== digest) throw new DigestMismatchError(`blob ${digest} from ${this.location.display} hashes to ${got}: the registry sent other bytes`);
      await fh.close();
    } catch (e) {
      await fh.close().catch(() => void 0);
      await rm(dest, { force: true });
      if (this.options.signal?.aborted) throw new InterruptedError("registry download interrupted");
      throw e;
    }
  }
  async blobResponse(digest) {
    const res = await this.send({ method: "GET", target: this.repoPath(`blobs/${digest}`), actions: ["pull"], follow: true });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no blob ${digest}`, 404, ["BLOB_UNKNOWN"]);
    }
    await this.expect(res, [200], `GET blob ${digest}`);
    return res;
  }
  /**
   * Uploads a blob from a file (`size` bytes, `digest` already computed) unless the registry
   * has it; returns the bytes sent (0 when it was there).
   */
  async uploadBlob(file, digest, size) {
    checkDigest(digest);
    if (await this.headBlob(digest, PUSH) !== void 0) return 0;
    const fh = await open(file, "r");
    try {
      return await this.upload(digest, size, (offset, length) => readChunk(fh, offset, length));
    } finally {
      await fh.close();
    }
  }
  /** Uploads a blob held in memory (a config) unless the registry has it; the bytes sent. */
  async uploadBlobBytes(bytes) {
    const digest = sha256Digest(bytes);
    if (await this.headBlob(digest, PUSH) !== void 0) return 0;
    return this.upload(digest, bytes.length, async (offset, length) => bytes.subarray(offset, offset + length));
  }
  async upload(digest, size, read) {
    const started = await this.send({ method: "POST", target: this.repoPath("blobs/uploads/"), actions: ["pull", "push"], headers: { "content-length": "0" } });
    await this.expect(started, [202], "POST blobs/uploads/");
    started.resume();
    let location = this.uploadLocation(started);
    const chunk = this.options.chunkBytes ?? MAX_CHUNK_BYTES;
    let sent = 0;
    if (chunk === 0) {
      const body = await read(0, size);
      const res = await this.send({ method: "PUT", target: withDigest(location, digest), actions: ["pull", "push"], headers: { "content-type": "application/octet-stream" }, body });
      await this.expect(res, [201], `PUT blob ${digest}`);
      res.resume();
      return size;
    }
    for (let offset = 0; offset < size; offset += chunk) {
      const body = await read(offset, Math.min(chunk, size - offset));
      const res = await this.send({
        method: "PATCH",
        target: location,
        actions: ["pull", "push"],
        headers: { "content-type": "application/octet-stream", "content-range": `${offset}-${offset + body.length - 1}` },
        body
      });
      await this.expect(res, [202], `PATCH blob upload (bytes ${offset}-${offset + body.length - 1})`);
      res.resume();
      location = this.uploadLocation(res);
      sent += body.length;
    }
    const done = await this.send({ method: "PUT", target: withDigest(location, digest), actions: ["pull", "push"], headers: { "content-type": "application/octet-stream" }, body: Buffer.alloc(0) });
    await this.expect(done, [201], `PUT blob ${digest}`);
    done.resume();
    return sent;
  }
  uploadLocation(res) {
    const location = header(res.headers, "location");
    if (location === void 0) throw new RegistryError(`${this.location.display} started an upload without a Location`, res.statusCode ?? 0);
    let url;
    try {
      url = new URL(location, this.origin);
    } catch {
      throw new RegistryError(`${this.location.display} gave an upload Location that is not a URL`, res.statusCode ?? 0);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
      throw new RegistryError(`${this.location.display} gave an upload Location on ${url.protocol}//${url.host}; pydebug uploads over https (http only to loopback)`, res.statusCode ?? 0);
    }
    return url.href;
  }
  /** PUTs a manifest under `reference` (a tag, or its digest); returns its digest. */
  async putManifest(reference, bytes, mediaType = OCI_MANIFEST_MEDIA_TYPE) {
    checkReference(reference);
    const digest = sha256Digest(bytes);
    const res = await this.send({ method: "PUT", target: this.repoPath(`manifests/${reference}`), actions: ["pull", "push"], headers: { "content-type": mediaType }, body: bytes });
    await this.expect(res, [201], `PUT manifest ${reference}`);
    res.resume();
    const announced = header(res.headers, "docker-content-digest");
    if (announced !== void 0 && announced !== digest) throw new DigestMismatchError(`the registry stored manifest ${reference} as ${announced}, pydebug sent ${digest}`);
    return digest;
  }
  /** Every tag of the repository (following Link pages, bounded). */
  async listTags() {
    const tags = [];
    let target = this.repoPath("tags/list?n=1000");
    for (let page = 0; page < MAX_TAG_PAGES; page++) {
      const res = await this.send({ method: "GET", target, actions: ["pull"] });
      if (res.statusCode === 404) {
        res.resume();
        return tags;
      }
      await this.expect(res, [200], "GET tags/list");
      const body = await readBounded(res, MAX_TAGS_BODY_BYTES, "the tag list");
      let json;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        throw new RegistryError(`${this.location.display}'s tag list is not JSON`, 200);
      }
      const parsed = TagListSchema.safeParse(json);
      if (!parsed.success) throw new RegistryError(`${this.location.display}'s tag list is not one`, 200);
      tags.push(...(parsed.data.tags ?? []).filter((t) => TAG_PATTERN.test(t)));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(res.headers, "link") ?? "")?.[1];
      if (!next) return [...new Set(tags)].sort();
      const url = new URL(next, this.origin);
      if (url.origin !== this.origin || !url.pathname.startsWith("/v2/")) throw new RegistryError(`${this.location.display}'s tag list links to another place`, 200);
      target = url.pathname.slice("/v2/".length) + url.search;
    }
    throw new RegistryError(`${this.location.display}'s tag list has more than ${MAX_TAG_PAGES} pages`, 200);
  }
  /** Throws a RegistryError saying what the registry answered, unless its status is one of `ok`. */
  async expect(res, ok, what) {
    const status = res.statusCode ?? 0;
    if (ok.includes(status)) return;
    let codes = [];
    let detail = "";
    if (res.readable) {
      const body = await readBounded(res, MAX_ERROR_BODY_BYTES, "an error").catch(() => Buffer.alloc(0));
      try {
        const parsed = ErrorBodySchema.safeParse(JSON.parse(body.toString("utf8")));
        if (parsed.success) {
          codes = parsed.data.errors.map((e) => e.code);
          detail = parsed.data.errors.map((e) => e.message ? `${e.code}: ${e.message}` : e.code).join("; ");
        }
      } catch {
      }
    }
    const shown = detail.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 300);
    const message = `${this.location.display}: ${what} failed: HTTP ${status}${shown ? ` (${shown})` : ""}`;
    const writing = ["POST", "PUT", "PATCH"].some((m) => what.startsWith(m));
    let hint;
    if (status === 401 || status === 403) {
      hint = writing ? this.hasCredentials ? "the registry refused PYDEBUG_REGISTRY_TOKEN for writing: give a token that may write packages (ghcr.io: a token with write:packages, or the workflow token with packages: write)" : "pushing needs credentials: set PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER if the registry needs the name)" : this.hasCredentials ? "the registry refused PYDEBUG_REGISTRY_TOKEN: check that it may read this repository" : "the repository is not public: set PYDEBUG_REGISTRY_TOKEN to a token that may read it";
    } else if (status === 416) {
      hint = "the registry refused an upload chunk (ghcr.io takes at most 4 MiB per PATCH)";
    }
    throw new RegistryError(message, status, codes, hint);
  }
  /** One request, answered: with the token it needs (fetched after a 401), redirects followed when asked. */
  async send(req) {
    let url = this.url(req.target);
    const scope = repositoryScope(this.location.repository, req.actions);
    let authorization = this.authorizationFor(scope);
    let res = await this.once(req.method, url, req, authorization);
    if (res.statusCode === 401) {
      const challenge = parseChallenge(header(res.headers, "www-authenticate"));
      res.resume();
      if (challenge) {
        this.challenge = challenge;
        authorization = await this.authorize(challenge, scope);
        if (authorization !== void 0) res = await this.once(req.method, url, req, authorization);
      }
    }
    for (let hops = 0; req.follow && REDIRECTS.has(res.statusCode ?? 0); hops++) {
      res.resume();
      if (hops >= MAX_REDIRECTS) throw new RegistryError(`${this.location.display}: more than ${MAX_REDIRECTS} redirects for ${req.target}`, res.statusCode ?? 0);
      const location = header(res.headers, "location");
      if (location === void 0) throw new RegistryError(`${this.location.display}: a redirect without a Location`, res.statusCode ?? 0);
      let next;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError(`${this.location.display}: a redirect to something that is not a URL`, res.statusCode ?? 0);
      }
      if (next.protocol !== "https:" && !(next.protocol === "http:" && isLoopbackHost(next.hostname))) {
        throw new RegistryError(`${this.location.display}: a redirect to ${next.protocol}//${next.host}; pydebug follows redirects to https (http only on loopback)`, res.statusCode ?? 0);
      }
      const sameOrigin = next.origin === url.origin;
      url = next;
      res = await this.once(req.method, url, req, sameOrigin ? authorization : void 0);
    }
    return res;
  }
  authorizationFor(scope) {
    const token = this.tokens.get(scope);
    if (token !== void 0) return `Bearer ${token}`;
    if (this.challenge?.scheme === "basic" && this.options.credentials) return basicAuthorization(this.options.credentials);
    return void 0;
  }
  /** The Authorization that answers `challenge` for `scope`, or undefined when pydebug has none to give. */
  async authorize(challenge, scope) {
    if (challenge.scheme === "basic") return this.options.credentials ? basicAuthorization(this.options.credentials) : void 0;
    let url;
    try {
      url = tokenUrl(challenge, scope);
    } catch {
      throw new RegistryError(`${this.location.display} names a token realm that is not a URL`, 401);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
      throw new RegistryError(`${this.location.display} names the token realm ${url.protocol}//${url.host}; pydebug asks for tokens over https (http only on loopback)`, 401);
    }
    const headers = this.options.credentials ? { authorization: basicAuthorization(this.options.credentials) } : {};
    const res = await this.once("GET", url, { method: "GET", target: url.href, actions: [], headers }, void 0);
    if (res.statusCode !== 200) {
      res.resume();
      const status = res.statusCode ?? 0;
      const pushing = scope.endsWith("push");
      throw new RegistryError(`${this.location.display}: the token service refused ${scope.replace(/^repository:/, "")} (HTTP ${status})`, status, [], this.tokenHint(pushing));
    }
    const token = parseTokenResponse(await readBounded(res, MAX_TOKEN_RESPONSE_BYTES, "the token"));
    if (token === void 0) throw new RegistryError(`${this.location.display}: the token service answered without a token`, 200);
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }
  tokenHint(pushing) {
    if (!this.hasCredentials) return pushing ? "pushing needs credentials: set PYDEBUG_REGISTRY_TOKEN" : "the repository is not public: set PYDEBUG_REGISTRY_TOKEN to a token that may read it";
    return pushing ? "check PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER): it must be allowed to write this repository" : "check PYDEBUG_REGISTRY_TOKEN: it must be allowed to read this repository";
  }
  /** One HTTP exchange, no retry; the response's body is left to the caller. */
  once(method, url, req, authorization) {
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    const headers = { "user-agent": "pydebug", "accept-encoding": "identity", ...req.headers ?? {} };
    if (authorization !== void 0) headers.authorization = authorization;
    if (req.body !== void 0) headers["content-length"] = String(req.body.length);
    return new Promise((resolve, reject) => {
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const request = send(url, { method, headers, agent: false, signal: this.options.signal }, (res) => {
        res.setTimeout(idleMs, () => res.destroy(new RegistryError(`${this.location.display}: no data for ${idleMs / 1e3} s`, 0)));
        resolve(res);
      });
      request.setTimeout(idleMs, () => request.destroy(new RegistryError(`${this.location.display}: no answer within ${idleMs / 1e3} s`, 0)));
      request.on("error", (e) => {
        if (this.options.signal?.aborted) reject(new InterruptedError("registry request interrupted"));
        else if (e instanceof PydebugError) reject(e);
        else reject(new RegistryError(`${this.location.display}: ${method} ${url.host}${url.pathname} failed: ${e.code ?? e.message}`, 0, [], connectHint(this.location, e)));
      });
      if (req.body !== void 0) this.bytesSent += req.body.length;
      request.end(req.body);
    });
  }
};
var PUSH = ["pull", "push"];
var ACCEPT_MANIFEST = `${OCI_MANIFEST_MEDIA_TYPE}, ${OCI_INDEX_MEDIA_TYPE};q=0.5`;
function connectHint(location, e) {
  if (e.code === "ENOTFOUND") return `check the host in registry: / PYDEBUG_REGISTRY (${location.host})`;
  if (e.code === "ECONNREFUSED") return `nothing answers at ${location.scheme}://${location.host}: check registry: / PYDEBUG_REGISTRY`;
  return "check the network and the registry; nothing was changed";
}
function header(headers, name) {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
function checkDigest(digest) {
  if (!DIGEST_PATTERN.test(digest)) throw new Error(`internal: not a sha256 digest: ${digest}`);
}
function checkReference(reference) {
  if (!DIGEST_PATTERN.test(reference) && !TAG_PATTERN.test(reference)) throw new Error(`internal: not a tag or digest: ${reference}`);
}
function withDigest(location, digest) {
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  return url.href;
}
async function readBounded(res, limit, what) {
  const announced = header(res.headers, "content-length");
  if (announced !== void 0 && /^\d+$/.test(announced) && Number(announced) > limit) {
    res.destroy();
    throw new RegistryError(`${what} is announced as ${announced} bytes, more than the ${limit} it can be`, res.statusCode ?? 0);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of res) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new RegistryError(`${what} is more than the ${limit} bytes it can be`, res.statusCode ?? 0);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
async function writeAll(fh, chunk) {
  let at = 0;
  while (at < chunk.length) at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten;
}
async function readChunk(fh, offset, length) {
  const buf = Buffer.alloc(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await fh.read(buf, at, length - at, offset + at);
    if (bytesRead === 0) throw new PydebugError(`the archive being uploaded ended early (at ${offset + at} of its bytes)`);
    at += bytesRead;
  }
  return buf;
}

export {
  MAX_CHUNK_BYTES,
  DEFAULT_REGISTRY_TIMEOUT_MS,
  RegistryError,
  NotFoundError,
  DigestMismatchError,
  RegistryClient
};
