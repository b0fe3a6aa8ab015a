import { describe, expect, it } from 'vitest';
import { probeInterpreter } from '../../src/builder/probe.js';
import { proveFlags } from '../../src/builder/proofs.js';
import { PydebugError } from '../../src/errors.js';

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
