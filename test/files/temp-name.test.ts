import { describe, expect, it } from 'vitest';
import { tempName, tempNamePid } from '../../src/files/temp-name.js';

describe('tempName', () => {
  it("takes only pydebug's own temporary names for leftovers", () => {
    expect(tempNamePid(tempName('stage'))).toBe(process.pid);
    for (const name of ['report.2024.pdf', 'notes.1.txt', 'backup.2023.d', 'x.123.abc123', 'x.pydebug-tmp-12-abc', 'x.pydebug-tmp-0-0123abcd']) expect(tempNamePid(name), name).toBeUndefined();
  });
});
