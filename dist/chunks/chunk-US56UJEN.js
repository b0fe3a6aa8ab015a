import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  TarGuard,
  UnsafeTarballError
} from "./chunk-JMSWVBE7.js";
import {
  provideGitTree,
  provideStampedTree,
  writeSourceStamp
} from "./chunk-I4UB4BG5.js";
import {
  applyMirror
} from "./chunk-NABCBVO6.js";
import {
  assertInside,
  diskFullError,
  exists,
  formatDuration,
  isDiskFull,
  isGitSource,
  kindOf,
  openRegularFile,
  redactUserInfo,
  removeInside,
  renameInside,
  tempName
} from "./chunk-OCXTFSZJ.js";
import {
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-2N76SVMT.js";

// src/source/provide.ts
import { createHash as createHash2 } from "node:crypto";
import { lstat, mkdir as mkdir3, readFile } from "node:fs/promises";
import { dirname as dirname3, join as join2 } from "node:path";

// src/source/download.ts
import { createHash } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import { mkdir, open, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
var builtin = createRequire(import.meta.url);
var http = () => builtin("node:http");
var https = () => builtin("node:https");
var zlib = () => builtin("node:zlib");
var ChecksumMismatchError = class extends PydebugError {
  constructor(url, mismatches, source) {
    super(
      `checksum mismatch for ${url}:
` + mismatches.map((m) => `  ${m.algorithm} expected ${m.expected}
  ${m.algorithm} actual   ${m.actual}`).join("\n") + `
The download was deleted; nothing was extracted or built.`,
      { hint: mismatchHint(source) }
    );
  }
};
function mismatchHint(source) {
  if (source.isLock) {
    return `${source.file} is right (it pins the file verified by \`pydebug lock\`); the server or mirror sent a different file: check PYDEBUG_MIRROR / the url. If the release really changed, correct the checksum in pydebug.yml and run \`pydebug lock\`.`;
  }
  return `if ${source.file} is right, the server or mirror sent a different file: check PYDEBUG_MIRROR / the url. If the file is right, correct the checksum in ${source.file}.`;
}
var MAX_TARBALL_BYTES = 256 * 1024 * 1024;
var UnexpectedSizeError = class extends PydebugError {
};
var NotFoundError = class extends PydebugError {
};
function sizeLimit(expected, source, maxBytes) {
  if (expected.size !== void 0) return { bytes: expected.size, exact: true, describe: `the ${expected.size} bytes ${source.file} gives for this file` };
  if (maxBytes !== void 0) return { bytes: maxBytes, exact: false, describe: `${maxBytes} bytes, more than such a file has` };
  return { bytes: MAX_TARBALL_BYTES, exact: false, describe: `${MAX_TARBALL_BYTES} bytes (256 MB), more than any CPython source tarball` };
}
var SIZE_HINT = "the server or mirror sends a different file (or a stream without end): check PYDEBUG_MIRROR / the url";
function compareDigests(actual, expected) {
  const out = [];
  if (expected.md5 && expected.md5 !== actual.md5) out.push({ algorithm: "md5", expected: expected.md5, actual: actual.md5 });
  if (expected.sha256 && expected.sha256 !== actual.sha256) out.push({ algorithm: "sha256", expected: expected.sha256, actual: actual.sha256 });
  if (expected.size !== void 0 && expected.size !== actual.size) out.push({ algorithm: "size", expected: String(expected.size), actual: String(actual.size) });
  return out;
}
var Hasher = class extends Transform {
  constructor(onChunk) {
    super();
    this.onChunk = onChunk;
  }
  onChunk;
  md5 = createHash("md5");
  sha256 = createHash("sha256");
  size = 0;
  _transform(chunk, _enc, cb) {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.size += chunk.length;
    this.onChunk?.(this.size);
    cb(null, chunk);
  }
  digests() {
    return { md5: this.md5.digest("hex"), sha256: this.sha256.digest("hex"), size: this.size };
  }
};
async function hashFile(path, signal) {
  const hasher = new Hasher();
  const { handle } = await openRegularFile(path);
  await pipeline(
    handle.createReadStream(),
    hasher,
    async (source) => {
      for await (const _ of source) {
      }
    },
    { signal }
  );
  return hasher.digests();
}
var TransientError = class extends Error {
};
async function downloadVerified(url, dest, expected, options = {}) {
  const attempts = options.attempts ?? 4;
  let delay = options.retryDelayMs ?? 1e3;
  const source = options.checksumSource ?? { file: "pydebug.yml", isLock: false };
  const limit = sizeLimit(expected, source, options.maxBytes);
  const destDir = dirname(dest);
  await mkdir(destDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const tmp = `${dest}.partial.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
    try {
      const digests = await fetchToFile(url, tmp, limit, options);
      const mismatches = compareDigests(digests, expected);
      if (mismatches.length > 0) throw new ChecksumMismatchError(redactUserInfo(url), mismatches, source);
      await renameInside(destDir, tmp, dest, "a download");
      return digests;
    } catch (error) {
      await removeInside(destDir, tmp, "a partial download");
      if (options.signal?.aborted) throw new InterruptedError("download interrupted");
      if (isDiskFull(error)) throw diskFullError(error, dest, "the partial download was removed");
      if (error instanceof TransientError && attempt < attempts) {
        options.onRetry?.(attempt, error, delay);
        await sleep(delay, options.signal);
        delay *= 2;
        continue;
      }
      if (error instanceof TransientError) {
        throw new PydebugError(`download of ${redactUserInfo(url)} failed after ${attempt} attempts: ${error.message}`, {
          hint: "check the network or PYDEBUG_MIRROR; the download is retried on the next run"
        });
      }
      throw error;
    }
  }
}
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(new InterruptedError("download interrupted"));
      },
      { once: true }
    );
  });
}
function limitTo(url, limit) {
  let received = 0;
  return new Transform({
    transform(chunk, _enc, cb) {
      received += chunk.length;
      if (received > limit.bytes) {
        cb(new UnexpectedSizeError(`download of ${redactUserInfo(url)} stopped: more than ${limit.describe} arrived`, { hint: SIZE_HINT }));
        return;
      }
      cb(null, chunk);
    }
  });
}
function checkAnnouncedSize(url, announced, limit) {
  if (announced > limit.bytes || limit.exact && announced !== limit.bytes) {
    const who = url.startsWith("file://") ? "the file has" : "the server announces";
    throw new UnexpectedSizeError(`download of ${redactUserInfo(url)} refused: ${who} ${announced} bytes, ${limit.exact ? "not" : "more than"} ${limit.describe}`, { hint: SIZE_HINT });
  }
}
async function fetchToFile(url, tmp, limit, options) {
  if (url.startsWith("file://")) return copyLocalFile(url, tmp, limit, options);
  if (!/^https?:\/\//.test(url)) throw new PydebugError(`cannot download ${redactUserInfo(url)}: only http(s):// and file:// URLs are supported`);
  return fetchHttpToFile(url, tmp, limit, options);
}
async function copyLocalFile(url, tmp, limit, options) {
  const path = localPath(url);
  const handle = await openLocalFile(path);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new PydebugError(`${path} is ${kindOf(st)}, not a file`, { hint: LOCAL_FILE_HINT });
    checkAnnouncedSize(url, st.size, limit);
    const hasher = new Hasher((n) => options.onProgress?.(n, st.size));
    await pipeline(handle.createReadStream({ autoClose: false }), limitTo(url, limit), hasher, createWriteStream(tmp, { flags: "wx" }), { signal: options.signal });
    return hasher.digests();
  } finally {
    await handle.close();
  }
}
async function fetchHttpToFile(url, tmp, limit, options) {
  const hasher = new Hasher((n) => options.onProgress?.(n, total));
  let total;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let stopped;
  const stop = (why) => {
    stopped ??= new TransientError(why);
    controller.abort();
  };
  let idleTimer;
  let responded = false;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop(responded ? `no data for ${idleMs / 1e3} s` : `no response within ${idleMs / 1e3} s`), idleMs);
  };
  let stopWatching = () => {
  };
  try {
    armIdle();
    let response;
    try {
      response = await getFollowingRedirects(url, controller.signal);
    } catch (e) {
      if (options.signal?.aborted || e instanceof PydebugError) throw e;
      if (stopped) throw stopped;
      throw requestFailure(url, e);
    }
    responded = true;
    armIdle();
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.resume();
      throw statusFailure(url, status, response.statusMessage ?? "");
    }
    const decode = decoderFor(url, response);
    total = decode ? void 0 : announcedLength(response);
    if (total !== void 0) {
      try {
        checkAnnouncedSize(url, total, limit);
      } catch (e) {
        response.destroy();
        throw e;
      }
    }
    let received = 0;
    const counting = new Transform({
      transform(chunk, _enc, cb) {
        received += chunk.length;
        armIdle();
        cb(null, chunk);
      }
    });
    stopWatching = watchThroughput(() => received, options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND, options.speedWindowMs ?? DEFAULT_SPEED_WINDOW_MS, stop);
    const writer = createWriteStream(tmp, { flags: "wx" });
    try {
      if (decode) await pipeline(response, counting, decode, limitTo(url, limit), hasher, writer, { signal: controller.signal });
      else await pipeline(response, counting, limitTo(url, limit), hasher, writer, { signal: controller.signal });
    } catch (e) {
      if (options.signal?.aborted || e instanceof PydebugError || isDiskFull(e)) throw e;
      if (stopped) throw stopped;
      throw new TransientError(
        total !== void 0 && hasher.size < total ? `transfer cut short: got ${hasher.size} of ${total} bytes (${describeRequestError(e)})` : `transfer interrupted (${describeRequestError(e)})`
      );
    }
    const digests = hasher.digests();
    if (total !== void 0 && digests.size !== total) {
      throw new TransientError(`transfer cut short: got ${digests.size} of ${total} bytes`);
    }
    return digests;
  } finally {
    clearTimeout(idleTimer);
    stopWatching();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
var DEFAULT_IDLE_TIMEOUT_MS = 6e4;
var DEFAULT_MIN_BYTES_PER_SECOND = 1e4;
var DEFAULT_SPEED_WINDOW_MS = 3e4;
function tooSlow(samples, now, bytes, minBytesPerSecond, windowMs) {
  const base = samples.findLast((s) => now - s.at >= windowMs);
  return base !== void 0 && (bytes - base.bytes) * 1e3 < minBytesPerSecond * (now - base.at);
}
function watchThroughput(received, minBytesPerSecond, windowMs, stop) {
  if (minBytesPerSecond <= 0) return () => {
  };
  const samples = [{ at: Date.now(), bytes: received() }];
  const timer = setInterval(
    () => {
      const now = Date.now();
      const bytes = received();
      if (tooSlow(samples, now, bytes, minBytesPerSecond, windowMs)) {
        const base = samples.findLast((s) => now - s.at >= windowMs);
        stop(`slower than ${formatRate(minBytesPerSecond)} for ${windowMs / 1e3} s (${bytes - base.bytes} bytes in ${((now - base.at) / 1e3).toFixed(1)} s)`);
        return;
      }
      samples.push({ at: now, bytes });
      while (samples.length > 2 && now - samples[1].at >= windowMs) samples.shift();
    },
    Math.max(10, windowMs / 10)
  );
  return () => clearInterval(timer);
}
function formatRate(bytesPerSecond) {
  return bytesPerSecond >= 1e3 ? `${bytesPerSecond / 1e3} kB/s` : `${bytesPerSecond} bytes/s`;
}
function statusFailure(url, status, text) {
  const shown = redactUserInfo(url);
  if (status >= 500 || status === 408 || status === 429) return new TransientError(`HTTP ${status} ${text}`);
  if (status === 401 || status === 403) {
    const withCredentials = hasUserInfo(url);
    return new PydebugError(
      `download of ${shown} failed: HTTP ${status} ${text}: ${withCredentials ? "the server refused the credentials in the URL" : "the server wants credentials (or refuses this file)"}`,
      {
        hint: withCredentials ? "check the user name and password in PYDEBUG_MIRROR (or the url); a refusal is not retried" : "if the mirror needs a login, give it in the URL (PYDEBUG_MIRROR=https://user:password@host/python); pydebug never prints the password"
      }
    );
  }
  return new (status === 404 ? NotFoundError : PydebugError)(`download of ${shown} failed: HTTP ${status} ${text}`, {
    hint: status === 404 ? "check the version and url in pydebug.yml, and that the mirror has <version>/<file>" : void 0
  });
}
function hasUserInfo(url) {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}
function decoderFor(url, response) {
  const encoding = (response.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return void 0;
  if (encoding === "gzip" || encoding === "x-gzip") return zlib().createGunzip();
  if (encoding === "deflate") return zlib().createInflate();
  if (encoding === "br") return zlib().createBrotliDecompress();
  response.destroy();
  throw new PydebugError(`download of ${redactUserInfo(url)} failed: the server sends it with Content-Encoding ${JSON.stringify(encoding)}, which pydebug cannot decode`, {
    hint: "use a mirror that serves the file as is (PYDEBUG_MIRROR)"
  });
}
var LOCAL_FILE_HINT = "check the mirror directory (PYDEBUG_MIRROR): it needs <version>/<file> as regular files, like python.org/ftp/python";
async function openLocalFile(path) {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = e.code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw new PydebugError(`cannot read ${path}: ${e.message}`, { hint: LOCAL_FILE_HINT });
    const blocker = await firstNonDirectory(path);
    if (blocker) throw new PydebugError(`${path} does not exist: ${blocker.path} is ${blocker.kind}, not a directory`, { hint: LOCAL_FILE_HINT });
    throw new NotFoundError(`${path} does not exist`, { hint: LOCAL_FILE_HINT });
  }
}
async function firstNonDirectory(path) {
  const parts = path.split("/").filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const ancestor = `/${parts.slice(0, i).join("/")}`;
    const st = await stat(ancestor).catch(() => void 0);
    if (!st) return void 0;
    if (!st.isDirectory()) return { path: ancestor, kind: kindOf(st) };
  }
  return void 0;
}
function localPath(url) {
  try {
    return fileURLToPath(url);
  } catch (e) {
    throw new PydebugError(`cannot read ${redactUserInfo(url)}: ${e.message}`, { hint: "check PYDEBUG_MIRROR / the url: a file:// URL names a local file as file:///absolute/path" });
  }
}
function announcedLength(response) {
  const length = response.headers["content-length"];
  return length && /^\d+$/.test(length) ? Number(length) : void 0;
}
var MAX_REDIRECTS = 10;
var REDIRECT_STATUSES = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
function get(url, signal) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? https().request : http().request;
    const request = send(target, { headers: { "accept-encoding": "identity" }, signal, agent: false }, resolve);
    request.on("error", reject);
    request.end();
  });
}
async function getFollowingRedirects(url, signal) {
  const visited = /* @__PURE__ */ new Set([url]);
  let current = url;
  for (; ; ) {
    const response = await get(current, signal);
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0)) return response;
    response.resume();
    const next = redirectTarget(url, current, response);
    const shown = redactUserInfo(url);
    if (visited.has(next)) throw new PydebugError(`download of ${shown} failed: redirect loop (back to ${redactUserInfo(next)})`, { hint: REDIRECT_HINT });
    if (visited.size > MAX_REDIRECTS) throw new PydebugError(`download of ${shown} failed: too many redirects (more than ${MAX_REDIRECTS})`, { hint: REDIRECT_HINT });
    visited.add(next);
    current = next;
  }
}
var REDIRECT_HINT = "the server is misconfigured: use the final URL of the tarball in pydebug.yml, or another mirror (PYDEBUG_MIRROR)";
function redirectTarget(url, current, response) {
  const shown = redactUserInfo(url);
  const location = response.headers.location;
  if (location === void 0) throw new PydebugError(`download of ${shown} failed: HTTP ${response.statusCode} without a Location to redirect to`, { hint: REDIRECT_HINT });
  let target;
  try {
    target = new URL(location, current);
  } catch {
    throw new PydebugError(`download of ${shown} failed: HTTP ${response.statusCode} redirects to ${JSON.stringify(redactUserInfo(location))}, which is not a URL`, { hint: REDIRECT_HINT });
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new PydebugError(`download of ${shown} failed: the server redirects to ${JSON.stringify(redactUserInfo(location))}; pydebug follows redirects to http(s) only`, {
      hint: "a download never reads local files or other schemes on a server's say-so: use a file:// mirror (PYDEBUG_MIRROR) to read local tarballs"
    });
  }
  return target.href;
}
function requestFailure(url, e) {
  const err = e;
  const shown = redactUserInfo(url);
  if (err.code === "ENOTFOUND") {
    return new PydebugError(`download of ${shown} failed: host ${err.hostname ?? hostOf(url)} not found (ENOTFOUND)`, { hint: "check the host name in the url or PYDEBUG_MIRROR" });
  }
  if (err.code === "ERR_INVALID_URL") {
    return new PydebugError(`download of ${shown} failed: ${JSON.stringify(shown)} is not a valid URL`, { hint: "check the host name and the port (1-65535) in the url or PYDEBUG_MIRROR" });
  }
  return new TransientError(describeRequestError(e));
}
function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return redactUserInfo(url);
  }
}
function describeRequestError(e) {
  const err = e;
  const message = redactUserInfo(err.message);
  return err.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}

// src/source/extract.ts
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { access, mkdir as mkdir2, readdir } from "node:fs/promises";
import { createRequire as createRequire2 } from "node:module";
import { basename, dirname as dirname2, join } from "node:path";
import { Writable } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";
async function magic(path) {
  const { handle: fh } = await openRegularFile(path);
  try {
    const buf = Buffer.alloc(263);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
var builtin2 = createRequire2(import.meta.url);
async function decompressed(path, children) {
  const m = await magic(path);
  const viaProgram = (program) => {
    const child = spawn(program, ["-dc", path], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    return child.stdout;
  };
  if (m[0] === 31 && m[1] === 139) return createReadStream(path).pipe(builtin2("node:zlib").createGunzip());
  if (m.subarray(0, 6).equals(Buffer.from([253, 55, 122, 88, 90, 0]))) return viaProgram("xz");
  if (m.subarray(0, 3).toString("latin1") === "BZh") return viaProgram("bzip2");
  if (m.subarray(0, 4).equals(Buffer.from([40, 181, 47, 253]))) return viaProgram("zstd");
  if (m.subarray(257, 262).toString("latin1") === "ustar") return createReadStream(path);
  throw new PydebugError(`${path} is not a tarball pydebug can read (gzip, xz, bzip2, zstd or plain tar)`);
}
async function tarballRelease(path) {
  const children = [];
  const firstMember = new AbortController();
  let top;
  const guard = new TarGuard(basename(path), () => {
    top ??= guard.top;
    firstMember.abort();
  });
  const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
  try {
    await pipeline2(await decompressed(path, children), guard, discard, { signal: firstMember.signal });
  } catch {
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  }
  return top === void 0 ? void 0 : /^Python-(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)$/.exec(top)?.[1];
}
async function extractSourceTree(tarball, root, dest, origin, signal) {
  await assertInside(root, dest, "a source tree");
  const tmp = await assertInside(root, join(dirname2(dest), tempName(`${basename(dest)}.extracting`)), "an extraction in progress");
  await mkdir2(tmp, { recursive: true });
  const children = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  };
  const onAbort = () => killAll();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const tar = spawn("tar", ["-x", "-f", "-", "-C", tmp, "--no-same-owner", "--no-same-permissions"], {
      stdio: ["pipe", "ignore", "pipe"],
      env: { ...process.env, LC_ALL: "C" }
    });
    children.push(tar);
    let tarErr = "";
    tar.stderr.on("data", (d) => tarErr += d.toString());
    const tarDone = once(tar, "close");
    const guard = new TarGuard(tarball.split("/").pop() ?? tarball);
    try {
      await pipeline2(await decompressed(tarball, children), guard, tar.stdin);
    } catch (e) {
      const code2 = e.code;
      const tarStoppedReading = guard.ended && (code2 === "EPIPE" || code2 === "ERR_STREAM_PREMATURE_CLOSE");
      if (!tarStoppedReading) {
        killAll();
        await tarDone.catch(() => void 0);
        if (signal?.aborted) throw new InterruptedError("extraction interrupted");
        if (e instanceof PydebugError) throw e;
        throw new PydebugError(`could not read ${tarball}: ${e.message}`);
      }
    }
    const [code] = await tarDone;
    if (signal?.aborted) throw new InterruptedError("extraction interrupted");
    if (code !== 0) throw new PydebugError(`could not extract ${tarball}: ${tarErr.trim() || `tar exited with ${code}`}`);
    const top = await readdir(tmp);
    if (top.length !== 1 || top[0] !== guard.top) {
      throw new UnsafeTarballError(`${tarball} is not a CPython source tarball: expected one top-level directory, found ${top.length}`);
    }
    const tree = join(tmp, top[0]);
    await access(join(tree, "configure")).catch(() => {
      throw new PydebugError(`${tarball} is not a CPython source tarball: ${top[0]}/configure is missing`);
    });
    await writeSourceStamp(tree, origin);
    await mkdir2(dirname2(dest), { recursive: true });
    try {
      await renameInside(root, tree, dest, "a source tree");
    } catch (e) {
      const code2 = e.code;
      if (code2 !== "ENOTEMPTY" && code2 !== "EEXIST") throw e;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    killAll();
    await removeInside(root, tmp, "an extraction in progress");
  }
}

// src/source/provide.ts
var PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
var HTTP_TIMEOUT = { name: "PYDEBUG_HTTP_TIMEOUT", unit: "seconds without data before a download attempt is abandoned", min: 0, max: 3600, minExclusive: true, example: "120" };
var MIN_SPEED = {
  name: "PYDEBUG_HTTP_MIN_SPEED",
  unit: "bytes per second below which a download attempt is abandoned (0: no floor)",
  min: 0,
  max: 1e9,
  minExclusive: false,
  example: "10000"
};
var SPEED_TIME = { name: "PYDEBUG_HTTP_SPEED_TIME", unit: "seconds over which PYDEBUG_HTTP_MIN_SPEED is measured", min: 0, max: 3600, minExclusive: true, example: "30" };
var RETRY_DELAY = { name: "PYDEBUG_RETRY_DELAY_MS", unit: "milliseconds before the first retry of a download", min: 0, max: 6e5, minExclusive: false, example: "1000" };
function readKnob(env, knob) {
  const text = env[knob.name];
  if (text === void 0 || text === "") return void 0;
  const value = PLAIN_DECIMAL.test(text) ? Number(text) : Number.NaN;
  const inRange = value <= knob.max && (knob.minExclusive ? value > knob.min : value >= knob.min);
  if (!inRange) {
    const range = `${knob.minExclusive ? "more than" : "at least"} ${knob.min} and at most ${knob.max}`;
    throw new UsageError(`${knob.name}=${JSON.stringify(text)} is not a plain number ${range}`, {
      hint: `set ${knob.name} to ${knob.unit}, written as digits (e.g. ${knob.name}=${knob.example}), or unset it`
    });
  }
  return value;
}
function downloadSettingsFromEnv(env) {
  const timeoutSeconds = readKnob(env, HTTP_TIMEOUT);
  const speedSeconds = readKnob(env, SPEED_TIME);
  return {
    idleTimeoutMs: timeoutSeconds === void 0 ? void 0 : timeoutSeconds * 1e3,
    retryDelayMs: readKnob(env, RETRY_DELAY),
    minBytesPerSecond: readKnob(env, MIN_SPEED),
    speedWindowMs: speedSeconds === void 0 ? void 0 : speedSeconds * 1e3,
    sigstoreTrustedRoot: env.PYDEBUG_SIGSTORE_TRUSTED_ROOT || void 0
  };
}
function formatBytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}
function cachedTarball(store, sha256, file) {
  return assertInside(store.downloadsDir, store.downloadPath(sha256, file), "a cached download");
}
async function cachedFileAt(store, path) {
  const st = await lstat(path).catch(() => void 0);
  if (st === void 0) return false;
  if (st.isFile()) return true;
  await removeInside(store.downloadsDir, path, "a damaged cached download");
  return false;
}
async function downloadToCache(ctx, source, expected, checksumSource) {
  const tmpDir = await ctx.store.makeTemp("download");
  try {
    const tmpFile = await assertInside(tmpDir, join2(tmpDir, source.file), "a download in progress");
    const digests = await download(ctx, source.version, source.url, tmpFile, expected, checksumSource);
    const dest = await cachedTarball(ctx.store, digests.sha256, source.file);
    await mkdir3(dirname3(dest), { recursive: true });
    await renameInside(ctx.store.root, tmpFile, dest, "a verified download");
    return digests;
  } finally {
    await removeInside(ctx.store.tmpDir, tmpDir);
  }
}
async function download(ctx, label, url, dest, expected, checksumSource, maxBytes) {
  const from = applyMirror(url, ctx.mirror);
  const started = Date.now();
  ctx.reporter.phase(label, "download", redactUserInfo(from === url ? url : `${url} via ${from}`));
  let lastShown = 0;
  const digests = await downloadVerified(from, dest, expected, {
    signal: ctx.signal,
    checksumSource,
    maxBytes,
    idleTimeoutMs: ctx.idleTimeoutMs,
    retryDelayMs: ctx.retryDelayMs,
    minBytesPerSecond: ctx.minBytesPerSecond,
    speedWindowMs: ctx.speedWindowMs,
    onProgress: (received, total) => {
      if (received - lastShown < 256 * 1024 && received !== total) return;
      lastShown = received;
      ctx.reporter.detail(label, total ? `${formatBytes(received)}/${formatBytes(total)}` : formatBytes(received));
    },
    onRetry: (attempt, error, delay) => ctx.reporter.warn(`${label}: download attempt ${attempt} failed (${error.message}); retrying in ${formatDuration(delay / 1e3)}`)
  });
  ctx.reporter.phaseDone(label, "download", (Date.now() - started) / 1e3);
  return digests;
}
async function lockSource(ctx, source, checksumSource) {
  const digests = await fetchDeclared(ctx, source, checksumSource);
  const sigstore = await checkSigstore(ctx, source, digests);
  const pinned = { version: source.version, url: source.url, file: source.file, sha256: digests.sha256, md5: digests.md5, size: digests.size };
  return sigstore ? { ...pinned, sigstore } : pinned;
}
async function fetchDeclared(ctx, source, checksumSource) {
  const expected = { md5: source.md5, sha256: source.sha256 };
  if (source.sha256) {
    const cached = await cachedTarball(ctx.store, source.sha256, source.file);
    if (await cachedFileAt(ctx.store, cached)) {
      const digests = await hashFile(cached, ctx.signal);
      if (compareDigests(digests, expected).length === 0) return digests;
      await removeInside(ctx.store.downloadsDir, cached, "a damaged cached download");
    }
  }
  await ctx.store.ensureLayout();
  return downloadToCache(ctx, source, expected, { file: checksumSource, isLock: false });
}
var MAX_BUNDLE_BYTES = 1024 * 1024;
async function checkSigstore(ctx, source, digests) {
  const declared = Boolean(source.md5 || source.sha256);
  const expected = source.sigstore;
  if (!expected) {
    if (declared) return void 0;
    throw new Error(`internal: ${source.version} has neither a checksum nor a Sigstore identity`);
  }
  const tarball = await cachedTarball(ctx.store, digests.sha256, source.file);
  try {
    return await verifyBundleOf(ctx, source, expected, tarball, declared);
  } catch (e) {
    if (!declared) await removeInside(ctx.store.downloadsDir, tarball, "a download whose Sigstore bundle did not verify");
    throw e;
  }
}
async function verifyBundleOf(ctx, source, expected, tarball, declared) {
  const bundleUrl = `${source.url}.sigstore`;
  const shownUrl = redactUserInfo(applyMirror(bundleUrl, ctx.mirror));
  const tmpDir = await ctx.store.makeTemp("sigstore");
  try {
    const bundlePath = await assertInside(tmpDir, join2(tmpDir, `${source.file}.sigstore`), "a Sigstore bundle");
    try {
      await download(ctx, source.version, bundleUrl, bundlePath, {}, { file: "pydebug.yml", isLock: false }, MAX_BUNDLE_BYTES);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      if (declared) {
        ctx.reporter.info(`${source.version}: no Sigstore bundle at ${shownUrl}; ${source.file} is checked by its declared checksum only`);
        return void 0;
      }
      throw new PydebugError(`cannot verify ${source.file}: no Sigstore bundle at ${shownUrl}, and pydebug.yml declares no checksum for ${source.version}`, {
        hint: `nothing was pinned. Give sha256: <64 hex digits> from https://www.python.org/downloads/release/python-${source.version.replace(/\./g, "")}/ (a mirror must serve <file>.sigstore beside <file> to verify without it)`
      });
    }
    const started = Date.now();
    ctx.reporter.phase(source.version, "verify", `Sigstore bundle, signer ${expected.identity}`);
    const [bundleText, artifact, { verifySigstoreBundle }, root] = await Promise.all([
      readFile(bundlePath, "utf8"),
      readFile(tarball),
      import("./sigstore-4E46WL63.js"),
      loadTrustedRoot(ctx.sigstoreTrustedRoot)
    ]);
    if (root.sha256) {
      ctx.reporter.warn(`${source.version}: verifying with ${root.label} (sha256 ${root.sha256}), not Sigstore's public-good root`);
    }
    const verified = verifySigstoreBundle({ file: source.file, bundleUrl: shownUrl, artifact, bundleText, expected, trustedRoot: root.json, trustedRootLabel: root.label });
    const release = declared ? source.version : await tarballRelease(tarball);
    if (release !== source.version) {
      throw new PydebugError(
        `${source.file} is signed by ${verified.identity}, but it is ${release === void 0 ? "not a CPython source tarball" : `the source of CPython ${release}`}, not ${source.version}`,
        { hint: "nothing was pinned. The mirror or server sent another release under this name; check PYDEBUG_MIRROR / the url" }
      );
    }
    ctx.reporter.phaseDone(source.version, "verify", (Date.now() - started) / 1e3);
    ctx.reporter.info(`${source.version}: ${source.file} verified: signed by ${verified.identity} (issuer ${verified.issuer}), Sigstore`);
    return root.sha256 ? { ...verified, trustedRoot: `sha256:${root.sha256}` } : verified;
  } finally {
    await removeInside(ctx.store.tmpDir, tmpDir);
  }
}
async function loadTrustedRoot(path) {
  if (path === void 0) return { json: (await import("./sigstore-public-good-XCSTWVL6.js")).publicGoodTrustedRoot(), label: "Sigstore's public-good trusted root" };
  const hint = "point PYDEBUG_SIGSTORE_TRUSTED_ROOT at a trusted_root.json (as `sigstore-python trust` or cosign use), or unset it to use the public-good root pydebug embeds";
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(`PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path} cannot be read: ${e.message}`, { hint });
  }
  try {
    const root = JSON.parse(bytes.toString("utf8"));
    if (root === null || typeof root !== "object" || Array.isArray(root)) throw new Error("not a JSON object");
    return { json: root, label: `the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path}`, sha256: createHash2("sha256").update(bytes).digest("hex") };
  } catch (e) {
    throw new UsageError(`PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path} is not a trusted root: ${e.message}`, { hint });
  }
}
async function provideSourceTree(ctx, source) {
  if (isGitSource(source)) return provideGitTree(ctx, source.ref, source);
  return provideTarballTree(ctx, source);
}
async function provideTarballTree(ctx, source) {
  const tree = ctx.store.sourceTreeDir(source.version, source.sha256);
  const origin = { sha256: source.sha256 };
  const mutex = { name: `source-${source.version}-${source.sha256.slice(0, 16)}`, purpose: `preparing the source of ${source.version}`, label: source.version, waitingFor: "preparing this source" };
  return provideStampedTree(ctx, tree, origin, mutex, async () => {
    await removeUnstampedTree(ctx, source.version, tree);
    const tarball = await cachedTarball(ctx.store, source.sha256, source.file);
    const expected = { md5: source.md5, sha256: source.sha256, size: source.size };
    if (await cachedFileAt(ctx.store, tarball)) {
      const started2 = Date.now();
      ctx.reporter.phase(source.version, "verify");
      const mismatches = compareDigests(await hashFile(tarball, ctx.signal), expected);
      if (mismatches.length > 0) {
        ctx.reporter.warn(`${source.version}: the cached ${source.file} no longer matches the lock; downloading it again`);
        await removeInside(ctx.store.downloadsDir, tarball, "a damaged cached download");
      } else {
        ctx.reporter.phaseDone(source.version, "verify", (Date.now() - started2) / 1e3);
      }
    }
    if (!await exists(tarball)) {
      const digests = await downloadToCache(ctx, source, expected, { file: "pydebug.lock", isLock: true });
      if (source.sigstore) await reverifyLocked(ctx, source, digests);
    }
    const started = Date.now();
    ctx.reporter.phase(source.version, "extract");
    await extractSourceTree(tarball, ctx.store.sourcesDir, tree, origin, ctx.signal);
    ctx.reporter.phaseDone(source.version, "extract", (Date.now() - started) / 1e3);
  });
}
async function reverifyLocked(ctx, source, digests) {
  const signer = source.sigstore;
  const spec = { version: source.version, url: source.url, file: source.file, sigstore: { identity: signer.identity, issuer: signer.issuer } };
  try {
    await checkSigstore(ctx, spec, digests);
  } catch (e) {
    if (!(e instanceof PydebugError) || e instanceof InterruptedError) throw e;
    throw new PydebugError(`pydebug.lock says ${source.file} (SHA-256 ${source.sha256}) was verified as signed by ${signer.identity} (issuer ${signer.issuer}), but: ${e.message}`, {
      hint: "nothing was extracted or built, and the download was deleted. If pydebug.lock was edited by hand or in a change you did not make (git log -p pydebug.lock), restore it; otherwise run pydebug lock again, or give the sha256 from python.org in pydebug.yml"
    });
  }
}
async function removeUnstampedTree(ctx, label, tree) {
  if (!await lstat(tree).catch(() => void 0)) return;
  ctx.reporter.warn(`${label}: ${tree} was not made by pydebug from the locked source (no matching stamp); making it again`);
  await removeInside(ctx.store.sourcesDir, tree, "a source tree pydebug did not make");
}

export {
  downloadSettingsFromEnv,
  lockSource,
  provideSourceTree,
  removeUnstampedTree
};
