import { describe, expect, it } from 'vitest';
import { httpCalls } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Bounded lists (review finding 9 and its suspicion on nested queries): a list request cannot make
 * the API hold an unbounded page, skip an unbounded number of rows, sort an unbounded number of
 * teams in memory, or send the database a filter nested past its limit. Over /trpc and /v1.
 */
const API_KEY = 'lists-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY, 'x-appwrite-project': 'default' };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);
const q = (method: string, values: unknown[] = [], attribute?: string) =>
  JSON.stringify({ method, ...(attribute ? { attribute } : {}), values });

/** `GET /v1/teams` with `queries[]`, as the Appwrite SDKs send them. */
async function restList(queries: string[]) {
  const search = queries.map((query) => `queries[]=${encodeURIComponent(query)}`).join('&');
  const response = await fetch(`${server.url}/v1/teams?${search}`, { headers: KEY });
  const body = (await response.json()) as { type?: string; message?: string; total?: number };
  return { status: response.status, type: body.type, message: body.message, total: body.total };
}

async function trpcList(queries: string[]) {
  const result = await api.query<{ total: number; teams: { name: string; total: number }[] }>(
    'teams.list',
    { queries },
    KEY,
  );
  return { status: result.status, type: result.type, message: result.message, data: result.data };
}

describe('page size and offset are capped at 5000 (review finding 9)', () => {
  it.each([
    [
      'limit',
      5001,
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid range between 1 and 5,000',
    ],
    [
      'limit',
      100_000_000,
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid range between 1 and 5,000',
    ],
    [
      'offset',
      5001,
      'Invalid `queries` param: Invalid query: Invalid offset: Value must be a valid range between 0 and 5,000',
    ],
  ])('%s %d is 400 general_argument_invalid over both adapters', async (method, value, message) => {
    const expected = { status: 400, type: 'general_argument_invalid', message };
    expect(await trpcList([q(method, [value])])).toMatchObject(expected);
    expect(await restList([q(method, [value])])).toMatchObject(expected);
  });

  it('5000 is still a valid limit and offset', async () => {
    expect((await trpcList([q('limit', [5000]), q('offset', [5000])])).status).toBe(200);
    expect((await restList([q('limit', [5000]), q('offset', [5000])])).status).toBe(200);
  });
});

describe('nested and/or queries are capped in depth (review suspicion: 500 instead of 400)', () => {
  /** `or(or(…or(name = "a", name isNull)…, name isNull), name isNull)`, `depth` levels deep. */
  const nested = (depth: number): string => {
    let query: unknown = { method: 'equal', attribute: 'name', values: ['a'] };
    for (let level = 0; level < depth; level++) {
      query = {
        method: level % 2 ? 'and' : 'or',
        values: [query, { method: 'isNotNull', attribute: 'name' }],
      };
    }
    return JSON.stringify(query);
  };

  it.each([60, 90])('%d levels are 400 general_argument_invalid, not a database error', async (depth) => {
    const expected = {
      status: 400,
      type: 'general_argument_invalid',
      message: 'Invalid `queries` param: Invalid query: Queries can be nested at most 10 levels deep',
    };
    expect(await trpcList([nested(depth)])).toMatchObject(expected);
    expect(await restList([nested(depth)])).toMatchObject(expected);
  });

  it('10 levels still run', async () => {
    expect((await trpcList([nested(10)])).status).toBe(200);
  });
});

describe('ordering or filtering by `total` sorts in memory, so it is bounded (review finding 9)', () => {
  it('refuses beyond 5000 candidate teams, and works once other filters narrow the list', async () => {
    const now = new Date();
    await server.store.insertMany(
      'teams',
      Array.from({ length: 5001 }, (_, index) => {
        const name = index < 3 ? `narrow ${index}` : `bulk ${index}`;
        return {
          _id: `bulk-${index}`,
          name,
          search: `bulk-${index} ${name}`,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
    const refused = {
      status: 400,
      type: 'general_argument_invalid',
      message:
        'Invalid `queries` param: Queries on total are limited to 5000 teams; narrow the list with search or other filters',
    };
    expect(await trpcList([q('orderDesc', [], 'total')])).toMatchObject(refused);
    expect(await trpcList([q('greaterThan', [0], 'total')])).toMatchObject(refused);
    expect(await restList([q('orderAsc', [], 'total')])).toMatchObject(refused);

    const narrowed = await trpcList([q('startsWith', ['narrow'], 'name'), q('orderDesc', [], 'total')]);
    expect(narrowed.status).toBe(200);
    expect(narrowed.data.teams.map((team) => team.name).sort()).toEqual(['narrow 0', 'narrow 1', 'narrow 2']);
    const searched = await api.query<{ total: number }>(
      'teams.list',
      { search: 'narrow', queries: [q('lessThan', [1], 'total')] },
      KEY,
    );
    expect(searched.data.total).toBe(3);
    // Without `total`, the list pages in the database as always.
    const plain = await trpcList([q('limit', [2])]);
    expect(plain).toMatchObject({ status: 200, data: { total: 5000 } });
  });
});
