/**
 * npm test's own provisioning (test/support/provision.ts): which packages it reports missing from
 * dpkg-query's output and the line it prints then, where it finds the Debian archive, and the
 * downloads against a real loopback HTTP server: a file is kept only when its SHA-256 is the
 * release's, and a refused, failed or stalled download leaves nothing in the cache directory.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TARBALLS } from '../e2e/shared.js';
import { aptInstallCommand, debianArchiveUri, downloadVerified, E2E_PACKAGES, e2eBlockedReason, provisionTarballs, type TestTarball, tarballUrls } from './provision.js';

const dpkgLines = (packages: string[]) => packages.map((p) => `${p}\tinstall ok installed\n`).join('');

describe('e2eBlockedReason', () => {
  it('is nothing when dpkg-query reports every package installed, or for root (the setup installs them)', () => {
    expect(e2eBlockedReason(1000, dpkgLines(E2E_PACKAGES))).toBeUndefined();
    expect(e2eBlockedReason(0, '')).toBeUndefined();
  });

  it('names, on one line, the exact apt-get install of the missing packages only', () => {
    // valgrind and clang-19 unknown to dpkg (no line), llvm-19 removed but its config files kept.
    const status = `${dpkgLines(E2E_PACKAGES.filter((p) => !['valgrind', 'clang-19', 'llvm-19'].includes(p)))}llvm-19\tdeinstall ok config-files\n`;
    const reason = e2eBlockedReason(1000, status);
    expect(reason).toBe('[e2e] skipped: 3 packages the end-to-end tests build with are missing; run `sudo apt-get install -y --no-install-recommends valgrind clang-19 llvm-19`, then npm test again');
    expect(reason).not.toContain('\n');
  });

  it('says so on a machine without dpkg-query', () => {
    expect(e2eBlockedReason(1000, null)).toMatch(/^\[e2e\] skipped: no dpkg-query on this machine/);
  });

  it('asks for the build dependencies, valgrind and clang-19 with its sanitizer runtimes', () => {
    for (const p of ['build-essential', 'libssl-dev', 'valgrind', 'clang-19', 'libclang-rt-19-dev', 'llvm-19', 'git']) expect(E2E_PACKAGES).toContain(p);
    expect(aptInstallCommand(['valgrind'], true)).toBe('apt-get install -y --no-install-recommends valgrind');
  });
});

describe('debianArchiveUri', () => {
  it("reads the machine's own archive: a deb822 URIs field first, else a sources.list deb line", () => {
    const deb822 = 'Types: deb\n# a comment\nURIs: http://deb.debian.org/debian/\nSuites: bookworm\n';
    expect(debianArchiveUri([deb822])).toBe('http://deb.debian.org/debian');
    expect(debianArchiveUri(['', 'deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n'])).toBe('http://mirror.example/debian');
    expect(debianArchiveUri(['# deb http://commented.example/debian bookworm main\n'])).toBeUndefined();
  });

  it('makes python.org the first source and the Debian pool the second', () => {
    expect(tarballUrls(TARBALLS[0], 'http://deb.debian.org/debian')).toEqual([
      'https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz',
      'http://deb.debian.org/debian/pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz',
    ]);
  });
});

describe('downloads checked against the SHA-256', () => {
  const body = Buffer.from('the release bytes\n'.repeat(5000));
  const sha = createHash('sha256').update(body).digest('hex');
  const requests: string[] = [];
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === '/moved') res.writeHead(302, { location: '/file' }).end();
      else if (req.url === '/file') res.end(body);
      else if (req.url === '/other') res.end(Buffer.from('another file'));
      else if (req.url === '/stall') res.writeHead(200, { 'content-length': String(body.length) }).write(body.subarray(0, 100));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    requests.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'pydebug-provision-'));
    return () => rm(dir, { recursive: true, force: true });
  });

  it('keeps a file whose hash is the expected one, following a redirect', async () => {
    await downloadVerified(`${base}/moved`, join(dir, 'v', 'f.tgz'), sha);
    expect(await readFile(join(dir, 'v', 'f.tgz'))).toEqual(body);
    expect(await readdir(join(dir, 'v'))).toEqual(['f.tgz']);
  });

  it('refuses a file with another hash and leaves nothing behind', async () => {
    const dest = join(dir, 'v', 'f.tgz');
    await expect(downloadVerified(`${base}/other`, dest, sha)).rejects.toThrow(`refused: sha256 ${createHash('sha256').update('another file').digest('hex')}, expected ${sha}`);
    expect(await readdir(join(dir, 'v'))).toEqual([]);
  });

  it('leaves nothing behind on a 404 or a server that stops sending', async () => {
    await expect(downloadVerified(`${base}/gone`, join(dir, 'f.tgz'), sha)).rejects.toThrow('HTTP 404');
    const start = Date.now();
    await expect(downloadVerified(`${base}/stall`, join(dir, 'f.tgz'), sha, 300)).rejects.toThrow('no data for 0.3 s');
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(await readdir(dir)).toEqual([]);
  });

  it('provisionTarballs: fetches nothing when the verified file is there, and replaces one that is not the release', async () => {
    const t: TestTarball = { version: '9.9.9', file: 'Python-9.9.9.tgz', sha256: sha, debianOrig: 'unused' };
    const urls = () => [`${base}/gone`, `${base}/other`, `${base}/file`];
    const logged: string[] = [];
    await mkdir(join(dir, '9.9.9'));
    await writeFile(join(dir, '9.9.9', t.file), 'truncated');
    await provisionTarballs(dir, [t], (m) => logged.push(m), urls);
    expect(await readFile(join(dir, '9.9.9', t.file))).toEqual(body);
    expect(requests).toEqual(['/gone', '/other', '/file']);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^Python-9\\.9\\.9\\.tgz: fetched from ${base}/file and verified`))]);

    requests.length = 0;
    await provisionTarballs(dir, [t], (m) => logged.push(m), urls);
    expect(requests).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it('provisionTarballs: names every source that failed, and keeps no file, when none gives the release', async () => {
    const t: TestTarball = { version: '9.9.9', file: 'Python-9.9.9.tgz', sha256: sha, debianOrig: 'unused' };
    const error = await provisionTarballs(
      dir,
      [t],
      () => undefined,
      () => [`${base}/gone`, `${base}/other`],
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `could not get a verified Python-9.9.9.tgz (sha256 ${sha}) into ${join(dir, '9.9.9', t.file)}:\n  ${base}/gone: HTTP 404\n  ${base}/other: refused: sha256 ${createHash('sha256').update('another file').digest('hex')}, expected ${sha}`,
    );
    expect(await readdir(join(dir, '9.9.9'))).toEqual([]);
  });
});
