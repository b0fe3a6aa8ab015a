/**
 * Sigstore's public-good trusted root (Fulcio CAs, Rekor and CT log keys, each with its validity
 * period), as @sigstore/tuf embeds it to seed its TUF cache: the same bytes, bundled into
 * pydebug at build time, so verification needs no network (no TUF refresh). A newer root, or a
 * private Sigstore instance's, is given with PYDEBUG_SIGSTORE_TRUSTED_ROOT (a trusted_root.json).
 */
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import type { TrustedRootJson } from './sigstore.js';

const PUBLIC_GOOD_TUF = 'https://tuf-repo-cdn.sigstore.dev';

export function publicGoodTrustedRoot(): TrustedRootJson {
  const encoded = (seeds as Record<string, { targets: Record<string, string> }>)[PUBLIC_GOOD_TUF]?.targets['trusted_root.json'];
  if (!encoded) throw new Error('internal: @sigstore/tuf embeds no trusted_root.json for the public-good instance');
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as TrustedRootJson;
}
