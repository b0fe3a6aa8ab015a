/**
 * What `pydebug lock` (and sync) download, from hostile input: a url whose file name climbs out
 * of the store, a broken PYDEBUG_MIRROR, download knobs that are not plain numbers. In process:
 * main() with a collecting context, real files, a loopback server that stops sending.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { Interrupts } from '../../src/cli/interrupts.js';
import { main } from '../../src/cli/main.js';
import { UsageError } from '../../src/errors.js';
import { downloadSettingsFromEnv } from '../../src/source/provide.js';
import { tempDir } from '../support/temp-dir.js';

const TARBALL = Buffer.from('bytes standing in for a tarball\n');
const SHA = createHash('sha256').update(TARBALL).digest('hex');

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-download-env-');
  await mkdir(join(dir, 'project'));
  await writeFile(join(dir, 'Python-3.13.2.tgz'), TARBALL);
});

async function writeConfig(url: string) {
  await writeFile(join(dir, 'project', 'pydebug.yml'), `python:\n  - version: "3.13.2"\n    sha256: ${SHA}\n    url: ${url}\nvariants:\n  debug: {pydebug: true}\n`);
}

async function run(argv: string[], env: Record<string, string>) {
  let stderr = '';
  const ctx: CliContext = {
    cwd: join(dir, 'project'),
    env: { PYDEBUG_HOME: join(dir, 'home'), ...env },
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
    stderrIsTTY: false,
    columns: () => 80,
    interrupts: new Interrupts({ write: () => undefined }, () => undefined),
  };
  const code = await main(argv, ctx);
  return { code, stderr };
}

describe('download settings from the environment', () => {
  it('reads plain decimal numbers', () => {
    expect(downloadSettingsFromEnv({ PYDEBUG_HTTP_TIMEOUT: '0.5', PYDEBUG_RETRY_DELAY_MS: '10' })).toEqual({ idleTimeoutMs: 500, retryDelayMs: 10 });
    expect(downloadSettingsFromEnv({ PYDEBUG_HTTP_TIMEOUT: '', PYDEBUG_RETRY_DELAY_MS: undefined })).toEqual({ idleTimeoutMs: undefined, retryDelayMs: undefined });
  });

  it.each([
    ['PYDEBUG_HTTP_TIMEOUT', 'abc'],
    ['PYDEBUG_HTTP_TIMEOUT', '1e3'],
    ['PYDEBUG_HTTP_TIMEOUT', '0x10'],
    ['PYDEBUG_HTTP_TIMEOUT', ' 4'],
    ['PYDEBUG_HTTP_TIMEOUT', '-1'],
    ['PYDEBUG_HTTP_TIMEOUT', '0'],
    ['PYDEBUG_HTTP_TIMEOUT', '99999999'],
    ['PYDEBUG_RETRY_DELAY_MS', 'soon'],
    ['PYDEBUG_RETRY_DELAY_MS', 'Infinity'],
    ['PYDEBUG_RETRY_DELAY_MS', '1e9'],
    ['PYDEBUG_RETRY_DELAY_MS', '99999999999'],
  ])('refuses %s=%s with a usage error naming the variable', (name, value) => {
    let error: unknown;
    try {
      downloadSettingsFromEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`${name}=${JSON.stringify(value)}`);
    expect((error as UsageError).message).not.toContain('NaN');
    expect((error as UsageError).hint).toMatch(new RegExp(name));
  });
});

describe('lock and sync read them', () => {
  it.each([['lock'], ['sync', '--frozen']])('pydebug %s with PYDEBUG_HTTP_TIMEOUT=abc exits 2 naming the variable', async (...argv) => {
    await writeConfig(pathToFileURL(join(dir, 'Python-3.13.2.tgz')).href);
    const r = await run(argv, { PYDEBUG_HTTP_TIMEOUT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: PYDEBUG_HTTP_TIMEOUT="abc" /);
    expect(r.stderr).not.toContain('NaN');
  });

  it('pydebug lock gives up on a silent server after PYDEBUG_HTTP_TIMEOUT, retrying after PYDEBUG_RETRY_DELAY_MS', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(TARBALL.length) });
      res.write(TARBALL.subarray(0, 4));
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await writeConfig(`http://127.0.0.1:${(server.address() as AddressInfo).port}/Python-3.13.2.tgz`);
      const started = Date.now();
      const r = await run(['lock'], { PYDEBUG_HTTP_TIMEOUT: '0.2', PYDEBUG_RETRY_DELAY_MS: '10' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no data for 0.2 s/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('pydebug lock with a hostile url or mirror', () => {
  it('refuses a url whose file name climbs out of downloads/, at its line and column, writing nothing', async () => {
    await writeConfig('http://127.0.0.1:9/x/..%2F..%2F..%2Fescaped%2FPython-3.13.2.tgz');
    const r = await run(['lock'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pydebug\.yml:4:10: url gives the file name "\.\.\/\.\.\/\.\.\/escaped\/Python-3\.13\.2\.tgz", which cannot be used: it contains a path separator/);
    expect(r.stderr).toMatch(/fix: the url's last segment is the tarball's file name/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect((await readdir(dir)).sort()).toEqual(['Python-3.13.2.tgz', 'project']);
  });

  it.each(['http://127.0.0.1:9/x/Python-%zz.tgz', 'http://127.0.0.1:9/x/Python-3.13.2%00.tgz'])('gives a config error for %s, not a stack trace', async (url) => {
    await writeConfig(url);
    const r = await run(['lock'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pydebug\.yml:4:10: url /);
    expect(r.stderr).not.toMatch(/internal error|URIError| {4}at /);
  });

  it('PYDEBUG_MIRROR=file:///x/%zz is a one-line error naming the variable', async () => {
    await writeConfig('https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz');
    const r = await run(['lock'], { PYDEBUG_MIRROR: 'file:///x/%zz' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: PYDEBUG_MIRROR is not usable: "file:\/\/\/x\/%zz" has a malformed percent escape\nhint: .*\n$/);
  });
});
