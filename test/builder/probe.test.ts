import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeInterpreter } from '../../src/builder/probe.js';
import { proveFlags } from '../../src/builder/proofs.js';
import { PydebugError } from '../../src/errors.js';
import { tempDir } from '../support/temp-dir.js';

// The machine's own python3 is a real release build pydebug did not make: inspect must work on it.
describe('probeInterpreter on an interpreter pydebug did not build', () => {
  it('reports a release build: no abiflags, no debug macros, pymalloc on, NDEBUG defined', async () => {
    const r = await probeInterpreter('python3');
    expect(r.implementation).toBe('cpython');
    expect(r.version).toMatch(/^3\.\d+\.\d+$/);
    const p = proveFlags(r);
    expect(p.macros.Py_TRACE_REFS).toBe(false);
    expect(typeof p.abiflags).toBe('string');
    expect(r.include).toMatch(/python3/);
  });

  it('a missing interpreter is a clear error', async () => {
    const err = await probeInterpreter('/nonexistent/python3').catch((e) => e);
    expect(err).toBeInstanceOf(PydebugError);
    expect(err.message).toMatch(/could not probe \/nonexistent\/python3: it does not exist/);
  });
});

describe("probeInterpreter and the runner's credentials", () => {
  it('runs the interpreter (perhaps one restored from a cache) without them, with PATH', async () => {
    const dir = await tempDir('pydebug-probe-');
    const secrets = { ACTIONS_RUNTIME_TOKEN: 'runtime-secret', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret', ACTIONS_CACHE_URL: 'https://cache.example/', GITHUB_TOKEN: 'ghs_secret' };
    const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]));
    try {
      // A stand-in interpreter: records its environment, then answers the probe.
      const fake = join(dir, 'python');
      await writeFile(fake, `#!/bin/sh\nenv > ${JSON.stringify(join(dir, 'seen.env'))}\necho '{"version": "3.13.2", "implementation": "cpython"}'\n`);
      await chmod(fake, 0o755);
      Object.assign(process.env, secrets);
      expect((await probeInterpreter(fake)).version).toBe('3.13.2');
      const seen = `\n${await readFile(join(dir, 'seen.env'), 'utf8')}`;
      for (const [name, value] of Object.entries(secrets)) expect(seen, name).not.toContain(value);
      expect(seen).toContain(`\nPATH=${process.env.PATH}\n`);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
