import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishSlimInstall, keptTestSubdirs, slimInstallArgs } from '../../src/builder/slim.js';
import { tempDir } from '../support/temp-dir.js';

async function tree(files: string[]): Promise<string> {
  const p = await tempDir('pydebug-slim-');
  for (const f of files) {
    await mkdir(join(p, f, '..'), { recursive: true });
    await writeFile(join(p, f), 'x'.repeat(100));
  }
  return p;
}

describe('slim install', () => {
  it('installs only test.support and libregrtest of the test suite, with their subpackages', async () => {
    const src = await tree([
      'Lib/test/__init__.py',
      'Lib/test/test_sys.py',
      'Lib/test/test_capi/test_misc.py',
      'Lib/test/support/__init__.py',
      'Lib/test/support/interpreters/__init__.py',
      'Lib/test/support/_hypothesis_stubs/__init__.py',
      'Lib/test/support/__pycache__/x.pyc',
      'Lib/test/libregrtest/main.py',
    ]);
    expect(await keptTestSubdirs(src)).toEqual(['test/support', 'test/support/_hypothesis_stubs', 'test/support/interpreters', 'test/libregrtest']);
    expect(await slimInstallArgs(src)).toEqual(['TESTSUBDIRS=test/support test/support/_hypothesis_stubs test/support/interpreters test/libregrtest']);
  });

  it.each(['python3.13', 'python3.13t'])('then adds test/__init__.py and removes the static library (%s)', async (lib) => {
    const src = await tree(['Lib/test/__init__.py']);
    const prefix = await tree([
      `lib/${lib}/os.py`,
      `lib/${lib}/test/support/__init__.py`,
      `lib/${lib}/config-3.13d-x86_64-linux-gnu/libpython3.13d.a`,
      `lib/${lib}/config-3.13d-x86_64-linux-gnu/Makefile`,
    ]);
    const r = await finishSlimInstall(prefix, src);
    expect(r.removed).toEqual([`lib/${lib}/config-3.13d-x86_64-linux-gnu/libpython3.13d.a`]);
    expect(r.bytes).toBe(0); // 100 bytes of libpython removed, 100 bytes of __init__.py added
    expect((await readdir(join(prefix, 'lib', lib, 'test'))).sort()).toEqual(['__init__.py', 'support']);
    expect(await readdir(join(prefix, 'lib', lib, 'config-3.13d-x86_64-linux-gnu'))).toEqual(['Makefile']);
  });
});

describe('slim install removals stay in the staged prefix', () => {
  it("a lib/pythonX.Y that is a symlink to a victim: the victim's static library stays", async () => {
    const src = await tree(['Lib/test/__init__.py']);
    const victim = await tree(['config-3.13-x86_64-linux-gnu/libpython3.13.a']);
    const prefix = await tree(['bin/python3.13']);
    await mkdir(join(prefix, 'lib'));
    await symlink(victim, join(prefix, 'lib', 'python3.13'));
    await expect(finishSlimInstall(prefix, src)).rejects.toThrow(/through a symlink/);
    expect(await readdir(join(victim, 'config-3.13-x86_64-linux-gnu'))).toEqual(['libpython3.13.a']);
  });
});
