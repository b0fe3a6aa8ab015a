/**
 * `pydebug init` writes checksums quoted (an all-digit hash would read as a YAML number) and warns
 * when a checksum given on the command line contradicts the one pydebug knows for the release.
 * In process, in a temp directory; each written pydebug.yml is loaded back.
 */

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { ReleaseSourceSpec } from '../../src/config/project.js';
import { KNOWN_RELEASES } from '../../src/config/releases.js';
import { tempDir } from '../support/temp-dir.js';
import { runInProcess } from './in-process.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-init-');
});

const init = (...argv: string[]) => runInProcess(['init', ...argv], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });
const written = () => readFile(join(dir, 'pydebug.yml'), 'utf8');
const KNOWN = KNOWN_RELEASES.find((r) => r.version === '3.13.2')!;
const DIGITS_MD5 = '61920472509909801083816384104174';
const DIGITS_SHA = `${'1234567890'.repeat(6)}1234`;

describe('init writes checksums quoted', () => {
  it('the known checksums of 3.13.2', async () => {
    const r = await init('3.13.2');
    expect(r.code, r.stderr).toBe(0);
    const text = await written();
    expect(text).toContain(`    md5: "${KNOWN.md5}"`);
    expect(text).toContain(`    sha256: "${KNOWN.sha256}"`);
  });

  it.each([
    [['--md5', DIGITS_MD5], 'md5', DIGITS_MD5],
    [['--sha256', DIGITS_SHA], 'sha256', DIGITS_SHA],
  ])('an all-digit checksum (%j) reads back as the same string', async (args, key, value) => {
    const r = await init('3.12.9', ...args);
    expect(r.code, r.stderr).toBe(0);
    const source = parseConfigText(await written(), 'pydebug.yml').projectConfig.sources[0] as ReleaseSourceSpec;
    expect(source[key as 'md5' | 'sha256']).toBe(value);
  });
});

describe('init warns when a given checksum contradicts the one it knows', () => {
  it.each([
    [['--md5', 'a'.repeat(32)], `warning: --md5 ${'a'.repeat(32)} is not the MD5 pydebug knows for CPython 3.13.2 (${KNOWN.md5})`],
    [['--sha256', 'b'.repeat(64)], `warning: --sha256 ${'b'.repeat(64)} is not the SHA-256 pydebug knows for CPython 3.13.2 (${KNOWN.sha256})`],
  ])('%j', async (args, warning) => {
    const r = await init('3.13.2', ...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(warning);
    expect(r.stderr).toMatch(/the download will fail its checksum check unless/);
  });

  it('no warning for the checksum it knows, or for another URL', async () => {
    expect((await init('3.13.2', '--md5', KNOWN.md5!)).stderr).not.toContain('warning');
    await rm(join(dir, 'pydebug.yml'));
    expect((await init('3.13.2', '--md5', 'a'.repeat(32), '--url', 'https://example.org/Python-3.13.2-patched.tgz')).stderr).not.toContain('warning');
  });
});

describe('init --help names the URL init writes', () => {
  it('the .tar.xz for 3.13.5 (which init pins), the .tgz for a release it does not know', async () => {
    const help = await runInProcess(['init', '--help'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });
    expect(help.stdout).toContain("--url <url>     tarball URL (default: python.org's: the .tar.xz for 3.13.5, 3.13.15, else Python-<version>.tgz)");
    expect((await init('3.13.5')).code).toBe(0);
    expect((parseConfigText(await written(), 'pydebug.yml').projectConfig.sources[0] as ReleaseSourceSpec).url).toBe('https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz');
    expect((await init('3.12.9', '--force', '--md5', DIGITS_MD5)).code).toBe(0);
    expect((parseConfigText(await written(), 'pydebug.yml').projectConfig.sources[0] as ReleaseSourceSpec).url).toBe('https://www.python.org/ftp/python/3.12.9/Python-3.12.9.tgz');
  });
});
