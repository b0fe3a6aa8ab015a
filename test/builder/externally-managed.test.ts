/** PEP 668's EXTERNALLY-MANAGED file of a store entry, read back by a real Python's configparser (as pip reads it). */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { externallyManagedText, writeExternallyManaged } from '../../src/builder/externally-managed.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-pep668-');
});

/** What pip shows: the Error key of [externally-managed], as configparser reads it. */
async function pipMessage(path: string): Promise<string> {
  const script = 'import configparser, sys\nc = configparser.ConfigParser(interpolation=None)\nc.read(sys.argv[1], encoding="utf-8")\nsys.stdout.write(c.get("externally-managed", "Error"))';
  return (await execa('python3', ['-c', script, path])).stdout;
}

describe('EXTERNALLY-MANAGED', () => {
  it('is an INI file whose message names the entry and points at pydebug run, line by line', async () => {
    const path = join(dir, 'EXTERNALLY-MANAGED');
    await writeFile(path, externallyManagedText('3.13.5-trace-refs', 'trace-refs'));
    const message = await pipMessage(path);
    expect(message.split('\n')).toEqual([
      "This is pydebug's store interpreter 3.13.5-trace-refs, shared by every project on this machine that uses this build,",
      'and it must stay as it was built: pydebug would find it changed and rebuild it.',
      "Install packages into your project's own environment of the variant instead:",
      'pydebug run trace-refs -- python -m pip install <package>',
      "(pydebug which --env trace-refs prints that environment's interpreter), or into a venv of your own.",
    ]);
  });

  it('goes into every stdlib directory of the prefix (a free-threaded one too), nowhere else', async () => {
    for (const d of ['python3.13', 'python3.13t', 'pkgconfig']) await mkdir(join(dir, 'lib', d), { recursive: true });
    const written = await writeExternallyManaged(dir, '3.13.5-debug', 'debug');
    expect(written).toEqual([join(dir, 'lib', 'python3.13', 'EXTERNALLY-MANAGED'), join(dir, 'lib', 'python3.13t', 'EXTERNALLY-MANAGED')]);
    expect(await readFile(written[0]!, 'utf8')).toBe(externallyManagedText('3.13.5-debug', 'debug'));
  });
});
