/**
 * `pydebug push` of the shared store's three real entries (the committed bundle, as a process)
 * to Debian's docker-registry behind the ghcr.io-like front door: each pushed once, in chunks
 * of at most 4 MiB; a second push archives and sends nothing; what each push cost (seconds, bytes) is printed
 * for docs/speed.md. The entries are copied out of the shared store first (push writes its
 * archive in the store's tmp/ and its verification stamps in verified/).
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRegistryLocation, type RegistryLocation } from '../../src/config/registry.js';
import { RegistryClient } from '../../src/registry/client.js';
import { fetchEntryArtifact } from '../../src/registry/pull-artifact.js';
import { extractCacheArchive } from '../../src/store/cache-archive.js';
import { Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';
import { type FrontDoor, type Registry, registryMissing, startFrontDoor, startRegistry } from '../support/registry.js';
import { SHARED_IDS } from './shared.js';

const e2e = inject('e2e');

function location(text: string): RegistryLocation {
  const parsed = parseRegistryLocation(text);
  if ('message' in parsed) throw new Error(parsed.message);
  return parsed;
}
const missing = registryMissing();

interface Pushed {
  id: string;
  tag: string;
  digest: string;
  bytes_sent: number;
  layer: { digest: string; size: number; sent: number };
  config: { size: number; sent: number };
  seconds: { archive: number; upload: number };
  unchanged: boolean;
}

describe.skipIf(missing !== undefined)('pydebug push of real entries', () => {
  let work: string;
  let registry: Registry;
  let door: FrontDoor;
  let env: Record<string, string>;
  let pushedEntries: Pushed[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(e2e.work, 'registry-'));
    registry = await startRegistry(join(work, 'registry'));
    door = await startFrontDoor(registry.origin);
    const listed = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Array<{
      id: string;
      entry_key: string;
      prefix: string;
    }>;
    const store = new Store(join(work, 'home'));
    await store.ensureLayout();
    for (const e of listed.filter((l) => SHARED_IDS.includes(l.id))) {
      // Timestamps kept: with newer sources, the interpreter would rewrite its .pyc files on first run.
      await cp(e.prefix, store.entryDir(e.entry_key), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    }
    env = cleanEnv({ PYDEBUG_HOME: store.root, PYDEBUG_REGISTRY: `${door.host}/pydebug/entries`, PYDEBUG_REGISTRY_TOKEN: door.token });
  });
  afterAll(async () => {
    await door?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('pushes the three entries, then sends nothing again', async () => {
    const t0 = Date.now();
    const first = await runCli(['push', '--json'], { cwd: e2e.projectDir, env });
    const firstSeconds = (Date.now() - t0) / 1000;
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const pushed = JSON.parse(first.stdout) as Pushed[];
    expect(pushed.map((p) => p.id).sort()).toEqual([...SHARED_IDS].sort());
    for (const p of pushed) {
      expect(p.layer.sent).toBe(p.layer.size);
      process.stderr.write(
        `[registry] ${p.id}: layer ${(p.layer.size / 1e6).toFixed(1)} MB, ${(p.bytes_sent / 1e6).toFixed(1)} MB sent, archive ${p.seconds.archive.toFixed(1)} s + upload ${p.seconds.upload.toFixed(1)} s\n`,
      );
    }
    const patches = door.requests.filter((r) => r.method === 'PATCH');
    expect(Math.max(...patches.map((r) => r.bytesIn))).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(door.requests.some((r) => r.status === 416)).toBe(false);

    const before = door.requests.length;
    const t1 = Date.now();
    const second = await runCli(['push', '--json'], { cwd: e2e.projectDir, env });
    const secondSeconds = (Date.now() - t1) / 1000;
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as Pushed[];
    for (const p of again) {
      expect(p.layer.sent).toBe(0);
      expect(p.config.sent).toBe(0);
      // Same archive bytes, same digests: the layer is reproducible.
      expect(p.digest).toBe(pushed.find((q) => q.id === p.id)!.digest);
    }
    expect(door.requests.slice(before).filter((r) => r.method === 'PATCH' || r.method === 'POST')).toEqual([]);
    process.stderr.write(`[registry] first push of 3 entries: ${firstSeconds.toFixed(1)} s; second push (nothing to send): ${secondSeconds.toFixed(1)} s\n`);
    // Every tag already names its entry's artifact: nothing archived, nothing sent, not even the manifest.
    expect(again.map((p) => [p.unchanged, p.bytes_sent])).toEqual(again.map(() => [true, 0]));
    expect(JSON.parse(await readFile(join(e2e.projectDir, 'pydebug.lock'), 'utf8')).builds).toBeDefined();
    pushedEntries = pushed;
  });

  it('fetches each pushed artifact by digest, anonymously, into entries that verify file by file', async () => {
    const client = new RegistryClient(location(`${door.host}/pydebug/entries`));
    const store = new Store(join(work, 'pulled-home'));
    await store.ensureLayout();
    const t0 = Date.now();
    for (const p of pushedEntries) {
      const key = p.tag;
      const t = Date.now();
      const tmp = await store.makeTemp('pull');
      const fetched = await fetchEntryArtifact(client, p.digest, key, tmp);
      const t1 = Date.now();
      const staged = await extractCacheArchive(fetched.layerPath, join(tmp, 'entry'), key, key);
      const t2 = Date.now();
      const state = await store.readEntry(key, { at: staged, everyFile: true });
      expect(state.status).toBe('ok');
      process.stderr.write(`[registry] ${p.id}: fetch ${((t1 - t) / 1000).toFixed(1)} s, extract ${((t2 - t1) / 1000).toFixed(1)} s, verify every file ${((Date.now() - t2) / 1000).toFixed(1)} s\n`);
    }
    process.stderr.write(`[registry] fetch + extract + verify of 3 entries: ${((Date.now() - t0) / 1000).toFixed(1)} s (no relocation, probe or install)\n`);
    expect(door.leakedCredentials).toEqual([]);
  });
});
