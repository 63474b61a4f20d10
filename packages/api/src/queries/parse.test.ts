import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { listSchema } from './attributes.ts';
import { type Condition } from './ast.ts';
import { parseLimitOffset, parseQueries } from './parse.ts';

const schema = listSchema({
  name: { type: 'string', field: 'name' },
  total: { type: 'integer', field: 'total', virtual: true },
  confirm: { type: 'boolean', field: 'confirm' },
  joined: { type: 'datetime', field: 'joined', nullable: true },
  roles: { type: 'string', field: 'roles', array: true },
});

const q = (query: Record<string, unknown>) => JSON.stringify(query);

/** The client-facing message of a parse failure (always 400 general_argument_invalid). */
function failure(queries: string[]): string {
  try {
    parseQueries(queries, schema);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.type).toBe('general_argument_invalid');
    expect(appError.status).toBe(400);
    return appError.message;
  }
  throw new Error('expected parseQueries to fail');
}

describe('parseQueries: defaults and paging', () => {
  it('no queries: limit 25, offset 0, no order, no cursor', () => {
    expect(parseQueries([], schema)).toEqual({ filters: [], orders: [], limit: 25, offset: 0, cursor: null });
  });

  it('the first limit, offset and cursor win; orders accumulate', () => {
    const parsed = parseQueries(
      [
        q({ method: 'limit', values: [5] }),
        q({ method: 'limit', values: [7] }),
        q({ method: 'offset', values: [3] }),
        q({ method: 'offset', values: [9] }),
        q({ method: 'cursorBefore', values: ['b'] }),
        q({ method: 'cursorAfter', values: ['a'] }),
        q({ method: 'orderDesc', attribute: 'name' }),
        q({ method: 'orderAsc', attribute: '$sequence' }),
      ],
      schema,
    );
    expect(parsed).toMatchObject({
      limit: 5,
      offset: 3,
      cursor: { direction: 'before', id: 'b' },
      orders: [
        { attribute: 'name', direction: 'desc' },
        { attribute: '$sequence', direction: 'asc' },
      ],
    });
  });

  it('limit must be a number from 1 to 5000 and offset from 0 to 5000 (later ones are checked too)', () => {
    expect(failure([q({ method: 'limit', values: [0] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid range between 1 and 5,000',
    );
    expect(failure([q({ method: 'limit', values: [5001] })])).toContain('between 1 and 5,000');
    expect(failure([q({ method: 'offset', values: [5001] })])).toContain('between 0 and 5,000');
    expect(
      parseQueries([q({ method: 'limit', values: [5000] }), q({ method: 'offset', values: [5000] })], schema),
    ).toMatchObject({ limit: 5000, offset: 5000 });
    expect(failure([q({ method: 'limit', values: ['ten'] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid number',
    );
    expect(failure([q({ method: 'limit', values: [] })])).toContain(
      'Invalid limit: Value must be a valid number',
    );
    expect(failure([q({ method: 'limit', values: [1.5] })])).toContain(
      'Invalid limit: Value must be a valid range',
    );
    expect(failure([q({ method: 'limit', values: [1] }), q({ method: 'limit', values: [-1] })])).toContain(
      'Invalid limit',
    );
    expect(failure([q({ method: 'offset', values: [-1] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid offset: Value must be a valid range between 0 and 5,000',
    );
    expect(parseQueries([q({ method: 'offset', values: [0] })], schema).offset).toBe(0);
  });

  it('and/or nest at most 10 levels deep', () => {
    const nested = (depth: number) => {
      let query: Record<string, unknown> = { method: 'equal', attribute: 'name', values: ['a'] };
      for (let level = 0; level < depth; level++) {
        query = { method: 'or', values: [query, { method: 'isNull', attribute: 'name' }] };
      }
      return q(query);
    };
    expect(parseQueries([nested(10)], schema).filters).toHaveLength(1);
    expect(failure([nested(11)])).toBe(
      'Invalid `queries` param: Invalid query: Queries can be nested at most 10 levels deep',
    );
  });

  it('numeric strings are numbers, as in PHP', () => {
    expect(parseQueries([q({ method: 'limit', values: ['10'] })], schema).limit).toBe(10);
  });

  it('a cursor must be a valid id', () => {
    expect(failure([q({ method: 'cursorAfter', values: ['_bad'] })])).toBe(
      "Invalid `queries` param: Invalid query: Invalid cursor: UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore",
    );
    expect(failure([q({ method: 'cursorBefore', values: [] })])).toContain('Invalid cursor');
  });

  it('orders accept schema attributes, $id, $createdAt, $updatedAt and $sequence only', () => {
    for (const attribute of ['name', 'total', '$id', '$createdAt', '$updatedAt', '$sequence']) {
      expect(parseQueries([q({ method: 'orderAsc', attribute })], schema).orders).toHaveLength(1);
    }
    expect(failure([q({ method: 'orderAsc', attribute: 'secretHash' })])).toBe(
      'Invalid `queries` param: Invalid query: Attribute not found in schema: secretHash',
    );
    expect(failure([q({ method: 'orderDesc' })])).toBe(
      'Invalid `queries` param: Invalid query: Attribute not found in schema: ',
    );
  });
});

describe('parseQueries: syntax', () => {
  it('rejects malformed JSON and non-objects with Query::parse messages', () => {
    expect(failure(['equal("name", ["x"])'])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query: Syntax error',
    );
    expect(failure(['false'])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query. Must be an array, got boolean',
    );
    expect(failure(['"limit"'])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query. Must be an array, got string',
    );
    expect(failure(['[1]'])).toBe('Invalid `queries` param: Invalid query: Invalid query method: ');
  });

  it('rejects bad method, attribute and values types', () => {
    expect(failure([q({ method: ['equal'], attribute: 'name', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query method. Must be a string, got array',
    );
    expect(failure([q({ method: 'equal', attribute: 5, values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query attribute. Must be a string, got integer',
    );
    expect(failure([q({ method: 'equal', attribute: 'name', values: 'x' })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query values. Must be an array, got string',
    );
  });

  it('unknown methods fail parsing; known but unsupported ones fail as invalid methods', () => {
    expect(failure([q({ method: 'like', attribute: 'name', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query method: like',
    );
    for (const method of [
      'select',
      'search',
      'regex',
      'containsAny',
      'notBetween',
      'orderRandom',
      'exists',
    ]) {
      expect(failure([q({ method, attribute: 'name', values: ['x'] })])).toBe(
        `Invalid \`queries\` param: Invalid query method: ${method}`,
      );
    }
  });
});

describe('parseQueries: filters', () => {
  it('accepts every supported operator on a matching attribute', () => {
    const queries = [
      q({ method: 'equal', attribute: 'name', values: ['a', 'b'] }),
      q({ method: 'notEqual', attribute: 'name', values: ['a'] }),
      q({ method: 'lessThan', attribute: 'total', values: [3] }),
      q({ method: 'lessThanEqual', attribute: 'total', values: [3] }),
      q({ method: 'greaterThan', attribute: 'total', values: [3] }),
      q({ method: 'greaterThanEqual', attribute: 'total', values: [3] }),
      q({ method: 'contains', attribute: 'roles', values: ['owner', 'admin'] }),
      q({ method: 'contains', attribute: 'name', values: ['ab'] }),
      q({ method: 'startsWith', attribute: 'name', values: ['a'] }),
      q({ method: 'endsWith', attribute: 'name', values: ['z'] }),
      q({ method: 'isNull', attribute: 'joined' }),
      q({ method: 'isNotNull', attribute: 'joined' }),
      q({ method: 'between', attribute: 'total', values: [1, 5] }),
      q({ method: 'equal', attribute: 'confirm', values: [true] }),
    ];
    expect(parseQueries(queries, schema).filters.map((filter) => (filter as Condition).method)).toEqual([
      'equal',
      'notEqual',
      'lessThan',
      'lessThanEqual',
      'greaterThan',
      'greaterThanEqual',
      'contains',
      'contains',
      'startsWith',
      'endsWith',
      'isNull',
      'isNotNull',
      'between',
      'equal',
    ]);
  });

  it('turns datetime values into Dates (UTC when no offset is given)', () => {
    const [filter] = parseQueries(
      [
        q({
          method: 'between',
          attribute: 'joined',
          values: ['2024-01-02T03:04:05.678+02:00', '2024-02-01'],
        }),
      ],
      schema,
    ).filters;
    expect((filter as Condition).values).toEqual([
      new Date('2024-01-02T01:04:05.678Z'),
      new Date('2024-02-01T00:00:00.000Z'),
    ]);
    expect(failure([q({ method: 'greaterThan', attribute: '$createdAt', values: ['yesterday'] })])).toBe(
      'Invalid `queries` param: Invalid query: Query value is invalid for attribute "$createdAt"',
    );
  });

  it('checks value counts per method', () => {
    expect(failure([q({ method: 'equal', attribute: 'name', values: [] })])).toBe(
      'Invalid `queries` param: Invalid query: Equal queries require at least one value.',
    );
    expect(failure([q({ method: 'contains', attribute: 'roles', values: [[]] })])).toBe(
      'Invalid `queries` param: Invalid query: Contains queries require at least one value.',
    );
    expect(failure([q({ method: 'lessThan', attribute: 'total', values: [1, 2] })])).toBe(
      'Invalid `queries` param: Invalid query: LessThan queries require exactly one value.',
    );
    expect(failure([q({ method: 'startsWith', attribute: 'name', values: [] })])).toBe(
      'Invalid `queries` param: Invalid query: StartsWith queries require exactly one value.',
    );
    expect(failure([q({ method: 'between', attribute: 'total', values: [1] })])).toBe(
      'Invalid `queries` param: Invalid query: Between queries require exactly two values.',
    );
    const many = Array.from({ length: 501 }, (_, i) => `n${i}`);
    expect(failure([q({ method: 'equal', attribute: 'name', values: many })])).toBe(
      'Invalid `queries` param: Invalid query: Query on attribute has greater than 500 values: name',
    );
  });

  it('rejects unknown attributes, including $sequence and nested paths', () => {
    expect(failure([q({ method: 'equal', attribute: 'foo', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Attribute not found in schema: foo',
    );
    expect(failure([q({ method: 'equal', attribute: 'constructor', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Attribute not found in schema: constructor',
    );
    expect(failure([q({ method: 'equal', attribute: 'name.first', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query: Cannot query nested attribute on: name',
    );
    expect(failure([q({ method: 'greaterThan', attribute: '$sequence', values: [1] })])).toContain(
      'Cannot query on attribute "$sequence"',
    );
  });

  it('checks value types against the attribute type', () => {
    const invalid = (attribute: string) =>
      `Invalid \`queries\` param: Invalid query: Query value is invalid for attribute "${attribute}"`;
    expect(failure([q({ method: 'equal', attribute: 'name', values: [5] })])).toBe(invalid('name'));
    expect(failure([q({ method: 'equal', attribute: 'total', values: ['5'] })])).toBe(invalid('total'));
    expect(failure([q({ method: 'equal', attribute: 'total', values: [1.5] })])).toBe(invalid('total'));
    expect(failure([q({ method: 'equal', attribute: 'confirm', values: ['true'] })])).toBe(
      invalid('confirm'),
    );
    expect(failure([q({ method: 'equal', attribute: 'name', values: [null] })])).toBe(invalid('name'));
    expect(failure([q({ method: 'contains', attribute: 'roles', values: [1] })])).toBe(invalid('roles'));
  });

  it('contains needs an array or string attribute; arrays take only contains/isNull/isNotNull', () => {
    expect(failure([q({ method: 'contains', attribute: 'total', values: [1] })])).toBe(
      'Invalid `queries` param: Invalid query: Cannot query contains on attribute "total" because it is not an array or string.',
    );
    expect(failure([q({ method: 'equal', attribute: 'roles', values: ['owner'] })])).toBe(
      'Invalid `queries` param: Invalid query: Cannot query equal on attribute "roles" because it is an array.',
    );
    expect(failure([q({ method: 'startsWith', attribute: 'roles', values: ['o'] })])).toContain(
      'Cannot query startsWith on attribute "roles" because it is an array.',
    );
    expect(parseQueries([q({ method: 'isNull', attribute: 'roles' })], schema).filters).toHaveLength(1);
  });
});

describe('parseQueries: and / or', () => {
  it('nests logical queries', () => {
    const [filter] = parseQueries(
      [
        q({
          method: 'or',
          values: [
            { method: 'equal', attribute: 'name', values: ['a'] },
            {
              method: 'and',
              values: [
                { method: 'greaterThan', attribute: 'total', values: [1] },
                { method: 'contains', attribute: 'roles', values: ['owner'] },
              ],
            },
          ],
        }),
      ],
      schema,
    ).filters;
    expect(filter).toMatchObject({
      kind: 'logical',
      method: 'or',
      children: [
        { kind: 'condition', method: 'equal', attribute: 'name' },
        { kind: 'logical', method: 'and', children: [{ method: 'greaterThan' }, { method: 'contains' }] },
      ],
    });
  });

  it('needs at least two filter children, each valid', () => {
    expect(
      failure([q({ method: 'or', values: [{ method: 'equal', attribute: 'name', values: ['a'] }] })]),
    ).toBe('Invalid `queries` param: Invalid query: Or queries require at least two queries');
    expect(failure([q({ method: 'and', values: [] })])).toBe(
      'Invalid `queries` param: Invalid query: And queries require at least two queries',
    );
    expect(
      failure([
        q({
          method: 'and',
          values: [
            { method: 'equal', attribute: 'name', values: ['a'] },
            { method: 'limit', values: [1] },
          ],
        }),
      ]),
    ).toBe('Invalid `queries` param: Invalid query: And queries can only contain filter queries');
    expect(
      failure([
        q({
          method: 'or',
          values: [
            { method: 'equal', attribute: 'name', values: ['a'] },
            { method: 'equal', attribute: 'nope', values: ['b'] },
          ],
        }),
      ]),
    ).toBe('Invalid `queries` param: Invalid query: Attribute not found in schema: nope');
    expect(failure([q({ method: 'or', values: ['x', 'y'] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid query. Must be an array, got string',
    );
    expect(
      failure([
        q({
          method: 'or',
          values: [
            { method: 'equal', attribute: 'name', values: ['a'] },
            { method: 'search', attribute: 'name', values: ['b'] },
          ],
        }),
      ]),
    ).toBe('Invalid `queries` param: Invalid query method: search');
  });
});

describe('parseLimitOffset (lists that page only: the activity logs)', () => {
  const message = (queries: string[]) => {
    try {
      parseLimitOffset(queries);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).message;
    }
    return 'no error';
  };

  it('defaults to 25 / 0; the first limit and offset win, as Appwrite', () => {
    expect(parseLimitOffset([])).toEqual({ limit: 25, offset: 0 });
    expect(
      parseLimitOffset([
        q({ method: 'limit', values: [3] }),
        q({ method: 'offset', values: [7] }),
        q({ method: 'limit', values: [9] }),
      ]),
    ).toEqual({ limit: 3, offset: 7 });
  });

  it('refuses every other method, and the same bounds as other lists', () => {
    expect(message([q({ method: 'cursorAfter', values: ['abc'] })])).toBe(
      'Invalid `queries` param: Invalid query method: cursorAfter',
    );
    expect(message([q({ method: 'orderAsc', attribute: 'time' })])).toBe(
      'Invalid `queries` param: Invalid query method: orderAsc',
    );
    expect(message([q({ method: 'equal', attribute: 'event', values: ['x'] })])).toBe(
      'Invalid `queries` param: Invalid query method: equal',
    );
    expect(message([q({ method: 'limit', values: [0] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid range between 1 and 5,000',
    );
    expect(message([q({ method: 'offset', values: [5001] })])).toBe(
      'Invalid `queries` param: Invalid query: Invalid offset: Value must be a valid range between 0 and 5,000',
    );
    expect(message(['not json'])).toBe('Invalid `queries` param: Invalid query: Invalid query: Syntax error');
  });
});
