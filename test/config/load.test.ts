import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import type { ReleaseSourceSpec } from '../../src/config/project.js';
import { ConfigError } from '../../src/errors.js';
import { configProblems, RECIPE_CONFIG } from '../support/fixtures.js';

const problems = configProblems;

describe('parseConfigText', () => {
  it('loads the recipe example exactly as written', () => {
    const { projectConfig } = parseConfigText(RECIPE_CONFIG, 'pydebug.yml');
    expect(projectConfig.sources).toEqual([
      {
        version: '3.13.2',
        md5: '6192ce4725d9c9fc0e8a1cd38410b417',
        sha256: undefined,
        url: 'https://www.python.org/ftp/python/3.13.2/Python-3.13.2.tgz',
        file: 'Python-3.13.2.tgz',
        sigstore: { identity: 'thomas@python.org', issuer: 'https://accounts.google.com' },
      },
    ]);
    expect(projectConfig.variants.map((v) => v.name)).toEqual(['debug', 'trace-refs', 'valgrind']);
    expect(projectConfig.variants[2]).toMatchObject({ pydebug: true, pymalloc: false, valgrind: true, traceRefs: false });
    expect(projectConfig.matrix.map((e) => e.id)).toEqual(['3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind']);
  });

  it('expands sources × variants minus exclude, in declaration order', () => {
    const { projectConfig } = parseConfigText(
      `python:
  - version: "3.12.9"
    sha256: ${'a'.repeat(64)}
  - version: "3.13.2"
    sha256: ${'b'.repeat(64)}
variants:
  debug: {pydebug: true}
  ft: {pydebug: true, freethreading: true}
exclude:
  - {version: "3.12.9", variant: ft}
`,
      'pydebug.yml',
    );
    expect(projectConfig.matrix.map((e) => e.id)).toEqual(['3.12.9-debug', '3.13.2-debug', '3.13.2-ft']);
  });

  it('accepts cflags as a string or a list and splits them into flags', () => {
    const { projectConfig } = parseConfigText(
      `python: [{version: "3.13.2", md5: 6192ce4725d9c9fc0e8a1cd38410b417}]
variants:
  a: {cflags: "-DPy_REF_DEBUG  -g3"}
  b: {cflags: ["-DPy_REF_DEBUG", "-g3"]}
`,
      'pydebug.yml',
    );
    expect(projectConfig.variants[0]!.cflags).toEqual(['-DPy_REF_DEBUG', '-g3']);
    expect(projectConfig.variants[1]!.cflags).toEqual(['-DPy_REF_DEBUG', '-g3']);
  });

  it('takes the Sigstore identity of the version line, a declared one, or none', () => {
    const release = (yaml: string) => parseConfigText(`python:\n  - version: "${yaml}\nvariants: {d: {pydebug: true}}\n`, 'pydebug.yml').projectConfig.sources[0];
    expect(release('3.14.2"')).toMatchObject({ sigstore: { identity: 'hugo@python.org', issuer: 'https://github.com/login/oauth' } });
    expect(release('3.15.0a2"')).toMatchObject({ sigstore: { identity: 'hugo@python.org' } });
    expect(release('3.10.16"')).toMatchObject({ sigstore: { identity: 'pablogsal@python.org', issuer: 'https://accounts.google.com' } });
    expect(release('3.9.18"\n    sigstore: {identity: ambv@python.org, issuer: "https://accounts.google.com"}')).toMatchObject({
      sigstore: { identity: 'ambv@python.org', issuer: 'https://accounts.google.com' },
    });
    expect(release(`3.14.2"\n    sha256: ${'a'.repeat(64)}\n    sigstore: false`)).toMatchObject({ sigstore: false });
    expect(release(`3.9.18"\n    sha256: ${'a'.repeat(64)}`)).toMatchObject({ sigstore: undefined });
  });

  it('lowercases checksums', () => {
    const { projectConfig } = parseConfigText(`python: [{version: "3.13.2", md5: 6192CE4725D9C9FC0E8A1CD38410B417}]\nvariants: {d: {pydebug: true}}\n`, 'x.yml');
    expect((projectConfig.sources[0] as ReleaseSourceSpec).md5).toBe('6192ce4725d9c9fc0e8a1cd38410b417');
  });
});

const MD5 = 'md5: 6192ce4725d9c9fc0e8a1cd38410b417';
const head = (version = '3.13.2') => `python:\n  - version: "${version}"\n    ${MD5}\nvariants:\n`;

/**
 * One row a case: the config, where the first problem must point (line:col), what it must say
 * and what fix it must suggest.
 */
const CASES: Array<{ name: string; yaml: string; at: string; message: RegExp; hint?: RegExp }> = [
  {
    name: 'YAML syntax error',
    yaml: `python:\n  - version: "3.13.2"\n    md5: [unclosed\nvariants: {}\n`,
    at: '4:1',
    message: /YAML syntax error/,
  },
  {
    name: 'tab indentation',
    yaml: `python:\n\t- version: "3.13.2"\n`,
    at: '2:1',
    message: /YAML syntax error/,
  },
  {
    name: 'duplicate key',
    yaml: `${head()}  debug:\n    pydebug: true\n    pydebug: false\n`,
    at: '7:5',
    message: /YAML syntax error: Map keys must be unique/,
    hint: /each key may appear once/,
  },
  {
    name: 'empty file',
    yaml: `# nothing\n`,
    at: '1:1',
    message: /the file is empty/,
    hint: /pydebug init/,
  },
  {
    name: 'unknown variant key with a did-you-mean',
    yaml: `${head()}  debug:\n    pydebug: true\n    trace-refs: true\n`,
    at: '7:5',
    message: /unknown key "trace-refs" in variant "debug"/,
    hint: /did you mean "trace_refs"\?/,
  },
  {
    name: 'typo in a variant key',
    yaml: `${head()}  debug:\n    pydebgu: true\n`,
    at: '6:5',
    message: /unknown key "pydebgu"/,
    hint: /did you mean "pydebug"\?/,
  },
  {
    name: 'configure option spelled as a key',
    yaml: `${head()}  ft:\n    disable-gil: true\n`,
    at: '6:5',
    message: /unknown key "disable-gil"/,
    hint: /did you mean "freethreading"\?/,
  },
  {
    name: 'EXTRA_CFLAGS as a key',
    yaml: `${head()}  d:\n    EXTRA_CFLAGS: -DPy_REF_DEBUG\n`,
    at: '6:5',
    message: /unknown key "EXTRA_CFLAGS"/,
    hint: /use cflags/,
  },
  {
    name: 'unknown top-level key',
    yaml: `pyhton:\n  - version: "3.13.2"\n    ${MD5}\nvariants:\n  d: {pydebug: true}\n`,
    at: '1:1',
    message: /unknown key "pyhton"/,
    hint: /did you mean "python"\?/,
  },
  {
    name: 'unknown source key',
    yaml: `python:\n  - version: "3.13.2"\n    md5sum: 6192ce4725d9c9fc0e8a1cd38410b417\nvariants: {d: {pydebug: true}}\n`,
    at: '3:5',
    message: /unknown key "md5sum" in python\[0\]/,
    hint: /did you mean "md5"\?/,
  },
  {
    name: 'boolean written as yes',
    yaml: `${head()}  debug:\n    pydebug: yes\n`,
    at: '6:14',
    message: /variants\.debug\.pydebug must be true or false, not the string "yes"/,
    hint: /write pydebug: true/,
  },
  {
    name: 'unquoted version read as a number',
    yaml: `python:\n  - version: 3.10\n    ${MD5}\nvariants: {d: {pydebug: true}}\n`,
    at: '2:14',
    message: /version must be a quoted string: YAML reads 3.1 as a number/,
  },
  {
    name: 'an all-digit md5, unquoted, read as a number',
    yaml: `python:\n  - version: "3.13.2"\n    md5: 61920472509909801083816384104174\nvariants: {d: {pydebug: true}}\n`,
    at: '3:10',
    message: /^python\[0\]\.md5 must be a quoted string: YAML reads the unquoted 61920472509909801083816384104174 as a number$/,
    hint: /^write md5: "61920472509909801083816384104174", with quotes$/,
  },
  {
    name: 'an all-digit sha256, unquoted, read as a number',
    yaml: `python:\n  - version: "3.13.2"\n    sha256: ${'1234567890'.repeat(6)}1234\nvariants: {d: {pydebug: true}}\n`,
    at: '3:13',
    message: /^python\[0\]\.sha256 must be a quoted string: YAML reads the unquoted 1234567890.* as a number$/,
    hint: /^write sha256: "1234567890\d+", with quotes$/,
  },
  {
    name: 'incomplete version',
    yaml: `python:\n  - version: "3.13"\n    ${MD5}\nvariants: {d: {pydebug: true}}\n`,
    at: '2:14',
    message: /full CPython release such as "3.13.2"/,
  },
  {
    name: 'malformed md5',
    yaml: `python:\n  - version: "3.13.2"\n    md5: 6192ce4725d9c9fc0e8a1cd38410b41\nvariants: {d: {pydebug: true}}\n`,
    at: '3:10',
    message: /md5 must be 32 hexadecimal digits/,
  },
  {
    name: 'malformed sha256',
    yaml: `python:\n  - version: "3.13.2"\n    sha256: xyz\nvariants: {d: {pydebug: true}}\n`,
    at: '3:13',
    message: /sha256 must be 64 hexadecimal digits/,
  },
  {
    name: 'no checksum, and no Sigstore identity known for the line',
    yaml: `python:\n  - version: "3.9.18"\nvariants: {d: {pydebug: true}}\n`,
    at: '2:5',
    message: /release 3.9.18 has no checksum, and pydebug knows no Sigstore identity for 3.9 releases/,
    hint: /sha256: <64 hex digits> \(preferred\) or md5.*python-3918.*sigstore: \{identity: <email>, issuer: <OIDC issuer URL>\}/,
  },
  {
    name: 'no checksum, and the Sigstore check turned off',
    yaml: `python:\n  - version: "3.14.2"\n    sigstore: false\nvariants: {d: {pydebug: true}}\n`,
    at: '2:5',
    message: /release 3.14.2 has no checksum and its Sigstore check is off \(sigstore: false\)/,
    hint: /sha256: <64 hex digits>/,
  },
  {
    name: 'a Sigstore issuer that is not an https URL',
    yaml: `python:\n  - version: "3.9.18"\n    sigstore: {identity: ambv@python.org, issuer: google}\nvariants: {d: {pydebug: true}}\n`,
    at: '3:51',
    message: /issuer must be an https:\/\/ URL/,
  },
  {
    name: 'unknown sanitizer with a did-you-mean',
    yaml: `${head()}  asan:\n    sanitizers: [adress]\n`,
    at: '6:18',
    message: /expected one of address, undefined, memory, thread/,
    hint: /did you mean "address"\?/,
  },
  {
    name: 'variant name that would escape the store',
    yaml: `${head()}  ../evil:\n    pydebug: true\n`,
    at: '5:3',
    message: /"\.\.\/evil" cannot be a variant name/,
  },
  {
    name: 'variant without options',
    yaml: `${head()}  debug:\n`,
    at: '5:3',
    message: /variants\.debug must be a mapping, not nothing/,
    hint: /\{\} for a release build/,
  },
  {
    name: 'missing variants',
    yaml: `python:\n  - version: "3.13.2"\n    ${MD5}\n`,
    at: '1:1',
    message: /variants is required/,
    hint: /variants: \{debug: \{pydebug: true\}\}/,
  },
  {
    name: 'trace refs with free threading',
    yaml: `${head()}  bad:\n    trace_refs: true\n    freethreading: true\n`,
    at: '6:17',
    message: /--disable-gil cannot be used with --with-trace-refs/,
    hint: /two variants/,
  },
  {
    name: 'memory sanitizer (refused: it needs instrumented libraries)',
    yaml: `${head()}  msan:\n    sanitizers: [memory]\n    compiler: clang-19\n`,
    at: '6:17',
    message: /uses the memory sanitizer, which pydebug does not build: MemorySanitizer needs every library the interpreter loads .* built with -fsanitize=memory/,
    hint: /Valgrind \(a variant with pymalloc: false and valgrind: true/,
  },
  {
    name: 'incompatible sanitizers',
    yaml: `${head()}  mixed:\n    sanitizers: [address, thread]\n`,
    at: '6:17',
    message: /combines the address and thread sanitizers/,
  },
  {
    name: 'free threading before 3.13',
    yaml: `${head('3.12.9')}  ft:\n    freethreading: true\n`,
    at: '6:20',
    message: /freethreading, which needs CPython 3.13 or newer, but is built for 3.12.9/,
    hint: /exclude: \[\{version: "3.12.9", variant: "ft"\}\]/,
  },
  {
    name: 'thread sanitizer before 3.13',
    yaml: `${head('3.12.9')}  tsan:\n    sanitizers: [thread]\n`,
    at: '6:17',
    message: /--with-thread-sanitizer, which CPython has since 3.13/,
  },
  {
    name: '-DPy_TRACE_REFS in cflags with pydebug',
    yaml: `${head('3.11.2')}  tr:\n    pydebug: true\n    cflags: [-DPy_TRACE_REFS]\n`,
    at: '7:13',
    message: /#error "Py_TRACE_REFS ABI is not compatible with release and debug ABI"/,
    hint: /trace_refs: true/,
  },
  {
    name: '-DPy_TRACE_REFS in cflags of a release build',
    yaml: `${head('3.11.2')}  tr:\n    cflags: -DPy_TRACE_REFS\n`,
    at: '6:13',
    message: /silent ABI break/,
    hint: /trace_refs: true/,
  },
  {
    name: '-DPy_DEBUG in cflags',
    yaml: `${head()}  d:\n    cflags: [-DPy_DEBUG]\n`,
    at: '6:13',
    message: /keeps -DNDEBUG -O3/,
    hint: /pydebug: true/,
  },
  {
    name: '-DPYMALLOC_DEBUG in cflags',
    yaml: `${head()}  d:\n    pydebug: true\n    cflags: [-DPYMALLOC_DEBUG]\n`,
    at: '7:13',
    message: /removed in 3.10/,
    hint: /PYTHONMALLOC: pymalloc_debug/,
  },
  {
    name: 'shell metacharacters in cflags',
    yaml: `${head()}  d:\n    cflags: ["-DX=$(rm -rf ~)"]\n`,
    at: '6:13',
    message: /characters a shell would interpret/,
  },
  {
    name: 'typed option in configure_args',
    yaml: `${head()}  d:\n    configure_args: [--with-pydebug]\n`,
    at: '6:22',
    message: /configure_args passes --with-pydebug/,
    hint: /set pydebug: true/,
  },
  {
    name: '--without-address-sanitizer enables it',
    yaml: `${head()}  d:\n    configure_args: [--without-address-sanitizer]\n`,
    at: '6:22',
    message: /ENABLES the address sanitizer/,
    hint: /leave the flag out/,
  },
  {
    name: "--prefix is pydebug's",
    yaml: `${head()}  d:\n    configure_args: [--prefix=/opt/python]\n`,
    at: '6:22',
    message: /configure_args sets --prefix/,
    hint: /PYDEBUG_HOME/,
  },
  {
    name: 'configure argument with a command substitution',
    yaml: `${head()}  d:\n    configure_args: ["--with-openssl=\`id\`"]\n`,
    at: '6:22',
    message: /characters a shell would interpret/,
  },
  {
    name: 'configure argument that is not an option',
    yaml: `${head()}  d:\n    configure_args: ["--with-lto --enable-shared"]\n`,
    at: '6:22',
    message: /characters a shell would interpret|neither --option/,
  },
  {
    name: 'exclude naming an unknown variant',
    yaml: `${head()}  debug: {pydebug: true}\nexclude:\n  - variant: debgu\n`,
    at: '7:14',
    message: /exclude names variant "debgu"/,
    hint: /did you mean "debug"\?/,
  },
  {
    name: 'exclude that removes everything',
    yaml: `${head()}  debug: {pydebug: true}\nexclude:\n  - version: "3.13.2"\n`,
    at: '7:3',
    message: /exclude leaves nothing to build/,
  },
  {
    name: 'duplicate version',
    yaml: `python:\n  - version: "3.13.2"\n    ${MD5}\n  - version: "3.13.2"\n    ${MD5}\nvariants: {d: {pydebug: true}}\n`,
    at: '4:14',
    message: /version 3.13.2 is listed twice/,
  },
  {
    name: 'unsupported old version',
    yaml: `${head('3.7.17')}  d: {pydebug: true}\n`,
    at: '2:14',
    message: /CPython 3.7.17 is not supported/,
  },
  {
    name: 'pymalloc forced on under ASan',
    yaml: `${head()}  asan:\n    sanitizers: [address]\n    pymalloc: true\n`,
    at: '7:15',
    message: /turns pymalloc off for the address and memory sanitizers/,
  },
  {
    name: 'test names are regrtest names',
    yaml: `${head()}  d:\n    test: [test_sys, "--fast; rm"]\n`,
    at: '6:22',
    message: /is not a CPython test name/,
  },
];

describe('config errors name file:line:col, what is wrong and how to fix it', () => {
  it.each(CASES)('$name', ({ yaml, at, message, hint }) => {
    const found = problems(yaml);
    const problem = found.find((p) => message.test(p.message));
    expect(problem, `no problem matches ${message}; got ${JSON.stringify(found)}`).toBeDefined();
    expect(problem!.file).toBe('pydebug.yml');
    expect(`${problem!.line}:${problem!.col}`).toBe(at);
    if (hint) expect(problem!.hint).toMatch(hint);
  });

  it('reports every problem at once, and formats them as file:line:col lines', () => {
    const text = `${head()}  a:\n    pydebgu: true\n  b:\n    sanitizers: [memory]\n`;
    try {
      parseConfigText(text, 'ci/pydebug.yml');
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      // Schema problems are reported first; rules run once the shape is right.
      expect((e as ConfigError).message).toMatch(/^a problem in ci\/pydebug.yml:\nci\/pydebug.yml:6:5: unknown key "pydebgu" in variant "a"\n {2}fix: did you mean "pydebug"\?/);
    }
    const rules = problems(`${head()}  a:\n    sanitizers: [memory]\n  b:\n    trace_refs: true\n    freethreading: true\n`);
    expect(rules.map((p) => `${p.line}:${p.col}`)).toEqual(['6:17', '8:17']);
  });
});
