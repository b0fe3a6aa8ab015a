/**
 * The Sigstore verifier with real cryptography: bundles signed in the test by @sigstore/sign
 * against @sigstore/mock's Fulcio and Rekor (on a loopback port), verified with the trusted root
 * of that mock instance by the code production runs with the public-good root.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigstoreVerificationError, verifySigstoreBundle, type BundleCheck } from '../../src/source/sigstore.js';
import { publicGoodTrustedRoot } from '../../src/source/sigstore-public-good.js';
import { startMockSigstore, type MockSigstore } from '../support/sigstore-mock.js';

const HUGO = { identity: 'hugo@python.org', issuer: 'https://github.com/login/oauth' };
const ARTIFACT = Buffer.from('a release file standing in for Python-3.14.2.tar.xz\n'.repeat(100));

let sigstore: MockSigstore;
let goodBundle: string;
beforeAll(async () => {
  sigstore = await startMockSigstore();
  goodBundle = await sigstore.sign(ARTIFACT, { email: HUGO.identity, issuer: HUGO.issuer });
});
afterAll(() => sigstore.close());

const check = (over: Partial<BundleCheck> = {}): BundleCheck => ({
  file: 'Python-3.14.2.tar.xz',
  bundleUrl: 'http://mirror/3.14.2/Python-3.14.2.tar.xz.sigstore',
  artifact: ARTIFACT,
  bundleText: goodBundle,
  expected: HUGO,
  trustedRoot: sigstore.trustedRoot,
  ...over,
});

function refusal(c: BundleCheck): SigstoreVerificationError {
  try {
    verifySigstoreBundle(c);
  } catch (e) {
    expect(e).toBeInstanceOf(SigstoreVerificationError);
    const message = (e as Error).message;
    expect(message).toContain('Sigstore verification of Python-3.14.2.tar.xz failed');
    expect(message).toContain('expected signer: hugo@python.org (issuer https://github.com/login/oauth)');
    return e as SigstoreVerificationError;
  }
  throw new Error('the bundle was accepted');
}

describe('verifySigstoreBundle', () => {
  it('accepts a bundle of the expected identity over these bytes', () => {
    expect(verifySigstoreBundle(check())).toEqual(HUGO);
  });

  it('refuses a changed byte of the file', () => {
    const changed = Buffer.from(ARTIFACT);
    changed[100] = changed[100]! ^ 1;
    expect(refusal(check({ artifact: changed })).message).toMatch(/made for another file/);
  });

  it('refuses a changed byte whose digest was rewritten in the bundle to match', () => {
    const changed = Buffer.from(ARTIFACT);
    changed[100] = changed[100]! ^ 1;
    const bundle = JSON.parse(goodBundle);
    bundle.messageSignature.messageDigest.digest = createHash('sha256').update(changed).digest('base64');
    expect(refusal(check({ artifact: changed, bundleText: JSON.stringify(bundle) })).message).toMatch(/does not verify against Sigstore's trusted root/);
  });

  it('refuses another identity, naming the one found', async () => {
    const bundle = await sigstore.sign(ARTIFACT, { email: 'mallory@example.com', issuer: HUGO.issuer });
    const e = refusal(check({ bundleText: bundle }));
    expect(e.message).toContain('signed by another identity');
    expect(e.message).toContain('found signer:    mallory@example.com (issuer https://github.com/login/oauth)');
  });

  it('refuses another issuer', async () => {
    const bundle = await sigstore.sign(ARTIFACT, { email: HUGO.identity, issuer: 'https://accounts.google.com' });
    expect(refusal(check({ bundleText: bundle })).message).toContain('found signer:    hugo@python.org (issuer https://accounts.google.com)');
  });

  it('refuses a bundle for another file', async () => {
    const bundle = await sigstore.sign(Buffer.from('another file'), { email: HUGO.identity, issuer: HUGO.issuer });
    const e = refusal(check({ bundleText: bundle }));
    expect(e.message).toMatch(/made for another file \(its SHA-256 [0-9a-f]{64}, this file's [0-9a-f]{64}\)/);
    expect(e.message).toContain('found signer:    hugo@python.org');
  });

  it('refuses a truncated bundle and garbage', () => {
    expect(refusal(check({ bundleText: goodBundle.slice(0, goodBundle.length / 2) })).message).toMatch(/not JSON/);
    expect(refusal(check({ bundleText: '\u0000garbage' })).message).toMatch(/not JSON/);
    expect(refusal(check({ bundleText: '{"mediaType": "nope"}' })).message).toMatch(/not a Sigstore bundle/);
  });

  it('refuses a good bundle against another trusted root (the public-good one)', () => {
    expect(refusal(check({ trustedRoot: publicGoodTrustedRoot() })).message).toMatch(/does not verify against Sigstore's trusted root/);
  });
});

describe("the embedded public-good root (@sigstore/tuf's seed)", () => {
  const fixture = (name: string) => readFile(new URL(`../fixtures/sigstore/${name}`, import.meta.url));
  const DEHAMER = { identity: 'brian@dehamer.com', issuer: 'https://github.com/login/oauth' };

  it("verifies a real bundle of Sigstore's public-good instance", async () => {
    const [artifact, bundle] = await Promise.all([fixture('hello-world.txt'), fixture('hello-world.v0.3.sigstore')]);
    const real = { file: 'hello-world.txt', bundleUrl: 'hello-world.v0.3.sigstore', artifact, bundleText: bundle.toString('utf8'), trustedRoot: publicGoodTrustedRoot() };
    expect(verifySigstoreBundle({ ...real, expected: DEHAMER })).toEqual(DEHAMER);
    // The same bundle is refused for python.org's release manager, naming who signed it.
    expect(() => verifySigstoreBundle({ ...real, expected: HUGO })).toThrow(/found signer: {4}brian@dehamer\.com \(issuer https:\/\/github\.com\/login\/oauth\)/);
    // And by the mock instance's root: trust comes from the root, not from the bundle.
    expect(() => verifySigstoreBundle({ ...real, expected: DEHAMER, trustedRoot: sigstore.trustedRoot })).toThrow(/does not verify against Sigstore's trusted root/);
  });
});
