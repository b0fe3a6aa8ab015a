/**
 * Shared configure answers change nothing configure writes. The shared sync (global-setup, with
 * --keep-build) configured 3.11.2-trace-refs and 3.11.2-valgrind with the answers of
 * 3.11.2-debug's configure (builder/configure-facts.ts); here each is configured again in a fresh
 * directory of the same tree, with the same arguments and every check run, and every file that
 * configure writes (Makefile, pyconfig.h, Modules/Setup.*, Misc/python.pc...) must be the same
 * byte for byte, but for the directory's own name.
 */

import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isDirectory()) out.push(join(e.parentPath, e.name).slice(root.length + 1));
  }
  return out.sort();
}

/** The arguments configure was given, from config.status (each single-quoted there). */
async function configureArgs(buildDir: string): Promise<string[]> {
  const status = await readFile(join(buildDir, 'config.status'), 'utf8');
  const line = /^ac_cs_config="(.*)"$/m.exec(status)?.[1];
  if (line === undefined) throw new Error(`no ac_cs_config in ${buildDir}/config.status`);
  return [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe('configure answers shared between the entries of a sync', async () => {
  const entries = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Array<{ id: string; entry_key: string; prefix: string }>;
  const sources = join(e2e.home, 'sources');
  const tree = join(sources, (await readdir(sources)).find((d) => d.startsWith('3.11.2-'))!);
  const buildDirOf = (id: string) => {
    const e = entries.find((x) => x.id === id)!;
    return join(tree, `build-${id.slice('3.11.2-'.length)}-${e.entry_key.slice(-8)}`);
  };
  const logOf = async (id: string) => {
    const { prefix } = entries.find((x) => x.id === id)!;
    const manifest = JSON.parse(await readFile(join(prefix, 'share/pydebug/manifest.json'), 'utf8')) as { files: { log: string } };
    return readFile(join(prefix, manifest.files.log), 'utf8');
  };

  it('the first entry configures alone; the others were given its answers and used them', async () => {
    const cached = (log: string) => log.split('\n').filter((l) => /^checking .*\.\.\. \(cached\) /.test(l)).length;
    const first = await logOf('3.11.2-debug');
    expect(first).not.toMatch(/^# configure: \d+ answers/m);
    expect(cached(first)).toBeLessThan(50);
    for (const id of ['3.11.2-trace-refs', '3.11.2-valgrind']) {
      const log = await logOf(id);
      const answers = Number(/^# configure: (\d+) answers of autoconf's generic checks from 3\.11\.2-debug's configure/m.exec(log)?.[1]);
      expect(answers, id).toBeGreaterThan(300);
      expect(log).toMatch(/^configure: loading site script .*pydebug-config\.site$/m);
      // autoconf says "(cached)" for each preset answer it uses: hundreds of checks not run.
      expect(cached(log), id).toBeGreaterThan(cached(first) + 300);
    }
  });

  it('the entries given the answers configure in build order, and the first entry is ready first', () => {
    const lines = e2e.firstSync.stderr.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const started = ['3.11.2-debug', '3.11.2-trace-refs', '3.11.2-valgrind'].map((id) => at(new RegExp(`\\] ${id}: configure\\.\\.\\.$`)));
    expect(
      started.every((i) => i >= 0),
      lines.slice(0, 40).join('\n'),
    ).toBe(true);
    expect([...started].sort((a, b) => a - b)).toEqual(started);
    const built = ['3.11.2-debug', '3.11.2-trace-refs', '3.11.2-valgrind'].map((id) => at(new RegExp(`\\] ${id}: built \\(`)));
    expect(Math.min(...built)).toBe(built[0]);
  });

  it.each(['3.11.2-trace-refs', '3.11.2-valgrind'])('%s: every file configure writes is the same as when every check runs', async (id) => {
    const shared = buildDirOf(id);
    const fresh = join(tree, `check-${id.slice('3.11.2-'.length)}-${process.pid}`);
    await rm(fresh, { recursive: true, force: true });
    await mkdir(fresh);
    try {
      const args = await configureArgs(shared);
      expect(args.some((a) => a.startsWith('--prefix='))).toBe(true);
      const env = cleanEnv({ LC_ALL: 'C' });
      delete env.CONFIG_SITE;
      const r = await execa('../configure', args, { cwd: fresh, env, extendEnv: false, reject: false, all: true });
      expect(r.exitCode, String(r.all).slice(-2000)).toBe(0);
      const written = (await files(fresh)).filter((f) => f !== 'config.log' && f !== 'config.status');
      expect(written).toEqual(expect.arrayContaining(['Makefile', 'pyconfig.h', 'Modules/Setup.local', 'Misc/python.pc']));
      const differ: string[] = [];
      for (const f of written) {
        const a = (await readFile(join(fresh, f), 'utf8')).replaceAll(fresh, '<build>');
        const b = (await readFile(join(shared, f), 'utf8')).replaceAll(shared, '<build>');
        if (a !== b) differ.push(f);
      }
      expect(differ).toEqual([]);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
