/**
 * Moving a project from CPython 3.13.5 to the newer patch release 3.13.15: `pydebug init` knows
 * both releases' checksums, and `pydebug lock` after the version changes pins the new URL,
 * SHA-256 and entries. The real tarballs (npm test's e2e setup fetches them) are served over loopback
 * as a python.org mirror; nothing is built.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_RELEASES } from '../../src/config/releases.js';
import { parseLock } from '../../src/lock/format.js';
import { startTarballServer, type TarballServer } from '../support/tarball-server.js';
import { fileTempDir } from '../support/temp-dir.js';
import { runInProcess } from './in-process.js';

const CACHE = process.env.PYDEBUG_TEST_TARBALLS ?? join(homedir(), '.cache', 'pydebug-test-tarballs');
const OLD = { version: '3.13.5', file: 'Python-3.13.5.tar.xz' };
const NEW = { version: '3.13.15', file: 'Python-3.13.15.tar.xz' };
const provisioned = [OLD, NEW].every((t) => existsSync(join(CACHE, t.version, t.file)));

describe.skipIf(!provisioned)('a lock moved from 3.13.5 to 3.13.15 (real tarballs, fetched by the e2e setup of npm test)', () => {
  let dir: string;
  let server: TarballServer;
  beforeAll(async () => {
    dir = await fileTempDir('pydebug-patch-upgrade-');
    server = await startTarballServer(CACHE);
  });
  afterAll(async () => {
    await server.close();
  });

  const pydebug = (...argv: string[]) => runInProcess(argv, { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, PYDEBUG_HOME: join(dir, 'home'), PYDEBUG_MIRROR: server.mirror } });
  const lockFile = async () => parseLock(await readFile(join(dir, 'pydebug.lock'), 'utf8'));

  it('pins the new URL, SHA-256 and entries', async () => {
    expect((await pydebug('init', OLD.version)).code).toBe(0);
    const first = await pydebug('lock');
    expect(first.code, first.stderr).toBe(0);
    const before = await lockFile();
    expect(Object.keys(before.sources)).toEqual([OLD.version]);

    const init = await pydebug('init', NEW.version, '--force');
    expect(init.code, init.stderr).toBe(0);
    const second = await pydebug('lock');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/python 3\.13\.15 is in pydebug\.yml but not in the lock/);
    expect(second.stderr).toMatch(/python 3\.13\.5 is in the lock but no longer in pydebug\.yml/);

    const after = await lockFile();
    const known = KNOWN_RELEASES.find((r) => r.version === NEW.version)!;
    expect(after.sources).toEqual({
      [NEW.version]: {
        version: NEW.version,
        url: `https://www.python.org/ftp/python/3.13.15/${NEW.file}`,
        file: NEW.file,
        sha256: known.sha256,
        md5: known.md5,
        size: 23160540,
      },
    });
    expect(Object.keys(after.builds).sort()).toEqual(['3.13.15-debug', '3.13.15-trace-refs', '3.13.15-valgrind']);
    for (const [id, build] of Object.entries(after.builds)) {
      expect(build.source).toBe(NEW.version);
      expect(build.lock_key.startsWith(`${id}-`)).toBe(true);
      const digest = (key: string) => key.slice(-16);
      expect(digest(build.lock_key)).not.toBe(digest(before.builds[id.replace(NEW.version, OLD.version)]!.lock_key));
    }
    expect(server.requests.get(`/ftp/python/3.13.15/${NEW.file}`)).toBe(1);
    expect((await pydebug('lock', '--check')).code).toBe(0);
  });
});
