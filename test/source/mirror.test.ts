import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { applyMirror, effectiveMirror } from '../../src/source/mirror.js';

const PY = 'https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz';

describe('mirrors', () => {
  it('move python.org URLs onto the mirror, keeping <version>/<file>', () => {
    expect(applyMirror(PY, 'https://mirror.example/python/')).toBe('https://mirror.example/python/3.13.2/Python-3.13.2.tgz');
    expect(applyMirror(PY, 'http://127.0.0.1:8000/ftp/python')).toBe('http://127.0.0.1:8000/ftp/python/3.13.2/Python-3.13.2.tgz');
  });
  it('accept a directory or a file:// URL', () => {
    expect(applyMirror(PY, '/srv/tarballs')).toBe('file:///srv/tarballs/3.13.2/Python-3.13.2.tgz');
    expect(applyMirror(PY, 'file:///srv/tarballs/')).toBe('file:///srv/tarballs/3.13.2/Python-3.13.2.tgz');
  });
  it('leave other URLs alone', () => {
    expect(applyMirror('https://example.org/Python-3.13.2.tgz', '/srv')).toBe('https://example.org/Python-3.13.2.tgz');
    expect(applyMirror(PY, undefined)).toBe(PY);
  });
  it('PYDEBUG_MIRROR wins over the config key', () => {
    expect(effectiveMirror('/env', '/config')).toBe('/env');
    expect(effectiveMirror('  ', '/config')).toBe('/config');
    expect(effectiveMirror(undefined, undefined)).toBeUndefined();
  });
  it("resolve a relative mirror: in the variable against the working directory, in mirror: against pydebug.yml's", () => {
    const dirs = { cwd: '/home/u/proj/src', configDir: '/home/u/proj' };
    expect(effectiveMirror(undefined, 'tarballs', dirs)).toBe('/home/u/proj/tarballs');
    expect(effectiveMirror(undefined, '../shared/tarballs/', dirs)).toBe('/home/u/shared/tarballs');
    expect(effectiveMirror('tarballs', 'ignored', dirs)).toBe('/home/u/proj/src/tarballs');
    expect(effectiveMirror(undefined, '/srv/tarballs', dirs)).toBe('/srv/tarballs');
    expect(effectiveMirror(undefined, 'https://mirror.example/python', dirs)).toBe('https://mirror.example/python');
  });
  it.each([
    ['file:///x/%zz', /malformed percent escape/],
    ['file:///x/a%00b', /NUL/],
    ['file://srv/tarballs', /names a host/],
    ['http://mirror:99999/python', /not a valid URL/],
    ['mirror.example/python', /neither a URL nor an absolute directory/],
  ])('PYDEBUG_MIRROR=%s is a one-line usage error naming the variable', (value, why) => {
    let error: unknown;
    try {
      effectiveMirror(value, '/config');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const { message, hint } = error as UsageError;
    expect(message).toMatch(/^PYDEBUG_MIRROR /);
    expect(message).toMatch(why);
    expect(message).not.toContain('\n');
    expect(hint).toBeTruthy();
  });
});
