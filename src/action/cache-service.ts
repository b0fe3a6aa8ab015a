/**
 * The restore half of the GitHub Actions cache, spoken directly: the cache service's (v2, twirp)
 * GetCacheEntryDownloadURL, then a plain GET of the archive. @actions/cache's restoreCache would
 * also extract it, with `tar -P` into $GITHUB_WORKSPACE, where member names decide where files
 * go; pydebug extracts it itself (store/cache-archive.ts). Saving stays with @actions/cache, so
 * the version string here is computed exactly as that library computes it (cacheVersion), or a
 * restore would never find what a save stored.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { relative, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

type Env = Record<string, string | undefined>;

/** What @actions/cache 6 puts into the version for each compression (its CompressionMethod values). */
export type CompressionMethod = 'zstd-without-long' | 'gzip';

/** @actions/cache's getCacheVersion: the paths as given, the compression, a salt, hashed. */
export function cacheVersion(paths: string[], compression: CompressionMethod, platform: NodeJS.Platform = process.platform): string {
  const components = [...paths, compression];
  if (platform === 'win32') components.push('windows-only');
  components.push('1.0');
  return createHash('sha256').update(components.join('|')).digest('hex');
}

/** @actions/cache's getCompressionMethod: zstd when `zstd --quiet --version` prints anything. */
export function compressionMethod(): Promise<CompressionMethod> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('zstd', ['--quiet', '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', () => resolve('gzip'));
    child.on('close', () => resolve(output.trim() === '' ? 'gzip' : 'zstd-without-long'));
  });
}

/** The name @actions/cache gives `dir` inside its archive: relative to GITHUB_WORKSPACE (or the working directory). */
export function archivePrefix(dir: string, env: Env = process.env): string {
  const rel = relative(env.GITHUB_WORKSPACE ?? process.cwd(), dir)
    .split(sep)
    .join('/');
  return rel === '' ? '.' : rel;
}

export interface CacheServiceAccess {
  url: string;
  token: string;
}

/** The v2 cache service from the runner's environment, or why restores cannot use it (as @actions/cache decides which service it speaks). */
export function cacheServiceFromEnv(env: Env = process.env): CacheServiceAccess | { unavailable: string } {
  const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.trimEnd().toUpperCase();
  const ghes = host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
  if (ghes || !env.ACTIONS_CACHE_SERVICE_V2) return { unavailable: 'this runner has the older (v1) cache service, which pydebug does not restore from' };
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  if (mode === 'none' || mode === 'write-only') return { unavailable: `ACTIONS_CACHE_MODE is ${mode}, which permits no restores` };
  if (!env.ACTIONS_RESULTS_URL || !env.ACTIONS_RUNTIME_TOKEN) return { unavailable: 'ACTIONS_RESULTS_URL or ACTIONS_RUNTIME_TOKEN is not set' };
  return { url: env.ACTIONS_RESULTS_URL, token: env.ACTIONS_RUNTIME_TOKEN };
}

export interface FoundEntry {
  matchedKey: string;
  downloadUrl: string;
}

const SERVICE_PATH = '/twirp/github.actions.results.api.v1.CacheService/';
const CALL_TIMEOUT_MS = 60_000;

function send(url: URL, options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`${url.protocol} is not http(s)`));
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: options.method, headers: options.headers }, resolve);
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer from ${url.host} for ${options.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

async function readJson(res: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res) {
    size += (c as Buffer).length;
    if (size > 1024 * 1024) throw new Error('the answer is larger than 1 MB');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the answer is not JSON (${JSON.stringify(text.slice(0, 80))})`);
  }
}

/**
 * Asks the cache service for the entry under `key` (exact) or the newest under a restore-key
 * prefix; undefined on a miss. Server errors are retried twice, as briefly as a build is long.
 */
export async function findCacheEntry(access: CacheServiceAccess, request: { key: string; restoreKeys: string[]; version: string }, retryDelayMs = 1000): Promise<FoundEntry | undefined> {
  const url = new URL(`${SERVICE_PATH}GetCacheEntryDownloadURL`, access.url);
  const body = JSON.stringify({ key: request.key, restore_keys: request.restoreKeys, version: request.version });
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, retryDelayMs * (attempt - 1)));
    let res: IncomingMessage;
    try {
      res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access.token}`, 'user-agent': 'pydebug' },
        body,
        timeoutMs: CALL_TIMEOUT_MS,
      });
    } catch (e) {
      lastError = (e as Error).message;
      continue;
    }
    const status = res.statusCode ?? 0;
    const answer = (await readJson(res).catch((e: Error) => ({ msg: e.message }))) as Record<string, unknown>;
    if (status >= 500) {
      lastError = `HTTP ${status}${typeof answer.msg === 'string' ? `: ${answer.msg}` : ''}`;
      continue;
    }
    if (status < 200 || status >= 300) throw new Error(`the cache service answered HTTP ${status}${typeof answer.msg === 'string' ? `: ${answer.msg}` : ''}`);
    if (answer.ok !== true) return undefined;
    const matchedKey = answer.matched_key ?? answer.matchedKey;
    const downloadUrl = answer.signed_download_url ?? answer.signedDownloadUrl;
    if (typeof matchedKey !== 'string' || typeof downloadUrl !== 'string') throw new Error('the cache service answered without a key or a download URL');
    // The service matches the key exactly or a restore key as a prefix; any other key was not asked for.
    if (matchedKey !== request.key && !request.restoreKeys.some((k) => matchedKey.startsWith(k))) {
      throw new Error(`the cache service answered with a key that was not asked for (${matchedKey})`);
    }
    return { matchedKey, downloadUrl };
  }
  throw new Error(`the cache service did not answer (${lastError})`);
}

/** GitHub keeps at most 10 GB of caches per repository: no archive is larger. */
export const MAX_CACHE_ARCHIVE_BYTES = 10 * 1024 ** 3;
const DOWNLOAD_IDLE_MS = 120_000;

/** Downloads the archive into `dest`, a new file; checks that it is as long as the server said. Returns its size. */
export async function downloadArchive(downloadUrl: string, dest: string, limit = MAX_CACHE_ARCHIVE_BYTES): Promise<number> {
  const url = new URL(downloadUrl);
  const res = await send(url, { method: 'GET', headers: { 'user-agent': 'pydebug' }, timeoutMs: DOWNLOAD_IDLE_MS });
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`downloading the archive got HTTP ${res.statusCode}`);
  }
  const header = res.headers['content-length'];
  const announced = header === undefined ? undefined : Number(header);
  if (announced !== undefined && !(Number.isSafeInteger(announced) && announced >= 0 && announced <= limit)) {
    res.destroy();
    throw new Error(`the archive's announced size (${header}) is not one it can have`);
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      if (received > (announced ?? limit)) cb(new Error(`the archive is longer than ${announced ?? limit} bytes`));
      else cb(null, chunk);
    },
  });
  await pipeline(res, counter, createWriteStream(dest, { flags: 'wx' }));
  if (announced !== undefined && received !== announced) throw new Error(`the archive ended after ${received} of ${announced} bytes`);
  return received;
}
