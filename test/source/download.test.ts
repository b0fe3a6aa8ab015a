import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, downloadVerified, hashFile } from '../../src/source/download.js';
import { PydebugError } from '../../src/errors.js';
import { startTarballServer, type TarballServer } from '../support/tarball-server.js';

let dir: string;
let server: TarballServer;
const payload = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) % 251;
const sha256 = createHash('sha256').update(payload).digest('hex');
const md5 = createHash('md5').update(payload).digest('hex');
const FILE = 'Python-9.9.9.tgz';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pydebug-download-'));
  await mkdir(join(dir, 'mirror', '9.9.9'), { recursive: true });
  await writeFile(join(dir, 'mirror', '9.9.9', FILE), payload);
  server = await startTarballServer(join(dir, 'mirror'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const url = (base: string) => `${base}/9.9.9/${FILE}`;
async function freshDest(name: string) {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  return join(d, FILE);
}
const files = async (path: string) => readdir(join(path, '..'));

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
