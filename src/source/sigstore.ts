/**
 * Verifying a python.org release file against its Sigstore bundle (`<file>.sigstore`), offline:
 * the certificate must chain to a Fulcio CA of the trusted root, its SCT must come from a CT log
 * of the root, the Rekor entry's signed timestamp from a transparency log of the root, the
 * signature must be over these very bytes, and the certificate must name the expected identity
 * (the release manager's email) and OIDC issuer. Nothing is fetched: the trusted root is a
 * parameter (production passes Sigstore's public-good root, sigstore-public-good.ts; the tests a
 * root of their own mock instance), and the bundle and file were downloaded before.
 *
 * Loaded only when a bundle is verified (the Sigstore libraries are most of this chunk).
 */
import { createHash } from 'node:crypto';
import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import type { SigstoreIdentity } from '../config/sigstore-identities.js';
import { PydebugError } from '../errors.js';

/** A trusted_root.json as parsed JSON (application/vnd.dev.sigstore.trustedroot+json). */
export type TrustedRootJson = Record<string, unknown>;

/** A bundle that does not prove the file was signed by the expected identity. */
export class SigstoreVerificationError extends PydebugError {}

/** Fulcio's OIDC issuer extensions: the DER-encoded one (v2), and the raw string (v1). */
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';

export interface BundleCheck {
  /** The file's name, for messages ("Python-3.14.2.tar.xz"). */
  file: string;
  /** Where the bundle came from, for messages. */
  bundleUrl: string;
  artifact: Buffer;
  bundleText: string;
  expected: SigstoreIdentity;
  trustedRoot: TrustedRootJson;
  /** What the root is, for messages (default: "Sigstore's trusted root"). */
  trustedRootLabel?: string | undefined;
}

const describeIdentity = (i: { identity?: string | undefined; issuer?: string | undefined }) => `${i.identity ?? '(no identity)'} (issuer ${i.issuer ?? '(none)'})`;

/** The bundle's leaf certificate (the one the verifier checks), as DER. */
function leafDer(bundle: Bundle): Uint8Array | undefined {
  const content = bundle.verificationMaterial.content;
  return content.$case === 'certificate' ? content.certificate.rawBytes : content.$case === 'x509CertificateChain' ? content.x509CertificateChain.certificates[0]?.rawBytes : undefined;
}

/**
 * Every OIDC issuer a certificate states: each v1 and each v2 extension, in order. The verifier
 * reads one (v2 when present, else v1); Fulcio writes both, the same. Any other pattern proves no
 * single issuer.
 */
function statedIssuers(cert: X509Certificate): string[] {
  const issuers: string[] = [];
  for (const ext of cert.extensions) {
    const oid = ext.subs[0]?.toOID();
    const value = ext.subs[ext.subs.length - 1];
    if (oid === OID_ISSUER_V1) issuers.push(value?.value.toString('ascii') ?? '');
    if (oid === OID_ISSUER_V2) issuers.push(value?.subs?.[0]?.value.toString('ascii') ?? '');
  }
  return issuers;
}

/** The identity a bundle's leaf certificate names, read without trusting it (for messages). */
function claimedIdentity(bundle: Bundle): { identity?: string | undefined; issuer?: string | undefined } | undefined {
  const der = leafDer(bundle);
  if (!der) return undefined;
  try {
    const cert = X509Certificate.parse(Buffer.from(der));
    const v2 = cert.extension(OID_ISSUER_V2);
    const issuer = v2 ? v2.valueObj.subs?.[0]?.value.toString('ascii') : cert.extension(OID_ISSUER_V1)?.value.toString('ascii');
    return { identity: cert.subjectAltName, issuer };
  } catch {
    return undefined;
  }
}

/**
 * Verifies the bundle over the artifact and returns the identity it proves (the expected one);
 * throws SigstoreVerificationError naming the file, the expected and the found identity.
 */
export function verifySigstoreBundle(check: BundleCheck): SigstoreIdentity {
  const expected = describeIdentity(check.expected);
  const fail = (why: string, found?: string) =>
    new SigstoreVerificationError(
      `Sigstore verification of ${check.file} failed: ${why}\n  expected signer: ${expected}${found ? `\n  found signer:    ${found}` : ''}\n  bundle: ${check.bundleUrl}`,
      {
        hint: 'nothing was pinned. The mirror or server sent another file or bundle; check PYDEBUG_MIRROR / the url. If the release is signed by another identity, declare it (sigstore: {identity, issuer}) or give its sha256 from python.org',
      },
    );
  let json: unknown;
  try {
    json = JSON.parse(check.bundleText);
  } catch (e) {
    throw fail(`the bundle is not JSON (${(e as Error).message})`);
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (e) {
    throw fail(`the bundle is not a Sigstore bundle (${(e as Error).message})`);
  }
  const claimed = claimedIdentity(bundle);
  const found = claimed ? describeIdentity(claimed) : undefined;
  if (bundle.content.$case !== 'messageSignature') throw fail(`the bundle holds ${bundle.content.$case}, not a signature over the file`, found);
  const digest = bundle.content.messageSignature.messageDigest;
  if (digest) {
    const actual = createHash('sha256').update(check.artifact).digest();
    if (!actual.equals(Buffer.from(digest.digest))) {
      throw fail(`the bundle was made for another file (its SHA-256 ${Buffer.from(digest.digest).toString('hex')}, this file's ${actual.toString('hex')})`, found);
    }
  }
  let signer: ReturnType<Verifier['verify']>;
  try {
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(check.trustedRoot)), { tlogThreshold: 1, ctlogThreshold: 1 });
    signer = verifier.verify(toSignedEntity(bundle, check.artifact));
  } catch (e) {
    throw fail(`the bundle does not verify against ${check.trustedRootLabel ?? "Sigstore's trusted root"} (${(e as Error).message})`, found);
  }
  const proven = { identity: signer.identity?.subjectAlternativeName, issuer: signer.identity?.extensions?.issuer };
  if (proven.identity !== check.expected.identity || proven.issuer !== check.expected.issuer) {
    throw fail('signed by another identity', describeIdentity(proven));
  }
  // The verified leaf is the bundle's: it parsed once already, in the verifier.
  const issuers = statedIssuers(X509Certificate.parse(Buffer.from(leafDer(bundle)!)));
  if (issuers.some((i) => i !== proven.issuer)) {
    throw fail(`the certificate states more than one OIDC issuer (${issuers.join(', ')}), which no Fulcio CA issues`, describeIdentity(proven));
  }
  return { identity: check.expected.identity, issuer: check.expected.issuer };
}
