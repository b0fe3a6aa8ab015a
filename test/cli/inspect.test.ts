/**
 * `pydebug inspect <variant>`: the entry's Valgrind suppression file is shown, and the column
 * about extensions says what it means. In process; the entry's interpreter is a shell script
 * that answers pydebug's probe with a canned report of a debug build.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/builder/probe.js';
import { RECIPE_YAML } from '../support/fixtures.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

const REPORT: ProbeReport = {
  executable: '/store/bin/python3',
  version: '3.13.2',
  full_version: '3.13.2 (main) [GCC 12.2.0]',
  implementation: 'cpython',
  abiflags: 'd',
  prefix: '/store',
  soabi: 'cpython-313d-x86_64-linux-gnu',
  ext_suffix: '.cpython-313d-x86_64-linux-gnu.so',
  config_args: "'--with-pydebug'",
  cc: 'gcc',
  opt: '-g -Og',
  cflags: '-g -Og',
  ldflags: '',
  include: '/store/include/python3.13d',
  config: { Py_DEBUG: 1, Py_TRACE_REFS: 0, Py_REF_DEBUG: 1, WITH_PYMALLOC: 0, WITH_VALGRIND: 1, Py_GIL_DISABLED: null, Py_ENABLE_SHARED: 0 },
  has_gettotalrefcount: true,
  has_getobjects: false,
  allocator: 'malloc_debug',
  gil_enabled: null,
};
const ANSWERS_PROBE = `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(REPORT)}\nEOF\n`;

let p: TestProject;
let keys: Record<string, string>;
beforeEach(async () => {
  p = await makeProject();
  keys = await entryKeys(p);
});
afterEach(() => p.cleanup());

describe('inspect <variant>', () => {
  it("shows the entry's Valgrind suppression file, in the table and the JSON", async () => {
    await fakeBuiltEntry(p.store, keys['3.13.2-valgrind']!, '3.13.2-valgrind', { suppressions: true, interpreter: ANSWERS_PROBE });
    const supp = `${p.store.entryDir(keys['3.13.2-valgrind']!)}/share/pydebug/valgrind-python.supp`;
    const r = await p.pydebug(['inspect', 'valgrind']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^valgrind +suppressions ${supp.replace(/[.]/g, '\\.')}$`, 'm'));
    const json = JSON.parse((await p.pydebug(['inspect', 'valgrind', '--json'])).stdout) as { valgrind_suppressions: string | null };
    expect(json.valgrind_suppressions).toBe(supp);
  });

  it('says when the entry has no suppression file', async () => {
    await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug', { interpreter: ANSWERS_PROBE });
    const r = await p.pydebug(['inspect', 'debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^valgrind +no suppression file in this entry$/m);
  });

  it('the column about extensions says the macro changes the ABI', async () => {
    await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug', { interpreter: ANSWERS_PROBE });
    const r = await p.pydebug(['inspect', 'debug']);
    expect(r.stdout).toContain('ABI change (rebuild extensions)');
    expect(r.stdout).not.toContain('rebuild ext?');
    expect(r.stdout).toMatch(/^Py_DEBUG +yes +yes /m);
  });
});

describe('inspect <variant> under a stale lock', () => {
  it('probes the entry the lock pins, exit 0, warns once; --json says lock_stale and why', async () => {
    await fakeBuiltEntry(p.store, keys['3.13.2-valgrind']!, '3.13.2-valgrind', { interpreter: ANSWERS_PROBE });
    await writeFile(join(p.dir, 'pydebug.yml'), RECIPE_YAML.replace('    valgrind: true\n', '    valgrind: true\n    configure_args: ["--with-lto"]\n'));
    const r = await p.pydebug(['inspect', 'valgrind']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Py_DEBUG +yes/m);
    expect(r.stderr.match(/^warning: pydebug\.lock is out of date with pydebug\.yml:$/gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/^ {2}- 3\.13\.2-valgrind: configure arguments changed/m);
    const json = JSON.parse((await p.pydebug(['inspect', 'valgrind', '--json'])).stdout) as { lock_stale: boolean; lock_reasons: string[] };
    expect(json.lock_stale).toBe(true);
    expect(json.lock_reasons).toEqual([expect.stringMatching(/^3\.13\.2-valgrind: configure arguments changed/)]);
  });

  it('a current entry: lock_stale false; an interpreter that is no entry: null', async () => {
    await fakeBuiltEntry(p.store, keys['3.13.2-debug']!, '3.13.2-debug', { interpreter: ANSWERS_PROBE });
    const debug = JSON.parse((await p.pydebug(['inspect', 'debug', '--json'])).stdout) as { lock_stale: boolean | null; lock_reasons: string[] | null };
    expect([debug.lock_stale, debug.lock_reasons]).toEqual([false, []]);
    const byPath = JSON.parse((await p.pydebug(['inspect', `${p.store.entryDir(keys['3.13.2-debug']!)}/bin/python3`, '--json'])).stdout) as typeof debug;
    expect([byPath.lock_stale, byPath.lock_reasons]).toEqual([null, null]);
  });
});
