/**
 * Who signs python.org's release files with Sigstore, per version line (PEP 761 and
 * https://www.python.org/downloads/metadata/sigstore/): the release manager's email and the OIDC
 * issuer of their login. A release whose checksum pydebug.yml does not declare is pinned only
 * after its `<file>.sigstore` bundle proves this identity signed it. Pure.
 */

export interface SigstoreIdentity {
  /** The certificate's subject alternative name: the signer's email. */
  identity: string;
  /** The OIDC issuer Fulcio recorded for the login. */
  issuer: string;
}

const GOOGLE = 'https://accounts.google.com';
const GITHUB = 'https://github.com/login/oauth';

/** major.minor -> the release manager's identity. */
export const RELEASE_MANAGERS: Readonly<Record<string, SigstoreIdentity>> = {
  '3.10': { identity: 'pablogsal@python.org', issuer: GOOGLE },
  '3.11': { identity: 'pablogsal@python.org', issuer: GOOGLE },
  '3.12': { identity: 'thomas@python.org', issuer: GOOGLE },
  '3.13': { identity: 'thomas@python.org', issuer: GOOGLE },
  '3.14': { identity: 'hugo@python.org', issuer: GITHUB },
  '3.15': { identity: 'hugo@python.org', issuer: GITHUB },
};

/** The identity that signs releases of `version`'s line (3.14.2 -> hugo@python.org), if pydebug knows it. */
export function releaseManagerIdentity(version: string): SigstoreIdentity | undefined {
  const line = /^(\d+\.\d+)\./.exec(version)?.[1];
  return line === undefined ? undefined : RELEASE_MANAGERS[line];
}
