import { type Condition } from './ast.ts';
import { compareValues } from './compare.ts';

/**
 * Whether a single (non-array) value satisfies `condition`, with the semantics of the compiled
 * MongoDB filter. Used for virtual attributes, whose values exist only in memory.
 */
export function matchesCondition(condition: Condition, value: unknown): boolean {
  const { method, values } = condition;
  const [first, second] = values;
  if (value === null || value === undefined) return method === 'isNull';
  const compared = compareValues(value, first);
  switch (method) {
    case 'equal':
      return values.some((candidate) => compareValues(value, candidate) === 0);
    case 'notEqual':
      return compared !== 0;
    case 'lessThan':
      return compared < 0;
    case 'lessThanEqual':
      return compared <= 0;
    case 'greaterThan':
      return compared > 0;
    case 'greaterThanEqual':
      return compared >= 0;
    case 'between':
      return compared >= 0 && compareValues(value, second) <= 0;
    case 'isNull':
      return false;
    case 'isNotNull':
      return true;
    case 'contains':
      return typeof value === 'string' && values.some((part) => value.includes(String(part)));
    case 'startsWith':
      return typeof value === 'string' && value.startsWith(String(first));
    case 'endsWith':
      return typeof value === 'string' && value.endsWith(String(first));
  }
}
