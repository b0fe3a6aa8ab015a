import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PydebugError } from '../../src/errors.js';
import { NotRegularFileError } from '../../src/files/read-text.js';
import { ChecksumMismatchError, downloadVerified, hashFile, MAX_TARBALL_BYTES, tooSlow, UnexpectedSizeError } from '../../src/source/download.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { startTarballServer, type TarballServer } from '../support/tarball-server.js';
import { fileTempDir } from '../support/temp-dir.js';

let dir: string;
let server: TarballServer;
const payload = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) % 251;
const sha256 = createHash('sha256').update(payload).digest('hex');
const md5 = createHash('md5').update(payload).digest('hex');
const FILE = 'Python-9.9.9.tgz';

beforeAll(async () => {
  dir = await fileTempDir('pydebug-download-');
  await mkdir(join(dir, 'mirror', '9.9.9'), { recursive: true });
  await writeFile(join(dir, 'mirror', '9.9.9', FILE), payload);
  server = await startTarballServer(join(dir, 'mirror'));
});
afterAll(async () => {
  await server.close();
});

const url = (base: string) => `${base}/9.9.9/${FILE}`;
async function freshDest(name: string) {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  return join(d, FILE);
}
const files = async (path: string) => readdir(join(path, '..'));

describe('hashFile', () => {
  it('refuses a FIFO (a cached download replaced by one) at once instead of waiting for a writer', async () => {
    const fifo = makeFifo(join(await freshDest('fifo'), '..', 'fifo.tgz'));
    try {
      await expect(hashFile(fifo)).rejects.toThrow(NotRegularFileError);
      await expect(hashFile(fifo)).rejects.toThrow(/fifo\.tgz is not a regular file \(a FIFO\)/);
    } finally {
      releaseFifos();
    }
  }, 5_000);
});

describe('downloadVerified', () => {
  it('streams to disk, computing MD5 and SHA-256 of what it wrote', async () => {
    const dest = await freshDest('ok');
    const d = await downloadVerified(url(server.mirror), dest, { md5, sha256 });
    expect(d).toEqual({ md5, sha256, size: payload.length });
    expect(await hashFile(dest)).toEqual(d);
    expect(await files(dest)).toEqual([FILE]);
  });

  it('reads file:// mirrors', async () => {
    const dest = await freshDest('file-url');
    const d = await downloadVerified(url(pathToFileURL(join(dir, 'mirror')).href), dest, { sha256 });
    expect(d.md5).toBe(md5);
  });

  it('on a checksum mismatch names both hashes and deletes the file', async () => {
    const dest = await freshDest('mismatch');
    const wrong = 'f'.repeat(32);
    const err = await downloadVerified(url(server.mirror), dest, { md5: wrong }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.message).toContain(`md5 expected ${wrong}`);
    expect(err.message).toContain(`md5 actual   ${md5}`);
    expect(await files(dest)).toEqual([]);
  });

  it('retries a 500 and a cut-short body, then succeeds', async () => {
    for (const kind of ['500-once', 'truncate-once']) {
      const dest = await freshDest(kind);
      const retries: string[] = [];
      const d = await downloadVerified(url(server.faultMirror(kind)), dest, { sha256 }, { retryDelayMs: 10, onRetry: (_n, e) => retries.push(e.message) });
      expect(d.sha256).toBe(sha256);
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatch(kind === '500-once' ? /HTTP 500/ : /cut short|interrupted/);
      expect(await files(dest)).toEqual([FILE]);
    }
  });

  it('gives up after bounded retries and leaves no partial file', async () => {
    const dest = await freshDest('truncate-always');
    const before = server.requests.get(`/fault/truncate/ftp/python/9.9.9/${FILE}`) ?? 0;
    const err = await downloadVerified(url(server.faultMirror('truncate')), dest, { sha256 }, { attempts: 3, retryDelayMs: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(/failed after 3 attempts/);
    expect((server.requests.get(`/fault/truncate/ftp/python/9.9.9/${FILE}`) ?? 0) - before).toBe(3);
    expect(await files(dest)).toEqual([]);
  });

  it('does not retry a 404, and says what to check', async () => {
    const dest = await freshDest('404');
    const err = await downloadVerified(url(server.faultMirror('404')), dest, { sha256 }, { retryDelayMs: 10 }).catch((e) => e);
    expect(err.message).toMatch(/HTTP 404/);
    expect(err.hint).toMatch(/mirror/);
    expect(server.requests.get(`/fault/404/ftp/python/9.9.9/${FILE}`)).toBe(1);
  });

  it('times out a server that stops sending', async () => {
    const dest = await freshDest('hang');
    const err = await downloadVerified(url(server.faultMirror('hang')), dest, { sha256 }, { attempts: 2, retryDelayMs: 10, idleTimeoutMs: 300 }).catch((e) => e);
    expect(err.message).toMatch(/no data for 0.3 s/);
    expect(await files(dest)).toEqual([]);
  });
});

/** A loopback server whose every answer comes from `handler`; counts requests. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const seen = { requests: 0, acceptEncoding: [] as Array<string | undefined> };
  const s = createServer((req, res) => {
    seen.requests++;
    seen.acceptEncoding.push(req.headers['accept-encoding']);
    handler(req, res);
  });
  s.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const c of sockets) c.destroy();
      s.close(() => resolve());
    });
  return { origin, seen, close };
}

/** Writes 64 KiB chunks until the client goes away. */
function endless(res: ServerResponse, headers: Record<string, string> = {}) {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  res.writeHead(200, { 'content-type': 'application/octet-stream', ...headers });
  const more = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', more);
  };
  more();
}

const noRetry = {
  retryDelayMs: 10,
  onRetry: (_n: number, e: Error) => {
    throw new Error(`retried: ${e.message}`);
  },
};

describe('download size limits', () => {
  it('stops a stream without end as soon as it passes the locked size, without retrying', async () => {
    const server = await serve((_req, res) => endless(res));
    try {
      const dest = await freshDest('endless');
      const err = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256, size: payload.length }, { ...noRetry, checksumSource: { file: 'pydebug.lock', isLock: true } }).catch((e) => e);
      expect(err).toBeInstanceOf(UnexpectedSizeError);
      expect(err.message).toMatch(new RegExp(`more than the ${payload.length} bytes pydebug.lock`));
      expect(err.hint).toMatch(/different file/);
      expect(server.seen.requests).toBe(1);
      expect(await files(dest)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses at once when Content-Length disagrees with the locked size', async () => {
    for (const length of [payload.length * 2, payload.length - 1]) {
      const server = await serve((_req, res) => endless(res, { 'content-length': String(length) }));
      try {
        const dest = await freshDest(`length-${length}`);
        const err = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256, size: payload.length }, noRetry).catch((e) => e);
        expect(err).toBeInstanceOf(UnexpectedSizeError);
        expect(err.message).toContain(`announces ${length} bytes`);
        expect(server.seen.requests).toBe(1);
        expect(await files(dest)).toEqual([]);
      } finally {
        await server.close();
      }
    }
  });

  it('refuses a local file (file:// mirror) whose size is not the locked size', async () => {
    const dest = await freshDest('file-size');
    const err = await downloadVerified(url(pathToFileURL(join(dir, 'mirror')).href), dest, { sha256, size: payload.length - 17 }, noRetry).catch((e) => e);
    expect(err).toBeInstanceOf(UnexpectedSizeError);
    expect(err.message).toContain(`the file has ${payload.length} bytes, not the ${payload.length - 17} bytes`);
    expect(await files(dest)).toEqual([]);
  });

  it('without a locked size, refuses more than MAX_TARBALL_BYTES (announced) at once', async () => {
    const server = await serve((_req, res) => endless(res, { 'content-length': String(MAX_TARBALL_BYTES + 1) }));
    try {
      const dest = await freshDest('over-cap');
      const err = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256 }, noRetry).catch((e) => e);
      expect(err).toBeInstanceOf(UnexpectedSizeError);
      expect(err.message).toMatch(/268435456 bytes|256 MB/);
      expect(server.seen.requests).toBe(1);
      expect(await files(dest)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a local mirror holding something other than files', () => {
  // A FIFO opened for reading waits for a writer on a thread no signal reaches: these must fail at once.
  it('a FIFO in place of the tarball is named as a FIFO, without waiting for a writer', async () => {
    const mirror = join(dir, 'fifo-mirror');
    await mkdir(join(mirror, '9.9.9'), { recursive: true });
    execFileSync('mkfifo', [join(mirror, '9.9.9', FILE)]);
    const dest = await freshDest('fifo-tarball');
    const err = await downloadVerified(url(pathToFileURL(mirror).href), dest, { sha256 }, noRetry).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toBe(`${join(mirror, '9.9.9', FILE)} is a FIFO, not a file`);
    expect(err.hint).toMatch(/PYDEBUG_MIRROR/);
    expect(await files(dest)).toEqual([]);
  });

  it('a FIFO given as the mirror directory is named as a FIFO, not a directory', async () => {
    const fifo = join(dir, 'mirror-fifo');
    execFileSync('mkfifo', [fifo]);
    const dest = await freshDest('fifo-dir');
    const err = await downloadVerified(url(pathToFileURL(fifo).href), dest, { sha256 }, noRetry).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toBe(`${join(fifo, '9.9.9', FILE)} does not exist: ${fifo} is a FIFO, not a directory`);
  });

  it('a character device in place of the tarball is named as one', async () => {
    const err = await downloadVerified('file:///dev/null', await freshDest('device'), { sha256 }, noRetry).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toBe('/dev/null is a character device, not a file');
  });

  it('a missing tarball still says it does not exist', async () => {
    const err = await downloadVerified(url(pathToFileURL(join(dir, 'no-such-mirror')).href), await freshDest('missing'), { sha256 }, noRetry).catch((e) => e);
    expect(err.message).toBe(`${join(dir, 'no-such-mirror', '9.9.9', FILE)} does not exist`);
  });
});

describe('content encoding', () => {
  it('asks for identity, so a server that compresses on request sends the file as is', async () => {
    const server = await serve((req, res) => {
      const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
      const body = gzip ? gzipSync(payload) : payload;
      res.writeHead(200, { 'content-length': String(body.length), ...(gzip ? { 'content-encoding': 'gzip' } : {}) }).end(body);
    });
    try {
      const dest = await freshDest('gzip-on-request');
      const d = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256, size: payload.length }, noRetry);
      expect(d).toEqual({ md5, sha256, size: payload.length });
      expect(server.seen.acceptEncoding).toEqual(['identity']);
    } finally {
      await server.close();
    }
  });

  it('verifies the decoded file when a server compresses anyway (its Content-Length is the compressed size)', async () => {
    const body = gzipSync(payload);
    const server = await serve((_req, res) => res.writeHead(200, { 'content-length': String(body.length), 'content-encoding': 'gzip' }).end(body));
    try {
      const dest = await freshDest('gzip-always');
      const d = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256, size: payload.length }, noRetry);
      expect(d).toEqual({ md5, sha256, size: payload.length });
    } finally {
      await server.close();
    }
  });
});

describe('failures a retry cannot fix fail at once', () => {
  async function failsAtOnce(url: string, why: RegExp, name: string) {
    const dest = await freshDest(name);
    const err = await downloadVerified(url, dest, { sha256 }, { ...noRetry, attempts: 4 }).catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(why);
    expect(err.message).not.toMatch(/retried|attempts/);
    expect(await files(dest)).toEqual([]);
    return err as PydebugError;
  }

  it('a redirect loop', async () => {
    const server = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    try {
      await failsAtOnce(`${server.origin}/a`, /redirect loop/, 'loop');
      expect(server.seen.requests).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('too many redirects', async () => {
    const server = await serve((req, res) => res.writeHead(301, { location: `/r${Number(req.url!.slice(2)) + 1}` }).end());
    try {
      await failsAtOnce(`${server.origin}/r0`, /too many redirects/, 'many');
      expect(server.seen.requests).toBeLessThanOrEqual(11);
    } finally {
      await server.close();
    }
  });

  it.each(['file:///etc/passwd', 'ftp://example.org/Python-9.9.9.tgz', 'data:,hello'])('a redirect to %s', async (location) => {
    const server = await serve((_req, res) => res.writeHead(307, { location }).end());
    try {
      const err = await failsAtOnce(`${server.origin}/x`, /redirects to .* http\(s\) only/, `to-${location.slice(0, 4)}`);
      expect(err.message).toContain(location.split(':')[0]);
      expect(server.seen.requests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('follows a redirect to another http URL', async () => {
    const server = await serve((req, res) => (req.url === '/moved' ? res.writeHead(301, { location: url(`${serverOrigin()}/ftp/python`) }).end() : res.writeHead(404).end()));
    try {
      const d = await downloadVerified(`${server.origin}/moved`, await freshDest('redirect-ok'), { sha256 }, noRetry);
      expect(d.sha256).toBe(sha256);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['a port out of range', 'http://127.0.0.1:99999/Python-9.9.9.tgz', /not a valid URL/],
    ['a host name that does not resolve', 'http://pydebug-test.invalid/Python-9.9.9.tgz', /pydebug-test\.invalid.*(not found|ENOTFOUND)/],
  ])('%s', async (_what, target, why) => {
    await failsAtOnce(target, why, `bad-${_what.length}`);
  });
});

describe('checksum mismatch hints', () => {
  it('when the checksum comes from pydebug.lock: the lock is right, never "edit pydebug.lock"', async () => {
    const err = await downloadVerified(url(server.mirror), await freshDest('hint-lock'), { sha256: 'f'.repeat(64) }, { checksumSource: { file: 'pydebug.lock', isLock: true } }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.hint).toMatch(/^pydebug\.lock is right .*sent a different file/);
    expect(err.hint).toMatch(/pydebug\.yml.*`pydebug lock`/);
    expect(err.hint).not.toMatch(/(correct|edit|fix)[^.]*pydebug\.lock/);
  });

  it('when the checksum comes from pydebug.yml: correct it there', async () => {
    const err = await downloadVerified(url(server.mirror), await freshDest('hint-yml'), { sha256: 'f'.repeat(64) }, { checksumSource: { file: 'sub/pydebug.yml', isLock: false } }).catch((e) => e);
    expect(err.hint).toMatch(/correct the checksum in sub\/pydebug\.yml/);
  });
});

function serverOrigin(): string {
  return server.origin;
}

describe('a drip-fed download', () => {
  it('fails once the transfer is slower than the floor over the window, and leaves nothing', async () => {
    // Content-Length of the whole file, then one byte every 50 ms: never idle long enough for the idle timeout.
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(payload.length) });
      let i = 0;
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(payload.subarray(i, ++i))), 50);
    });
    try {
      const dest = await freshDest('drip');
      const started = Date.now();
      const err = await downloadVerified(`${server.origin}/${FILE}`, dest, { sha256 }, { attempts: 1, idleTimeoutMs: 1000, minBytesPerSecond: 1000, speedWindowMs: 500 }).catch((e) => e);
      expect(err).toBeInstanceOf(PydebugError);
      expect(err.message).toMatch(/slower than 1 kB\/s for 0.5 s/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await files(dest)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('the floor is measured over a whole window: a fast transfer is not stopped', () => {
    expect(tooSlow([{ at: 0, bytes: 0 }], 400, 10, 1000, 500)).toBe(false);
    expect(tooSlow([{ at: 0, bytes: 0 }], 500, 10, 1000, 500)).toBe(true);
    expect(tooSlow([{ at: 0, bytes: 0 }], 500, 600, 1000, 500)).toBe(false);
  });
});

describe('credentials in a mirror URL', () => {
  it('are sent, never shown, and a refusal is not retried', async () => {
    const server = await serve((req, res) => res.writeHead(req.headers.authorization === `Basic ${Buffer.from('user:S3CRET').toString('base64')}` ? 403 : 400).end());
    try {
      const dest = await freshDest('creds');
      const warnings: string[] = [];
      const err = await downloadVerified(`${server.origin.replace('//', '//user:S3CRET@')}/${FILE}`, dest, { sha256 }, { retryDelayMs: 10, onRetry: (_n, e) => warnings.push(e.message) }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(PydebugError);
      expect(err.message).toMatch(/HTTP 403 .*refused the credentials/);
      expect(err.message).toContain('//user:***@127.0.0.1');
      expect(`${err.message} ${err.hint} ${warnings.join(' ')}`).not.toContain('S3CRET');
      expect(server.seen.requests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('are redacted from retry warnings and the final error', async () => {
    const dest = await freshDest('creds-retry');
    const warnings: string[] = [];
    const err = await downloadVerified(
      `${server.faultMirror('500').replace('//', '//user:S3CRET@')}/9.9.9/${FILE}`,
      dest,
      { sha256 },
      { attempts: 3, retryDelayMs: 5, onRetry: (_n, e) => warnings.push(e.message) },
    ).catch((e) => e);
    expect(warnings).toHaveLength(2);
    expect(err.message).toMatch(/failed after 3 attempts/);
    expect(`${err.message} ${warnings.join(' ')}`).not.toContain('S3CRET');
  });
});
