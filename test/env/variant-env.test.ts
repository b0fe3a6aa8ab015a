/**
 * What a variant exports (pure), shared by `pydebug run` and the Action's exports to the rest of
 * the job. The rest of the job already has the first entry's variables; `pydebug run --all` there must
 * still give each entry its own setuptools build directory.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectEnv } from '../../src/env/project-env.js';
import { type BuiltEntry, type VariantOf, variantEnv, variantExports } from '../../src/env/variant-env.js';

function entry(id: string, variant: string): { planned: VariantOf; state: BuiltEntry; projectEnv: ProjectEnv } {
  const envDir = `/proj/.pydebug/envs/${id}`;
  return {
    planned: { id, build: { env: { PYTHONMALLOC: 'malloc' }, variant, source: '3.11.2' } },
    state: { dir: `/store/${id}`, python: `/store/${id}/bin/python3.11`, manifest: { files: { valgrind_suppressions: 'share/pydebug/valgrind-python.supp' } } as BuiltEntry['manifest'] },
    projectEnv: { dir: envDir, bin: `${envDir}/bin`, python: `${envDir}/bin/python`, setuptoolsConfig: `${envDir}/pydebug-setuptools.cfg`, created: false },
  };
}

describe('variantExports', () => {
  it("puts the environment then the store bin/ on PATH, and sets pydebug's variables and the variant's env", () => {
    const { planned, state, projectEnv } = entry('3.11.2-valgrind', 'valgrind');
    expect(variantExports({}, planned, state, projectEnv)).toEqual({
      path: ['/proj/.pydebug/envs/3.11.2-valgrind/bin', '/store/3.11.2-valgrind/bin'],
      vars: {
        PYTHONMALLOC: 'malloc',
        VIRTUAL_ENV: projectEnv.dir,
        PYDEBUG_PYTHON: projectEnv.python,
        PYDEBUG_ENV: projectEnv.dir,
        PYDEBUG_STORE_PYTHON: state.python,
        PYDEBUG_PREFIX: state.dir,
        PYDEBUG_VARIANT: 'valgrind',
        PYDEBUG_VERSION: '3.11.2',
        PYDEBUG_ID: '3.11.2-valgrind',
        DIST_EXTRA_CONFIG: projectEnv.setuptoolsConfig,
        PYDEBUG_VALGRIND_SUPPRESSIONS: '/store/3.11.2-valgrind/share/pydebug/valgrind-python.supp',
      },
    });
  });

  it("keeps a DIST_EXTRA_CONFIG of the user's own", () => {
    const { planned, state, projectEnv } = entry('3.11.2-debug', 'debug');
    expect(variantExports({ DIST_EXTRA_CONFIG: '/proj/my.cfg' }, planned, state, projectEnv).vars.DIST_EXTRA_CONFIG).toBe('/proj/my.cfg');
  });

  it("replaces another entry's pydebug config (exported by the Action for its first entry)", () => {
    const first = entry('3.11.2-debug', 'debug');
    const fromAction = variantEnv({ PATH: '/usr/bin' }, first.planned, first.state, first.projectEnv);
    const other = entry('3.11.2-trace-refs', 'trace-refs');
    const env = variantEnv(fromAction, other.planned, other.state, other.projectEnv);
    expect(env.DIST_EXTRA_CONFIG).toBe(other.projectEnv.setuptoolsConfig);
    expect(env.VIRTUAL_ENV).toBe(other.projectEnv.dir);
    expect(env.PATH!.split(':')[0]).toBe(other.projectEnv.bin);
  });
});

describe("sanitizer options with the entry's suppression files", () => {
  it("TSAN_OPTIONS: suppressions= of the entry's file first, then the lock's options (a declared value last, so it wins)", () => {
    const { planned, state, projectEnv } = entry('3.13.5-tsan', 'tsan');
    planned.build.env = { TSAN_OPTIONS: 'handle_segv=0:halt_on_error=1' };
    state.manifest = { files: { sanitizer_suppressions: { TSAN_OPTIONS: 'share/pydebug/tsan-suppressions_free_threading.txt' } } } as unknown as BuiltEntry['manifest'];
    const vars = variantExports({}, planned, state, projectEnv).vars;
    expect(vars.TSAN_OPTIONS).toBe('suppressions=/store/3.13.5-tsan/share/pydebug/tsan-suppressions_free_threading.txt:handle_segv=0:halt_on_error=1');
    expect(vars.PYDEBUG_VALGRIND_SUPPRESSIONS).toBeUndefined();
  });

  it("quotes a store path the sanitizers' option parser would split (space, colon)", () => {
    const { planned, state, projectEnv } = entry('3.13.5-ubsan', 'ubsan');
    planned.build.env = { UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
    state.dir = '/home/me/My Store:x/3.13.5-ubsan';
    state.manifest = { files: { sanitizer_suppressions: { UBSAN_OPTIONS: 'share/pydebug/ubsan-suppressions.txt' } } } as unknown as BuiltEntry['manifest'];
    expect(variantExports({}, planned, state, projectEnv).vars.UBSAN_OPTIONS).toBe(
      'suppressions="/home/me/My Store:x/3.13.5-ubsan/share/pydebug/ubsan-suppressions.txt":print_stacktrace=1:halt_on_error=1',
    );
  });

  it('ignores a manifest key that is not a sanitizer options variable (the manifest is input too)', () => {
    const { planned, state, projectEnv } = entry('3.13.5-tsan', 'tsan');
    state.manifest = { files: { sanitizer_suppressions: { LD_PRELOAD: 'share/pydebug/evil.so' } } } as unknown as BuiltEntry['manifest'];
    expect(variantExports({}, planned, state, projectEnv).vars.LD_PRELOAD).toBeUndefined();
  });
});
