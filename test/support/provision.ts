/**
 * What the end-to-end tests need on the machine, got by `npm test` itself when it is missing:
 *  - the Debian packages CPython's build needs (and valgrind, clang-19 for the sanitizer tests):
 *    installed with apt-get when running as root; otherwise the e2e project is left out of the
 *    run with one line naming the `apt-get install` to run (e2eBlockedReason, read by
 *    vitest.config.ts), and the unit tests run alone;
 *  - the real CPython tarballs: from python.org where it answers, else from Debian's source
 *    packages (their .orig tarballs are byte-identical to python.org's files), each checked
 *    against python.org's SHA-256 before it is renamed into the cache directory;
 *  - Node 24 (the npm package node@24), which the Action tests run the committed bundle with.
 * Everything present is checked, not fetched again: a second run costs the hashing of the files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { debianBuildPackages, missingPackages } from '../../src/platform/index.js';

export interface TestTarball {
  version: string;
  file: string;
  sha256: string;
  /** The same bytes in Debian's archive: pool/main/p/<this>. */
  debianOrig: string;
}

/**
 * The packages the e2e tests need: CPython's build dependencies, valgrind (valgrind: true),
 * clang-19 with its sanitizer runtimes and llvm-symbolizer (sanitizers.test.ts builds TSan and
 * UBSan with it, as CPython's CI does), git (git sources), zstd and xz-utils (archives),
 * docker-registry (CNCF distribution, the real registry the push tests talk to) and skopeo (the
 * independent client that reads what pydebug pushes).
 */
export const E2E_PACKAGES = [
  ...debianBuildPackages([
    { compiler: 'gcc', valgrind: true },
    { compiler: 'clang-19', valgrind: false, sanitizers: true },
  ]),
  'git',
  'zstd',
  'xz-utils',
  'ca-certificates',
  'docker-registry',
  'skopeo',
];

export const TARBALL_CACHE = process.env.PYDEBUG_TEST_TARBALLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pydebug-test-tarballs');
export const NODE24_DIR = process.env.PYDEBUG_TEST_NODE24_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pydebug-test-node24');

export type Log = (message: string) => void;

/** The command that installs `missing`, as the user types it. */
export function aptInstallCommand(missing: string[], asRoot: boolean): string {
  const sudo = asRoot ? '' : 'sudo ';
  return `${sudo}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

/** The one line printed when the e2e tests cannot run here and npm test cannot fix that itself. */
export function e2eSkippedMessage(missing: string[]): string {
  return `[e2e] skipped: ${missing.length} package${missing.length === 1 ? '' : 's'} the end-to-end tests build with ${missing.length === 1 ? 'is' : 'are'} missing; run \`${aptInstallCommand(missing, false)}\`, then npm test again`;
}

/** dpkg-query's report on `wanted`, or null on a machine without dpkg-query. */
function dpkgStatus(wanted: string[]): string | null {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format fields, not JavaScript's
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package}\\t${Status}\\n', ...wanted], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return r.error ? null : r.stdout;
}

/**
 * Why the e2e project cannot run on this machine, or undefined when it can (all packages there,
 * or running as root, where the global setup installs them). Synchronous: vitest.config.ts
 * decides with it which projects exist; it costs one dpkg-query (about 20 ms). `status` is
 * dpkg-query's output (null: there is no dpkg-query).
 */
export function e2eBlockedReason(uid = process.getuid?.(), status = dpkgStatus(E2E_PACKAGES)): string | undefined {
  if (uid === 0) return undefined;
  if (status === null) return '[e2e] skipped: no dpkg-query on this machine; the end-to-end tests provision a Debian or Ubuntu machine (see CONTRIBUTING.md)';
  const missing = missingPackages(E2E_PACKAGES, status);
  return missing.length > 0 ? e2eSkippedMessage(missing) : undefined;
}

/** As root: installs the e2e packages dpkg does not report installed. Returns what it installed. */
export async function installE2EPackages(log: Log): Promise<string[]> {
  const status = dpkgStatus(E2E_PACKAGES);
  if (status === null) return [];
  const missing = missingPackages(E2E_PACKAGES, status);
  if (missing.length === 0) return [];
  log(`installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    try {
      execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      throw new Error(`apt-get ${args[0]} failed (its output is above); the end-to-end tests need: ${aptInstallCommand(missing, true)}`);
    }
  }
  return missing;
}

/** The SHA-256 of a file, or undefined when it cannot be read. */
export async function sha256File(path: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

/**
 * The Debian archive this machine's apt reads (the first `URIs:` of a deb822 .sources file, else
 * the first `deb` line of sources.list), never a hard-coded one: a mirror the machine is set up
 * for is the one it can reach.
 */
export function debianArchiveUri(sourcesFiles: string[]): string | undefined {
  for (const text of sourcesFiles) {
    const deb822 = /^URIs:\s*(\S+)/m.exec(text);
    if (deb822) return deb822[1]!.replace(/\/+$/, '');
    const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(text);
    if (line) return line[1]!.replace(/\/+$/, '');
  }
  return undefined;
}

async function readAptSources(): Promise<string[]> {
  const dir = '/etc/apt/sources.list.d';
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = [...names.filter((n) => n.endsWith('.sources')).map((n) => join(dir, n)), '/etc/apt/sources.list'];
  return Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
}

/** Where a tarball can come from, best first: python.org, then Debian's pool. */
export function tarballUrls(t: TestTarball, debianUri: string | undefined): string[] {
  const urls = [`https://www.python.org/ftp/python/${t.version}/${t.file}`];
  if (debianUri) urls.push(`${debianUri}/pool/main/p/${t.debianOrig}`);
  return urls;
}

/** GET with redirects; rejects on a status other than 200 or when the socket idles `idleMs`. */
function request(url: string, idleMs: number, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { timeout: idleMs }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location && redirects > 0) {
        res.resume();
        request(new URL(location, url).href, idleMs, redirects - 1).then(resolve, reject);
        return;
      }
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      res.setTimeout(idleMs, () => res.destroy(new Error(`no data for ${idleMs / 1000} s`)));
      resolve(res);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${idleMs / 1000} s`)));
    req.on('error', reject);
  });
}

/**
 * Downloads `url` to `dest` only when its bytes hash to `sha256`: it is written to a temporary
 * name beside `dest` and renamed into place after the check; on any failure (network, status,
 * hash) nothing is left behind and the error says why.
 */
export async function downloadVerified(url: string, dest: string, sha256: string, idleMs = 30_000): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.${process.pid}.part`;
  try {
    const res = await request(url, idleMs);
    const hash = createHash('sha256');
    res.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(res, createWriteStream(part));
    const got = hash.digest('hex');
    if (got !== sha256) throw new Error(`refused: sha256 ${got}, expected ${sha256}`);
    await rename(part, dest);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

/**
 * Makes `dir/<version>/<file>` the verified release for every tarball, trying each source in
 * turn. Files already there and verified are not fetched; a file that fails its check is replaced.
 */
export async function provisionTarballs(dir: string, tarballs: readonly TestTarball[], log: Log, urlsOf?: (t: TestTarball) => string[]): Promise<void> {
  const debianUri = urlsOf ? undefined : debianArchiveUri(await readAptSources());
  const sources = urlsOf ?? ((t: TestTarball) => tarballUrls(t, debianUri));
  await Promise.all(
    tarballs.map(async (t) => {
      const dest = join(dir, t.version, t.file);
      if ((await sha256File(dest)) === t.sha256) return;
      const failures: string[] = [];
      for (const url of sources(t)) {
        const start = Date.now();
        try {
          await downloadVerified(url, dest, t.sha256);
          log(`${t.file}: fetched from ${url} and verified (sha256 ${t.sha256.slice(0, 12)}…) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
          return;
        } catch (error) {
          failures.push(`${url}: ${(error as Error).message}`);
        }
      }
      throw new Error(`could not get a verified ${t.file} (sha256 ${t.sha256}) into ${dest}:\n  ${failures.join('\n  ')}`);
    }),
  );
}

/** Node 24 from the npm registry (package node@24) in `dir`, unless it is there already. */
export async function provisionNode24(dir: string, log: Log): Promise<void> {
  const node = join(dir, 'node_modules', '.bin', 'node');
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (version.stdout?.startsWith('v24.')) return;
  log(`installing Node 24 (npm package node@24) into ${dir}`);
  await mkdir(dir, { recursive: true });
  try {
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', 'node@24'], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    throw new Error(`npm install --prefix ${dir} node@24 failed (its output is above)`);
  }
}
