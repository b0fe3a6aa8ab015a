/**
 * A local stand-in for the GitHub Actions cache service (v2), the one service that cannot exist
 * here. It speaks the protocol the real @actions/cache client uses, so the real client saves
 * and restores through it:
 *  - twirp JSON POST /twirp/github.actions.results.api.v1.CacheService/{CreateCacheEntry,
 *    FinalizeCacheEntryUpload, GetCacheEntryDownloadURL} (snake_case fields, camelCase accepted);
 *  - Azure Blob uploads of the archive: one PUT with x-ms-blob-type: BlockBlob, or staged
 *    blocks (?comp=block) and a block list (?comp=blocklist), each answered 201;
 *  - a plain GET of the archive (with Content-Length), as the client does for non-Azure hosts.
 * Archives are kept on disk. `mode` makes it fail like a broken service.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export type CacheServerMode = 'ok' | 'fail' | 'conflict';

export interface CacheEntryRecord {
  key: string;
  version: string;
  id: number;
  size: number;
  finalized: boolean;
}

export interface CacheServer {
  url: string;
  mode: CacheServerMode;
  entries: CacheEntryRecord[];
  calls: string[];
  /** Environment that points @actions/cache at this server. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

export async function startCacheServer(dir: string): Promise<CacheServer> {
  await mkdir(dir, { recursive: true });
  const sockets = new Set<Socket>();
  let nextId = 1;
  const blobPath = (id: number) => join(dir, `entry-${id}.bin`);

  const state: CacheServer = {
    url: '',
    mode: 'ok',
    entries: [],
    calls: [],
    env: () => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${state.url}/`,
      ACTIONS_RUNTIME_TOKEN: 'test-token',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (req.method === 'POST' && url.pathname.startsWith(SERVICE)) {
        const method = url.pathname.slice(SERVICE.length);
        state.calls.push(method);
        const data = JSON.parse((await body(req)).toString('utf8') || '{}') as Record<string, unknown>;
        if (state.mode === 'fail') {
          json(res, 500, { code: 'internal', msg: 'the cache service is down (test)' });
          return;
        }
        if (method === 'CreateCacheEntry') {
          const key = String(data.key);
          const version = String(data.version);
          if (state.mode === 'conflict' || state.entries.some((e) => e.key === key && e.version === version)) {
            json(res, 200, { ok: false, message: 'cache entry already exists' });
            return;
          }
          const id = nextId++;
          state.entries.push({ key, version, id, size: 0, finalized: false });
          json(res, 200, { ok: true, signed_upload_url: `${state.url}/devstoreaccount1/cache/entry-${id}?sig=test` });
          return;
        }
        if (method === 'FinalizeCacheEntryUpload') {
          const e = state.entries.find((x) => x.key === data.key && x.version === data.version && !x.finalized);
          if (!e) {
            json(res, 200, { ok: false, message: 'no such entry' });
            return;
          }
          e.size = (await stat(blobPath(e.id))).size;
          const declared = Number(data.size_bytes ?? data.sizeBytes);
          if (declared !== e.size) {
            json(res, 200, { ok: false, message: `size mismatch: declared ${declared}, uploaded ${e.size}` });
            return;
          }
          e.finalized = true;
          json(res, 200, { ok: true, entry_id: String(e.id) });
          return;
        }
        if (method === 'GetCacheEntryDownloadURL') {
          const version = String(data.version);
          const keys = [String(data.key), ...((data.restore_keys ?? data.restoreKeys ?? []) as string[])];
          const finalized = state.entries.filter((e) => e.finalized && e.version === version);
          let hit: CacheEntryRecord | undefined = finalized.find((e) => e.key === keys[0]);
          for (const prefix of keys.slice(1)) {
            if (hit) break;
            hit = finalized.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.id - a.id)[0];
          }
          if (!hit) {
            json(res, 200, { ok: false, signed_download_url: '', matched_key: '' });
            return;
          }
          json(res, 200, { ok: true, signed_download_url: `${state.url}/devstoreaccount1/cache/entry-${hit.id}?sig=test`, matched_key: hit.key });
          return;
        }
        json(res, 404, { code: 'bad_route', msg: method });
        return;
      }

      const blob = /^\/devstoreaccount1\/cache\/entry-(\d+)$/.exec(url.pathname);
      if (blob) {
        const id = Number(blob[1]);
        const comp = url.searchParams.get('comp');
        if (req.method === 'PUT' && comp === 'block') {
          state.calls.push('PutBlock');
          const blockId = url.searchParams.get('blockid') ?? '';
          await pipeline(req, createWriteStream(join(dir, `entry-${id}.block-${Buffer.from(blockId, 'base64').toString('hex')}`)));
          res.writeHead(201, { 'x-ms-request-id': 'test', 'x-ms-version': '2024-11-04' }).end();
          return;
        }
        if (req.method === 'PUT' && comp === 'blocklist') {
          state.calls.push('PutBlockList');
          const xml = (await body(req)).toString('utf8');
          const ids = [...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => Buffer.from(m[1]!, 'base64').toString('hex'));
          const out = createWriteStream(blobPath(id));
          for (const b of ids) {
            await pipeline(createReadStream(join(dir, `entry-${id}.block-${b}`)), out, { end: false });
            await rm(join(dir, `entry-${id}.block-${b}`), { force: true });
          }
          await new Promise<void>((r) => out.end(r));
          res.writeHead(201, { etag: '"test"', 'last-modified': new Date().toUTCString(), 'x-ms-request-id': 'test', 'x-ms-version': '2024-11-04' }).end();
          return;
        }
        if (req.method === 'PUT') {
          state.calls.push('PutBlob');
          await pipeline(req, createWriteStream(blobPath(id)));
          res.writeHead(201, { etag: '"test"', 'last-modified': new Date().toUTCString(), 'x-ms-request-id': 'test', 'x-ms-version': '2024-11-04', 'x-ms-request-server-encrypted': 'true' }).end();
          return;
        }
        if (req.method === 'GET' || req.method === 'HEAD') {
          state.calls.push('GetBlob');
          const st = await stat(blobPath(id)).catch(() => undefined);
          if (!st) {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, { 'content-length': String(st.size), 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' });
          if (req.method === 'HEAD') res.end();
          else await pipeline(createReadStream(blobPath(id)), res);
          return;
        }
      }
      res.writeHead(404).end();
    } catch (error) {
      if (!res.headersSent) json(res, 500, { msg: (error as Error).message });
      else res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
