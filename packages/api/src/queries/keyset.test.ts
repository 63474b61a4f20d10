import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { listSchema } from './attributes.ts';
import { pageInMemory } from './in-memory-page.ts';
import { compareBy, cursorValues, keysetFilter, storedValue } from './keyset.ts';
import { sortKeys, reversed, toMongoSort } from './sort-keys.ts';

const schema = listSchema({
  name: { type: 'string', field: 'name' },
  joined: { type: 'datetime', field: 'joined', nullable: true },
  total: { type: 'integer', field: 'total', virtual: true },
});

describe('sortKeys', () => {
  it('defaults to insertion order: createdAt, then _id', () => {
    expect(toMongoSort(sortKeys([], schema))).toEqual({ createdAt: 1, _id: 1 });
  });

  it('appends the insertion-order tie-break unless _id already decides', () => {
    expect(toMongoSort(sortKeys([{ attribute: 'name', direction: 'desc' }], schema))).toEqual({
      name: -1,
      createdAt: 1,
      _id: 1,
    });
    expect(toMongoSort(sortKeys([{ attribute: '$createdAt', direction: 'desc' }], schema))).toEqual({
      createdAt: -1,
      _id: 1,
    });
    expect(toMongoSort(sortKeys([{ attribute: '$id', direction: 'desc' }], schema))).toEqual({ _id: -1 });
    expect(toMongoSort(sortKeys([{ attribute: '$sequence', direction: 'desc' }], schema))).toEqual({
      createdAt: -1,
      _id: -1,
    });
  });

  it('refuses to send a virtual attribute to the database', () => {
    expect(() => toMongoSort(sortKeys([{ attribute: 'total', direction: 'asc' }], schema))).toThrow(
      /virtual/,
    );
  });
});

describe('keysetFilter', () => {
  it('builds the lexicographic "after" condition, < for descending keys', () => {
    const keys = sortKeys([{ attribute: 'name', direction: 'desc' }], schema);
    const at = new Date('2024-01-01T00:00:00Z');
    expect(keysetFilter(keys, { name: 'm', createdAt: at, _id: 'x' })).toEqual({
      $or: [
        { name: { $lt: 'm' } },
        { name: 'm', createdAt: { $gt: at } },
        { name: 'm', createdAt: at, _id: { $gt: 'x' } },
      ],
    });
  });

  it('lets nulls through after a value when a nullable key descends (they sort last there)', () => {
    const keys = sortKeys([{ attribute: 'joined', direction: 'desc' }], schema);
    const at = new Date('2024-01-01T00:00:00Z');
    const filter = keysetFilter(keys, { joined: at, createdAt: at, _id: 'x' }) as { $or: unknown[] };
    expect(filter.$or[0]).toEqual({ $or: [{ joined: { $lt: at } }, { joined: null }] });
    const ascending = keysetFilter(reversed(keys), { joined: at, createdAt: at, _id: 'x' }) as {
      $or: unknown[];
    };
    expect(ascending.$or[0]).toEqual({ joined: { $gt: at } });
  });
});

describe('cursorValues', () => {
  it('a null order value in the cursor document is 400 database_query_order_null', () => {
    const keys = sortKeys([{ attribute: 'joined', direction: 'asc' }], schema);
    try {
      cursorValues(keys, { _id: 'm1', createdAt: new Date() }, storedValue);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        type: 'database_query_order_null',
        status: 400,
        message:
          "The order attribute 'joined' had a null value. Cursor pagination requires all documents order attribute values are non-null.",
      });
    }
  });
});

describe('pageInMemory', () => {
  const at = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, n));
  const docs = [
    { _id: 'a', createdAt: at(1), total: 2 },
    { _id: 'b', createdAt: at(2), total: 1 },
    { _id: 'c', createdAt: at(3), total: 2 },
    { _id: 'd', createdAt: at(4), total: 0 },
    { _id: 'e', createdAt: at(5), total: 1 },
  ];
  const keys = sortKeys([{ attribute: 'total', direction: 'desc' }], schema);
  const valueOf = (doc: (typeof docs)[number], key: { field: string }) =>
    (doc as Record<string, unknown>)[key.field];
  const ids = (page: typeof docs) => page.map((doc) => doc._id);
  const page = (options: {
    cursor?: [direction: 'after' | 'before', id: string];
    offset?: number;
    limit?: number;
  }) =>
    ids(
      pageInMemory(docs, {
        keys,
        valueOf,
        cursor: options.cursor
          ? { direction: options.cursor[0], doc: docs.find((doc) => doc._id === options.cursor?.[1])! }
          : null,
        offset: options.offset ?? 0,
        limit: options.limit ?? 25,
      }),
    );

  it('orders by the keys with the insertion-order tie-break, then offsets and limits', () => {
    expect(page({})).toEqual(['a', 'c', 'b', 'e', 'd']);
    expect(page({ offset: 1, limit: 2 })).toEqual(['c', 'b']);
  });

  it('cursorAfter continues after the cursor; cursorBefore returns the page before it, in order', () => {
    expect(page({ cursor: ['after', 'c'], limit: 2 })).toEqual(['b', 'e']);
    expect(page({ cursor: ['before', 'e'], limit: 2 })).toEqual(['c', 'b']);
    expect(page({ cursor: ['before', 'a'] })).toEqual([]);
  });

  it('uses the same comparator the database order implies', () => {
    expect([...docs].sort(compareBy(keys, valueOf)).map((doc) => doc._id)).toEqual(['a', 'c', 'b', 'e', 'd']);
  });
});
