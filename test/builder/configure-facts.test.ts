import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureSharingKey, factsFromConfigLog, sharingEnabled, siteScript } from '../../src/builder/configure-facts.js';
import { UsageError } from '../../src/errors.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { planSync } from '../../src/plan/sync-plan.js';
import { lockedSource, projectConfig } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

/** The end of a real config.log (CPython 3.11.2's configure, gcc 12), cut down, with hostile lines added. */
const CONFIG_LOG = `## ----------- ##
## Core tests. ##
## ----------- ##
ac_cv_func_pipe2=no
configure:2430: checking for gcc

## ---------------- ##
## Cache variables. ##
## ---------------- ##

ac_cv_aligned_required=no
ac_cv_alignof_long=8
ac_cv_c_compiler_gnu=yes
ac_cv_func_pipe2=yes
ac_cv_have_decl_RTLD_DEEPBIND=yes
ac_cv_header_sys_epoll_h=yes
ac_cv_lib_dl_dlopen=yes
ac_cv_member_struct_stat_st_blocks=yes
ac_cv_path_EGREP='/usr/bin/grep -E'
ac_cv_search_opendir='none required'
ac_cv_sizeof_long=8
ac_cv_type_size_t=yes
ac_cv_func_evil='$(touch /tmp/pwned)'
ac_cv_func_quote='it'\\''s'
ac_cv_header_bad\`x\`=yes
ac_cv_func_newline=a
b
py_cv_module__decimal=yes
pkg_cv_LIBCRYPT_LIBS='-lcrypt '

## ----------------- ##
## Output variables. ##
## ----------------- ##

ac_cv_func_after_output=yes
`;

describe('factsFromConfigLog', () => {
  it("keeps autoconf's generic answers from the cache section only, with plain values", () => {
    expect(factsFromConfigLog(CONFIG_LOG)).toEqual([
      ['ac_cv_alignof_long', '8'],
      ['ac_cv_func_pipe2', 'yes'],
      ['ac_cv_have_decl_RTLD_DEEPBIND', 'yes'],
      ['ac_cv_header_sys_epoll_h', 'yes'],
      ['ac_cv_lib_dl_dlopen', 'yes'],
      ['ac_cv_member_struct_stat_st_blocks', 'yes'],
      ['ac_cv_search_opendir', 'none required'],
      ['ac_cv_sizeof_long', '8'],
      ['ac_cv_type_size_t', 'yes'],
      ['ac_cv_func_newline', 'a'],
    ]);
  });

  it('finds nothing in a log without the section (a configure that stopped early)', () => {
    expect(factsFromConfigLog('configure: error: no acceptable C compiler found\n')).toEqual([]);
    expect(factsFromConfigLog('')).toEqual([]);
  });
});

describe('siteScript', () => {
  it('presets each answer as a cache file does, and /bin/sh reads back exactly the values', async () => {
    const facts = factsFromConfigLog(CONFIG_LOG);
    const script = siteScript(facts, '3.11.2-debug\n$(reboot)');
    expect(script.split('\n')[0]).toBe("# configure answers shared by pydebug from 3.11.2-debug?$(reboot) (autoconf's generic checks only)");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion (${x=value}), not a template
    expect(script).toContain("ac_cv_search_opendir=${ac_cv_search_opendir='none required'}");
    const dir = await tempDir('pydebug-site-');
    writeFileSync(join(dir, 'site'), script);
    const out = execFileSync('/bin/sh', ['-c', `ac_cv_sizeof_long=4; . ./site; set | grep '^ac_cv_'`], { cwd: dir, encoding: 'utf8' });
    const read = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'(.*)'$/, '$1')]),
    );
    // What the environment already says wins, as with a cache file.
    expect(read).toEqual({ ...Object.fromEntries(facts), ac_cv_sizeof_long: '4' });
  });

  it('drops what is not a plain name and value, whoever built the list', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion (${x=value}), not a template
    const expected = "# configure answers shared by pydebug from e (autoconf's generic checks only)\nac_cv_ok=${ac_cv_ok='yes'}\n";
    const hostile: Array<[string, string]> = [
      ['ac_cv_x', "'; rm -rf ~; '"],
      ['a b', 'yes'],
      ['ac_cv_ok', 'yes'],
    ];
    expect(siteScript(hostile, 'e')).toBe(expected);
  });
});

describe('configureSharingKey', () => {
  const yaml = (variants: string) => `python:\n  - version: "3.13.2"\n    sha256: ${'e'.repeat(64)}\nvariants:\n${variants}`;
  const keys = (variants: string, compiler = 'gcc\n12') => {
    const lock = assembleLock(projectConfig(yaml(variants)), { '3.13.2': lockedSource('3.13.2', 'e'.repeat(64)) });
    const plan = planSync(
      lock,
      {},
      () => ({ os: 'linux', arch: 'x64', toolchain: 'gcc 12' }),
      () => false,
    );
    return Object.fromEntries(plan.build.map((p) => [p.build.variant, configureSharingKey(p, compiler)]));
  };

  it('is one key for the recipe variants: trace-refs, pymalloc and valgrind only define macros', () => {
    const k = keys('  debug:\n    pydebug: true\n  trace-refs:\n    pydebug: true\n    trace_refs: true\n  valgrind:\n    pydebug: true\n    pymalloc: false\n    valgrind: true\n');
    expect(new Set(Object.values(k)).size).toBe(1);
  });

  it('differs for what changes what configure tests: flags, free threading, sanitizers, a release build, the compiler', () => {
    const k = keys(
      '  debug:\n    pydebug: true\n  cflags:\n    pydebug: true\n    cflags: ["-fno-omit-frame-pointer"]\n  ft:\n    pydebug: true\n    freethreading: true\n' +
        '  asan:\n    pydebug: true\n    sanitizers: [address]\n  release:\n    pydebug: false\n',
    );
    expect(new Set(Object.values(k)).size).toBe(5);
    expect(keys('  debug:\n    pydebug: true\n', 'gcc\n12').debug).not.toBe(keys('  debug:\n    pydebug: true\n', 'gcc\n13').debug);
  });
});

describe('sharingEnabled', () => {
  it('is on unless PYDEBUG_SHARE_CONFIGURE=0', () => {
    expect(sharingEnabled({})).toBe(true);
    expect(sharingEnabled({ PYDEBUG_SHARE_CONFIGURE: '1' })).toBe(true);
    expect(sharingEnabled({ PYDEBUG_SHARE_CONFIGURE: ' 0 ' })).toBe(false);
  });

  it.each(['maybe', 'no', 'true', '2'])('refuses PYDEBUG_SHARE_CONFIGURE=%s with a usage error and the fix', (value) => {
    let error: unknown;
    try {
      sharingEnabled({ PYDEBUG_SHARE_CONFIGURE: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`PYDEBUG_SHARE_CONFIGURE="${value}" is neither 0 nor 1`);
    expect((error as UsageError).hint).toMatch(/PYDEBUG_SHARE_CONFIGURE=0/);
  });
});
