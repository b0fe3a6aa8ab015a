/**
 * Downloads under Node 24 (the Action's runtime): its bundled undici could throw an uncatchable
 * AssertionError when a server closes the connection after the body while the body is paused
 * under backpressure (nodejs/undici#5360), as Python's http.server does. The committed bundle's
 * `lock` runs under Node 24 against such a loopback server.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { CLI, cleanEnv } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const NODE24 = '/root/.cache/pydebug-test-node24/node_modules/.bin/node';

it.skipIf(!existsSync(NODE24))('lock downloads from a server that closes the connection after each body, under Node 24', { timeout: 120_000 }, async () => {
  const body = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31) % 253;
  const sha = createHash('sha256').update(body).digest('hex');
  const server = createServer((req, res) => {
    // No Sigstore bundle beside the file (a declared checksum makes it optional).
    if (req.url?.endsWith('.sigstore')) return void res.writeHead(404, { connection: 'close' }).end();
    res.writeHead(200, { 'content-length': String(body.length), connection: 'close' });
    res.end(body, () => res.socket?.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await tempDir('pydebug-node24-');
  try {
    await mkdir(join(dir, 'project'));
    await writeFile(join(dir, 'project', 'pydebug.yml'), `python:\n  - version: "3.13.2"\n    sha256: ${sha}\n    url: ${origin}/Python-3.13.2.tgz\nvariants:\n  debug: {pydebug: true}\n`);
    for (let run = 0; run < 12; run++) {
      const r = await execa(NODE24, [CLI, 'lock'], {
        cwd: join(dir, 'project'),
        env: cleanEnv({ PYDEBUG_HOME: join(dir, `home-${run}`), PYDEBUG_RETRY_DELAY_MS: '10' }),
        extendEnv: false,
        reject: false,
      });
      expect(r.stderr).not.toMatch(/AssertionError|internal error/);
      expect(r.exitCode, r.stderr).toBe(0);
      await rm(join(dir, 'project', 'pydebug.lock'), { force: true });
    }
  } finally {
    server.close();
  }
});
