/**
 * python.org keeps pre-releases under their base version's directory:
 * /ftp/python/3.15.0/Python-3.15.0a2.tgz (the same for b and rc), as pyenv and manylinux use them.
 * The default URL, mirrors and `pydebug init` follow that layout.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { ReleaseSourceSpec } from '../../src/config/project.js';
import { defaultTarballUrl, releaseDirectory } from '../../src/config/url.js';
import { applyMirror } from '../../src/source/mirror.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../support/temp-dir.js';

const SHA = 'a'.repeat(64);

describe('the default tarball URL', () => {
  it.each([
    ['3.13.2', 'https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz'],
    ['3.15.0a2', 'https://www.python.org/ftp/python/3.15.0/Python-3.15.0a2.tgz'],
    ['3.14.0b3', 'https://www.python.org/ftp/python/3.14.0/Python-3.14.0b3.tgz'],
    ['3.14.0rc1', 'https://www.python.org/ftp/python/3.14.0/Python-3.14.0rc1.tgz'],
    ['3.13.10rc2', 'https://www.python.org/ftp/python/3.13.10/Python-3.13.10rc2.tgz'],
  ])('of %s is %s', (version, url) => {
    expect(defaultTarballUrl(version)).toBe(url);
  });

  it('names the base version as the release directory', () => {
    expect(releaseDirectory('3.15.0a2')).toBe('3.15.0');
    expect(releaseDirectory('3.13.2')).toBe('3.13.2');
  });

  it('is what a pre-release without url: resolves to', () => {
    const { projectConfig } = parseConfigText(`python:\n  - version: "3.15.0a2"\n    sha256: ${SHA}\nvariants:\n  debug: {pydebug: true}\n`, 'pydebug.yml');
    expect(projectConfig.sources[0]).toMatchObject({ url: 'https://www.python.org/ftp/python/3.15.0/Python-3.15.0a2.tgz', file: 'Python-3.15.0a2.tgz' });
  });
});

describe('mirrors of pre-releases', () => {
  it('keep the base version directory', () => {
    const url = defaultTarballUrl('3.15.0rc1');
    expect(applyMirror(url, 'http://127.0.0.1:8000/ftp/python')).toBe('http://127.0.0.1:8000/ftp/python/3.15.0/Python-3.15.0rc1.tgz');
    expect(applyMirror(url, '/srv/tarballs')).toBe('file:///srv/tarballs/3.15.0/Python-3.15.0rc1.tgz');
  });
});

describe('init of a pre-release', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('pydebug-init-pre-');
  });
  const init = (...argv: string[]) => runInProcess(['init', ...argv], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });

  it('writes no url (the default is right) and loads back to the base-version directory', async () => {
    const r = await init('3.15.0a2', '--sha256', SHA);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(join(dir, 'pydebug.yml'), 'utf8');
    expect(text).not.toContain('url:');
    expect((parseConfigText(text, 'pydebug.yml').projectConfig.sources[0] as ReleaseSourceSpec).url).toBe('https://www.python.org/ftp/python/3.15.0/Python-3.15.0a2.tgz');
  });

  it('leaves out a --url that is the default', async () => {
    const r = await init('3.14.0b3', '--sha256', SHA, '--url', 'https://www.python.org/ftp/python/3.14.0/Python-3.14.0b3.tgz');
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(dir, 'pydebug.yml'), 'utf8')).not.toContain('url:');
  });
});
