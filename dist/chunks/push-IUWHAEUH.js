import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  viewProject,
  warnIfStale
} from "./chunk-EKQ745EF.js";
import "./chunk-6QUWVYIO.js";
import "./chunk-OX2UZDSI.js";
import "./chunk-D4BYMYGY.js";
import {
  bool,
  str
} from "./chunk-Y2YYXBXV.js";
import {
  closest,
  isLoopbackHost,
  isRegistryProblem,
  parseRegistryLocation
} from "./chunk-3CEEE4DG.js";
import {
  LockedBuildSchema,
  LockedSourceSchema,
  MACRO_NAMES,
  canonicalJson
} from "./chunk-NLIBE3OE.js";
import "./chunk-U7VC4TJB.js";
import {
  array,
  boolean,
  literal,
  number,
  object,
  record,
  removeInside,
  strictObject,
  string,
  tuple
} from "./chunk-IZUT5FUC.js";
import {
  EXIT_OK,
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";

// src/registry/client.ts
import { createHash as createHash2 } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/registry/artifact.ts
import { createHash } from "node:crypto";

// src/registry/reference.ts
var DEFAULT_REGISTRY_USER = "pydebug";
function effectiveRegistry(env, configRegistry) {
  const fromEnv = env.PYDEBUG_REGISTRY?.trim();
  const text = fromEnv || configRegistry;
  if (!text) return void 0;
  const parsed = parseRegistryLocation(text);
  if (isRegistryProblem(parsed)) {
    if (fromEnv) throw new UsageError(`PYDEBUG_REGISTRY is not usable: ${parsed.message}`, { hint: `${parsed.hint} (or unset PYDEBUG_REGISTRY)` });
    throw new UsageError(`registry: ${parsed.message}`, { hint: parsed.hint });
  }
  return parsed;
}
function registryCredentials(env) {
  const token = env.PYDEBUG_REGISTRY_TOKEN?.trim();
  if (!token) return void 0;
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError("PYDEBUG_REGISTRY_TOKEN contains a space or a control character", { hint: "set it to the token alone, without a newline" });
  const user = env.PYDEBUG_REGISTRY_USER?.trim() || DEFAULT_REGISTRY_USER;
  if (/[:\s\u0000-\u001f\u007f]/.test(user)) throw new UsageError('PYDEBUG_REGISTRY_USER contains a ":", a space or a control character', { hint: "set it to a plain user name, or unset it" });
  return { user, token };
}
var TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
var DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
function tagProblem(tag) {
  if (tag.length === 0) return "it is empty";
  if (tag.length > 128) return `it has ${tag.length} characters, and a tag has at most 128`;
  if (!TAG_PATTERN.test(tag)) return 'a tag is letters, digits, "_", "." and "-", not starting with "." or "-"';
  return void 0;
}
function isDigest(ref) {
  return DIGEST_PATTERN.test(ref);
}

// src/registry/artifact.ts
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
  /** The lock's cache_key of the build. */
  lock_key: string().max(255),
  /** "<version>-<variant>". */
  id: string().max(255),
  /** The lock's record of the build (builds.<id>) and of its source (sources.<version>). */
  build: LockedBuildSchema,
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
    entry_key: manifest.key,
    lock_key: build.cache_key,
    id: manifest.id,
    build,
    source,
    machine: { key: machinePartOf(manifest.key, build.cache_key), compiler: manifest.compiler },
    proven: { abiflags: manifest.proven.abiflags, macros: manifest.proven.macros, sanitizers: manifest.proven.sanitizers },
    prefix: manifest.prefix,
    python: manifest.python,
    files: { list: manifest.contents.list, list_sha256: manifest.contents.list_sha256, bytes: manifest.size.bytes, count: manifest.size.files },
    archive: { format: "tar+zstd", top: manifest.key }
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
    const digest2 = header(res.headers, "docker-content-digest");
    if (digest2 === void 0 || !DIGEST_PATTERN.test(digest2)) throw new RegistryError(`the registry's answer for manifest ${reference} carries no sha256 Docker-Content-Digest`, 200);
    if (isDigest(reference) && digest2 !== reference) throw new DigestMismatchError(`the registry answers for manifest ${reference} with digest ${digest2}`);
    return { digest: digest2, mediaType: header(res.headers, "content-type") ?? "", size: Number(header(res.headers, "content-length") ?? 0) };
  }
  /**
   * A manifest by tag or digest, at most MAX_MANIFEST_BYTES. Its digest is computed from the
   * bytes; by digest, it must be the one asked for; by tag, any Docker-Content-Digest must agree.
   */
  async getManifest(reference) {
    checkReference(reference);
    const res = await this.send({ method: "GET", target: this.repoPath(`manifests/${reference}`), actions: ["pull"], headers: { accept: ACCEPT_MANIFEST } });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no manifest ${reference}`, 404, ["MANIFEST_UNKNOWN"]);
    }
    await this.expect(res, [200], `GET manifest ${reference}`);
    const bytes = await readBounded(res, MAX_MANIFEST_BYTES, `manifest ${reference}`);
    const digest2 = sha256Digest(bytes);
    if (isDigest(reference) && digest2 !== reference) throw new DigestMismatchError(`manifest ${reference} from ${this.location.display} has digest ${digest2}: the registry sent other bytes`);
    const announced = header(res.headers, "docker-content-digest");
    if (announced !== void 0 && DIGEST_PATTERN.test(announced) && announced !== digest2) {
      throw new DigestMismatchError(`manifest ${reference} from ${this.location.display}: the registry announces ${announced}, the bytes hash to ${digest2}`);
    }
    const mediaType = (header(res.headers, "content-type") ?? "").split(";")[0].trim();
    return { digest: digest2, mediaType, size: bytes.length, bytes };
  }
  /** The blob's size when the registry has it, undefined when it does not. */
  async headBlob(digest2) {
    checkDigest(digest2);
    const res = await this.send({ method: "HEAD", target: this.repoPath(`blobs/${digest2}`), actions: ["pull"], follow: true });
    res.resume();
    if (res.statusCode === 404) return void 0;
    await this.expect(res, [200], `HEAD blob ${digest2}`);
    const length = header(res.headers, "content-length");
    return length !== void 0 && /^\d+$/.test(length) ? Number(length) : -1;
  }
  /** A small blob (a config) into memory, at most `maxBytes`, its digest checked. */
  async getBlobBytes(digest2, maxBytes) {
    checkDigest(digest2);
    const res = await this.blobResponse(digest2);
    const bytes = await readBounded(res, maxBytes, `blob ${digest2}`);
    const got = sha256Digest(bytes);
    if (got !== digest2) throw new DigestMismatchError(`blob ${digest2} from ${this.location.display} hashes to ${got}: the registry sent other bytes`);
    return bytes;
  }
  /**
   * Streams a blob into `dest`, a new file (never an existing one), hashing as it arrives and
   * stopping at `size` bytes: more, fewer or other bytes remove the file and throw.
   */
  async getBlobToFile(digest2, dest, size2) {
    checkDigest(digest2);
    const res = await this.blobResponse(digest2);
    const announced = header(res.headers, "content-length");
    if (announced !== void 0 && /^\d+$/.test(announced) && Number(announced) !== size2) {
      res.destroy();
      throw new DigestMismatchError(`blob ${digest2} from ${this.location.display} is announced as ${announced} bytes, the manifest says ${size2}`);
    }
    const fh = await open(dest, "wx");
    const hash = createHash2("sha256");
    let received = 0;
    try {
      await pipeline(
        res,
        new Writable({
          write(chunk, _enc, cb) {
            received += chunk.length;
            if (received > size2) {
              cb(new DigestMismatchError(`blob ${digest2} is longer than the ${size2} bytes its manifest gives`));
              return;
            }
            hash.update(chunk);
            writeAll(fh, chunk).then(() => cb(), cb);
          }
        }),
        { signal: this.options.signal }
      );
      if (received !== size2) throw new DigestMismatchError(`blob ${digest2} ended after ${received} of the ${size2} bytes its manifest gives`);
      const got = `sha256:${hash.digest("hex")}`;
      if (got !== digest2) throw new DigestMismatchError(`blob ${digest2} from ${this.location.display} hashes to ${got}: the registry sent other bytes`);
      await fh.close();
    } catch (e) {
      await fh.close().catch(() => void 0);
      await rm(dest, { force: true });
      if (this.options.signal?.aborted) throw new InterruptedError("registry download interrupted");
      throw e;
    }
  }
  async blobResponse(digest2) {
    const res = await this.send({ method: "GET", target: this.repoPath(`blobs/${digest2}`), actions: ["pull"], follow: true });
    if (res.statusCode === 404) {
      res.resume();
      throw new NotFoundError(`${this.location.display} has no blob ${digest2}`, 404, ["BLOB_UNKNOWN"]);
    }
    await this.expect(res, [200], `GET blob ${digest2}`);
    return res;
  }
  /**
   * Uploads a blob from a file (`size` bytes, `digest` already computed) unless the registry
   * has it; returns the bytes sent (0 when it was there).
   */
  async uploadBlob(file, digest2, size2) {
    checkDigest(digest2);
    if (await this.headBlob(digest2) !== void 0) return 0;
    const fh = await open(file, "r");
    try {
      return await this.upload(digest2, size2, (offset, length) => readChunk(fh, offset, length));
    } finally {
      await fh.close();
    }
  }
  /** Uploads a blob held in memory (a config) unless the registry has it; the bytes sent. */
  async uploadBlobBytes(bytes) {
    const digest2 = sha256Digest(bytes);
    if (await this.headBlob(digest2) !== void 0) return 0;
    return this.upload(digest2, bytes.length, async (offset, length) => bytes.subarray(offset, offset + length));
  }
  async upload(digest2, size2, read) {
    const started = await this.send({ method: "POST", target: this.repoPath("blobs/uploads/"), actions: ["pull", "push"], headers: { "content-length": "0" } });
    await this.expect(started, [202], "POST blobs/uploads/");
    started.resume();
    let location = this.uploadLocation(started);
    const chunk = this.options.chunkBytes ?? MAX_CHUNK_BYTES;
    let sent = 0;
    if (chunk === 0) {
      const body = await read(0, size2);
      const res = await this.send({ method: "PUT", target: withDigest(location, digest2), actions: ["pull", "push"], headers: { "content-type": "application/octet-stream" }, body });
      await this.expect(res, [201], `PUT blob ${digest2}`);
      res.resume();
      return size2;
    }
    for (let offset = 0; offset < size2; offset += chunk) {
      const body = await read(offset, Math.min(chunk, size2 - offset));
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
    const done = await this.send({ method: "PUT", target: withDigest(location, digest2), actions: ["pull", "push"], headers: { "content-type": "application/octet-stream" }, body: Buffer.alloc(0) });
    await this.expect(done, [201], `PUT blob ${digest2}`);
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
    const digest2 = sha256Digest(bytes);
    const res = await this.send({ method: "PUT", target: this.repoPath(`manifests/${reference}`), actions: ["pull", "push"], headers: { "content-type": mediaType }, body: bytes });
    await this.expect(res, [201], `PUT manifest ${reference}`);
    res.resume();
    const announced = header(res.headers, "docker-content-digest");
    if (announced !== void 0 && announced !== digest2) throw new DigestMismatchError(`the registry stored manifest ${reference} as ${announced}, pydebug sent ${digest2}`);
    return digest2;
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
function checkDigest(digest2) {
  if (!DIGEST_PATTERN.test(digest2)) throw new Error(`internal: not a sha256 digest: ${digest2}`);
}
function checkReference(reference) {
  if (!DIGEST_PATTERN.test(reference) && !TAG_PATTERN.test(reference)) throw new Error(`internal: not a tag or digest: ${reference}`);
}
function withDigest(location, digest2) {
  const url = new URL(location);
  url.searchParams.set("digest", digest2);
  return url.href;
}
async function readBounded(res, limit, what) {
  const announced = header(res.headers, "content-length");
  if (announced !== void 0 && /^\d+$/.test(announced) && Number(announced) > limit) {
    res.destroy();
    throw new RegistryError(`${what} is announced as ${announced} bytes, more than the ${limit} it can be`, res.statusCode ?? 0);
  }
  const chunks = [];
  let size2 = 0;
  for await (const chunk of res) {
    size2 += chunk.length;
    if (size2 > limit) {
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

// src/registry/push.ts
import { join } from "node:path";

// src/registry/entry-archive.ts
import { spawn } from "node:child_process";
import { createHash as createHash3 } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";
var ENTRY_TAR_ARGS = ["--posix", "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime", "--sort=name", "--owner=0", "--group=0", "--numeric-owner"];
async function writeEntryArchive(store, entryKey, dest, signal) {
  store.entryDir(entryKey);
  const tar = spawn("tar", [...ENTRY_TAR_ARGS, "-c", "-f", "-", "-C", store.entriesDir, entryKey], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" }, signal });
  const zstd = spawn("zstd", ["-q", "-c", "-T0", "--long=30", "-3"], { stdio: ["pipe", "pipe", "pipe"], signal });
  let tarErr = "";
  let zstdErr = "";
  tar.stderr.on("data", (d) => tarErr += d.toString());
  zstd.stderr.on("data", (d) => zstdErr += d.toString());
  const tarDone = once(tar, "close").catch((e) => [e]);
  const zstdDone = once(zstd, "close").catch((e) => [e]);
  const hash = createHash3("sha256");
  let size2 = 0;
  const hasher = new Transform({
    transform(chunk, _enc, cb) {
      hash.update(chunk);
      size2 += chunk.length;
      cb(null, chunk);
    }
  });
  try {
    await Promise.all([pipeline2(tar.stdout, zstd.stdin), pipeline2(zstd.stdout, hasher, createWriteStream(dest, { flags: "wx" }))]);
  } catch (e) {
    tar.kill("SIGKILL");
    zstd.kill("SIGKILL");
    const [code] = await zstdDone;
    if (code instanceof Error) throw new PydebugError(`zstd, which compresses the entry's archive, cannot be run (${code.code ?? code.message})`, { hint: "install zstd" });
    throw e;
  }
  const [[tarCode], [zstdCode]] = await Promise.all([tarDone, zstdDone]);
  if (tarCode !== 0) throw new PydebugError(`tar could not archive ${entryKey}: ${tarErr.trim() || `exit ${String(tarCode)}`}`);
  if (zstdCode !== 0) throw new PydebugError(`zstd could not compress ${entryKey}'s archive: ${zstdErr.trim() || `exit ${String(zstdCode)}`}`, { hint: "install zstd" });
  return { path: dest, digest: `sha256:${hash.digest("hex")}`, size: size2 };
}

// src/registry/push.ts
function entryTag(entryKey) {
  const problem = tagProblem(entryKey);
  if (problem) {
    throw new PydebugError(`${entryKey} cannot be an OCI tag: ${problem}`, { hint: "shorten the variant name (or the git source name) in pydebug.yml so that the entry key fits in 128 characters" });
  }
  return entryKey;
}
async function pushEntry(client, store, target, signal) {
  const tag = entryTag(target.entryKey);
  const configBytes = serializeEntryConfig(entryConfigFor(target.manifest, target.build, target.source));
  const work = await store.makeTemp(`push-${target.entryKey}`);
  try {
    const t0 = Date.now();
    const archive = await writeEntryArchive(store, target.entryKey, join(work, "layer.tar.zst"), signal);
    const t1 = Date.now();
    const sentBefore = client.bytesSent;
    const layerSent = await client.uploadBlob(archive.path, archive.digest, archive.size);
    const configSent = await client.uploadBlobBytes(configBytes);
    const config = descriptorOf(configBytes, ENTRY_CONFIG_MEDIA_TYPE);
    const manifest = buildArtifactManifest(
      config,
      { mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: archive.digest, size: archive.size },
      manifestAnnotations(entryConfigFor(target.manifest, target.build, target.source))
    );
    const digest2 = await client.putManifest(tag, manifest, OCI_MANIFEST_MEDIA_TYPE);
    return {
      id: target.id,
      tag,
      digest: digest2,
      reference: `${client.location.display}@${digest2}`,
      layer: { digest: archive.digest, size: archive.size, sent: layerSent },
      config: { digest: config.digest, size: config.size, sent: configSent },
      bytesSent: client.bytesSent - sentBefore,
      seconds: { archive: (t1 - t0) / 1e3, upload: (Date.now() - t1) / 1e3 }
    };
  } finally {
    await removeInside(store.tmpDir, work, "a push in progress");
  }
}

// src/cli/commands/push.ts
var pushCommand = {
  name: "push",
  summary: "push built entries to the OCI registry (registry: in pydebug.yml)",
  usage: "pydebug push [<variant or id>...] [--json]",
  help: `
Pushes each selected entry that is built, after checking every one of its files against the
list its build recorded, to the registry that \`registry:\` in pydebug.yml (or PYDEBUG_REGISTRY)
names, as an OCI artifact: an image manifest (artifactType application/vnd.pydebug.entry.v1)
with the entry's archive (tar + zstd) as its one layer and pydebug's record of the entry (the
lock's record, the proven macros, the machine part of the key, the digest of the file list) as
its config, tagged with the entry key. Blobs the registry already has are not sent again.
Prints each pushed manifest's digest and the bytes sent.

Operands select entries by variant (debug) or id (3.13.2-debug); none: every built entry.
Credentials: PYDEBUG_REGISTRY_TOKEN (for ghcr.io a token that may write packages), with
PYDEBUG_REGISTRY_USER when the registry needs a user name.

Options:
  --json        print the pushed entries as JSON: id, tag, digest, reference, bytes_sent,
                layer and config ({digest, size, sent})`,
  options: { json: { type: "boolean" } },
  operands: 1e3,
  async run(ctx, values, positionals) {
    const view = await viewProject(ctx, { config: str(values, "config") });
    const registry = effectiveRegistry(ctx.env, view.cfg.project.registry);
    if (!registry) {
      throw new UsageError(`no registry to push to: ${view.cfg.display} has no registry: and PYDEBUG_REGISTRY is not set`, {
        hint: "add registry: ghcr.io/<owner>/<name> to pydebug.yml (or set PYDEBUG_REGISTRY)"
      });
    }
    warnIfStale(ctx, view);
    const selected = selectEntries(view, positionals);
    const credentials = registryCredentials(ctx.env);
    if (!credentials) {
      throw new UsageError(`pushing to ${registry.display} needs credentials: PYDEBUG_REGISTRY_TOKEN is not set`, {
        hint: "set PYDEBUG_REGISTRY_TOKEN to a token that may write the repository (ghcr.io: write:packages, or the workflow token with packages: write); PYDEBUG_REGISTRY_USER names the user when the registry needs one"
      });
    }
    const client = new RegistryClient(registry, { credentials, signal: ctx.interrupts.signal });
    const results = [];
    for (const entry of selected) {
      const state = await view.store.readEntry(entry.planned.entryKey, { everyFile: true });
      if (state.status !== "ok") {
        const why = state.status === "damaged" ? `its store entry is damaged (${state.reason})` : "it is not built";
        throw new PydebugError(`${entry.planned.id} was not pushed: ${why}`, { hint: `run \`pydebug sync --variant ${entry.planned.build.variant} --python ${entry.planned.build.version}\`` });
      }
      const result = await pushEntry(
        client,
        view.store,
        { id: entry.planned.id, entryKey: entry.planned.entryKey, build: entry.planned.build, source: entry.planned.source, manifest: state.manifest },
        ctx.interrupts.signal
      );
      results.push(result);
      if (!bool(values, "json")) {
        const what = result.layer.sent > 0 ? `${formatBytes(result.bytesSent)} sent` : `layer already there, ${formatBytes(result.bytesSent)} sent`;
        ctx.stdout.write(`${result.id} ${result.reference} (${what}, layer ${formatBytes(result.layer.size)}, in ${(result.seconds.archive + result.seconds.upload).toFixed(1)} s)
`);
      }
    }
    if (bool(values, "json")) {
      ctx.stdout.write(
        `${JSON.stringify(
          results.map((r) => ({ id: r.id, tag: r.tag, digest: r.digest, reference: r.reference, bytes_sent: r.bytesSent, layer: r.layer, config: r.config, seconds: r.seconds })),
          null,
          2
        )}
`
      );
    }
    return EXIT_OK;
  }
};
function selectEntries(view, operands) {
  if (operands.length === 0) {
    const built = view.entries.filter((e) => e.state.status === "ok");
    if (built.length === 0) throw new PydebugError("nothing to push: no entry of this project is built", { hint: "run `pydebug sync` first" });
    return built;
  }
  const names = [...view.entries.map((e) => e.planned.id), ...new Set(view.entries.map((e) => e.planned.build.variant))];
  const chosen = /* @__PURE__ */ new Set();
  for (const op of operands) {
    const hits = view.entries.filter((e) => e.planned.id === op || e.planned.build.variant === op);
    if (hits.length === 0) {
      const guess = closest(op, names);
      throw new UsageError(`no entry or variant "${op}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `entries: ${view.entries.map((e) => e.planned.id).join(", ")}` });
    }
    for (const h of hits) chosen.add(h.planned.id);
  }
  return view.entries.filter((e) => chosen.has(e.planned.id));
}
function formatBytes(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
export {
  pushCommand
};
