/**
 * What a variant exports (pure), shared by `pydebug run` and the Action's later steps. A later
 * step of the Action already has the first entry's variables; `pydebug run --all` there must
 * still give each entry its own setuptools build directory.
 */
import { describe, expect, it } from 'vitest';
import { variantEnv, variantExports, type BuiltEntry, type VariantOf } from '../../src/env/variant-env.js';
import type { ProjectEnv } from '../../src/env/project-env.js';

function entry(id: string, variant: string): { planned: VariantOf; state: BuiltEntry; projectEnv: ProjectEnv } {
  const envDir = `/proj/.pydebug/envs/${id}`;
  return {
    planned: { id, build: { env: { PYTHONMALLOC: 'malloc' }, variant, version: '3.11.2' } },
    state: { dir: `/store/${id}`, python: `/store/${id}/bin/python3.11`, manifest: { files: { valgrind_suppressions: 'share/pydebug/valgrind-python.supp' } } as BuiltEntry['manifest'] },
    projectEnv: { dir: envDir, bin: `${envDir}/bin`, python: `${envDir}/bin/python`, setuptoolsConfig: `${envDir}/pydebug-setuptools.cfg`, created: false },
  };
}

describe('variantExports', () => {
  it('puts the environment then the store bin/ on PATH, and sets pydebug\'s variables and the variant\'s env', () => {
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

  it('keeps a DIST_EXTRA_CONFIG of the user\'s own', () => {
    const { planned, state, projectEnv } = entry('3.11.2-debug', 'debug');
    expect(variantExports({ DIST_EXTRA_CONFIG: '/proj/my.cfg' }, planned, state, projectEnv).vars.DIST_EXTRA_CONFIG).toBe('/proj/my.cfg');
  });

  it('replaces another entry\'s pydebug config (exported by the Action for its first entry)', () => {
    const first = entry('3.11.2-debug', 'debug');
    const fromAction = variantEnv({ PATH: '/usr/bin' }, first.planned, first.state, first.projectEnv);
    const other = entry('3.11.2-trace-refs', 'trace-refs');
    const env = variantEnv(fromAction, other.planned, other.state, other.projectEnv);
    expect(env.DIST_EXTRA_CONFIG).toBe(other.projectEnv.setuptoolsConfig);
    expect(env.VIRTUAL_ENV).toBe(other.projectEnv.dir);
    expect(env.PATH!.split(':')[0]).toBe(other.projectEnv.bin);
  });
});
