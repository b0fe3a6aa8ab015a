/**
 * Downloads that never leave a bad or partial file behind: the body streams to a temporary file
 * beside the destination while MD5 and SHA-256 are computed on the fly (bounded memory), and the
 * file is renamed into place only when every expected checksum matches.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { InterruptedError, PydebugError } from '../errors.js';
import { removeInside, renameInside } from '../store/contained.js';

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

export class ChecksumMismatchError extends PydebugError {
  constructor(url: string, mismatches: Array<{ algorithm: string; expected: string; actual: string }>, source: string) {
    super(
      `checksum mismatch for ${url}:\n` +
        mismatches.map((m) => `  ${m.algorithm} expected ${m.expected}\n  ${m.algorithm} actual   ${m.actual}`).join('\n') +
        `\nThe download was deleted; nothing was extracted or built.`,
      {
        hint:
          `if ${source} is right, the server or mirror sent a different file: check PYDEBUG_MIRROR / the url. ` +
          `If the file is right, correct the checksum in ${source}.`,
      },
    );
  }
}

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

export async function hashFile(path: string, signal?: AbortSignal): Promise<Digests> {
  const hasher = new Hasher();
  await pipeline(createReadStream(path), hasher, async function* (source) {
    for await (const _ of source) {
      // drain
    }
  }, { signal });
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
  /** Where the expected checksums come from, for the error message ("pydebug.yml", "pydebug.lock"). */
  checksumSource?: string | undefined;
  onRetry?: ((attempt: number, error: Error, delayMs: number) => void) | undefined;
}

class TransientError extends Error {}

/**
 * Downloads `url` to `dest`, verifying `expected`. On any failure, nothing is left at `dest`
 * or beside it. The partial file and `dest` stay in dest's directory, which the caller has
 * checked to be inside the store.
 */
export async function downloadVerified(url: string, dest: string, expected: ExpectedDigests, options: DownloadOptions = {}): Promise<Digests> {
  const attempts = options.attempts ?? 4;
  let delay = options.retryDelayMs ?? 1000;
  const destDir = dirname(dest);
  await mkdir(destDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const tmp = `${dest}.partial.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
    try {
      const digests = await fetchToFile(url, tmp, options);
      const mismatches = compareDigests(digests, expected);
      if (mismatches.length > 0) throw new ChecksumMismatchError(url, mismatches, options.checksumSource ?? 'pydebug.yml');
      await renameInside(destDir, tmp, dest, 'a download');
      return digests;
    } catch (error) {
      await removeInside(destDir, tmp, 'a partial download');
      if (options.signal?.aborted) throw new InterruptedError('download interrupted');
      if (error instanceof TransientError && attempt < attempts) {
        options.onRetry?.(attempt, error, delay);
        await sleep(delay, options.signal);
        delay *= 2;
        continue;
      }
      if (error instanceof TransientError) {
        throw new PydebugError(`download of ${url} failed after ${attempt} attempts: ${error.message}`, {
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
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new InterruptedError('download interrupted'));
    }, { once: true });
  });
}

async function fetchToFile(url: string, tmp: string, options: DownloadOptions): Promise<Digests> {
  const hasher = new Hasher((n) => options.onProgress?.(n, total));
  let total: number | undefined;
  if (url.startsWith('file://')) {
    const path = fileURLToPath(url);
    const { stat } = await import('node:fs/promises');
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) {
      throw new PydebugError(`${path} does not exist`, { hint: 'check the mirror directory: it needs <version>/<file> like python.org/ftp/python' });
    }
    total = st.size;
    await pipeline(createReadStream(path), hasher, createWriteStream(tmp, { flags: 'wx' }), { signal: options.signal });
    return hasher.digests();
  }
  if (!/^https?:\/\//.test(url)) throw new PydebugError(`cannot download ${url}: only http(s):// and file:// URLs are supported`);

  const idleMs = options.idleTimeoutMs ?? 60_000;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let idleTimer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, idleMs);
  };
  try {
    armIdle();
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      if (options.signal?.aborted) throw e;
      throw new TransientError(timedOut ? `no response within ${idleMs / 1000} s` : describeFetchError(e));
    }
    if (!response.ok || !response.body) {
      const status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status >= 500 || status === 408 || status === 429) throw new TransientError(`HTTP ${status} ${response.statusText}`);
      throw new PydebugError(`download of ${url} failed: HTTP ${status} ${response.statusText}`, {
        hint: status === 404 ? 'check the version and url in pydebug.yml, and that the mirror has <version>/<file>' : undefined,
      });
    }
    const length = response.headers.get('content-length');
    total = length ? Number(length) : undefined;
    const counting = new Transform({
      transform(chunk, _enc, cb) {
        armIdle();
        cb(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counting, hasher, createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      if (options.signal?.aborted) throw e;
      if (timedOut) throw new TransientError(`no data for ${idleMs / 1000} s`);
      throw new TransientError(
        total !== undefined && hasher.size < total
          ? `transfer cut short: got ${hasher.size} of ${total} bytes (${describeFetchError(e)})`
          : `transfer interrupted (${describeFetchError(e)})`,
      );
    }
    const digests = hasher.digests();
    if (total !== undefined && digests.size !== total) {
      throw new TransientError(`transfer cut short: got ${digests.size} of ${total} bytes`);
    }
    return digests;
  } finally {
    clearTimeout(idleTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: Error & { code?: string } };
  const cause = err.cause;
  return cause ? `${err.message}: ${cause.code ?? cause.message}` : err.message;
}
