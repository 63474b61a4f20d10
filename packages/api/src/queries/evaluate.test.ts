import { describe, expect, it } from 'vitest';
import { listSchema } from './attributes.ts';
import { type Condition } from './ast.ts';
import { matchesCondition } from './evaluate.ts';
import { parseQueries } from './parse.ts';

const schema = listSchema({ total: { type: 'integer', field: 'total', virtual: true } });
const condition = (method: string, values: unknown[] = []) =>
  parseQueries([JSON.stringify({ method, attribute: 'total', values })], schema).filters[0] as Condition;

describe('matchesCondition', () => {
  it('evaluates the numeric operators like the compiled filter', () => {
    expect(matchesCondition(condition('equal', [1, 3]), 3)).toBe(true);
    expect(matchesCondition(condition('equal', [1, 3]), 2)).toBe(false);
    expect(matchesCondition(condition('notEqual', [2]), 2)).toBe(false);
    expect(matchesCondition(condition('notEqual', [2]), 0)).toBe(true);
    expect(matchesCondition(condition('lessThan', [2]), 1)).toBe(true);
    expect(matchesCondition(condition('lessThan', [2]), 2)).toBe(false);
    expect(matchesCondition(condition('lessThanEqual', [2]), 2)).toBe(true);
    expect(matchesCondition(condition('greaterThan', [2]), 2)).toBe(false);
    expect(matchesCondition(condition('greaterThanEqual', [2]), 2)).toBe(true);
    expect(matchesCondition(condition('between', [1, 3]), 3)).toBe(true);
    expect(matchesCondition(condition('between', [1, 3]), 4)).toBe(false);
    expect(matchesCondition(condition('isNull'), 0)).toBe(false);
    expect(matchesCondition(condition('isNotNull'), 0)).toBe(true);
    expect(matchesCondition(condition('isNull'), null)).toBe(true);
    expect(matchesCondition(condition('greaterThan', [2]), undefined)).toBe(false);
  });
});
