/**
 * A real OCI registry for the tests: Debian's docker-registry (CNCF distribution 2.8) on a free
 * loopback port, storing in a temp directory, and in front of it a stand-in for ghcr.io's front
 * door that speaks its protocol to pydebug's real client: every /v2/ request needs a bearer token
 * (401 + `WWW-Authenticate: Bearer realm=…,service=…,scope=repository:<name>:pull`), a token
 * endpoint (anonymous tokens pull, push needs basic auth with the right token), PATCH chunks over
 * 4 MiB get 416, `_catalog` is 403, and blob GETs are redirected to a "storage" origin (another
 * host name, as ghcr.io sends them to pkg-containers.githubusercontent.com) that must not see
 * the registry's credentials.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Why the registry tests cannot run here, or undefined when they can. */
export function registryMissing(): string | undefined {
  const r = spawnSync(REGISTRY_BINARY, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `docker-registry is not installed: run \`apt-get install -y docker-registry skopeo\` (Debian's CNCF distribution 2.8) to run the registry tests`;
  return undefined;
}

export function skopeoMissing(): boolean {
  return spawnSync('skopeo', ['--version']).error !== undefined;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Registry {
  /** 127.0.0.1:<port> */
  host: string;
  origin: string;
  stop(): Promise<void>;
}

/** docker-registry serving from `dir`/storage on a free loopback port, answering /v2/ before this returns. */
export async function startRegistry(dir: string): Promise<Registry> {
  await mkdir(join(dir, 'storage'), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'config.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'storage')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '',
      ].join('\n'),
    );
    const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const origin = `http://127.0.0.1:${port}`;
    if (await answers(origin, child)) {
      return { host: `127.0.0.1:${port}`, origin, stop: () => stopChild(child) };
    }
    await stopChild(child);
    if (attempt >= 3) throw new Error(`docker-registry did not start on port ${port}:\n${stderr}`);
  }
}

async function answers(origin: string, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(`${origin}/v2/`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface FrontDoorRequest {
  method: string;
  path: string;
  status: number;
  /** Request body bytes that passed through to the registry. */
  bytesIn: number;
  authorization: boolean;
}

export interface FrontDoor {
  /** 127.0.0.1:<port>: what registry: names. */
  host: string;
  origin: string;
  /** The token that may push (PYDEBUG_REGISTRY_TOKEN). */
  token: string;
  requests: FrontDoorRequest[];
  /** Requests that reached the storage origin carrying an Authorization header (must stay empty). */
  leakedCredentials: string[];
  close(): Promise<void>;
}

const MAX_PATCH = 4 * 1024 * 1024;

function ociError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * The front door on a free loopback port, proxying to `upstream` (a Registry's origin). Blob GETs
 * are answered 307 to the storage origin: the same server under the name localhost (another
 * host to the client), which serves the blob from the registry if no Authorization came with it.
 */
export async function startFrontDoor(upstream: string, options: { token?: string } = {}): Promise<FrontDoor> {
  const token = options.token ?? `ghp_${randomBytes(12).toString('hex')}`;
  const issued = new Map<string, { repository: string; actions: string[] }>();
  const requests: FrontDoorRequest[] = [];
  const leakedCredentials: string[] = [];
  let port = 0;
  const realm = () => `http://127.0.0.1:${port}/token`;

  const challenge = (res: ServerResponse, repository: string) =>
    ociError(res, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': `Bearer realm="${realm()}",service="front-door",scope="repository:${repository}:pull"` });

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const hostHeader = req.headers.host ?? '';
    const record = (status: number, bytesIn = 0) =>
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, status, bytesIn, authorization: req.headers.authorization !== undefined });

    if (hostHeader.startsWith('localhost:')) {
      // The storage origin: a signed URL, no credentials wanted.
      if (req.headers.authorization) leakedCredentials.push(`${req.method} ${url.pathname}`);
      const m = /^\/storage\/(.+)\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
      if (!m || url.searchParams.get('sig') !== 'signed') {
        record(403);
        res.writeHead(403).end();
        return;
      }
      record(200);
      proxy(req, res, upstream, `/v2/${m[1]}/blobs/${m[2]}`, () => undefined);
      return;
    }

    if (url.pathname === '/token') {
      const scope = url.searchParams.get('scope') ?? '';
      const m = /^repository:([a-z0-9._/-]+):([a-z,]+)$/.exec(scope);
      if (!m || url.searchParams.get('service') !== 'front-door') {
        record(400);
        ociError(res, 400, 'DENIED', 'bad scope or service');
        return;
      }
      const actions = m[2]!.split(',');
      const auth = req.headers.authorization;
      const basic = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : undefined;
      const password = basic?.slice(basic.indexOf(':') + 1);
      if ((basic !== undefined && password !== token) || (actions.includes('push') && password !== token)) {
        record(401);
        ociError(res, 401, 'UNAUTHORIZED', 'bad credentials');
        return;
      }
      const issuedToken = randomBytes(16).toString('hex');
      issued.set(issuedToken, { repository: m[1]!, actions });
      record(200);
      const body = JSON.stringify({ token: issuedToken, expires_in: 300 });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }

    if (url.pathname === '/v2/_catalog') {
      record(403);
      ociError(res, 403, 'DENIED', 'catalog listing is not allowed');
      return;
    }
    if (!url.pathname.startsWith('/v2/')) {
      record(404);
      res.writeHead(404).end();
      return;
    }
    const repository = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(url.pathname)?.[1] ?? '';
    const auth = req.headers.authorization;
    const grant = auth?.startsWith('Bearer ') ? issued.get(auth.slice(7)) : undefined;
    if (url.pathname === '/v2/' && grant) {
      record(200);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (!grant || (repository !== '' && grant.repository !== repository)) {
      record(401);
      challenge(res, repository || 'unknown');
      return;
    }
    const writing = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '');
    if (writing && !grant.actions.includes('push')) {
      record(403);
      ociError(res, 403, 'DENIED', 'permission_denied: write_package');
      return;
    }
    if (req.method === 'PATCH') {
      const announced = Number(req.headers['content-length'] ?? Number.NaN);
      if (!(announced <= MAX_PATCH)) {
        req.resume();
        record(416);
        ociError(res, 416, 'SIZE_INVALID', `chunks are at most ${MAX_PATCH} bytes`);
        return;
      }
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (req.method === 'GET' && blob) {
      req.resume();
      record(307);
      res.writeHead(307, { location: `http://localhost:${port}/storage/${blob[1]}/${blob[2]}?sig=signed` }).end();
      return;
    }
    proxy(req, res, upstream, url.pathname + url.search, (status, bytesIn) => record(status, bytesIn));
  };

  const server: Server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
  // The storage origin's name resolves to loopback too; it is the same server (see handler).
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    token,
    requests,
    leakedCredentials,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}

/** Forwards a request to the registry (Host kept, so its Locations name the front door) and streams the answer back. */
function proxy(req: IncomingMessage, res: ServerResponse, upstream: string, path: string, done: (status: number, bytesIn: number) => void): void {
  const headers = { ...req.headers };
  delete headers.authorization;
  let bytesIn = 0;
  req.on('data', (d: Buffer) => (bytesIn += d.length));
  const out = request(`${upstream}${path}`, { method: req.method, headers, agent: false }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
    up.on('end', () => done(up.statusCode ?? 502, bytesIn));
  });
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(out);
}
