/**
 * Downloads that never leave a bad or partial file behind: the body streams to a temporary file
 * beside the destination while MD5 and SHA-256 are computed on the fly (bounded memory), and the
 * file is renamed into place only when every expected checksum matches. What a server sends is
 * data too: never more bytes than the file can have, redirects only to http(s), and failures a
 * retry cannot fix are reported at once.
 */
import { createHash } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import type * as Http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type * as Zlib from 'node:zlib';
import { redactUserInfo } from '../config/url.js';
import { InterruptedError, PydebugError } from '../errors.js';
import { removeInside, renameInside } from '../files/contained.js';
import { diskFullError, isDiskFull } from '../files/fs-error.js';
import { kindOf, openRegularFile } from '../files/read-text.js';

/**
 * node:http, node:https and node:zlib, loaded by the first download rather than by every command
 * that might download (sync --frozen, which finds everything built, among them): imported as an
 * ES module, Node 24's node:http also loads the undici it bundles for fetch (about 25 ms).
 */
const builtin = createRequire(import.meta.url);
const http = () => builtin('node:http') as typeof Http;
const https = () => builtin('node:https') as typeof Https;
const zlib = () => builtin('node:zlib') as typeof Zlib;

export interface Digests {
  sha256: string;
  md5: string;
  size: number;
}

export interface ExpectedDigests {
  sha256?: string | undefined;
  md5?: string | undefined;
  size?: number | undefined;
}

/** Where the expected checksums came from: pydebug.yml (declared) or pydebug.lock (pinned by `pydebug lock`). */
export interface ChecksumSource {
  file: string;
  isLock: boolean;
}

export class ChecksumMismatchError extends PydebugError {
  constructor(url: string, mismatches: Array<{ algorithm: string; expected: string; actual: string }>, source: ChecksumSource) {
    super(
      `checksum mismatch for ${url}:\n` +
        mismatches.map((m) => `  ${m.algorithm} expected ${m.expected}\n  ${m.algorithm} actual   ${m.actual}`).join('\n') +
        `\nThe download was deleted; nothing was extracted or built.`,
      { hint: mismatchHint(source) },
    );
  }
}

/**
 * The lock's checksums are those of the file `pydebug lock` downloaded and verified against
 * pydebug.yml, so a mismatch there means the server changed, not the lock; the lock is never
 * edited by hand (`lock --check` would reject it).
 */
function mismatchHint(source: ChecksumSource): string {
  if (source.isLock) {
    return (
      `${source.file} is right (it pins the file verified by \`pydebug lock\`); the server or mirror sent a different file: ` +
      'check PYDEBUG_MIRROR / the url. If the release really changed, correct the checksum in pydebug.yml and run `pydebug lock`.'
    );
  }
  return `if ${source.file} is right, the server or mirror sent a different file: check PYDEBUG_MIRROR / the url. ` + `If the file is right, correct the checksum in ${source.file}.`;
}

/**
 * The most a download may bring when its size is not locked yet (`pydebug lock`). CPython's
 * source tarballs are 20-30 MB; 256 MB leaves room for any release or repackaging while an
 * endless or hostile stream stops long before it fills the disk.
 */
export const MAX_TARBALL_BYTES = 256 * 1024 * 1024;

/** A size, announced or sent, that the file cannot have. Not transient: a retry gets the same. */
export class UnexpectedSizeError extends PydebugError {}

/** The server has no such file (HTTP 404), or a local mirror has none: a Sigstore bundle may rightly be missing. */
export class NotFoundError extends PydebugError {}

/** The byte limit for a download and how to explain it when it is passed. */
interface SizeLimit {
  bytes: number;
  /** The file has exactly this size (known from the lock), not merely at most. */
  exact: boolean;
  /** "the 26437858 bytes pydebug.lock gives", "256 MB, more than any CPython source tarball". */
  describe: string;
}

function sizeLimit(expected: ExpectedDigests, source: ChecksumSource, maxBytes: number | undefined): SizeLimit {
  if (expected.size !== undefined) return { bytes: expected.size, exact: true, describe: `the ${expected.size} bytes ${source.file} gives for this file` };
  if (maxBytes !== undefined) return { bytes: maxBytes, exact: false, describe: `${maxBytes} bytes, more than such a file has` };
  return { bytes: MAX_TARBALL_BYTES, exact: false, describe: `${MAX_TARBALL_BYTES} bytes (256 MB), more than any CPython source tarball` };
}

const SIZE_HINT = 'the server or mirror sends a different file (or a stream without end): check PYDEBUG_MIRROR / the url';

/** Compares digests with what was expected; returns the mismatches. */
export function compareDigests(actual: Digests, expected: ExpectedDigests): Array<{ algorithm: string; expected: string; actual: string }> {
  const out: Array<{ algorithm: string; expected: string; actual: string }> = [];
  if (expected.md5 && expected.md5 !== actual.md5) out.push({ algorithm: 'md5', expected: expected.md5, actual: actual.md5 });
  if (expected.sha256 && expected.sha256 !== actual.sha256) out.push({ algorithm: 'sha256', expected: expected.sha256, actual: actual.sha256 });
  if (expected.size !== undefined && expected.size !== actual.size) out.push({ algorithm: 'size', expected: String(expected.size), actual: String(actual.size) });
  return out;
}

/** A pass-through stream that hashes what flows through it. */
class Hasher extends Transform {
  private readonly md5 = createHash('md5');
  private readonly sha256 = createHash('sha256');
  size = 0;
  constructor(private readonly onChunk?: (size: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.size += chunk.length;
    this.onChunk?.(this.size);
    cb(null, chunk);
  }
  digests(): Digests {
    return { md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex'), size: this.size };
  }
}

/**
 * The digests of a regular file, streamed from one non-blocking handle: a FIFO in a cached
 * download's place is refused (NotRegularFileError), never waited on.
 */
export async function hashFile(path: string, signal?: AbortSignal): Promise<Digests> {
  const hasher = new Hasher();
  const { handle } = await openRegularFile(path);
  await pipeline(
    handle.createReadStream(),
    hasher,
    async (source: AsyncIterable<unknown>) => {
      for await (const _ of source) {
        // drain
      }
    },
    { signal },
  );
  return hasher.digests();
}

export interface DownloadOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((received: number, total: number | undefined) => void) | undefined;
  /** Attempts for transient failures (network errors, 5xx, 408, 429, cut-short bodies). */
  attempts?: number | undefined;
  /** First retry delay; doubles each time. */
  retryDelayMs?: number | undefined;
  /** Abort when no byte arrives for this long. */
  idleTimeoutMs?: number | undefined;
  /** Abort when fewer bytes than this per second arrive over `speedWindowMs` (0: no floor). */
  minBytesPerSecond?: number | undefined;
  speedWindowMs?: number | undefined;
  /** Where the expected checksums (and size) come from, for the error messages. */
  checksumSource?: ChecksumSource | undefined;
  /** The most bytes the file may have when its size is not known (default MAX_TARBALL_BYTES). */
  maxBytes?: number | undefined;
  onRetry?: ((attempt: number, error: Error, delayMs: number) => void) | undefined;
}

class TransientError extends Error {}

/**
 * Downloads `url` to `dest`, verifying `expected`; never more bytes than `expected.size` (or
 * MAX_TARBALL_BYTES when the size is not known yet). On any failure, nothing is left at `dest`
 * or beside it. The partial file and `dest` stay in dest's directory, which the caller has
 * checked to be inside the store.
 */
export async function downloadVerified(url: string, dest: string, expected: ExpectedDigests, options: DownloadOptions = {}): Promise<Digests> {
  const attempts = options.attempts ?? 4;
  let delay = options.retryDelayMs ?? 1000;
  const source = options.checksumSource ?? { file: 'pydebug.yml', isLock: false };
  const limit = sizeLimit(expected, source, options.maxBytes);
  const destDir = dirname(dest);
  await mkdir(destDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const tmp = `${dest}.partial.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
    try {
      const digests = await fetchToFile(url, tmp, limit, options);
      const mismatches = compareDigests(digests, expected);
      if (mismatches.length > 0) throw new ChecksumMismatchError(redactUserInfo(url), mismatches, source);
      await renameInside(destDir, tmp, dest, 'a download');
      return digests;
    } catch (error) {
      await removeInside(destDir, tmp, 'a partial download');
      if (options.signal?.aborted) throw new InterruptedError('download interrupted');
      if (isDiskFull(error)) throw diskFullError(error as NodeJS.ErrnoException, dest, 'the partial download was removed');
      if (error instanceof TransientError && attempt < attempts) {
        options.onRetry?.(attempt, error, delay);
        await sleep(delay, options.signal);
        delay *= 2;
        continue;
      }
      if (error instanceof TransientError) {
        throw new PydebugError(`download of ${redactUserInfo(url)} failed after ${attempt} attempts: ${error.message}`, {
          hint: 'check the network or PYDEBUG_MIRROR; the download is retried on the next run',
        });
      }
      throw error;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new InterruptedError('download interrupted'));
      },
      { once: true },
    );
  });
}

/** Passes bytes through until more than `limit` have come, then fails the pipeline. */
function limitTo(url: string, limit: SizeLimit): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      if (received > limit.bytes) {
        cb(new UnexpectedSizeError(`download of ${redactUserInfo(url)} stopped: more than ${limit.describe} arrived`, { hint: SIZE_HINT }));
        return;
      }
      cb(null, chunk);
    },
  });
}

/** Refuses a transfer whose announced length (Content-Length, or a local file's size) already says it is not the file. */
function checkAnnouncedSize(url: string, announced: number, limit: SizeLimit): void {
  if (announced > limit.bytes || (limit.exact && announced !== limit.bytes)) {
    const who = url.startsWith('file://') ? 'the file has' : 'the server announces';
    throw new UnexpectedSizeError(`download of ${redactUserInfo(url)} refused: ${who} ${announced} bytes, ${limit.exact ? 'not' : 'more than'} ${limit.describe}`, { hint: SIZE_HINT });
  }
}

/** One attempt at `url` into the new file `tmp`, hashed on the way. */
async function fetchToFile(url: string, tmp: string, limit: SizeLimit, options: DownloadOptions): Promise<Digests> {
  if (url.startsWith('file://')) return copyLocalFile(url, tmp, limit, options);
  if (!/^https?:\/\//.test(url)) throw new PydebugError(`cannot download ${redactUserInfo(url)}: only http(s):// and file:// URLs are supported`);
  return fetchHttpToFile(url, tmp, limit, options);
}

async function copyLocalFile(url: string, tmp: string, limit: SizeLimit, options: DownloadOptions): Promise<Digests> {
  const path = localPath(url);
  const handle = await openLocalFile(path);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new PydebugError(`${path} is ${kindOf(st)}, not a file`, { hint: LOCAL_FILE_HINT });
    checkAnnouncedSize(url, st.size, limit);
    const hasher = new Hasher((n) => options.onProgress?.(n, st.size));
    await pipeline(handle.createReadStream({ autoClose: false }), limitTo(url, limit), hasher, createWriteStream(tmp, { flags: 'wx' }), { signal: options.signal });
    return hasher.digests();
  } finally {
    await handle.close();
  }
}

async function fetchHttpToFile(url: string, tmp: string, limit: SizeLimit, options: DownloadOptions): Promise<Digests> {
  const hasher = new Hasher((n) => options.onProgress?.(n, total));
  let total: number | undefined;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Why pydebug itself abandoned the attempt (idle, too slow): the error the abort stands for.
  let stopped: TransientError | undefined;
  const stop = (why: string) => {
    stopped ??= new TransientError(why);
    controller.abort();
  };
  let idleTimer: NodeJS.Timeout | undefined;
  let responded = false;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop(responded ? `no data for ${idleMs / 1000} s` : `no response within ${idleMs / 1000} s`), idleMs);
  };
  let stopWatching = () => {};
  try {
    armIdle();
    let response: IncomingMessage;
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
      throw statusFailure(url, status, response.statusMessage ?? '');
    }
    const decode = decoderFor(url, response);
    total = decode ? undefined : announcedLength(response);
    if (total !== undefined) {
      try {
        checkAnnouncedSize(url, total, limit);
      } catch (e) {
        response.destroy();
        throw e;
      }
    }
    let received = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        armIdle();
        cb(null, chunk);
      },
    });
    stopWatching = watchThroughput(() => received, options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND, options.speedWindowMs ?? DEFAULT_SPEED_WINDOW_MS, stop);
    const writer = createWriteStream(tmp, { flags: 'wx' });
    try {
      if (decode) await pipeline(response, counting, decode, limitTo(url, limit), hasher, writer, { signal: controller.signal });
      else await pipeline(response, counting, limitTo(url, limit), hasher, writer, { signal: controller.signal });
    } catch (e) {
      // A full disk is not the network's fault: no retry (downloadVerified words it).
      if (options.signal?.aborted || e instanceof PydebugError || isDiskFull(e)) throw e;
      if (stopped) throw stopped;
      throw new TransientError(
        total !== undefined && hasher.size < total ? `transfer cut short: got ${hasher.size} of ${total} bytes (${describeRequestError(e)})` : `transfer interrupted (${describeRequestError(e)})`,
      );
    }
    const digests = hasher.digests();
    if (total !== undefined && digests.size !== total) {
      throw new TransientError(`transfer cut short: got ${digests.size} of ${total} bytes`);
    }
    return digests;
  } finally {
    clearTimeout(idleTimer);
    stopWatching();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Abandon an attempt when no byte arrives for this long (PYDEBUG_HTTP_TIMEOUT). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/**
 * Abandon an attempt that brings less than 10 kB/s over 30 s (curl's --speed-limit and
 * --speed-time; PYDEBUG_HTTP_MIN_SPEED, PYDEBUG_HTTP_SPEED_TIME). A server that drips a byte
 * now and then never trips the idle timeout; at 10 kB/s a 30 MB tarball would take 50 minutes.
 */
export const DEFAULT_MIN_BYTES_PER_SECOND = 10_000;
export const DEFAULT_SPEED_WINDOW_MS = 30_000;

/**
 * Whether fewer than `minBytesPerSecond` arrived per second over the last `windowMs`, from
 * samples (time, bytes received so far) oldest first: the newest sample at least a window old
 * is compared with now. Pure.
 */
export function tooSlow(samples: ReadonlyArray<{ at: number; bytes: number }>, now: number, bytes: number, minBytesPerSecond: number, windowMs: number): boolean {
  const base = samples.findLast((s) => now - s.at >= windowMs);
  return base !== undefined && (bytes - base.bytes) * 1000 < minBytesPerSecond * (now - base.at);
}

/** Calls `stop` once the transfer is slower than the floor over a whole window; returns what ends the watch. */
function watchThroughput(received: () => number, minBytesPerSecond: number, windowMs: number, stop: (why: string) => void): () => void {
  if (minBytesPerSecond <= 0) return () => {};
  const samples = [{ at: Date.now(), bytes: received() }];
  const timer = setInterval(
    () => {
      const now = Date.now();
      const bytes = received();
      if (tooSlow(samples, now, bytes, minBytesPerSecond, windowMs)) {
        const base = samples.findLast((s) => now - s.at >= windowMs)!;
        stop(`slower than ${formatRate(minBytesPerSecond)} for ${windowMs / 1000} s (${bytes - base.bytes} bytes in ${((now - base.at) / 1000).toFixed(1)} s)`);
        return;
      }
      samples.push({ at: now, bytes });
      while (samples.length > 2 && now - samples[1]!.at >= windowMs) samples.shift();
    },
    Math.max(10, windowMs / 10),
  );
  return () => clearInterval(timer);
}

function formatRate(bytesPerSecond: number): string {
  return bytesPerSecond >= 1000 ? `${bytesPerSecond / 1000} kB/s` : `${bytesPerSecond} bytes/s`;
}

/** An HTTP status other than 2xx (redirects were followed) as an error to retry or to report at once. */
function statusFailure(url: string, status: number, text: string): Error {
  const shown = redactUserInfo(url);
  if (status >= 500 || status === 408 || status === 429) return new TransientError(`HTTP ${status} ${text}`);
  if (status === 401 || status === 403) {
    const withCredentials = hasUserInfo(url);
    return new PydebugError(
      `download of ${shown} failed: HTTP ${status} ${text}: ${withCredentials ? 'the server refused the credentials in the URL' : 'the server wants credentials (or refuses this file)'}`,
      {
        hint: withCredentials
          ? 'check the user name and password in PYDEBUG_MIRROR (or the url); a refusal is not retried'
          : 'if the mirror needs a login, give it in the URL (PYDEBUG_MIRROR=https://user:password@host/python); pydebug never prints the password',
      },
    );
  }
  return new (status === 404 ? NotFoundError : PydebugError)(`download of ${shown} failed: HTTP ${status} ${text}`, {
    hint: status === 404 ? 'check the version and url in pydebug.yml, and that the mirror has <version>/<file>' : undefined,
  });
}

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * The stream that decodes a body sent with a Content-Encoding although identity was asked for
 * (the checksums are those of the file as stored), or undefined for a body as is.
 */
function decoderFor(url: string, response: IncomingMessage): Transform | undefined {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib().createGunzip();
  if (encoding === 'deflate') return zlib().createInflate();
  if (encoding === 'br') return zlib().createBrotliDecompress();
  response.destroy();
  throw new PydebugError(`download of ${redactUserInfo(url)} failed: the server sends it with Content-Encoding ${JSON.stringify(encoding)}, which pydebug cannot decode`, {
    hint: 'use a mirror that serves the file as is (PYDEBUG_MIRROR)',
  });
}

const LOCAL_FILE_HINT = 'check the mirror directory (PYDEBUG_MIRROR): it needs <version>/<file> as regular files, like python.org/ftp/python';

/**
 * The local file opened for reading. O_NONBLOCK: a FIFO (or a device) in the mirror must not
 * make pydebug wait, on a thread no signal reaches, for a writer; the caller then refuses
 * anything but a regular file by its handle's stat. A path that cannot be opened is explained by
 * what stands in its way: a missing file, or a FIFO or file where the mirror needs a directory.
 */
async function openLocalFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new PydebugError(`cannot read ${path}: ${(e as Error).message}`, { hint: LOCAL_FILE_HINT });
    const blocker = await firstNonDirectory(path);
    if (blocker) throw new PydebugError(`${path} does not exist: ${blocker.path} is ${blocker.kind}, not a directory`, { hint: LOCAL_FILE_HINT });
    throw new NotFoundError(`${path} does not exist`, { hint: LOCAL_FILE_HINT });
  }
}

/** The first ancestor of `path` that exists but is not a directory (stat does not open, so a FIFO cannot block it). */
async function firstNonDirectory(path: string): Promise<{ path: string; kind: string } | undefined> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const ancestor = `/${parts.slice(0, i).join('/')}`;
    const st = await stat(ancestor).catch(() => undefined);
    if (!st) return undefined;
    if (!st.isDirectory()) return { path: ancestor, kind: kindOf(st) };
  }
  return undefined;
}

/** The path a file:// URL names; a URL that names none is an error the user can fix, not a crash. */
function localPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (e) {
    throw new PydebugError(`cannot read ${redactUserInfo(url)}: ${(e as Error).message}`, { hint: 'check PYDEBUG_MIRROR / the url: a file:// URL names a local file as file:///absolute/path' });
  }
}

/** The body's length as the server announces it (decoded bodies aside: see decoderFor). */
function announcedLength(response: IncomingMessage): number | undefined {
  const length = response.headers['content-length'];
  return length && /^\d+$/.test(length) ? Number(length) : undefined;
}

/** More hops than any real mirror or CDN needs (fetch's limit is 20). */
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One GET with node:http(s), not fetch: Node 24's bundled undici can throw an uncatchable
 * AssertionError (assert(!this.paused), nodejs/undici#5360) when the server closes the
 * connection while the body is paused under backpressure, as Python's http.server and many
 * proxies do after every response. A fresh connection per request (agent: false): downloads are
 * few and large. Asks for identity encoding: the checksums are those of the file as stored.
 */
function get(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? https().request : http().request;
    const request = send(target, { headers: { 'accept-encoding': 'identity' }, signal, agent: false }, resolve);
    request.on('error', reject);
    request.end();
  });
}

/**
 * GET with the redirects followed here, so that a loop, a redirect to file:// or another
 * scheme, or an endless chain is a clear error instead of a failure that looks transient.
 */
async function getFollowingRedirects(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  const visited = new Set([url]);
  let current = url;
  for (;;) {
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

const REDIRECT_HINT = 'the server is misconfigured: use the final URL of the tarball in pydebug.yml, or another mirror (PYDEBUG_MIRROR)';

function redirectTarget(url: string, current: string, response: IncomingMessage): string {
  const shown = redactUserInfo(url);
  const location = response.headers.location;
  if (location === undefined) throw new PydebugError(`download of ${shown} failed: HTTP ${response.statusCode} without a Location to redirect to`, { hint: REDIRECT_HINT });
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    throw new PydebugError(`download of ${shown} failed: HTTP ${response.statusCode} redirects to ${JSON.stringify(redactUserInfo(location))}, which is not a URL`, { hint: REDIRECT_HINT });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new PydebugError(`download of ${shown} failed: the server redirects to ${JSON.stringify(redactUserInfo(location))}; pydebug follows redirects to http(s) only`, {
      hint: "a download never reads local files or other schemes on a server's say-so: use a file:// mirror (PYDEBUG_MIRROR) to read local tarballs",
    });
  }
  return target.href;
}

/**
 * A failed request as an error to retry (the network may come back) or to report at once (a
 * host that does not exist, a URL that does not parse: a retry gets the same answer).
 * EAI_AGAIN is a resolver that did not answer: transient.
 */
function requestFailure(url: string, e: unknown): Error {
  const err = e as Error & { code?: string; hostname?: string };
  const shown = redactUserInfo(url);
  if (err.code === 'ENOTFOUND') {
    return new PydebugError(`download of ${shown} failed: host ${err.hostname ?? hostOf(url)} not found (ENOTFOUND)`, { hint: 'check the host name in the url or PYDEBUG_MIRROR' });
  }
  if (err.code === 'ERR_INVALID_URL') {
    return new PydebugError(`download of ${shown} failed: ${JSON.stringify(shown)} is not a valid URL`, { hint: 'check the host name and the port (1-65535) in the url or PYDEBUG_MIRROR' });
  }
  return new TransientError(describeRequestError(e));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return redactUserInfo(url);
  }
}

function describeRequestError(e: unknown): string {
  const err = e as Error & { code?: string };
  const message = redactUserInfo(err.message);
  return err.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}
