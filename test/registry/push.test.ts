/**
 * `pydebug push` in process against the real registry behind the front door, with store entries
 * written as a build writes them: what it prints, that a second push sends no blob, that the
 * layer is the archive extractCacheArchive reads back into an entry that verifies, and interop
 * with an independent client (skopeo reads what pydebug pushed; pydebug reads what skopeo copied).
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegistryLocation, type RegistryLocation } from '../../src/config/registry.js';
import { RegistryClient } from '../../src/registry/client.js';
import { writeEntryArchive } from '../../src/registry/entry-archive.js';
import { fetchEntryArtifact, findEntryArtifacts } from '../../src/registry/pull-artifact.js';
import { extractCacheArchive } from '../../src/store/cache-archive.js';
import { Store } from '../../src/store/store.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from '../cli/project.js';
import { type FrontDoor, type Registry, registryMissing, skopeoMissing, startFrontDoor, startRegistry } from '../support/registry.js';
import { fileTempDir } from '../support/temp-dir.js';

const missing = registryMissing();
/** Async: the front door runs in this process, so a blocking exec would keep it from answering skopeo. */
const run = async (cmd: string, args: string[]) => (await promisify(execFile)(cmd, args, { encoding: 'utf8' })).stdout;

interface Pushed {
  id: string;
  tag: string;
  digest: string;
  reference: string;
  bytes_sent: number;
  layer: { digest: string; size: number; sent: number };
  config: { digest: string; size: number; sent: number };
}

function location(text: string): RegistryLocation {
  const parsed = parseRegistryLocation(text);
  if ('message' in parsed) throw new Error(parsed.message);
  return parsed;
}

describe.skipIf(missing !== undefined)('pydebug push', () => {
  let dir: string;
  let registry: Registry;
  let door: FrontDoor;
  let p: TestProject;
  let keys: Record<string, string>;
  let env: Record<string, string>;
  let first: Pushed[];

  beforeAll(async () => {
    dir = await fileTempDir('pydebug-push-');
    registry = await startRegistry(join(dir, 'registry'));
    door = await startFrontDoor(registry.origin);
    p = await makeProject();
    keys = await entryKeys(p);
    await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug');
    await fakeBuiltEntry(p.store, keys['3.13.2-trace-refs']!, '3.13.2-trace-refs');
    env = { ...p.env, PYDEBUG_REGISTRY: `${door.host}/pydebug/entries`, PYDEBUG_REGISTRY_TOKEN: door.token };
  });
  afterAll(async () => {
    await door?.close();
    await registry?.stop();
    await p?.cleanup();
  });

  const push = async (argv: string[]) => {
    const { runInProcess } = await import('../cli/in-process.js');
    return runInProcess(['push', ...argv], { cwd: p.dir, env });
  };

  it('pushes every built entry, tagged with its entry key, and prints each digest', async () => {
    const r = await push(['--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout) as Pushed[];
    expect(first.map((e) => e.id)).toEqual(['3.13.2-debug', '3.13.2-trace-refs']);
    for (const e of first) {
      expect(e.tag).toBe(keys[e.id]);
      expect(e.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(e.reference).toBe(`${door.host}/pydebug/entries@${e.digest}`);
      expect(e.layer.sent).toBe(e.layer.size);
      expect(e.bytes_sent).toBeGreaterThan(e.layer.size + e.config.size);
    }
    const tags = await new RegistryClient(location(`${door.host}/pydebug/entries`)).listTags();
    expect(tags).toEqual([keys['3.13.2-debug'], keys['3.13.2-trace-refs']].sort());
  });

  it('sends nothing again on a second push, and archives the entry the same way twice', async () => {
    const before = door.requests.length;
    const r = await push(['debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^3\\.13\\.2-debug ${first[0]!.reference} \\(already there, nothing sent, layer \\d+(\\.\\d)? (bytes|kB|MB), in \\d+\\.\\d s\\)\\n$`));
    expect(door.requests.slice(before).filter((q) => !['HEAD', 'GET'].includes(q.method))).toEqual([]);
    // The layer is reproducible: the same entry gives the same archive bytes.
    const key = keys['3.13.2-debug']!;
    const work = await p.store.makeTemp('archive');
    const a = await writeEntryArchive(p.store, key, join(work, 'a'));
    const b = await writeEntryArchive(p.store, key, join(work, 'b'));
    expect(b.digest).toBe(a.digest);
    expect(a.digest).toBe(first[0]!.layer.digest);
    await rm(work, { recursive: true });
  });

  it('pushes a layer that extracts into an entry that verifies, every file against its hash', async () => {
    const client = new RegistryClient(location(`${door.host}/pydebug/entries`));
    const key = keys['3.13.2-debug']!;
    const store = new Store(join(dir, 'other-home'));
    await store.ensureLayout();
    const work = await store.makeTemp('pull');
    const fetched = await fetchEntryArtifact(client, first[0]!.digest, key, work);
    expect(fetched.config).toMatchObject({ entry_key: key, id: '3.13.2-debug', proven: { abiflags: 'd' }, machine: { key: key.slice(`pydebug-${fetched.config.lock_key}-`.length) } });
    const staged = await extractCacheArchive(fetched.layerPath, join(work, 'entry'), key, key);
    const state = await store.readEntry(key, { at: staged, everyFile: true });
    expect(state.status).toBe('ok');
    // Pulled by tag too (an unpinned pull): the same manifest.
    expect((await fetchEntryArtifact(client, key, key, await store.makeTemp('pull'))).digest).toBe(first[0]!.digest);
    await expect(fetchEntryArtifact(client, key, keys['3.13.2-trace-refs']!, await store.makeTemp('pull'))).rejects.toThrow(/is entry .*, not /);
    // What a lock pins: per lock key, each machine's artifact and the digest its tag names.
    const lockKey = fetched.config.lock_key;
    expect(await findEntryArtifacts(client, lockKey)).toEqual([{ tag: key, machine: fetched.config.machine.key, digest: first[0]!.digest }]);
    expect(await findEntryArtifacts(client, '3.13.2-debug-ffffffffffffffff')).toEqual([]);
  });

  it.skipIf(skopeoMissing())('is read by skopeo, and pydebug reads what skopeo copied', async () => {
    const key = keys['3.13.2-trace-refs']!;
    const raw = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${door.host}/pydebug/entries:${key}`]);
    const manifest = JSON.parse(raw) as { artifactType: string; layers: Array<{ digest: string }> };
    expect(manifest.artifactType).toBe('application/vnd.pydebug.entry.v1');
    expect(manifest.layers[0]!.digest).toBe(first[1]!.layer.digest);
    const tags = JSON.parse(await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${door.host}/pydebug/entries`])) as { Tags: string[] };
    expect(tags.Tags.sort()).toEqual([keys['3.13.2-debug'], key].sort());
    await run('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--dest-creds',
      `someone:${door.token}`,
      `docker://${door.host}/pydebug/entries:${key}`,
      `docker://${door.host}/pydebug/copied:${key}`,
    ]);
    const work = join(dir, 'copied');
    await mkdir(work);
    const fetched = await fetchEntryArtifact(new RegistryClient(location(`${door.host}/pydebug/copied`)), key, key, work);
    expect(fetched.digest).toBe(first[1]!.digest);
    expect(fetched.config.entry_key).toBe(key);
  });

  it('refuses a wrong token with the registry refusal and the fix, and leaves nothing in tmp/', async () => {
    const { runInProcess } = await import('../cli/in-process.js');
    const r = await runInProcess(['push', 'valgrind'], { cwd: p.dir, env: { ...env, PYDEBUG_REGISTRY_TOKEN: 'wrong' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('3.13.2-valgrind');
    const r2 = await runInProcess(['push', 'debug'], { cwd: p.dir, env: { ...env, PYDEBUG_REGISTRY_TOKEN: 'wrong' } });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe(
      `error: ${door.host}/pydebug/entries: the token service refused pydebug/entries:pull,push (HTTP 401)\nhint: check PYDEBUG_REGISTRY_TOKEN (and PYDEBUG_REGISTRY_USER): it must be allowed to write this repository\n`,
    );
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(p.store.tmpDir)).toEqual([]);
  });
});
