/**
 * Orders two stored values the way MongoDB sorts values of one attribute: missing and null
 * first, then by value (dates by time, strings by code unit, false before true).
 */
export function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  const left = a instanceof Date ? a.getTime() : a;
  const right = b instanceof Date ? b.getTime() : b;
  if (typeof left !== typeof right) return typeof left < typeof right ? -1 : 1;
  if ((left as number | string | boolean) < (right as number | string | boolean)) return -1;
  if ((left as number | string | boolean) > (right as number | string | boolean)) return 1;
  return 0;
}
