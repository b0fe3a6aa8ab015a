/**
 * Checksums pydebug knows for `pydebug init <version>`, each verified against the real file
 * (python.org's, or Debian's byte-identical .orig tarball). For other releases, pass --sha256
 * or --md5 from https://www.python.org/downloads/release/python-XYZ/.
 */
import { defaultTarballUrl } from './url.js';

export interface KnownRelease {
  version: string;
  url?: string;
  md5?: string;
  sha256?: string;
}

export const KNOWN_RELEASES: KnownRelease[] = [
  {
    version: '3.13.2',
    md5: '6192ce4725d9c9fc0e8a1cd38410b417',
    sha256: 'b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9',
  },
  {
    version: '3.13.5',
    url: 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
    md5: 'dbaa8833aa736eddbb18a6a6ae0c10fa',
    sha256: '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
  },
  {
    // The Docker official image pins the same SHA-256; Debian's python3.13_3.13.15.orig.tar.xz is this file.
    version: '3.13.15',
    url: 'https://www.python.org/ftp/python/3.13.15/Python-3.13.15.tar.xz',
    md5: '213ef0026b5363353594e0cfa78174ab',
    sha256: '1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76',
  },
  {
    version: '3.11.2',
    md5: 'f6b5226ccba5ae1ca9376aaba0b0f673',
    sha256: '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
  },
];

/** The release the recipe uses; `pydebug init` without a version starts from it. */
export const DEFAULT_INIT_VERSION = '3.13.2';

export interface ChecksumConflict {
  kind: 'md5' | 'sha256';
  given: string;
  known: string;
}

/**
 * Checksums given for a release pydebug knows that differ from the ones it knows for the same
 * tarball (a checksum for another URL may rightly differ): the download would fail its check.
 */
export function knownChecksumConflicts(version: string, given: { md5?: string | undefined; sha256?: string | undefined; url?: string | undefined }): ChecksumConflict[] {
  const known = KNOWN_RELEASES.find((r) => r.version === version);
  if (!known) return [];
  if (given.url !== undefined && given.url !== (known.url ?? defaultTarballUrl(version))) return [];
  const conflicts: ChecksumConflict[] = [];
  for (const kind of ['md5', 'sha256'] as const) {
    const [mine, theirs] = [known[kind], given[kind]];
    if (mine && theirs && mine !== theirs) conflicts.push({ kind, given: theirs, known: mine });
  }
  return conflicts;
}
