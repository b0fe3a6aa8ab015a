/** The pure part of relocation: target paths, whole-path replacement, shebangs, classes, the plan. */

import { describe, expect, it } from 'vitest';
import {
  classifyContent,
  isBuiltPrefix,
  PrefixSearch,
  planRelocation,
  prefixOffsets,
  REWRITE_LIMIT,
  relocatedContent,
  replacePrefix,
  SHEBANG_LIMIT,
  shortenShebang,
  sourceOfBytecode,
  targetPrefixProblem,
} from '../../src/store/relocate-plan.js';

const A = '/home/me/.cache/pydebug/store/pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567';
const B = '/opt/hostedtoolcache/pydebug/store/pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567';

describe('targetPrefixProblem', () => {
  it('accepts store paths, non-ASCII letters included', () => {
    expect(targetPrefixProblem(B)).toBeUndefined();
    expect(targetPrefixProblem('/home/josé/.cache/pydebug/store/k+1@x')).toBeUndefined();
  });
  it.each([
    ['relative/store', 'not an absolute path'],
    ['/a//b', 'not a normalized path'],
    ['/a/../b', 'not a normalized path'],
    ['/a/b/', 'ends with "/"'],
    ['/runner work/store', 'contains a space'],
    ['/a\tb', 'contains a space'],
    ["/it's", `contains "'"`],
    ['/a"b', 'contains "\\""'],
    ['/a\\b', 'contains "\\\\"'],
    ['/a$HOME', 'contains "$"'],
    ['/a:b', 'contains ":"'],
    ['/a,b', 'contains ","'],
    ['/a\u0001b', 'contains a control character'],
  ])('refuses %j', (path, why) => {
    expect(targetPrefixProblem(path)).toContain(why);
  });
  it('refuses a path longer than 1024 bytes', () => {
    expect(targetPrefixProblem(`/${'a'.repeat(1100)}`)).toContain('longer than 1024');
  });
});

describe('isBuiltPrefix', () => {
  it('accepts store paths, a space included, and refuses relative, unnormalized and control characters', () => {
    expect(isBuiltPrefix(A)).toBe(true);
    expect(isBuiltPrefix('/home/Jane Doe/.cache/pydebug/store/k')).toBe(true);
    for (const p of ['', 'store/k', '/a/../k', '/a//k', '/a/./k', '/a/k/', '/a\nb', '/a\u001b[2Jb', '/a\u0085b', '/a\u202eb', '/a\u2028b']) expect(isBuiltPrefix(p), JSON.stringify(p)).toBe(false);
  });
});

describe('replacePrefix', () => {
  it('replaces whole paths only: a sibling whose name extends the prefix stays', () => {
    const text = Buffer.from(`prefix=${A}\nINCLUDEPY='-I${A}/include' ${A}-other/x ${A}.pydebug-tmp ${A}\n`);
    expect(prefixOffsets(text, A)).toHaveLength(3);
    expect(replacePrefix(text, A, B).toString()).toBe(`prefix=${B}\nINCLUDEPY='-I${B}/include' ${A}-other/x ${A}.pydebug-tmp ${B}\n`);
  });
  it('returns the same buffer when nothing names the prefix', () => {
    const text = Buffer.from('nothing here\n');
    expect(replacePrefix(text, A, B)).toBe(text);
  });
  it('works for a shorter and a longer target', () => {
    const text = Buffer.from(`${A}/bin ${A}/lib`);
    expect(replacePrefix(text, A, '/s/k').toString()).toBe('/s/k/bin /s/k/lib');
    const long = `/very${'/long'.repeat(30)}/k`;
    expect(replacePrefix(text, A, long).toString()).toBe(`${long}/bin ${long}/lib`);
  });
});

describe('PrefixSearch', () => {
  function findIn(chunks: string[]): boolean {
    const search = new PrefixSearch(A);
    for (const c of chunks) search.push(Buffer.from(c));
    return search.end();
  }
  it('finds a whole path cut by a chunk end anywhere, or ending the file', () => {
    const text = `x ${A}/lib y`;
    for (let cut = 0; cut <= text.length; cut++) expect(findIn([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toBe(true);
    expect(findIn([`x ${A.slice(0, 10)}`, A.slice(10)])).toBe(true);
    // Chunks longer than twice the prefix take the path that copies only the bytes at their seams.
    const pad = '#'.repeat(3 * A.length);
    const long = `${pad} ${A}/lib ${pad}`;
    for (let cut = pad.length - 5; cut <= pad.length + A.length + 6; cut++) expect(findIn([long.slice(0, cut), long.slice(cut)]), `long, cut at ${cut}`).toBe(true);
    expect(findIn([pad, pad, `${A}`])).toBe(true);
    expect(findIn([pad, `${pad}${A}`])).toBe(true);
    expect(findIn([pad, `${pad}${A}`, `-${pad}`])).toBe(false);
  });
  it('does not take a sibling whose name extends the prefix for it, wherever the chunk ends', () => {
    const text = `x ${A}-other/lib ${A}.tmp`;
    for (let cut = 0; cut <= text.length; cut++) expect(findIn([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toBe(false);
    const pad = '#'.repeat(3 * A.length);
    const long = `${pad}${A}-other ${pad}`;
    for (let cut = pad.length - 5; cut <= pad.length + A.length + 6; cut++) expect(findIn([long.slice(0, cut), long.slice(cut)]), `long, cut at ${cut}`).toBe(false);
  });
});

describe('shebangs', () => {
  it('keeps a line that fits, and turns a longer one into /bin/sh exec of the interpreter, as pip does', () => {
    const short = Buffer.from('#!/s/bin/python3.11\nimport sys\n');
    expect(shortenShebang(short)).toBe(short);
    const exe = `/x${'/y'.repeat(70)}/bin/python3.11`;
    const long = Buffer.from(`#!${exe}\n# -*- coding: utf-8 -*-\nimport sys\n`);
    expect(Buffer.byteLength(`#!${exe}`)).toBeGreaterThan(SHEBANG_LIMIT);
    expect(shortenShebang(long).toString()).toBe(`#!/bin/sh\n'''exec' '${exe}' "$0" "$@"\n' '''\n# -*- coding: utf-8 -*-\nimport sys\n`);
  });
  it('leaves a long line alone when it does not run Python', () => {
    const sh = Buffer.from(`#!/x${'/y'.repeat(70)}/bin/bash\necho\n`);
    expect(shortenShebang(sh)).toBe(sh);
  });
  it('rewrites a bin/ script for the new prefix', () => {
    const pip = Buffer.from(`#!${A}/bin/python3.11\nfrom pip._internal.cli.main import main\n`);
    expect(relocatedContent(pip, 'shebang', A, B).toString()).toBe(`#!${B}/bin/python3.11\nfrom pip._internal.cli.main import main\n`);
  });
});

describe('classifyContent and sourceOfBytecode', () => {
  it('tells ELF, ar, bytecode, text and binary apart', () => {
    expect(classifyContent('bin/python3.11', Buffer.from('\x7fELF\x02\x01\x01', 'latin1'))).toBe('elf');
    expect(classifyContent('lib/libpython3.11d.a', Buffer.from('!<arch>\nx'))).toBe('ar');
    expect(classifyContent('lib/python3.11/__pycache__/os.cpython-311.pyc', Buffer.from('a\0b'))).toBe('bytecode');
    expect(classifyContent('lib/pkgconfig/python3.pc', Buffer.from(`prefix=${A}\n`))).toBe('text');
    expect(classifyContent('lib/x.dat', Buffer.from('a\0b'))).toBe('binary');
    expect(classifyContent('lib/x.dat', Buffer.from([0xff, 0xfe, 0x41]))).toBe('binary');
  });
  it('finds the source of a .pyc at every optimization level', () => {
    expect(sourceOfBytecode('lib/python3.11/__pycache__/_sysconfigdata_d_linux_x86_64-linux-gnu.cpython-311.opt-2.pyc')).toBe('lib/python3.11/_sysconfigdata_d_linux_x86_64-linux-gnu.py');
    expect(sourceOfBytecode('lib/python3.11/__pycache__/os.cpython-311.pyc')).toBe('lib/python3.11/os.py');
    expect(sourceOfBytecode('lib/python3.11/os.pyc')).toBeUndefined();
  });
});

describe('planRelocation', () => {
  it('rewrites text, recompiles the bytecode of rewritten modules only, keeps the rest with why', () => {
    const sysconfigdata = 'lib/python3.11/_sysconfigdata_d_linux_x86_64-linux-gnu.py';
    const plan = planRelocation(
      [
        { path: sysconfigdata, class: 'text', bytes: 1000 },
        { path: 'lib/python3.11/__pycache__/_sysconfigdata_d_linux_x86_64-linux-gnu.cpython-311.opt-1.pyc', class: 'bytecode', bytes: 1000 },
        { path: 'lib/python3.11/__pycache__/os.cpython-311.pyc', class: 'bytecode', bytes: 1000 },
        { path: 'bin/pip3', class: 'text', bytes: 1000 },
        { path: 'bin/python3.11', class: 'elf', bytes: 1000, searchPaths: [] },
        { path: 'lib/libpython3.11d.a', class: 'ar', bytes: 1000 },
        { path: 'share/pydebug/build.log', class: 'text', bytes: 1000 },
        { path: 'lib/x.dat', class: 'binary', bytes: 1000 },
      ],
      A,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.actions.map((a) => `${a.action} ${a.path}${a.action === 'rewrite' ? ` ${a.how}` : a.action === 'recompile' ? ` ${a.source} ${a.optimization}` : ''}`)).toEqual([
      `rewrite ${sysconfigdata} text`,
      'rewrite bin/pip3 shebang',
      `recompile lib/python3.11/__pycache__/_sysconfigdata_d_linux_x86_64-linux-gnu.cpython-311.opt-1.pyc ${sysconfigdata} 1`,
      'keep lib/python3.11/__pycache__/os.cpython-311.pyc',
      'keep bin/python3.11',
      'keep lib/libpython3.11d.a',
      'keep share/pydebug/build.log',
      'keep lib/x.dat',
    ]);
    expect(plan.actions.every((a) => a.action !== 'keep' || a.why.length > 0)).toBe(true);
  });
  it('refuses a text file naming the prefix that is larger than REWRITE_LIMIT, but not the build log', () => {
    const plan = planRelocation(
      [
        { path: 'lib/python3.11/huge.py', class: 'text', bytes: REWRITE_LIMIT + 1 },
        { path: 'lib/python3.11/fits.py', class: 'text', bytes: REWRITE_LIMIT },
        { path: 'share/pydebug/build.log', class: 'text', bytes: REWRITE_LIMIT + 1 },
      ],
      A,
    );
    expect(plan.problems).toEqual([expect.stringContaining(`lib/python3.11/huge.py is a text file of ${REWRITE_LIMIT + 1} bytes naming the old prefix`)]);
    expect(plan.actions.map((a) => `${a.action} ${a.path}`)).toEqual(['rewrite lib/python3.11/fits.py', 'keep share/pydebug/build.log']);
  });
  it('refuses an ELF file whose RPATH or RUNPATH lies inside the old prefix, and keeps one pointing elsewhere', () => {
    const plan = planRelocation(
      [
        { path: 'bin/python3.11', class: 'elf', bytes: 1000, searchPaths: [`/usr/lib:${A}/lib`] },
        { path: 'lib/x.so', class: 'elf', bytes: 1000, searchPaths: ['$ORIGIN/../lib', `${A}-other/lib`] },
      ],
      A,
    );
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toContain(`bin/python3.11 finds its libraries through RPATH/RUNPATH /usr/lib:${A}/lib`);
    expect(plan.problems[0]).toContain('$ORIGIN/../lib');
    expect(plan.actions).toEqual([{ path: 'lib/x.so', action: 'keep', why: expect.stringContaining('ELF') }]);
  });
});

describe('elfSearchPaths', () => {
  it('reads the RUNPATH of a real ELF file built with one, and nothing from one without', async () => {
    const { execa } = await import('execa');
    const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { elfSearchPaths } = await import('../../src/store/relocate-plan.js');
    const dir = await mkdtemp(join(tmpdir(), 'pydebug-elf-'));
    try {
      await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n');
      await execa('cc', ['-o', join(dir, 'with'), join(dir, 'main.c'), `-Wl,-rpath,${A}/lib:/usr/local/lib`]);
      await execa('cc', ['-o', join(dir, 'without'), join(dir, 'main.c')]);
      expect(elfSearchPaths(await readFile(join(dir, 'with')))).toEqual([`${A}/lib:/usr/local/lib`]);
      expect(elfSearchPaths(await readFile(join(dir, 'without')))).toEqual([]);
      expect(elfSearchPaths(Buffer.from('\x7fELF\x02\x01garbage', 'latin1'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('reads a crafted file in time bounded by its size: 65535 dynamic sections, 260k RPATH entries', async () => {
    const { elfSearchPaths } = await import('../../src/store/relocate-plan.js');
    const shnum = 65535;
    const data = Buffer.alloc(64 + shnum * 64 + (1 << 20), 0x41);
    data.write('\x7fELF\x02\x01', 0, 'latin1');
    data.writeBigUInt64LE(64n, 0x28);
    data.writeUInt16LE(64, 0x3a);
    data.writeUInt16LE(shnum, 0x3c);
    // Every section a .dynamic over the whole file, linked to section 0 as its string table.
    for (let i = 0; i < shnum; i++) {
      const at = 64 + i * 64;
      data.writeUInt32LE(6, at + 4);
      data.writeBigUInt64LE(0n, at + 0x18);
      data.writeBigUInt64LE(BigInt(data.length), at + 0x20);
      data.writeUInt32LE(0, at + 0x28);
    }
    for (let at = 64 + shnum * 64; at + 16 <= data.length; at += 16) {
      data.writeBigUInt64LE(15n, at);
      data.writeBigUInt64LE(0n, at + 8);
    }
    const started = performance.now();
    expect(elfSearchPaths(data).length).toBeLessThanOrEqual(8);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
