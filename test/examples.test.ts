import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/config/load.js';
import { RECIPE_CONFIG } from './support/fixtures.js';

const root = new URL('..', import.meta.url).pathname;

async function configs(): Promise<string[]> {
  const found = (await readdir(join(root, 'examples'), { recursive: true })).filter((f) => f.endsWith('pydebug.yml')).map((f) => join('examples', f));
  return ['pydebug.yml', ...found.sort()];
}

describe('example configs', () => {
  it('every pydebug.yml in the repository loads, and names the schema for editors', async () => {
    const files = await configs();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      expect(text.split('\n')[0], file).toMatch(/^# yaml-language-server: \$schema=(\.\.?\/)+schema\/pydebug\.schema\.json$/);
      const schemaRef = text.split('\n')[0]!.split('$schema=')[1]!;
      await expect(readFile(join(root, file, '..', schemaRef), 'utf8'), `${file} points at the schema`).resolves.toMatch(/"\$schema"/);
      expect(() => parseConfigText(text, file), file).not.toThrow();
    }
  });

  it("the README shows the repository's pydebug.yml (the recipe) verbatim", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const config = await readFile(join(root, 'pydebug.yml'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${config}\`\`\``);
    // The example, exactly as written.
    expect(config).toBe(RECIPE_CONFIG);
  });

  it('the matrix example expands as documented', async () => {
    const { project } = parseConfigText(await readFile(join(root, 'examples/matrix/pydebug.yml'), 'utf8'), 'x');
    expect(project.matrix).toHaveLength(11);
    expect(project.matrix.some((e) => e.id === '3.11.2-freethreading')).toBe(false);
  });
});
