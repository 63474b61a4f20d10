import { describe, expect, it } from 'vitest';
import { listSchema } from './attributes.ts';
import { compileFilters } from './compile-filter.ts';
import { parseQueries } from './parse.ts';

const schema = listSchema({
  name: { type: 'string', field: 'name' },
  total: { type: 'integer', field: 'total', virtual: true },
  joined: { type: 'datetime', field: 'joined', nullable: true },
  roles: { type: 'string', field: 'roles', array: true },
});

const compile = (...queries: Record<string, unknown>[]) =>
  compileFilters(
    parseQueries(
      queries.map((query) => JSON.stringify(query)),
      schema,
    ).filters,
  );
const cond = (method: string, attribute: string, values: unknown[] = []) => ({ method, attribute, values });

describe('compileFilters', () => {
  it('no filters: an empty filter', () => {
    expect(compile()).toEqual({});
  });

  it('maps each operator and the system attributes to stored fields', () => {
    expect(compile(cond('equal', 'name', ['a', 'b']))).toEqual({ name: { $in: ['a', 'b'] } });
    expect(compile(cond('equal', '$id', ['x']))).toEqual({ _id: { $in: ['x'] } });
    expect(compile(cond('notEqual', 'name', ['a']))).toEqual({ name: { $nin: ['a', null] } });
    expect(compile(cond('lessThan', '$createdAt', ['2024-01-01']))).toEqual({
      createdAt: { $lt: new Date('2024-01-01T00:00:00Z') },
    });
    expect(compile(cond('lessThanEqual', '$updatedAt', ['2024-01-01']))).toEqual({
      updatedAt: { $lte: new Date('2024-01-01T00:00:00Z') },
    });
    expect(compile(cond('greaterThan', 'joined', ['2024-01-01']))).toEqual({
      joined: { $gt: new Date('2024-01-01T00:00:00Z') },
    });
    expect(compile(cond('greaterThanEqual', 'name', ['m']))).toEqual({ name: { $gte: 'm' } });
    expect(compile(cond('between', 'name', ['a', 'c']))).toEqual({ name: { $gte: 'a', $lte: 'c' } });
    expect(compile(cond('isNull', 'joined'))).toEqual({ joined: { $eq: null } });
    expect(compile(cond('isNotNull', 'joined'))).toEqual({ joined: { $ne: null } });
    expect(compile(cond('contains', 'roles', ['owner', 'admin']))).toEqual({
      roles: { $in: ['owner', 'admin'] },
    });
  });

  it('string operators build escaped, anchored regexes (case-sensitive)', () => {
    expect(compile(cond('contains', 'name', ['a.b', '(x)']))).toEqual({ name: { $regex: 'a\\.b|\\(x\\)' } });
    expect(compile(cond('startsWith', 'name', ['[a]*']))).toEqual({ name: { $regex: '^\\[a\\]\\*' } });
    expect(compile(cond('endsWith', 'name', ['$1?']))).toEqual({ name: { $regex: '\\$1\\?$' } });
    const { name } = compile(cond('contains', 'name', ['a+b'])) as { name: { $regex: string } };
    const regex = new RegExp(name.$regex, 'u');
    expect(regex.test('xa+by')).toBe(true);
    expect(regex.test('aab')).toBe(false);
    expect(regex.test('XA+BY')).toBe(false);
  });

  it('top-level filters are AND-ed; and/or nest', () => {
    expect(compile(cond('equal', 'name', ['a']), cond('isNull', 'joined'))).toEqual({
      $and: [{ name: { $in: ['a'] } }, { joined: { $eq: null } }],
    });
    expect(
      compile({
        method: 'or',
        values: [
          cond('equal', 'name', ['a']),
          { method: 'and', values: [cond('isNull', 'joined'), cond('contains', 'roles', ['x'])] },
        ],
      }),
    ).toEqual({
      $or: [{ name: { $in: ['a'] } }, { $and: [{ joined: { $eq: null } }, { roles: { $in: ['x'] } }] }],
    });
  });

  it('virtual attributes go through the resolver', () => {
    const parsed = parseQueries([JSON.stringify(cond('greaterThan', 'total', [2]))], schema);
    expect(compileFilters(parsed.filters, (condition) => ({ resolved: condition.values }))).toEqual({
      resolved: [2],
    });
    expect(() => compileFilters(parsed.filters)).toThrow(/virtual attribute total/);
  });
});
