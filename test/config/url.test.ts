import { describe, expect, it } from 'vitest';
import { mirrorProblem, redactUserInfo } from '../../src/config/url.js';

describe('redactUserInfo', () => {
  it('hides passwords and bare user names (tokens) in every URL of a text', () => {
    expect(redactUserInfo('get https://user:S3CRET@host/python and http://TOKEN@h:8/x, not a@b.c')).toBe('get https://user:***@host/python and http://***@h:8/x, not a@b.c');
  });
  it('a mirror problem shows no password', () => {
    expect(mirrorProblem('htps://user:S3CRET@host/python')?.message).not.toContain('S3CRET');
  });
});
