/**
 * A loopback HTTP server laid out like https://www.python.org/ftp/python/<version>/<file>,
 * serving real files from a directory. Faults for the download tests come from the path:
 *   /ftp/python/...                 the file
 *   /fault/404/ftp/python/...       404
 *   /fault/500/ftp/python/...       500 every time
 *   /fault/500-once/ftp/python/...  500 on the first request of each path, then the file
 *   /fault/truncate/ftp/python/...  promises the full Content-Length, sends half, closes
 *   /fault/truncate-once/...        truncated on the first request, then the file
 *   /fault/hang/ftp/python/...      sends headers and a little data, then nothing
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface TarballServer {
  /** Base URL that replaces https://www.python.org/ftp/python (PYDEBUG_MIRROR). */
  mirror: string;
  /** Base URL with a fault injected, e.g. faultMirror('truncate'). */
  faultMirror(kind: string): string;
  origin: string;
  /** Requests seen, by path. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startTarballServer(root: string): Promise<TarballServer> {
  const requests = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const count = (requests.get(url.pathname) ?? 0) + 1;
    requests.set(url.pathname, count);
    let path = url.pathname;
    let fault = '';
    const m = /^\/fault\/([a-z0-9-]+)(\/.*)$/.exec(path);
    if (m) {
      fault = m[1]!;
      path = m[2]!;
    }
    if (!path.startsWith('/ftp/python/')) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = normalize(decodeURIComponent(path.slice('/ftp/python/'.length)));
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    const file = join(root, rel);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile() || fault === '404') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (fault === '500' || (fault === '500-once' && count === 1)) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(st.size) });
    if (fault === 'truncate' || (fault === 'truncate-once' && count === 1)) {
      createReadStream(file, { start: 0, end: Math.floor(st.size / 2) })
        .on('end', () => res.socket?.destroy())
        .pipe(res, { end: false });
      return;
    }
    if (fault === 'hang') {
      createReadStream(file, { start: 0, end: 1023 }).pipe(res, { end: false });
      return;
    }
    createReadStream(file).pipe(res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    mirror: `${origin}/ftp/python`,
    faultMirror: (kind) => `${origin}/fault/${kind}/ftp/python`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
