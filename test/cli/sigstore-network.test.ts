/**
 * The network between pydebug and python.org (or the mirror) answers the request for
 * <file>.sigstore as an attacker wants: a bundle without end, one that announces more than any
 * bundle has, one that stops after its headers or trickles, a server error, a redirect to another
 * host or to a local file. A loopback server plays that network for init and lock; the bundles
 * it serves are real (signed by the tests' mock Fulcio and Rekor, trusted through
 * PYDEBUG_SIGSTORE_TRUSTED_ROOT). Each refusal is bounded in time and leaves nothing pinned.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockSigstore, startMockSigstore } from '../support/sigstore-mock.js';
import { fileTempDir } from '../support/temp-dir.js';
import { runInProcess } from './in-process.js';

const HUGO = { email: 'hugo@python.org', issuer: 'https://github.com/login/oauth' };
const FILE = 'Python-3.14.2.tgz';

let dir: string;
let sigstore: MockSigstore;
let tarball: Buffer;
let sha: string;
let bundle: string;
let server: Server;
let base: string;
const sockets = new Set<Socket>();
const requests = new Map<string, number>();

/** /<behaviour>/3.14.2/<file>: the tarball as is; its .sigstore as <behaviour> says. */
function serve(behaviour: string, res: import('node:http').ServerResponse, port: number): void {
  switch (behaviour) {
    case 'good':
      res.writeHead(200, { 'content-type': 'application/json' }).end(bundle);
      return;
    case 'endless': {
      // No Content-Length: chunks of a JSON-looking string, for as long as the client reads.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.3","x":"');
      const chunk = 'A'.repeat(64 * 1024);
      const more = () => {
        while (res.write(chunk)) {
          /* until the socket pushes back */
        }
      };
      res.on('drain', more);
      more();
      return;
    }
    case 'announced-huge':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) });
      res.write('{');
      return;
    case 'stall':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bundle.length) });
      res.write(bundle.slice(0, 100));
      return;
    case 'trickle': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bundle.length) });
      let at = 0;
      const t = setInterval(() => {
        if (res.destroyed || at >= bundle.length) return clearInterval(t);
        res.write(bundle.slice(at, at + 1));
        at += 1;
      }, 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    case '500':
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    case '403':
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
      return;
    case 'redirect-host':
      // Another host name for the same server: the bundle's signature, not its host, is trusted.
      res.writeHead(302, { location: `http://localhost:${port}/good/3.14.2/${FILE}.sigstore` }).end();
      return;
    case 'redirect-file':
      res.writeHead(302, { location: `file://${join(dir, 'bundle.sigstore')}` }).end();
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  dir = await fileTempDir('pydebug-sigstore-net-');
  const src = join(dir, 'src', 'Python-3.14.2');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'configure'), '#!/bin/sh\n');
  execFileSync('tar', ['-czf', join(dir, FILE), '-C', join(dir, 'src'), 'Python-3.14.2']);
  tarball = await readFile(join(dir, FILE));
  sha = createHash('sha256').update(tarball).digest('hex');
  sigstore = await startMockSigstore();
  bundle = await sigstore.sign(tarball, HUGO);
  await writeFile(join(dir, 'bundle.sigstore'), bundle);
  await writeFile(join(dir, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const m = /^\/([a-z0-9-]+)\/3\.14\.2\/(.+)$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    if (m[2] === FILE) return void res.writeHead(200, { 'content-length': String(tarball.length) }).end(tarball);
    if (m[2] === `${FILE}.sigstore`) return serve(m[1]!, res, (server.address() as AddressInfo).port);
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await sigstore?.close();
});

async function project(name: string): Promise<string> {
  const p = join(dir, 'projects', name);
  await mkdir(p, { recursive: true });
  return p;
}

const run = (cwd: string, argv: string[], behaviour: string) =>
  runInProcess(argv, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      PYDEBUG_HOME: join(cwd, '.home'),
      PYDEBUG_MIRROR: `${base}/${behaviour}`,
      PYDEBUG_SIGSTORE_TRUSTED_ROOT: join(dir, 'trusted_root.json'),
      PYDEBUG_RETRY_DELAY_MS: '0',
      PYDEBUG_HTTP_TIMEOUT: '0.5',
      PYDEBUG_HTTP_MIN_SPEED: '1000',
      PYDEBUG_HTTP_SPEED_TIME: '0.5',
    },
  });

async function cachedFiles(cwd: string): Promise<string[]> {
  const downloads = join(cwd, '.home', 'downloads');
  if (!existsSync(downloads)) return [];
  return (await Promise.all((await readdir(downloads)).map(async (d) => (await readdir(join(downloads, d))).map((f) => `${d}/${f}`)))).flat();
}

describe('init of a release without a checksum, when the bundle request is answered by an attacker', () => {
  it('pins after a redirect to another host that serves the genuine bundle', async () => {
    const cwd = await project('redirect-host');
    const r = await run(cwd, ['init', '3.14.2'], 'redirect-host');
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(cwd, 'pydebug.yml'), 'utf8')).toContain(`sha256: "${sha}"`);
    expect(requests.get(`/good/3.14.2/${FILE}.sigstore`)).toBe(1);
  });

  it.each([
    ['a bundle without end', 'endless', /stopped: more than 1048576 bytes, more than such a file has arrived/],
    ['a bundle announcing 64 MiB', 'announced-huge', /1048576 bytes/],
    ['a bundle that stops after its headers', 'stall', /failed after 4 attempts/],
    ['a bundle that trickles a byte at a time', 'trickle', /failed after 4 attempts: .*slower than/],
    ['HTTP 500 for the bundle', '500', /HTTP 500/],
    ['HTTP 403 for the bundle', '403', /HTTP 403/],
    ['a redirect to a local file', 'redirect-file', /pydebug follows redirects to http\(s\) only/],
  ])(
    'refuses %s in bounded time: nothing written, nothing kept',
    async (_name, behaviour, why) => {
      const cwd = await project(`init-${behaviour}`);
      const started = Date.now();
      const r = await run(cwd, ['init', '3.14.2'], behaviour);
      const seconds = (Date.now() - started) / 1000;
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(seconds).toBeLessThan(15);
      expect(existsSync(join(cwd, 'pydebug.yml'))).toBe(false);
      expect(await cachedFiles(cwd)).toEqual([]);
    },
    30_000,
  );
});

describe('lock of a release with a declared checksum, when the bundle request fails', () => {
  async function lockWith(name: string, behaviour: string) {
    const cwd = await project(`lock-${name}`);
    await writeFile(join(cwd, 'pydebug.yml'), `python:\n  - version: "3.14.2"\n    sha256: ${sha}\nvariants:\n  debug: {pydebug: true}\n`);
    const r = await run(cwd, ['lock'], behaviour);
    return { ...r, locked: existsSync(join(cwd, 'pydebug.lock')) };
  }

  it('a server error for the bundle fails the lock: the check pydebug.yml asks for was not made', async () => {
    const r = await lockWith('500', '500');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/\.sigstore failed after 4 attempts: HTTP 500/);
    expect(r.locked).toBe(false);
  });
});
