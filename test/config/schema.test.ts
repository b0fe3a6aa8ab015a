import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { configJsonSchema } from '../../src/config/schema.js';

describe('schema/pydebug.schema.json', () => {
  it('is exactly what the zod schema generates (run `npm run build` after changing it)', async () => {
    const committed = await readFile(new URL('../../schema/pydebug.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  it('describes the variant options editors complete', () => {
    const schema = configJsonSchema() as { properties: { variants: { additionalProperties: { properties: Record<string, { description?: string }> } } } };
    const options = schema.properties.variants.additionalProperties.properties;
    expect(Object.keys(options)).toEqual(
      expect.arrayContaining(['pydebug', 'trace_refs', 'pymalloc', 'valgrind', 'assertions', 'sanitizers', 'freethreading', 'optimization', 'cflags', 'configure_args', 'env', 'test', 'compiler']),
    );
    expect(options.pydebug!.description).toMatch(/--with-pydebug/);
  });
});

describe("zod's configuration", () => {
  it('compiles no fast path (jitless): a CLI process parses each document once', () => {
    // Loading the schema module sets it, before any schema parses anything.
    expect(z.config().jitless).toBe(true);
  });
});
