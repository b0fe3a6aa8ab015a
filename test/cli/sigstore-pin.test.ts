/**
 * `pydebug init <version>` and `pydebug lock` of a release without a declared checksum: the file
 * and its <file>.sigstore come from a loopback mirror, the bundle is verified (real cryptography:
 * signed in the test against @sigstore/mock's Fulcio and Rekor, whose trusted root the run gets
 * through PYDEBUG_SIGSTORE_TRUSTED_ROOT) and only then is the SHA-256 pinned. Every bad bundle is
 * refused with the file, the expected and the found signer, and nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockedTarball } from '../../src/lock/types.js';
import { provideSourceTree, type SourceContext } from '../../src/source/provide.js';
import { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { type MockSigstore, startMockSigstore } from '../support/sigstore-mock.js';
import { startTarballServer, type TarballServer } from '../support/tarball-server.js';
import { fileTempDir } from '../support/temp-dir.js';
import { runInProcess } from './in-process.js';

const HUGO = { email: 'hugo@python.org', issuer: 'https://github.com/login/oauth' };
const FILE = 'Python-3.14.2.tgz';

let dir: string;
let sigstore: MockSigstore;
let server: TarballServer;
let tarball: Buffer;
let sha: string;

/** A mirror of its own (<root>/<name>/3.14.2/...) serving `file` and, unless null, `bundle` beside it. */
async function mirror(name: string, file: Buffer, bundle: string | null): Promise<string> {
  const release = join(dir, 'mirror', name, '3.14.2');
  await mkdir(release, { recursive: true });
  await writeFile(join(release, FILE), file);
  if (bundle !== null) await writeFile(join(release, `${FILE}.sigstore`), bundle);
  return `${server.mirror}/${name}`;
}

beforeAll(async () => {
  dir = await fileTempDir('pydebug-sigstore-');
  // A small real source tarball: what the store extracts later is a tree with CPython's layout.
  const src = join(dir, 'src', 'Python-3.14.2');
  await mkdir(join(src, 'Include'), { recursive: true });
  await writeFile(join(src, 'Include', 'patchlevel.h'), '#define PY_VERSION "3.14.2"\n');
  await writeFile(join(src, 'configure'), '#!/bin/sh\n');
  execFileSync('tar', ['-czf', join(dir, FILE), '-C', join(dir, 'src'), 'Python-3.14.2']);
  tarball = await readFile(join(dir, FILE));
  sha = createHash('sha256').update(tarball).digest('hex');
  sigstore = await startMockSigstore();
  await writeFile(join(dir, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
  server = await startTarballServer(join(dir, 'mirror'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await sigstore?.close();
});

async function project(name: string): Promise<string> {
  const p = join(dir, 'projects', name);
  await mkdir(p, { recursive: true });
  return p;
}

const run = (cwd: string, argv: string[], mirrorUrl: string) =>
  runInProcess(argv, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: dir, PYDEBUG_HOME: join(cwd, '.home'), PYDEBUG_MIRROR: mirrorUrl, PYDEBUG_SIGSTORE_TRUSTED_ROOT: join(dir, 'trusted_root.json') },
  });

/** The files in the project's download cache (a verified tarball stays for `lock`; a refused one goes). */
async function cachedDownloads(cwd: string): Promise<string[]> {
  const downloads = join(cwd, '.home', 'downloads');
  if (!existsSync(downloads)) return [];
  const out: string[] = [];
  for (const d of await readdir(downloads)) out.push(...(await readdir(join(downloads, d))).map((f) => `${d}/${f}`));
  return out;
}

describe('init of a release whose checksum pydebug does not know', () => {
  it('writes the SHA-256 only after the bundle proves the release manager signed the file, and lock reuses the download', async () => {
    const url = await mirror('good', tarball, await sigstore.sign(tarball, HUGO));
    const cwd = await project('good');
    const r = await run(cwd, ['init', '3.14.2'], url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`3.14.2: ${FILE} verified: signed by hugo@python.org (issuer https://github.com/login/oauth), Sigstore`);
    const config = await readFile(join(cwd, 'pydebug.yml'), 'utf8');
    expect(config).toContain(`    sha256: "${sha}"`);
    expect(config).toContain('# pinned by pydebug init after the Sigstore bundle proved hugo@python.org (https://github.com/login/oauth) signed the file');
    expect(config).toMatch(/signed the file, against the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT named \(sha256:[0-9a-f]{64}\)\n/);
    expect(await cachedDownloads(cwd)).toEqual([`${sha}/${FILE}`]);

    const lock = await run(cwd, ['lock'], url);
    expect(lock.code, lock.stderr).toBe(0);
    const locked = JSON.parse(await readFile(join(cwd, 'pydebug.lock'), 'utf8'));
    expect(locked.sources['3.14.2']).toMatchObject({ sha256: sha, sigstore: { identity: 'hugo@python.org', issuer: 'https://github.com/login/oauth' } });
    expect(server.requests.get(`/ftp/python/good/3.14.2/${FILE}`)).toBe(1);
  });

  const changed = () => {
    const c = Buffer.from(tarball);
    c[c.length - 10] = c[c.length - 10]! ^ 1;
    return c;
  };
  const cases: Array<[string, () => Promise<[Buffer, string]>, RegExp, string | undefined]> = [
    ['a changed byte of the file', async () => [changed(), await sigstore.sign(tarball, HUGO)], /made for another file/, 'hugo@python.org (issuer https://github.com/login/oauth)'],
    [
      'another identity',
      async () => [tarball, await sigstore.sign(tarball, { ...HUGO, email: 'mallory@example.com' })],
      /signed by another identity/,
      'mallory@example.com (issuer https://github.com/login/oauth)',
    ],
    [
      'another issuer',
      async () => [tarball, await sigstore.sign(tarball, { ...HUGO, issuer: 'https://accounts.google.com' })],
      /signed by another identity/,
      'hugo@python.org (issuer https://accounts.google.com)',
    ],
    [
      'a bundle for another file',
      async () => [tarball, await sigstore.sign(Buffer.from('Python-3.14.1.tgz'), HUGO)],
      /made for another file/,
      'hugo@python.org (issuer https://github.com/login/oauth)',
    ],
    ['a truncated bundle', async () => [tarball, (await sigstore.sign(tarball, HUGO)).slice(0, 700)], /the bundle is not JSON/, undefined],
    ['garbage', async () => [tarball, '<html>404 but with status 200</html>'], /the bundle is not JSON/, undefined],
  ];
  it.each(cases)('refuses %s: nothing written, nothing kept', async (name, make, why, found) => {
    const slug = name.replace(/\W+/g, '-');
    const [file, bundle] = await make();
    const url = await mirror(slug, file, bundle);
    const cwd = await project(`init-${slug}`);
    const r = await run(cwd, ['init', '3.14.2'], url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Sigstore verification of ${FILE} failed`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain('expected signer: hugo@python.org (issuer https://github.com/login/oauth)');
    if (found) expect(r.stderr).toContain(`found signer:    ${found}`);
    expect(r.stderr).toContain(`bundle: ${url}/3.14.2/${FILE}.sigstore`);
    expect(r.stderr).toMatch(/hint: nothing was pinned/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'pydebug.yml'))).toBe(false);
    expect(await cachedDownloads(cwd)).toEqual([]);
  });

  it("refuses another release's genuine file and bundle served under this release's name", async () => {
    const src = join(dir, 'src-3.14.0');
    await mkdir(join(src, 'Python-3.14.0'), { recursive: true });
    await writeFile(join(src, 'Python-3.14.0', 'configure'), '#!/bin/sh\n');
    execFileSync('tar', ['-czf', join(dir, 'Python-3.14.0.tgz'), '-C', src, 'Python-3.14.0']);
    const older = await readFile(join(dir, 'Python-3.14.0.tgz'));
    const url = await mirror('older-release', older, await sigstore.sign(older, HUGO));
    const cwd = await project('older-release');
    const r = await run(cwd, ['init', '3.14.2'], url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`error: ${FILE} is signed by hugo@python.org, but it is the source of CPython 3.14.0, not 3.14.2`);
    expect(existsSync(join(cwd, 'pydebug.yml'))).toBe(false);
    expect(await cachedDownloads(cwd)).toEqual([]);
  });

  it('refuses an existing pydebug.yml, or a link in its place, before downloading anything', async () => {
    const url = await mirror('existing', tarball, await sigstore.sign(tarball, HUGO));
    const cwd = await project('existing');
    await writeFile(join(dir, 'elsewhere.yml'), 'keep\n');
    for (const [make, message] of [
      [() => writeFile(join(cwd, 'pydebug.yml'), 'mine\n'), 'error: pydebug.yml already exists'],
      [() => symlink(join(dir, 'elsewhere.yml'), join(cwd, 'pydebug.yml')), 'error: pydebug.yml is a symbolic link'],
      [() => symlink(join(dir, 'nowhere.yml'), join(cwd, 'pydebug.yml')), 'error: pydebug.yml is a symbolic link'],
    ] as const) {
      await rm(join(cwd, 'pydebug.yml'), { force: true });
      await make();
      const r = await run(cwd, ['init', '3.14.2'], url);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(server.requests.get(`/ftp/python/existing/3.14.2/${FILE}`)).toBeUndefined();
    expect(await readFile(join(dir, 'elsewhere.yml'), 'utf8')).toBe('keep\n');
    expect(existsSync(join(dir, 'nowhere.yml'))).toBe(false);
  });

  it('refuses a release without a bundle', async () => {
    const url = await mirror('no-bundle', tarball, null);
    const cwd = await project('no-bundle');
    const r = await run(cwd, ['init', '3.14.2'], url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`cannot verify ${FILE}: no Sigstore bundle at ${url}/3.14.2/${FILE}.sigstore`);
    expect(existsSync(join(cwd, 'pydebug.yml'))).toBe(false);
  });

  it('refuses a version line whose signer it does not know, before any download', async () => {
    const cwd = await project('unknown-line');
    const before = [...server.requests.values()].reduce((a, b) => a + b, 0);
    const r = await run(cwd, ['init', '3.9.18'], server.mirror);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pydebug knows neither the checksum of CPython 3.9.18 nor who signs 3.9 releases with Sigstore');
    expect(r.stderr).toMatch(/hint: pass --sha256 <hex> .*sigstore: \{identity: <email>, issuer: <OIDC issuer URL>\}/);
    expect([...server.requests.values()].reduce((a, b) => a + b, 0)).toBe(before);
  });
});

describe('lock of a release', () => {
  async function lockWith(name: string, release: string, url: string) {
    const cwd = await project(`lock-${name}`);
    await writeFile(join(cwd, 'pydebug.yml'), `python:\n  - version: "3.14.2"\n${release}variants:\n  debug: {pydebug: true}\n`);
    const r = await run(cwd, ['lock'], url);
    const lockText = existsSync(join(cwd, 'pydebug.lock')) ? await readFile(join(cwd, 'pydebug.lock'), 'utf8') : undefined;
    return { ...r, lock: lockText === undefined ? undefined : JSON.parse(lockText) };
  }

  it('without a checksum: pins after verification and records the identity', async () => {
    const url = await mirror('lock-good', tarball, await sigstore.sign(tarball, HUGO));
    const r = await lockWith('good', '', url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lock.sources['3.14.2']).toEqual({
      version: '3.14.2',
      url: `https://www.python.org/ftp/python/3.14.2/${FILE}`,
      file: FILE,
      sha256: sha,
      md5: createHash('md5').update(tarball).digest('hex'),
      size: tarball.length,
      sigstore: { identity: 'hugo@python.org', issuer: 'https://github.com/login/oauth', trustedRoot: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    });
    // The verified pin stands: locking again downloads nothing, and --check agrees.
    const again = await run(join(dir, 'projects', 'lock-good'), ['lock'], url);
    expect([again.code, again.stderr]).toEqual([0, 'pydebug.lock is up to date\n']);
    expect((await run(join(dir, 'projects', 'lock-good'), ['lock', '--check'], url)).code).toBe(0);
    expect(server.requests.get(`/ftp/python/lock-good/3.14.2/${FILE}`)).toBe(1);
    expect(server.requests.get(`/ftp/python/lock-good/3.14.2/${FILE}.sigstore`)).toBe(1);
  });

  it('a trusted root other than the embedded one is said, and recorded in the lock by its SHA-256', async () => {
    // Every run here trusts the mock instance's root through PYDEBUG_SIGSTORE_TRUSTED_ROOT: whoever
    // sets that variable (a workflow's env: in the Action too) decides what verifies.
    const rootFile = join(dir, 'trusted_root.json');
    const rootSha = createHash('sha256')
      .update(await readFile(rootFile))
      .digest('hex');
    const url = await mirror('lock-root', tarball, await sigstore.sign(tarball, HUGO));
    const r = await lockWith('root', '', url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`] warning: 3.14.2: verifying with the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT=${rootFile} (sha256 ${rootSha}), not Sigstore's public-good root`);
    expect(r.lock.sources['3.14.2'].sigstore).toEqual({ identity: 'hugo@python.org', issuer: 'https://github.com/login/oauth', trustedRoot: `sha256:${rootSha}` });
    // A refusal names the root it was checked against.
    const other = await startMockSigstore();
    try {
      const foreign = await mirror('lock-root-foreign', tarball, await other.sign(tarball, HUGO));
      const bad = await lockWith('root-foreign', '', foreign);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain(`does not verify against the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT=${rootFile}`);
    } finally {
      await other.close();
    }
  });

  it('without a checksum: a bad bundle writes no lock', async () => {
    const url = await mirror('lock-mallory', tarball, await sigstore.sign(tarball, { ...HUGO, email: 'mallory@example.com' }));
    const r = await lockWith('mallory', '', url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('found signer:    mallory@example.com');
    expect(r.lock).toBeUndefined();
  });

  it('a declared identity replaces the release manager', async () => {
    const url = await mirror('lock-declared', tarball, await sigstore.sign(tarball, { email: 'ci@example.org', issuer: 'https://token.actions.githubusercontent.com' }));
    const r = await lockWith('declared', '    sigstore: {identity: ci@example.org, issuer: "https://token.actions.githubusercontent.com"}\n', url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lock.sources['3.14.2'].sigstore).toMatchObject({ identity: 'ci@example.org', issuer: 'https://token.actions.githubusercontent.com' });
  });

  it('with a checksum: a bundle that exists is checked too, and a mismatch fails', async () => {
    const url = await mirror('lock-checksum-mallory', tarball, await sigstore.sign(tarball, { ...HUGO, email: 'mallory@example.com' }));
    const r = await lockWith('checksum-mallory', `    sha256: ${sha}\n`, url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('signed by another identity');
    expect(r.lock).toBeUndefined();
    // sigstore: false turns the check off: the checksum alone pins the file.
    const off = await lockWith('checksum-off', `    sha256: ${sha}\n    sigstore: false\n`, url);
    expect(off.code, off.stderr).toBe(0);
    expect(off.lock.sources['3.14.2'].sigstore).toBeUndefined();
  });

  it('with a checksum: no bundle (404) is fine, and the lock records no verification', async () => {
    const url = await mirror('lock-checksum-none', tarball, null);
    const r = await lockWith('checksum-none', `    sha256: ${sha}\n`, url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`no Sigstore bundle at ${url}/3.14.2/${FILE}.sigstore; ${FILE} is checked by its declared checksum only`);
    expect(r.lock.sources['3.14.2'].sha256).toBe(sha);
    expect(r.lock.sources['3.14.2'].sigstore).toBeUndefined();
  });
});

describe('sync of a lock whose Sigstore-pinned checksum was edited by hand', () => {
  // pydebug.yml declares no checksum, so the lock's SHA-256 is the only pin, and its
  // `sigstore` record says who vouched for it. An attacker who can change pydebug.lock (a pull
  // request) and what the mirror serves puts another tarball's checksum there, keeping the record.
  async function evilTarball(): Promise<Buffer> {
    const src = join(dir, 'src-evil', 'Python-3.14.2');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'configure'), '#!/bin/sh\necho pwned\n');
    execFileSync('tar', ['-czf', join(dir, 'evil.tgz'), '-C', join(dir, 'src-evil'), 'Python-3.14.2']);
    return readFile(join(dir, 'evil.tgz'));
  }
  const sourceCtx = (cwd: string, mirrorUrl: string): SourceContext => ({
    store: new Store(join(cwd, '.home-sync')),
    mirror: mirrorUrl,
    reporter: new SilentReporter(),
    projectDir: cwd,
    retryDelayMs: 0,
    sigstoreTrustedRoot: join(dir, 'trusted_root.json'),
  });

  it('downloads the file again only with its bundle verifying again, and refuses the edited one', async () => {
    const url = await mirror('edited', tarball, await sigstore.sign(tarball, HUGO));
    const cwd = await project('edited');
    await writeFile(join(cwd, 'pydebug.yml'), 'python:\n  - version: "3.14.2"\nvariants:\n  debug: {pydebug: true}\n');
    expect((await run(cwd, ['lock'], url)).code).toBe(0);
    const genuine = JSON.parse(await readFile(join(cwd, 'pydebug.lock'), 'utf8')).sources['3.14.2'] as LockedTarball;

    // The genuine entry on a new store: downloaded, its bundle verified again, extracted.
    const good = sourceCtx(cwd, url);
    const tree = await provideSourceTree(good, genuine);
    expect(await readFile(join(tree, 'configure'), 'utf8')).toBe('#!/bin/sh\n');
    expect(server.requests.get(`/ftp/python/edited/3.14.2/${FILE}.sigstore`)).toBe(2);

    const evil = await evilTarball();
    const evilUrl = await mirror('edited-evil', evil, await readFile(join(dir, 'mirror', 'edited', '3.14.2', `${FILE}.sigstore`), 'utf8'));
    const edited: LockedTarball = {
      ...genuine,
      sha256: createHash('sha256').update(evil).digest('hex'),
      md5: createHash('md5').update(evil).digest('hex'),
      size: evil.length,
    };
    const bad = sourceCtx(await project('edited-evil'), evilUrl);
    const error = (await provideSourceTree(bad, edited).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`pydebug.lock says ${FILE} (SHA-256 ${edited.sha256}) was verified as signed by hugo@python.org (issuer https://github.com/login/oauth)`);
    expect(error.message).toMatch(/made for another file/);
    expect(existsSync(bad.store.sourceTreeDir('3.14.2', edited.sha256))).toBe(false);
    const kept = await Promise.all((await readdir(bad.store.downloadsDir)).map((d) => readdir(join(bad.store.downloadsDir, d))));
    expect(kept.flat()).toEqual([]);
  });
});
