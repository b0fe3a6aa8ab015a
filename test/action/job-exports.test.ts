/** What the Action exports to the rest of the job beyond `pydebug run`'s variables, and its pydebug shim (a real sh). */

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { hasSharedLibpython, pydebugShim, setupPythonVars } from '../../src/action/job-exports.js';

describe('setupPythonVars', () => {
  it('sets pythonLocation and the FindPython roots to the prefix, and prepends its pkgconfig', () => {
    expect(setupPythonVars('/t/store/k', { PKG_CONFIG_PATH: '/usr/local/lib/pkgconfig' }, false)).toEqual({
      pythonLocation: '/t/store/k',
      Python_ROOT_DIR: '/t/store/k',
      Python3_ROOT_DIR: '/t/store/k',
      PKG_CONFIG_PATH: '/t/store/k/lib/pkgconfig:/usr/local/lib/pkgconfig',
    });
  });

  it('prepends <prefix>/lib to LD_LIBRARY_PATH only for a shared build', () => {
    expect(setupPythonVars('/p', {}, true).LD_LIBRARY_PATH).toBe('/p/lib');
    expect(setupPythonVars('/p', { LD_LIBRARY_PATH: '/x' }, true).LD_LIBRARY_PATH).toBe('/p/lib:/x');
    expect(setupPythonVars('/p', {}, true).PKG_CONFIG_PATH).toBe('/p/lib/pkgconfig');
  });

  it('knows a shared libpython from the static one', () => {
    expect(hasSharedLibpython(['libpython3.11d.a', 'python3.11d', 'pkgconfig'])).toBe(false);
    expect(hasSharedLibpython(['libpython3.11d.so', 'libpython3.11d.so.1.0'])).toBe(true);
    expect(hasSharedLibpython(['libpython3.so'])).toBe(true);
  });
});

describe('pydebugShim', () => {
  it('runs the given script with the given node, arguments intact, through a path with a quote', async () => {
    const dir = await mkdtemp(join(tmpdir(), "pydebug shim's-"));
    try {
      const cli = join(dir, 'cli.js');
      await writeFile(cli, 'console.log(JSON.stringify(process.argv.slice(2)));\n');
      const shim = join(dir, 'pydebug');
      await writeFile(shim, pydebugShim(process.execPath, cli));
      await chmod(shim, 0o755);
      const r = await execa(shim, ['which', 'a b', "it's", '$HOME']);
      expect(JSON.parse(r.stdout)).toEqual(['which', 'a b', "it's", '$HOME']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
