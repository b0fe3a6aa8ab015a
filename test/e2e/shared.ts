/** What the end-to-end tests build once and share. */

import { cp, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';

export const TARBALLS = [
  {
    version: '3.11.2',
    file: 'Python-3.11.2.tgz',
    sha256: '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
    md5: 'f6b5226ccba5ae1ca9376aaba0b0f673',
    debianOrig: 'python3.11/python3.11_3.11.2.orig.tar.gz',
  },
  {
    version: '3.13.5',
    file: 'Python-3.13.5.tar.xz',
    sha256: '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
    md5: 'dbaa8833aa736eddbb18a6a6ae0c10fa',
    debianOrig: 'python3.13/python3.13_3.13.5.orig.tar.xz',
  },
  // lock-patch-upgrade.test.ts moves a lock from 3.13.5 to this one (Debian has it in sid only).
  {
    version: '3.13.15',
    file: 'Python-3.13.15.tar.xz',
    sha256: '1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76',
    md5: '213ef0026b5363353594e0cfa78174ab',
    debianOrig: 'python3.13/python3.13_3.13.15.orig.tar.xz',
  },
] as const;

/** The recipe's three variants on a release Debian ships (python.org's 3.11.2 tarball). */
export const SHARED_PROJECT = `# yaml-language-server: $schema=../schema/pydebug.schema.json
python:
  - version: "3.11.2"
    md5: ${TARBALLS[0].md5}
variants:
  debug:
    pydebug: true
  trace-refs:
    pydebug: true
    trace_refs: true
  valgrind:
    pydebug: true
    pymalloc: false
    valgrind: true
`;

export const SHARED_IDS = ['3.11.2-debug', '3.11.2-trace-refs', '3.11.2-valgrind'];

/**
 * A scratch copy of examples/extension in a new directory under `work` (build.py writes
 * build/<version>-<variant>/ beside the sources, so each test file gets its own).
 */
export async function copyExampleExtension(work: string, prefix: string): Promise<string> {
  const ext = join(await mkdtemp(join(work, prefix)), 'extension');
  await cp(new URL('../../examples/extension/', import.meta.url).pathname, ext, { recursive: true });
  return ext;
}
