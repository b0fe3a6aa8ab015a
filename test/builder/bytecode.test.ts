/**
 * compileMissingBytecode with a real interpreter (the machine's python3) on a staged prefix:
 * only modules without bytecode are compiled, checked-hash, at the three optimization levels
 * `make install` compiles, with the final prefix's paths in them.
 */

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileMissingBytecode } from '../../src/builder/bytecode.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let tag: string;
let lib: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-bytecode-');
  tag = (await execa('python3', ['-c', 'import sys; print(sys.implementation.cache_tag)'])).stdout;
  lib = join(dir, 'staged', 'lib', `python${tag.replace(/^cpython-3/, '3.')}`);
  await mkdir(join(lib, 'test', '__pycache__'), { recursive: true });
  await mkdir(join(lib, 'config-3-x86_64-linux-gnu'), { recursive: true });
});

const env = { PATH: process.env.PATH ?? '' };

describe('compileMissingBytecode', () => {
  it('compiles what has no .pyc, checked-hash, leaves compiled modules and config-* scripts alone, reports what does not compile', async () => {
    await writeFile(join(lib, 'test', '__init__.py'), '# test package\n');
    await writeFile(join(lib, 'abc.py'), 'X = 1\n');
    await writeFile(join(lib, 'test', 'badsyntax_x.py'), 'def (:\n');
    await writeFile(join(lib, 'config-3-x86_64-linux-gnu', 'python-config.py'), 'print(1)\n');
    await mkdir(join(lib, '__pycache__'));
    const existing = join(lib, '__pycache__', `abc.${tag}.pyc`);
    await writeFile(existing, 'compiled by make install');

    const done = await compileMissingBytecode('python3', join(dir, 'staged'), '/final/prefix', { env });
    const rel = lib.slice(join(dir, 'staged').length + 1);
    expect(done).toEqual({ compiled: [`${rel}/test/__init__.py`], failed: [`${rel}/test/badsyntax_x.py`] });
    expect((await readdir(join(lib, 'test', '__pycache__'))).sort()).toEqual([`__init__.${tag}.opt-1.pyc`, `__init__.${tag}.opt-2.pyc`, `__init__.${tag}.pyc`]);
    expect(await readFile(existing, 'utf8')).toBe('compiled by make install');
    expect(await stat(join(lib, 'config-3-x86_64-linux-gnu', '__pycache__')).catch(() => undefined)).toBeUndefined();

    // PEP 552 flags: 0b11 is checked-hash; the code object names the final path.
    const pyc = await readFile(join(lib, 'test', '__pycache__', `__init__.${tag}.pyc`));
    expect(pyc.readUInt32LE(4)).toBe(0b11);
    const filename = await execa('python3', [
      '-c',
      'import marshal, sys; print(marshal.loads(open(sys.argv[1], "rb").read()[16:]).co_filename)',
      join(lib, 'test', '__pycache__', `__init__.${tag}.pyc`),
    ]);
    expect(filename.stdout).toBe(`/final/prefix/${rel}/test/__init__.py`);
  });
});
