/**
 * pullEntry against Debian's docker-registry behind the ghcr.io-like front door, with entries
 * written as a build writes them (a shell script answering the probe) and pushed by the real push
 * code: an unpinned build by its tag (said to be the registry's word), a pinned one by its digest
 * whatever the tag names, and refusals (another entry's artifact under the tag, a pin the
 * registry lacks), each a warning with nothing left in the store.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRegistryLocation, type RegistryLocation } from '../../src/config/registry.js';
import { assembleLock } from '../../src/lock/resolve.js';
import type { PlannedBuild } from '../../src/plan/sync-plan.js';
import { RegistryClient } from '../../src/registry/client.js';
import { pushEntry } from '../../src/registry/push.js';
import { Store } from '../../src/store/store.js';
import { findArtifactPins } from '../../src/sync/artifact-pins.js';
import { pullEntry } from '../../src/sync/pull.js';
import { PlainReporter } from '../../src/ui/reporter.js';
import { fakeBuiltEntry } from '../cli/project.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { type FrontDoor, type Registry, registryMissing, startFrontDoor, startRegistry } from '../support/registry.js';
import { fileTempDir } from '../support/temp-dir.js';

const PROBE_ANSWER = {
  executable: 'python3',
  version: '3.13.2',
  full_version: '3.13.2',
  implementation: 'cpython',
  abiflags: 'd',
  prefix: '/x',
  soabi: null,
  ext_suffix: null,
  config_args: null,
  cc: null,
  opt: '',
  cflags: '',
  ldflags: '',
  include: null,
  config: { Py_DEBUG: 1, WITH_PYMALLOC: 1, WITH_VALGRIND: 0, Py_GIL_DISABLED: 0 },
  has_gettotalrefcount: true,
  has_getobjects: false,
  allocator: null,
  gil_enabled: true,
};
const PROBED_PYTHON = `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(PROBE_ANSWER)}\nEOF\n`;

const lock = assembleLock(projectConfig(RECIPE_YAML), { '3.13.2': lockedSource() });
const MACHINE = 'linux-x64-0000abcd';
const plannedOf = (id: string, artifacts?: Record<string, string>): PlannedBuild => {
  const build = lock.builds[id]!;
  return { id, entryKey: `pydebug-${build.lock_key}-${MACHINE}`, build: artifacts ? { ...build, artifacts } : build, source: lock.sources['3.13.2']! };
};
const DEBUG = plannedOf('3.13.2-debug');
const TRACE = plannedOf('3.13.2-trace-refs');

const missing = registryMissing();
let registry: Registry;
let door: FrontDoor;
let dir: string;
let client: RegistryClient;
const pushed: Record<string, string> = {};

async function pushFake(planned: PlannedBuild): Promise<string> {
  const source = new Store(join(dir, 'built-here'));
  await fakeBuiltEntry(source, planned.entryKey, planned.id, { interpreter: PROBED_PYTHON });
  const state = await source.readEntry(planned.entryKey, { everyFile: true });
  if (state.status !== 'ok') throw new Error(JSON.stringify(state));
  return (await pushEntry(client, source, { id: planned.id, entryKey: planned.entryKey, build: planned.build, source: planned.source, manifest: state.manifest })).digest;
}

describe.skipIf(missing !== undefined)('pullEntry from a registry', () => {
  let store: Store;
  let log: string;
  const pull = (planned: PlannedBuild) => pullEntry({ store, reporter: new PlainReporter({ write: (s: string) => (log += s) }), signal: new AbortController().signal, registry: client }, planned);

  beforeAll(async () => {
    dir = await fileTempDir('pydebug-pull-');
    registry = await startRegistry(join(dir, 'registry'));
    door = await startFrontDoor(registry.origin);
    const location = parseRegistryLocation(`${door.host}/acme/entries`) as RegistryLocation;
    client = new RegistryClient(location, { credentials: { user: 'x', token: door.token } });
    pushed.debug = await pushFake(DEBUG);
    pushed.trace = await pushFake(TRACE);
  }, 120_000);

  afterAll(async () => {
    await door?.close();
    await registry?.stop();
  });

  beforeEach(async () => {
    store = new Store(await mkdtemp(join(dir, 'other-path-')));
    await store.ensureLayout();
    log = '';
  });

  it('pulls an unpinned build by its tag into a store at another path, relocated and verified', async () => {
    const record = await pull(DEBUG);
    expect(record).toMatchObject({ digest: pushed.debug, pinned: false });
    expect(record!.relocatedFrom).toBe(join(dir, 'built-here', 'entries', DEBUG.entryKey));
    const state = await store.readEntry(DEBUG.entryKey, { everyFile: true });
    expect(state.status).toBe('ok');
    if (state.status === 'ok') expect(state.manifest.prefix).toBe(store.entryDir(DEBUG.entryKey));
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  it('pulls a pinned build by its pin when the tag was moved to another artifact, and warns', async () => {
    const moved = await client.getManifest(pushed.trace!);
    await client.putManifest(DEBUG.entryKey, moved.bytes);
    try {
      const record = await pull(plannedOf('3.13.2-debug', { [MACHINE]: pushed.debug! }));
      expect(record).toMatchObject({ digest: pushed.debug, pinned: true });
      expect(log).toContain(`the tag ${DEBUG.entryKey} now names ${pushed.trace}, not the ${pushed.debug} pydebug.lock pins: the tag is ignored`);
    } finally {
      await client.putManifest(DEBUG.entryKey, (await client.getManifest(pushed.debug!)).bytes);
    }
  });

  it("refuses another entry's artifact under the tag of an unpinned build: a warning, nothing installed", async () => {
    await client.putManifest(DEBUG.entryKey, (await client.getManifest(pushed.trace!)).bytes);
    try {
      expect(await pull(DEBUG)).toBeUndefined();
      expect(log).toContain(`3.13.2-debug: the artifact ${pushed.trace} from ${door.host}/acme/entries is not usable (the artifact is entry ${TRACE.entryKey}, not ${DEBUG.entryKey}); building it`);
      expect(await readdir(store.entriesDir)).toEqual([]);
      expect(await readdir(store.tmpDir)).toEqual([]);
    } finally {
      await client.putManifest(DEBUG.entryKey, (await client.getManifest(pushed.debug!)).bytes);
    }
  });

  it('warns and pulls nothing for a pin the registry does not have', async () => {
    const absent = `sha256:${'0'.repeat(64)}`;
    expect(await pull(plannedOf('3.13.2-debug', { [MACHINE]: absent }))).toBeUndefined();
    expect(log).toMatch(new RegExp(`the artifact ${absent} from \\S+ is not usable \\(.*no manifest ${absent}\\); building it`));
    expect(await readdir(store.entriesDir)).toEqual([]);
  });

  it('pulls nothing, silently, for a build the registry has no tag of', async () => {
    expect(await pull(plannedOf('3.13.2-valgrind'))).toBeUndefined();
    expect(log).toBe('');
  });

  it("findArtifactPins (pydebug lock) pins each build's artifact by the machine part of its tag, skipping what is not the entry its tag names", async () => {
    const warnings: string[] = [];
    // Another machine's tag of the valgrind build that holds the debug entry's artifact, and a tag that is no entry key.
    const valgrindKey = `pydebug-${lock.builds['3.13.2-valgrind']!.lock_key}-linux-arm64-0000abcd`;
    await client.putManifest(valgrindKey, (await client.getManifest(pushed.debug!)).bytes);
    await client.putManifest('latest', (await client.getManifest(pushed.debug!)).bytes);
    const pins = await findArtifactPins(client, lock, (m) => warnings.push(m));
    expect(pins).toEqual({ [DEBUG.build.lock_key]: { [MACHINE]: pushed.debug }, [TRACE.build.lock_key]: { [MACHINE]: pushed.trace } });
    expect(warnings).toEqual([`${door.host}/acme/entries:${valgrindKey} is not pinned: the artifact is entry ${DEBUG.entryKey}, not ${valgrindKey}`]);
    // The same registry content, the same pins (and so the same lock bytes).
    expect(await findArtifactPins(client, lock, () => undefined)).toEqual(pins);
  });
});
