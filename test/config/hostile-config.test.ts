/**
 * pydebug.yml written to hurt or to mislead: each gives a ConfigError whose problem names the
 * file:line:col and says what is really wrong, never an exception from the YAML parser.
 */
import { describe, expect, it } from 'vitest';
import { VARIANT_NAME_MAX_LENGTH } from '../../src/config/rules.js';
import { VARIANT_NAME_PATTERN } from '../../src/config/schema.js';
import { configProblems } from '../support/fixtures.js';

const problems = configProblems;

const head = 'python:\n  - version: "3.13.2"\n    md5: 6192ce4725d9c9fc0e8a1cd38410b417\nvariants:\n';

/** Nine levels of nine aliases: 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${head}  debug: {pydebug: true}\n`;
}

const CASES: Array<{ name: string; yaml: string; at: string; message: RegExp; hint: RegExp; not?: RegExp }> = [
  {
    name: 'billion laughs',
    yaml: billionLaughs(),
    at: '2:10',
    message: /^YAML aliases expand too many times \(Excessive alias count/,
    hint: /write the values out/,
  },
  {
    name: 'an alias with no anchor',
    yaml: `${head}  debug: *nowhere\n`,
    at: '5:10',
    message: /^YAML alias \*nowhere has no anchor &nowhere before it/,
    hint: /define &nowhere/,
  },
  {
    name: 'a bad environment variable name in a variant',
    yaml: `${head}  debug:\n    pydebug: true\n    env: {BAD-NAME: "1"}\n`,
    at: '7:11',
    message: /^"BAD-NAME" cannot be an environment variable name in variant "debug"/,
    hint: /letters, digits and _/,
    not: /variant name/,
  },
  {
    name: 'a 300-character variant name',
    yaml: `${head}  ${'v'.repeat(300)}:\n    pydebug: true\n`,
    at: '5:3',
    message: /^variant name "v{20}…" is too long: 300 characters, at most 64/,
    hint: /shorter name/,
    not: /letters, digits/,
  },
  {
    name: 'a variant name with a slash',
    yaml: `${head}  ../evil:\n    pydebug: true\n`,
    at: '5:3',
    message: /^"\.\.\/evil" cannot be a variant name: variant names are letters, digits/,
    hint: /rename it/,
  },
];

describe('hostile pydebug.yml gives file:line:col problems', () => {
  it.each(CASES)('$name', ({ yaml, at, message, hint, not }) => {
    const [p, ...rest] = problems(yaml);
    expect(rest).toEqual([]);
    expect(`${p!.line}:${p!.col}`).toBe(at);
    expect(p!.message).toMatch(message);
    expect(p!.hint).toMatch(hint);
    if (not) expect(p!.message).not.toMatch(not);
  });

  it('the length limit in messages is the one the name pattern enforces', () => {
    expect(VARIANT_NAME_PATTERN.test('v'.repeat(VARIANT_NAME_MAX_LENGTH))).toBe(true);
    expect(VARIANT_NAME_PATTERN.test('v'.repeat(VARIANT_NAME_MAX_LENGTH + 1))).toBe(false);
  });
});
