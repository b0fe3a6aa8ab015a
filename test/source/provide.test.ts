/**
 * Getting sources into the store with hostile names: a file name from the lock or a config that
 * slipped past its checks must never steer a hash, a removal or a rename outside downloads/ and
 * tmp/. Real store, real files, a file:// mirror.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceSpec } from '../../src/config/project.js';
import { OutsideError } from '../../src/files/contained.js';
import type { LockedSource } from '../../src/lock/types.js';
import { lockSource, provideSourceTree, type SourceContext } from '../../src/source/provide.js';
import { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { tempDir } from '../support/temp-dir.js';

const PAYLOAD = Buffer.from('not really a tarball, but the bytes the server sends\n');
const digest = (algorithm: string) => createHash(algorithm).update(PAYLOAD).digest('hex');

let dir: string;
let ctx: SourceContext;
let victim: string;
let payloadUrl: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-provide-');
  ctx = { store: new Store(join(dir, 'home')), mirror: undefined, reporter: new SilentReporter(), projectDir: dir };
  await mkdir(join(dir, 'victim'));
  victim = join(dir, 'victim', 'backup.tar.gz');
  await writeFile(victim, "the user's own file");
  await mkdir(join(dir, 'served'));
  await writeFile(join(dir, 'served', 'Python-3.11.2.tgz'), PAYLOAD);
  payloadUrl = pathToFileURL(join(dir, 'served', 'Python-3.11.2.tgz')).href;
});
afterEach(async () => {
  releaseFifos();
});

/** downloads/<sha256>/<file> → three levels up is the directory that holds the store. */
const ESCAPING_FILE = '../../../victim/backup.tar.gz';

async function expectVictimUntouched(error: unknown) {
  expect(error).toBeInstanceOf(OutsideError);
  expect(await readFile(victim, 'utf8')).toBe("the user's own file");
  expect(await readdir(join(dir, 'victim'))).toEqual(['backup.tar.gz']);
}

describe('lockSource with a file name that escapes downloads/', () => {
  it('neither hashes, deletes nor replaces the file it names (sha256 declared)', async () => {
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: ESCAPING_FILE, sha256: digest('sha256') };
    await expectVictimUntouched(await lockSource(ctx, source, 'pydebug.yml').catch((e: unknown) => e));
  });

  it('does not write the download outside tmp/ or downloads/ (no checksum to look up first)', async () => {
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: ESCAPING_FILE, md5: digest('md5') };
    await expectVictimUntouched(await lockSource(ctx, source, 'pydebug.yml').catch((e: unknown) => e));
  });
});

describe('provideSourceTree with a locked file name that escapes downloads/', () => {
  const locked = (over: Partial<LockedSource>): LockedSource => ({
    version: '3.11.2',
    url: payloadUrl,
    file: 'Python-3.11.2.tgz',
    sha256: digest('sha256'),
    md5: digest('md5'),
    size: PAYLOAD.length,
    ...over,
  });

  it('does not replace the file the lock names', async () => {
    await expectVictimUntouched(await provideSourceTree(ctx, locked({ file: ESCAPING_FILE })).catch((e: unknown) => e));
  });

  it('does not follow a sha256 field that climbs out of downloads/', async () => {
    await expectVictimUntouched(await provideSourceTree(ctx, locked({ sha256: '../../victim', file: 'backup.tar.gz' })).catch((e: unknown) => e));
  });
});

describe('lockSource with a plain file name', () => {
  it('keeps the verified tarball in downloads/<sha256>/ and leaves tmp/ empty', async () => {
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: 'Python-3.11.2.tgz', sha256: digest('sha256') };
    const locked = await lockSource(ctx, source, 'pydebug.yml');
    expect(locked).toMatchObject({ file: 'Python-3.11.2.tgz', sha256: digest('sha256'), md5: digest('md5'), size: PAYLOAD.length });
    expect(await readFile(join(dir, 'home', 'downloads', digest('sha256'), 'Python-3.11.2.tgz'))).toEqual(PAYLOAD);
    expect(await readdir(join(dir, 'home', 'tmp'))).toEqual([]);
  });
});

describe('something other than a file where a cached download belongs', () => {
  const fifoAtCache = async () => {
    await ctx.store.ensureLayout();
    const cached = join(dir, 'home', 'downloads', digest('sha256'), 'Python-3.11.2.tgz');
    await mkdir(join(cached, '..'), { recursive: true });
    return makeFifo(cached);
  };

  it('is removed and the source downloaded again, not waited on (a FIFO, for lock)', async () => {
    const cached = await fifoAtCache();
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: 'Python-3.11.2.tgz', sha256: digest('sha256') };
    expect(await lockSource(ctx, source, 'pydebug.yml')).toMatchObject({ sha256: digest('sha256') });
    expect(await readFile(cached)).toEqual(PAYLOAD);
  }, 5_000);

  it('is removed and the source downloaded again, not waited on (a FIFO, for sync)', async () => {
    const cached = await fifoAtCache();
    const tarball = { version: '3.11.2', url: payloadUrl, file: 'Python-3.11.2.tgz', sha256: digest('sha256'), md5: digest('md5'), size: PAYLOAD.length };
    // The payload is no tarball: extraction fails, after the download was fetched again.
    await expect(provideSourceTree(ctx, tarball)).rejects.toThrow();
    expect(await readFile(cached)).toEqual(PAYLOAD);
  }, 5_000);

  it('is removed and the source downloaded again (a directory)', async () => {
    await ctx.store.ensureLayout();
    const cached = join(dir, 'home', 'downloads', digest('sha256'), 'Python-3.11.2.tgz');
    await mkdir(join(cached, 'inside'), { recursive: true });
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: 'Python-3.11.2.tgz', sha256: digest('sha256') };
    expect(await lockSource(ctx, source, 'pydebug.yml')).toMatchObject({ sha256: digest('sha256') });
    expect(await readFile(cached)).toEqual(PAYLOAD);
  });

  it('is removed, not followed (a symlink to a file outside the store)', async () => {
    await writeFile(victim, PAYLOAD);
    await ctx.store.ensureLayout();
    const cached = join(dir, 'home', 'downloads', digest('sha256'), 'Python-3.11.2.tgz');
    await mkdir(join(cached, '..'), { recursive: true });
    await symlink(victim, cached);
    const source: SourceSpec = { version: '3.11.2', url: payloadUrl, file: 'Python-3.11.2.tgz', sha256: digest('sha256') };
    await lockSource(ctx, source, 'pydebug.yml');
    expect((await lstat(cached)).isFile()).toBe(true);
    expect(await readFile(victim)).toEqual(PAYLOAD);
  });
});
