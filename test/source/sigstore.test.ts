/**
 * The Sigstore verifier with real cryptography: bundles signed in the test by @sigstore/sign
 * against @sigstore/mock's Fulcio and Rekor (on a loopback port), verified with the trusted root
 * of that mock instance by the code production runs with the public-good root.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleCheck, SigstoreVerificationError, verifySigstoreBundle } from '../../src/source/sigstore.js';
import { publicGoodTrustedRoot } from '../../src/source/sigstore-public-good.js';
import { type MockSigstore, startMockSigstore } from '../support/sigstore-mock.js';

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

/**
 * What an attacker who controls the mirror or the network can send instead of python.org's bundle:
 * real bundles (signed by this test's Sigstore instance, or by one of the attacker's own), reshaped.
 */
describe('verifySigstoreBundle against a hostile bundle', () => {
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it.each([
    ['the same email in upper case', { email: 'HUGO@python.org', issuer: HUGO.issuer }],
    ['the email as a prefix of another domain', { email: 'hugo@python.org.evil.com', issuer: HUGO.issuer }],
    ['the email as a suffix of another local part', { email: 'evil.hugo@python.org', issuer: HUGO.issuer }],
    ['the email with trailing space', { email: 'hugo@python.org ', issuer: HUGO.issuer }],
    ['the issuer with a trailing slash', { email: HUGO.identity, issuer: `${HUGO.issuer}/` }],
    ['the issuer as a prefix of another host', { email: HUGO.identity, issuer: 'https://github.com/login/oauth.evil.com' }],
    ['the issuer over http', { email: HUGO.identity, issuer: 'http://github.com/login/oauth' }],
  ])('refuses a signer that only resembles the expected one: %s', async (_name, identity) => {
    const e = refusal(check({ bundleText: await sigstore.sign(ARTIFACT, identity) }));
    expect(e.message).toContain('signed by another identity');
    expect(e.message).toContain(`found signer:    ${identity.email} (issuer ${identity.issuer})`);
  });

  it('refuses a DSSE (in-toto) attestation naming the file, signed by the expected identity', async () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'Python-3.14.2.tar.xz', digest: { sha256: sha256(ARTIFACT) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {},
    };
    const bundle = await sigstore.signDsse(Buffer.from(JSON.stringify(statement)), 'application/vnd.in-toto+json', { email: HUGO.identity, issuer: HUGO.issuer });
    // The attestation itself is genuine: it verifies as a DSSE envelope with this root.
    expect(JSON.parse(bundle).dsseEnvelope).toBeDefined();
    const e = refusal(check({ bundleText: bundle }));
    expect(e.message).toContain('the bundle holds dsseEnvelope, not a signature over the file');
    expect(e.message).toContain('found signer:    hugo@python.org (issuer https://github.com/login/oauth)');
  });

  it("refuses a bundle from another Sigstore instance (the attacker's CA and logs), signed as the expected identity", async () => {
    const attacker = await startMockSigstore();
    try {
      const bundle = await attacker.sign(ARTIFACT, { email: HUGO.identity, issuer: HUGO.issuer });
      expect(verifySigstoreBundle(check({ bundleText: bundle, trustedRoot: attacker.trustedRoot }))).toEqual(HUGO);
      expect(refusal(check({ bundleText: bundle })).message).toMatch(/does not verify against Sigstore's trusted root/);

      // The attacker's leaf with its CA beside it in the bundle's chain: a chain in the bundle is
      // not trusted, and the attacker's CA has the very same name as the trusted one.
      const attackerCa = (attacker.trustedRoot.certificateAuthorities as Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>)[0]!.certChain.certificates[0]!;
      const asChain = (b: string, extra: Array<{ rawBytes: string }>) => {
        const json = JSON.parse(b);
        const [leaf] = json.verificationMaterial.x509CertificateChain.certificates;
        json.verificationMaterial.x509CertificateChain = { certificates: [leaf, ...extra] };
        return JSON.stringify(json);
      };
      expect(refusal(check({ bundleText: asChain(bundle, [attackerCa]) })).message).toMatch(/does not verify against Sigstore's trusted root/);
      // The trusted CA's own certificate appended does not help the attacker's leaf either.
      const trustedCa = (sigstore.trustedRoot.certificateAuthorities as Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>)[0]!.certChain.certificates[0]!;
      expect(refusal(check({ bundleText: asChain(bundle, [trustedCa, attackerCa]) })).message).toMatch(/does not verify against Sigstore's trusted root/);
      // A genuine leaf followed by the attacker's certificates: the extras are ignored, the leaf decides.
      expect(verifySigstoreBundle(check({ bundleText: asChain(goodBundle, [attackerCa]) }))).toEqual(HUGO);
    } finally {
      await attacker.close();
    }
  });

  it('refuses a bundle whose key is a public-key hint instead of a certificate', () => {
    const json = JSON.parse(goodBundle);
    delete json.verificationMaterial.certificate;
    json.verificationMaterial.publicKey = { hint: 'hugo' };
    expect(refusal(check({ bundleText: JSON.stringify(json) })).message).toMatch(/does not verify against Sigstore's trusted root/);
  });

  it('refuses a bundle without its message digest, or without its transparency-log entry', () => {
    const noDigest = JSON.parse(goodBundle);
    delete noDigest.messageSignature.messageDigest;
    expect(refusal(check({ bundleText: JSON.stringify(noDigest) })).message).toMatch(/not a Sigstore bundle|does not verify/);
    const noTlog = JSON.parse(goodBundle);
    noTlog.verificationMaterial.tlogEntries = [];
    expect(refusal(check({ bundleText: JSON.stringify(noTlog) })).message).toMatch(/not a Sigstore bundle|does not verify/);
  });

  it("refuses a good signature over the file whose log entry is another bundle's", async () => {
    // The signature and certificate are genuine for these bytes; the Rekor entry (signed by the
    // log) records another signature by the same identity, over another file.
    const other = JSON.parse(await sigstore.sign(Buffer.from('another file'), { email: HUGO.identity, issuer: HUGO.issuer }));
    const json = JSON.parse(goodBundle);
    json.verificationMaterial.tlogEntries = other.verificationMaterial.tlogEntries;
    expect(refusal(check({ bundleText: JSON.stringify(json) })).message).toMatch(/does not verify against Sigstore's trusted root.*(mismatch|tlog)/i);
  });
});

describe('verifySigstoreBundle against a certificate whose issuer extensions disagree', () => {
  // Fulcio writes the OIDC issuer twice (v1 1.3.6.1.4.1.57264.1.1, raw; v2 1.3.6.1.4.1.57264.1.8,
  // DER), always the same. A certificate where they differ, or one is repeated, comes only from a
  // CA that misbehaves: it proves no single issuer, so it is refused whichever one is read.
  const V1 = '1.3.6.1.4.1.57264.1.1';
  const V2 = '1.3.6.1.4.1.57264.1.8';
  const GOOGLE = 'https://accounts.google.com';
  const sign = (rewrite: (e: Array<[string, string]>) => Array<[string, string]>) => sigstore.signWithExtensions(ARTIFACT, { email: HUGO.identity, issuer: HUGO.issuer }, rewrite);
  const set = (e: Array<[string, string]>, oid: string, value: string) => e.map(([o, v]): [string, string] => [o, o === oid ? value : v]);

  it('accepts a certificate with the issuer in v1 only (certificates before v2 existed)', async () => {
    expect(verifySigstoreBundle(check({ bundleText: await sign((e) => e.filter(([o]) => o !== V2)) }))).toEqual(HUGO);
  });

  it.each([
    ['v2 the expected issuer, v1 another', (e: Array<[string, string]>) => set(e, V1, GOOGLE), /more than one OIDC issuer \(https:\/\/accounts\.google\.com, https:\/\/github\.com\/login\/oauth\)/],
    ['v1 the expected issuer, v2 another', (e: Array<[string, string]>) => set(e, V2, GOOGLE), /signed by another identity/],
    ['v2 twice, the expected issuer first', (e: Array<[string, string]>) => [...e, [V2, GOOGLE] as [string, string]], /more than one OIDC issuer/],
    ['v1 twice, the expected issuer first, no v2', (e: Array<[string, string]>) => [...e.filter(([o]) => o !== V2), [V1, GOOGLE] as [string, string]], /more than one OIDC issuer/],
  ])('refuses %s', async (_name, rewrite, why) => {
    expect(refusal(check({ bundleText: await sign(rewrite) })).message).toMatch(why);
  });
});
