/**
 * The slim install (variant option `slim`, default true): what downstream extension testing does
 * not need is left out of the installed interpreter. CPython's own test suite is not installed
 * at all (`make install TESTSUBDIRS=<test.support and libregrtest only>`), which halves the
 * install time and the cache archive (see bench/); extension test suites that import
 * test.support still can. The static libpython (only needed to embed Python) is removed after.
 * test/e2e/slim.test.ts proves the result is a full install minus exactly those files.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeInside } from '../files/contained.js';
import { exists } from '../files/exists.js';
import { treeSize } from '../store/store.js';

/** Packages of Lib/test a slim install keeps. */
const KEPT_TEST_PACKAGES = ['test/support', 'test/libregrtest'];

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}

/** The directories (relative to Lib/) of the kept test packages, as the Makefile lists them. */
export async function keptTestSubdirs(sourceTree: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    if (!(await exists(join(sourceTree, 'Lib', rel), 'dir'))) return;
    out.push(rel);
    for (const name of (await list(join(sourceTree, 'Lib', rel))).sort()) {
      if (name !== '__pycache__' && (await exists(join(sourceTree, 'Lib', rel, name), 'dir'))) await walk(`${rel}/${name}`);
    }
  };
  for (const pkg of KEPT_TEST_PACKAGES) await walk(pkg);
  return out;
}

/** Extra `make install` arguments for a slim install. */
export async function slimInstallArgs(sourceTree: string): Promise<string[]> {
  return [`TESTSUBDIRS=${(await keptTestSubdirs(sourceTree)).join(' ')}`];
}

/** The installed library directories under <prefix>/lib: python3.13, python3.13t... */
export async function libDirs(prefix: string): Promise<string[]> {
  return (await list(join(prefix, 'lib'))).filter((d) => /^python\d+\.\d+t?$/.test(d));
}

/** Paths (relative to the prefix) a slim install still removes after `make install`. */
async function slimCandidates(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const lib of await libDirs(prefix)) {
    for (const config of (await list(join(prefix, 'lib', lib))).filter((d) => d.startsWith('config-'))) {
      for (const name of await list(join(prefix, 'lib', lib, config))) {
        if (name.endsWith('.a')) out.push(join('lib', lib, config, name));
      }
    }
  }
  return out.sort();
}

/**
 * Finishes a slim install: the test package's own __init__.py (so `import test.support` finds
 * a regular package, as in a full install), and no static library.
 */
export async function finishSlimInstall(prefix: string, sourceTree: string): Promise<{ removed: string[]; bytes: number }> {
  const removed = await slimCandidates(prefix);
  const before = await treeSize(prefix);
  for (const lib of await libDirs(prefix)) {
    if (await exists(join(prefix, 'lib', lib, 'test'), 'dir')) await copyFile(join(sourceTree, 'Lib', 'test', '__init__.py'), join(prefix, 'lib', lib, 'test', '__init__.py'));
  }
  for (const rel of removed) await removeInside(prefix, join(prefix, rel), 'a file of the staged install');
  const after = await treeSize(prefix);
  return { removed, bytes: before.bytes - after.bytes };
}
