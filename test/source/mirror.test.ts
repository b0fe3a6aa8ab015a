import { describe, expect, it } from 'vitest';
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
});
