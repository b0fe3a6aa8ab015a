/**
 * Getting sources into the store: each tarball downloaded once (content-addressed by SHA-256,
 * verified against every known checksum before it is kept), each extracted once per store.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReleaseSourceSpec } from '../config/project.js';
import type { SigstoreIdentity } from '../config/sigstore-identities.js';
import { redactUserInfo } from '../config/url.js';
import { InterruptedError, PydebugError, UsageError } from '../errors.js';
import { assertInside, removeInside, renameInside } from '../files/contained.js';
import { exists } from '../files/exists.js';
import { isGitSource, type LockedSource, type LockedTarball } from '../lock/types.js';
import type { Env } from '../platform/index.js';
import { formatDuration, type Reporter } from '../progress.js';
import type { Store } from '../store/store.js';
import { type ChecksumSource, compareDigests, type Digests, downloadVerified, type ExpectedDigests, hashFile, NotFoundError } from './download.js';
import { extractSourceTree, tarballRelease } from './extract.js';
import { provideGitTree } from './git.js';
import { applyMirror } from './mirror.js';
import type { TrustedRootJson } from './sigstore.js';
import { provideStampedTree } from './source-stamp.js';

export interface SourceContext {
  store: Store;
  mirror: string | undefined;
  reporter: Reporter;
  signal?: AbortSignal | undefined;
  /** The directory of pydebug.yml: a git source's local repository path is relative to it. */
  projectDir: string;
  /** Test and power-user knobs (PYDEBUG_HTTP_TIMEOUT, PYDEBUG_RETRY_DELAY_MS). */
  idleTimeoutMs?: number | undefined;
  retryDelayMs?: number | undefined;
  /** PYDEBUG_HTTP_MIN_SPEED, PYDEBUG_HTTP_SPEED_TIME: the throughput floor. */
  minBytesPerSecond?: number | undefined;
  speedWindowMs?: number | undefined;
  /**
   * PYDEBUG_SIGSTORE_TRUSTED_ROOT: a trusted_root.json to verify Sigstore bundles with instead of
   * the public-good root pydebug embeds (a newer root, a private Sigstore instance, the tests').
   */
  sigstoreTrustedRoot?: string | undefined;
}

/** A positive decimal number as people write it: digits, optionally a fraction. No 1e3, 0x10, " 4". */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

interface NumberKnob {
  name: string;
  unit: string;
  /** The accepted range; bounded above because setTimeout overflows past 2^31-1 ms. */
  min: number;
  max: number;
  minExclusive: boolean;
  example: string;
}

const HTTP_TIMEOUT: NumberKnob = { name: 'PYDEBUG_HTTP_TIMEOUT', unit: 'seconds without data before a download attempt is abandoned', min: 0, max: 3600, minExclusive: true, example: '120' };
const MIN_SPEED: NumberKnob = {
  name: 'PYDEBUG_HTTP_MIN_SPEED',
  unit: 'bytes per second below which a download attempt is abandoned (0: no floor)',
  min: 0,
  max: 1e9,
  minExclusive: false,
  example: '10000',
};
const SPEED_TIME: NumberKnob = { name: 'PYDEBUG_HTTP_SPEED_TIME', unit: 'seconds over which PYDEBUG_HTTP_MIN_SPEED is measured', min: 0, max: 3600, minExclusive: true, example: '30' };
const RETRY_DELAY: NumberKnob = { name: 'PYDEBUG_RETRY_DELAY_MS', unit: 'milliseconds before the first retry of a download', min: 0, max: 600_000, minExclusive: false, example: '1000' };

function readKnob(env: Env, knob: NumberKnob): number | undefined {
  const text = env[knob.name];
  if (text === undefined || text === '') return undefined;
  const value = PLAIN_DECIMAL.test(text) ? Number(text) : Number.NaN;
  const inRange = value <= knob.max && (knob.minExclusive ? value > knob.min : value >= knob.min);
  if (!inRange) {
    const range = `${knob.minExclusive ? 'more than' : 'at least'} ${knob.min} and at most ${knob.max}`;
    throw new UsageError(`${knob.name}=${JSON.stringify(text)} is not a plain number ${range}`, {
      hint: `set ${knob.name} to ${knob.unit}, written as digits (e.g. ${knob.name}=${knob.example}), or unset it`,
    });
  }
  return value;
}

/** The download knobs of a SourceContext, from the environment: the same for lock, sync and the Action. */
export function downloadSettingsFromEnv(env: Env): Pick<SourceContext, 'idleTimeoutMs' | 'retryDelayMs' | 'minBytesPerSecond' | 'speedWindowMs' | 'sigstoreTrustedRoot'> {
  const timeoutSeconds = readKnob(env, HTTP_TIMEOUT);
  const speedSeconds = readKnob(env, SPEED_TIME);
  return {
    idleTimeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    retryDelayMs: readKnob(env, RETRY_DELAY),
    minBytesPerSecond: readKnob(env, MIN_SPEED),
    speedWindowMs: speedSeconds === undefined ? undefined : speedSeconds * 1000,
    sigstoreTrustedRoot: env.PYDEBUG_SIGSTORE_TRUSTED_ROOT || undefined,
  };
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

/**
 * downloads/<sha256>/<file>, checked to be inside downloads/ before it is hashed, replaced or
 * removed: the file name and the SHA-256 come from pydebug.yml or pydebug.lock.
 */
function cachedTarball(store: Store, sha256: string, file: string): Promise<string> {
  return assertInside(store.downloadsDir, store.downloadPath(sha256, file), 'a cached download');
}

/**
 * Whether a regular file is cached at `path`. Anything else there (a directory, a symlink) is
 * no download pydebug made: it is removed, never followed, and the source downloaded again.
 */
async function cachedFileAt(store: Store, path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => undefined);
  if (st === undefined) return false;
  if (st.isFile()) return true;
  await removeInside(store.downloadsDir, path, 'a damaged cached download');
  return false;
}

/**
 * Downloads into a fresh directory under tmp/, then moves the verified file to
 * downloads/<sha256>/<file> (the SHA-256 is known only once the bytes are in).
 */
async function downloadToCache(ctx: SourceContext, source: { version: string; url: string; file: string }, expected: ExpectedDigests, checksumSource: ChecksumSource): Promise<Digests> {
  const tmpDir = await ctx.store.makeTemp('download');
  try {
    const tmpFile = await assertInside(tmpDir, join(tmpDir, source.file), 'a download in progress');
    const digests = await download(ctx, source.version, source.url, tmpFile, expected, checksumSource);
    const dest = await cachedTarball(ctx.store, digests.sha256, source.file);
    await mkdir(dirname(dest), { recursive: true });
    await renameInside(ctx.store.root, tmpFile, dest, 'a verified download');
    return digests;
  } finally {
    await removeInside(ctx.store.tmpDir, tmpDir);
  }
}

async function download(ctx: SourceContext, label: string, url: string, dest: string, expected: ExpectedDigests, checksumSource: ChecksumSource, maxBytes?: number): Promise<Digests> {
  const from = applyMirror(url, ctx.mirror);
  const started = Date.now();
  ctx.reporter.phase(label, 'download', redactUserInfo(from === url ? url : `${url} via ${from}`));
  let lastShown = 0;
  const digests = await downloadVerified(from, dest, expected, {
    signal: ctx.signal,
    checksumSource,
    maxBytes,
    idleTimeoutMs: ctx.idleTimeoutMs,
    retryDelayMs: ctx.retryDelayMs,
    minBytesPerSecond: ctx.minBytesPerSecond,
    speedWindowMs: ctx.speedWindowMs,
    onProgress: (received, total) => {
      if (received - lastShown < 256 * 1024 && received !== total) return;
      lastShown = received;
      ctx.reporter.detail(label, total ? `${formatBytes(received)}/${formatBytes(total)}` : formatBytes(received));
    },
    onRetry: (attempt, error, delay) => ctx.reporter.warn(`${label}: download attempt ${attempt} failed (${error.message}); retrying in ${formatDuration(delay / 1000)}`),
  });
  ctx.reporter.phaseDone(label, 'download', (Date.now() - started) / 1000);
  return digests;
}

/**
 * For `pydebug lock`: download a declared source, check the declared checksums, and return
 * the facts the lock pins (URL, SHA-256, MD5, size). The tarball stays in the download cache,
 * so the following sync does not download it again.
 */
export async function lockSource(ctx: SourceContext, source: ReleaseSourceSpec, checksumSource: string): Promise<LockedTarball> {
  const digests = await fetchDeclared(ctx, source, checksumSource);
  const sigstore = await checkSigstore(ctx, source, digests);
  const pinned: LockedTarball = { version: source.version, url: source.url, file: source.file, sha256: digests.sha256, md5: digests.md5, size: digests.size };
  return sigstore ? { ...pinned, sigstore } : pinned;
}

/** The digests of the source's file, from the download cache when a declared SHA-256 finds it there, else downloaded. */
async function fetchDeclared(ctx: SourceContext, source: ReleaseSourceSpec, checksumSource: string): Promise<Digests> {
  const expected = { md5: source.md5, sha256: source.sha256 };
  if (source.sha256) {
    const cached = await cachedTarball(ctx.store, source.sha256, source.file);
    if (await cachedFileAt(ctx.store, cached)) {
      const digests = await hashFile(cached, ctx.signal);
      if (compareDigests(digests, expected).length === 0) return digests;
      await removeInside(ctx.store.downloadsDir, cached, 'a damaged cached download');
    }
  }
  await ctx.store.ensureLayout();
  return downloadToCache(ctx, source, expected, { file: checksumSource, isLock: false });
}

/** python.org's bundles are a few kB; anything past this is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

/**
 * The Sigstore check of a downloaded release file (its SHA-256 is `digests`'): its bundle
 * `<url>.sigstore` (moved onto the mirror like the file) must prove that `source.sigstore`
 * signed exactly these bytes. With a declared checksum the bundle is a second opinion: a missing
 * one (404: releases before Sigstore, mirrors that keep only tarballs) is fine, a bad one fails.
 * Without one it is the only pin: no bundle, or a bad one, fails, and the unverified file leaves
 * the download cache. Returns the identity verified, if any.
 */
async function checkSigstore(ctx: SourceContext, source: ReleaseSourceSpec, digests: Digests): Promise<SigstoreRecord | undefined> {
  const declared = Boolean(source.md5 || source.sha256);
  const expected = source.sigstore;
  if (!expected) {
    if (declared) return undefined;
    throw new Error(`internal: ${source.version} has neither a checksum nor a Sigstore identity`);
  }
  const tarball = await cachedTarball(ctx.store, digests.sha256, source.file);
  try {
    return await verifyBundleOf(ctx, source, expected, tarball, declared);
  } catch (e) {
    if (!declared) await removeInside(ctx.store.downloadsDir, tarball, 'a download whose Sigstore bundle did not verify');
    throw e;
  }
}

async function verifyBundleOf(ctx: SourceContext, source: ReleaseSourceSpec, expected: SigstoreIdentity, tarball: string, declared: boolean): Promise<SigstoreRecord | undefined> {
  const bundleUrl = `${source.url}.sigstore`;
  const shownUrl = redactUserInfo(applyMirror(bundleUrl, ctx.mirror));
  const tmpDir = await ctx.store.makeTemp('sigstore');
  try {
    const bundlePath = await assertInside(tmpDir, join(tmpDir, `${source.file}.sigstore`), 'a Sigstore bundle');
    try {
      await download(ctx, source.version, bundleUrl, bundlePath, {}, { file: 'pydebug.yml', isLock: false }, MAX_BUNDLE_BYTES);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      if (declared) {
        ctx.reporter.info(`${source.version}: no Sigstore bundle at ${shownUrl}; ${source.file} is checked by its declared checksum only`);
        return undefined;
      }
      throw new PydebugError(`cannot verify ${source.file}: no Sigstore bundle at ${shownUrl}, and pydebug.yml declares no checksum for ${source.version}`, {
        hint: `nothing was pinned. Give sha256: <64 hex digits> from https://www.python.org/downloads/release/python-${source.version.replace(/\./g, '')}/ (a mirror must serve <file>.sigstore beside <file> to verify without it)`,
      });
    }
    const started = Date.now();
    ctx.reporter.phase(source.version, 'verify', `Sigstore bundle, signer ${expected.identity}`);
    const [bundleText, artifact, { verifySigstoreBundle }, root] = await Promise.all([
      readFile(bundlePath, 'utf8'),
      readFile(tarball),
      import('./sigstore.js'),
      loadTrustedRoot(ctx.sigstoreTrustedRoot),
    ]);
    if (root.sha256) {
      ctx.reporter.warn(`${source.version}: verifying with ${root.label} (sha256 ${root.sha256}), not Sigstore's public-good root`);
    }
    const verified = verifySigstoreBundle({ file: source.file, bundleUrl: shownUrl, artifact, bundleText, expected, trustedRoot: root.json, trustedRootLabel: root.label });
    // The signer signs every release of the line: without a checksum, the file must also be this release.
    const release = declared ? source.version : await tarballRelease(tarball);
    if (release !== source.version) {
      throw new PydebugError(
        `${source.file} is signed by ${verified.identity}, but it is ${release === undefined ? 'not a CPython source tarball' : `the source of CPython ${release}`}, not ${source.version}`,
        { hint: 'nothing was pinned. The mirror or server sent another release under this name; check PYDEBUG_MIRROR / the url' },
      );
    }
    ctx.reporter.phaseDone(source.version, 'verify', (Date.now() - started) / 1000);
    ctx.reporter.info(`${source.version}: ${source.file} verified: signed by ${verified.identity} (issuer ${verified.issuer}), Sigstore`);
    return root.sha256 ? { ...verified, trustedRoot: `sha256:${root.sha256}` } : verified;
  } finally {
    await removeInside(ctx.store.tmpDir, tmpDir);
  }
}

/** Who signed a release file, and (when not the embedded public-good one) the SHA-256 of the trusted root that proved it. */
type SigstoreRecord = SigstoreIdentity & { trustedRoot?: string };

interface LoadedRoot {
  json: TrustedRootJson;
  /** For messages: "Sigstore's public-good trusted root", or the variable and its file. */
  label: string;
  /** The file's SHA-256, when the root is PYDEBUG_SIGSTORE_TRUSTED_ROOT's. */
  sha256?: string | undefined;
}

/**
 * The trusted root bundles are verified with: PYDEBUG_SIGSTORE_TRUSTED_ROOT's file, else the
 * embedded public-good root. Whoever sets the variable decides what verifies (a workflow's env: in
 * the Action too), so it is said on every use and the lock records the file's SHA-256.
 */
async function loadTrustedRoot(path: string | undefined): Promise<LoadedRoot> {
  if (path === undefined) return { json: (await import('./sigstore-public-good.js')).publicGoodTrustedRoot(), label: "Sigstore's public-good trusted root" };
  const hint = 'point PYDEBUG_SIGSTORE_TRUSTED_ROOT at a trusted_root.json (as `sigstore-python trust` or cosign use), or unset it to use the public-good root pydebug embeds';
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(`PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path} cannot be read: ${(e as Error).message}`, { hint });
  }
  try {
    const root = JSON.parse(bytes.toString('utf8')) as unknown;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new Error('not a JSON object');
    return { json: root as TrustedRootJson, label: `the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path}`, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (e) {
    throw new UsageError(`PYDEBUG_SIGSTORE_TRUSTED_ROOT=${path} is not a trusted root: ${(e as Error).message}`, { hint });
  }
}

/**
 * For `pydebug sync`: the extracted source tree of a locked source, downloading and verifying
 * the tarball against the lock (MD5, SHA-256 and size) first when needed. Extraction happens
 * once per store, under a mutex, so concurrent syncs share it.
 */
export async function provideSourceTree(ctx: SourceContext, source: LockedSource): Promise<string> {
  if (isGitSource(source)) return provideGitTree(ctx, source.ref, source);
  return provideTarballTree(ctx, source);
}

async function provideTarballTree(ctx: SourceContext, source: LockedTarball): Promise<string> {
  const tree = ctx.store.sourceTreeDir(source.version, source.sha256);
  const origin = { sha256: source.sha256 };
  const mutex = { name: `source-${source.version}-${source.sha256.slice(0, 16)}`, purpose: `preparing the source of ${source.version}`, label: source.version, waitingFor: 'preparing this source' };
  return provideStampedTree(ctx, tree, origin, mutex, async () => {
    await removeUnstampedTree(ctx, source.version, tree);
    const tarball = await cachedTarball(ctx.store, source.sha256, source.file);
    const expected = { md5: source.md5, sha256: source.sha256, size: source.size };
    if (await cachedFileAt(ctx.store, tarball)) {
      const started = Date.now();
      ctx.reporter.phase(source.version, 'verify');
      const mismatches = compareDigests(await hashFile(tarball, ctx.signal), expected);
      if (mismatches.length > 0) {
        // A damaged cached download: remove it and fetch again.
        ctx.reporter.warn(`${source.version}: the cached ${source.file} no longer matches the lock; downloading it again`);
        await removeInside(ctx.store.downloadsDir, tarball, 'a damaged cached download');
      } else {
        ctx.reporter.phaseDone(source.version, 'verify', (Date.now() - started) / 1000);
      }
    }
    if (!(await exists(tarball))) {
      const digests = await downloadToCache(ctx, source, expected, { file: 'pydebug.lock', isLock: true });
      if (source.sigstore) await reverifyLocked(ctx, source, digests);
    }
    const started = Date.now();
    ctx.reporter.phase(source.version, 'extract');
    await extractSourceTree(tarball, ctx.store.sourcesDir, tree, origin, ctx.signal);
    ctx.reporter.phaseDone(source.version, 'extract', (Date.now() - started) / 1000);
  });
}

/**
 * A lock entry that records a Sigstore verification is not taken at its word when its file is
 * downloaded: without a checksum in pydebug.yml the lock's SHA-256 is the only pin, and a hand
 * edit of pydebug.lock (or a pull request) could put another tarball's there, keeping the record.
 * The bundle must prove the recorded signer signed these bytes, and the file must be this release,
 * as when the lock was made; otherwise the download goes and nothing is extracted.
 */
async function reverifyLocked(ctx: SourceContext, source: LockedTarball, digests: Digests): Promise<void> {
  const signer = source.sigstore!;
  const spec: ReleaseSourceSpec = { version: source.version, url: source.url, file: source.file, sigstore: { identity: signer.identity, issuer: signer.issuer } };
  try {
    await checkSigstore(ctx, spec, digests);
  } catch (e) {
    if (!(e instanceof PydebugError) || e instanceof InterruptedError) throw e;
    throw new PydebugError(`pydebug.lock says ${source.file} (SHA-256 ${source.sha256}) was verified as signed by ${signer.identity} (issuer ${signer.issuer}), but: ${e.message}`, {
      hint: 'nothing was extracted or built, and the download was deleted. If pydebug.lock was edited by hand or in a change you did not make (git log -p pydebug.lock), restore it; otherwise run pydebug lock again, or give the sha256 from python.org in pydebug.yml',
    });
  }
}

/**
 * Whatever is at a source tree's place without pydebug's stamp (a tree planted there, one left by
 * an older pydebug, a link) is not built: it goes, and the tree is made again from the lock.
 */
export async function removeUnstampedTree(ctx: Pick<SourceContext, 'store' | 'reporter'>, label: string, tree: string): Promise<void> {
  if (!(await lstat(tree).catch(() => undefined))) return;
  ctx.reporter.warn(`${label}: ${tree} was not made by pydebug from the locked source (no matching stamp); making it again`);
  await removeInside(ctx.store.sourcesDir, tree, 'a source tree pydebug did not make');
}
