/** Numbers typed by people (options, inputs, variables): plain decimal digits only. Pure. */

/**
 * The whole number `text` spells in plain decimal digits, when it is within [min, max];
 * otherwise undefined. `Number()` alone would accept 1e3, 0x10, " 4" and 4.0.
 */
export function wholeNumberInRange(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
