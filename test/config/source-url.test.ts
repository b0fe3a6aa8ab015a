/**
 * A source's url is data: its last segment becomes a file name in the store, so it must be one
 * plain path segment, and a url that cannot be decoded is a config error at its line and column.
 */

import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { ReleaseSourceSpec } from '../../src/config/project.js';
import { configProblems } from '../support/fixtures.js';

const SHA = 'a'.repeat(64);

function configWith(url: string, extra = ''): string {
  return `python:
  - version: "3.11.2"
    sha256: ${SHA}
    url: ${JSON.stringify(url)}
variants:
  debug: {pydebug: true}
${extra}`;
}

const problems = configProblems;

describe('source urls whose file name is not one path segment', () => {
  const hostile: Array<[string, RegExp]> = [
    ['http://host/x/..%2F..%2F..%2Fescaped%2FPython-3.11.2.tgz', /path separator/],
    ['http://host/x/..%2Fvictim%2Fbackup.tar.gz', /path separator/],
    ['http://host/x/..%5C..%5Cescaped%5CPython-3.11.2.tgz', /path separator/],
    ['http://host/x/Python-3.11.2%00.tgz', /NUL or control/],
    ['http://host/x/Python%0a-3.11.2.tgz', /NUL or control/],
    ['http://host/x/Python%1b[31m-3.11.2.tgz', /NUL or control/],
    ['file:///srv/..%2F..%2Fetc%2FPython-3.11.2.tgz', /path separator/],
  ];
  it.each(hostile)('refuses %s at its line and column', (url, why) => {
    const [p, ...rest] = problems(configWith(url));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'pydebug.yml', line: 4, col: 10 });
    expect(p!.message).toMatch(why);
    expect(p!.message).toContain('file name');
    expect(p!.hint).toMatch(/last segment|last part/);
  });
});

describe('source urls that cannot be decoded or parsed', () => {
  const broken: Array<[string, RegExp]> = [
    ['http://host/x/Python-%zz.tgz', /malformed percent escape/],
    ['http://host/x/Python-3.11.2.tgz%', /malformed percent escape/],
    ['http://host/x/Python-%E2%82.tgz', /malformed percent escape/],
    ['http://host:99999/x/Python-3.11.2.tgz', /not a valid URL/],
    ['http://host:0/x/Python-3.11.2.tgz', /port 0/],
  ];
  it.each(broken)('gives a config error for %s, not a crash', (url, why) => {
    const [p, ...rest] = problems(configWith(url));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'pydebug.yml', line: 4, col: 10 });
    expect(p!.message).toMatch(why);
    expect(p!.hint).toBeTruthy();
  });

  it('accepts escapes that decode to a plain name', () => {
    const { projectConfig } = parseConfigText(configWith('https://mirror.example/a%20b/Python-3.11.2%2Bdebian.tgz'), 'pydebug.yml');
    expect((projectConfig.sources[0] as ReleaseSourceSpec).file).toBe('Python-3.11.2+debian.tgz');
  });
});

describe('mirror: in pydebug.yml', () => {
  it.each([
    ['file:///x/%zz', /malformed percent escape/],
    ['file:///x/a%00b', /NUL/],
    ['file:///x/a%2Fb', /encoded/],
    ['http://host:99999/python', /not a valid URL/],
  ])('refuses %s at its line and column', (mirror, why) => {
    const [p, ...rest] = problems(configWith('https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz', `mirror: ${JSON.stringify(mirror)}\n`));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'pydebug.yml', line: 7, col: 9 });
    expect(p!.message).toMatch(why);
    expect(p!.hint).toBeTruthy();
  });

  it.each([['tarballs'], ['./tarballs/'], ['../shared/tarballs']])("accepts the relative directory %s (resolved against the file's directory when used)", (mirror) => {
    const { projectConfig } = parseConfigText(configWith('https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz', `mirror: ${JSON.stringify(mirror)}\n`), 'pydebug.yml');
    expect(projectConfig.mirror).toBe(mirror);
  });

  it.each([
    ['~/tarballs', /neither a URL nor a directory/],
    ['ftp:tarballs', /neither a URL nor a directory/],
    ['tar\u0001balls', /control character/],
  ])('refuses %j, which no directory is written as', (mirror, why) => {
    const [p] = problems(configWith('https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz', `mirror: ${JSON.stringify(mirror)}\n`));
    expect(p!.message).toMatch(why);
    expect(p!.hint).toMatch(mirror.includes('\u0001') ? /plain path/ : /relative to pydebug\.yml's directory; `~` is not expanded/);
  });
});
