import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/progress.js';

describe('formatDuration', () => {
  it('says tenths under ten seconds, whole seconds under a minute, then minutes and seconds', () => {
    expect(formatDuration(3.14)).toBe('3.1 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(125)).toBe('2m05s');
  });
});
