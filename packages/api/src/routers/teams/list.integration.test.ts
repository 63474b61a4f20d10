import { beforeAll, describe, expect, it } from 'vitest';
import { listTeams } from '../../services/team-list.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { minute, queries, seedMembership, seedTeam } from '../../testing/list-fixtures.ts';

const api = useApiHarness();

type Headers = Record<string, string>;
let key: Headers;
let ada: Awaited<ReturnType<typeof api.signUp>>;

/**
 * Five named teams (t01–t05, in insertion order) and 25 fillers (f00–f24) after them.
 * Confirmed members: t01 ada; t02 ada, bob, cy; t03 ada (+ bob pending); t04 only ada pending.
 * So ada sees t01–t03, and the totals are t01 1, t02 3, t03 1, t04 0, t05 0.
 */
beforeAll(async () => {
  key = await api.keyHeaders(['teams.read']);
  ada = await api.signUp({ name: 'Ada' });
  const names = ['Arsenal', 'Newcastle United', 'Manchester United', 'Manchester City', 'Chelsea'];
  for (const [i, name] of names.entries()) {
    await seedTeam(api, { id: `t0${i + 1}`, name, at: minute(i + 1) });
  }
  for (let i = 0; i < 25; i++) {
    await seedTeam(api, { id: `f${String(i).padStart(2, '0')}`, name: `Filler ${i}`, at: minute(10 + i) });
  }
  const member = (id: string, teamId: string, userId: string, confirm = true) =>
    seedMembership(api, { id, teamId, userId, confirm, at: minute(100), roles: ['owner'] });
  await member('m1', 't01', ada.user._id);
  await member('m2', 't02', ada.user._id);
  await member('m3', 't02', 'bob');
  await member('m4', 't02', 'cy');
  await member('m5', 't03', ada.user._id);
  await member('m6', 't03', 'bob', false);
  await member('m7', 't04', ada.user._id, false);
});

const named = queries({ method: 'startsWith', attribute: '$id', values: ['t0'] });
const list = (
  headers: Headers,
  input: Parameters<ReturnType<typeof api.caller>['call']['teams']['list']>[0],
) => api.caller(headers).call.teams.list(input);
const ids = (result: { teams: { $id: string }[] }) => result.teams.map((team) => team.$id);

describe('teams.list: visibility', () => {
  it('an API key sees every team; defaults are limit 25, insertion order, total of all matches', async () => {
    const result = await list(key, {});
    expect(result.total).toBe(30);
    expect(result.teams).toHaveLength(25);
    expect(ids(result).slice(0, 6)).toEqual(['t01', 't02', 't03', 't04', 't05', 'f00']);
    expect(result.teams[1]).toMatchObject({ name: 'Newcastle United', total: 3, prefs: {} });
    expect(result.teams[1]?.$createdAt).toBe('2024-01-01T00:02:00.000+00:00');
  });

  it('a session sees only the teams it is a confirmed member of (not pending ones)', async () => {
    const result = await list(ada.headers, {});
    expect(ids(result)).toEqual(['t01', 't02', 't03']);
    expect(result.total).toBe(3);
    expect(result.teams.map((team) => team.total)).toEqual([1, 3, 1]);
  });

  it('a user without memberships sees nothing', async () => {
    const loner = await api.signUp();
    expect(await list(loner.headers, {})).toEqual({ total: 0, teams: [] });
  });

  it('guests and keys without teams.read get 401 general_unauthorized_scope', async () => {
    expect(await appErrorOf(list({}, {}))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: guests) missing scopes (["teams.read"])',
    });
    const writeOnly = await api.keyHeaders(['teams.write']);
    expect((await appErrorOf(list(writeOnly, {}))).type).toBe('general_unauthorized_scope');
  });
});

describe('teams.list: filters', () => {
  const filter = async (query: Record<string, unknown>, headers: Headers = key) =>
    ids(await list(headers, { queries: [...named, ...queries(query)] }));

  it('string operators on name', async () => {
    expect(await filter({ method: 'equal', attribute: 'name', values: ['Arsenal', 'Chelsea'] })).toEqual([
      't01',
      't05',
    ]);
    expect(await filter({ method: 'notEqual', attribute: 'name', values: ['Arsenal'] })).toEqual([
      't02',
      't03',
      't04',
      't05',
    ]);
    expect(await filter({ method: 'startsWith', attribute: 'name', values: ['Manchester'] })).toEqual([
      't03',
      't04',
    ]);
    expect(await filter({ method: 'endsWith', attribute: 'name', values: ['United'] })).toEqual([
      't02',
      't03',
    ]);
    expect(await filter({ method: 'contains', attribute: 'name', values: ['chest', 'sea'] })).toEqual([
      't03',
      't04',
      't05',
    ]);
    expect(await filter({ method: 'contains', attribute: 'name', values: ['CHEST'] })).toEqual([]);
    expect(await filter({ method: 'lessThan', attribute: 'name', values: ['C'] })).toEqual(['t01']);
    expect(await filter({ method: 'lessThanEqual', attribute: 'name', values: ['Chelsea'] })).toEqual([
      't01',
      't05',
    ]);
    expect(await filter({ method: 'greaterThan', attribute: 'name', values: ['Manchester United'] })).toEqual(
      ['t02'],
    );
    expect(await filter({ method: 'greaterThanEqual', attribute: 'name', values: ['N'] })).toEqual(['t02']);
    expect(await filter({ method: 'between', attribute: 'name', values: ['B', 'Manchester City'] })).toEqual([
      't04',
      't05',
    ]);
    expect(await filter({ method: 'isNull', attribute: 'name' })).toEqual([]);
    expect(await filter({ method: 'isNotNull', attribute: 'name' })).toHaveLength(5);
  });

  it('regex metacharacters in values are literal', async () => {
    expect(await filter({ method: 'contains', attribute: 'name', values: ['.*'] })).toEqual([]);
    expect(await filter({ method: 'startsWith', attribute: 'name', values: ['(Man'] })).toEqual([]);
  });

  it('$id, $createdAt and $updatedAt (dates compare as dates)', async () => {
    expect(await filter({ method: 'equal', attribute: '$id', values: ['t03'] })).toEqual(['t03']);
    expect(
      await filter({
        method: 'between',
        attribute: '$createdAt',
        values: ['2024-01-01T00:02:00.000+00:00', '2024-01-01T01:03:00.000+01:00'],
      }),
    ).toEqual(['t02', 't03']);
    expect(
      await filter({ method: 'greaterThan', attribute: '$updatedAt', values: ['2024-01-01T00:04:00Z'] }),
    ).toEqual(['t05']);
  });

  it('total (derived) filters, for keys and sessions', async () => {
    expect(await filter({ method: 'equal', attribute: 'total', values: [0] })).toEqual(['t04', 't05']);
    expect(await filter({ method: 'greaterThan', attribute: 'total', values: [1] })).toEqual(['t02']);
    expect(await filter({ method: 'lessThan', attribute: 'total', values: [3] })).toEqual([
      't01',
      't03',
      't04',
      't05',
    ]);
    expect(await filter({ method: 'between', attribute: 'total', values: [1, 2] })).toEqual(['t01', 't03']);
    expect(await filter({ method: 'notEqual', attribute: 'total', values: [1] })).toEqual([
      't02',
      't04',
      't05',
    ]);
    expect(
      await filter({ method: 'greaterThanEqual', attribute: 'total', values: [1] }, ada.headers),
    ).toEqual(['t01', 't02', 't03']);
    expect(await filter({ method: 'lessThanEqual', attribute: 'total', values: [1] }, ada.headers)).toEqual([
      't01',
      't03',
    ]);
  });

  it('and / or, nested', async () => {
    expect(
      await filter({
        method: 'or',
        values: [
          { method: 'equal', attribute: 'name', values: ['Arsenal'] },
          {
            method: 'and',
            values: [
              { method: 'startsWith', attribute: 'name', values: ['Manchester'] },
              { method: 'equal', attribute: 'total', values: [0] },
            ],
          },
        ],
      }),
    ).toEqual(['t01', 't04']);
  });

  it('unknown attributes and unsupported methods are 400 general_argument_invalid', async () => {
    expect(
      await appErrorOf(
        list(key, { queries: queries({ method: 'equal', attribute: 'search', values: ['x'] }) }),
      ),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Invalid `queries` param: Invalid query: Attribute not found in schema: search',
    });
    expect(
      (await appErrorOf(list(key, { queries: queries({ method: 'select', values: [['name']] }) }))).message,
    ).toBe('Invalid `queries` param: Invalid query method: select');
    expect((await appErrorOf(list(key, { queries: ['{oops'] }))).type).toBe('general_argument_invalid');
  });
});

describe('teams.list: order, limit, offset', () => {
  it('orders by name, $createdAt, $sequence, total (with insertion order breaking ties)', async () => {
    const ordered = async (...items: Record<string, unknown>[]) =>
      ids(await list(key, { queries: [...named, ...queries(...items)] }));
    expect(await ordered({ method: 'orderAsc', attribute: 'name' })).toEqual([
      't01',
      't05',
      't04',
      't03',
      't02',
    ]);
    expect(await ordered({ method: 'orderDesc', attribute: '$createdAt' })).toEqual([
      't05',
      't04',
      't03',
      't02',
      't01',
    ]);
    expect(await ordered({ method: 'orderDesc', attribute: '$sequence' })).toEqual([
      't05',
      't04',
      't03',
      't02',
      't01',
    ]);
    expect(await ordered({ method: 'orderDesc', attribute: 'total' })).toEqual([
      't02',
      't01',
      't03',
      't04',
      't05',
    ]);
    expect(
      await ordered({ method: 'orderAsc', attribute: 'total' }, { method: 'orderDesc', attribute: 'name' }),
    ).toEqual(['t04', 't05', 't03', 't01', 't02']);
  });

  it('limit and offset page through; the total ignores them', async () => {
    const page = await list(key, {
      queries: queries({ method: 'limit', values: [2] }, { method: 'offset', values: [3] }),
    });
    expect(ids(page)).toEqual(['t04', 't05']);
    expect(page.total).toBe(30);
    const last = await list(key, { queries: queries({ method: 'offset', values: [25] }) });
    expect(ids(last)).toEqual(['f20', 'f21', 'f22', 'f23', 'f24']);
    const beyond = await list(key, { queries: queries({ method: 'offset', values: [100] }) });
    expect(beyond).toEqual({ total: 30, teams: [] });
  });

  it('limit 0 and negative offset are 400', async () => {
    expect(
      (await appErrorOf(list(key, { queries: queries({ method: 'limit', values: [0] }) }))).message,
    ).toBe(
      'Invalid `queries` param: Invalid query: Invalid limit: Value must be a valid range between 1 and 5,000',
    );
    expect((await appErrorOf(list(key, { queries: queries({ method: 'offset', values: [-1] }) }))).type).toBe(
      'general_argument_invalid',
    );
  });
});

describe('teams.list: cursors', () => {
  const page = async (headers: Headers, ...items: Record<string, unknown>[]) =>
    ids(await list(headers, { queries: [...named, ...queries(...items)] }));
  const limit2 = { method: 'limit', values: [2] };

  it('cursorAfter / cursorBefore in insertion order', async () => {
    expect(await page(key, limit2, { method: 'cursorAfter', values: ['t02'] })).toEqual(['t03', 't04']);
    expect(await page(key, limit2, { method: 'cursorBefore', values: ['t04'] })).toEqual(['t02', 't03']);
    expect(await page(key, limit2, { method: 'cursorBefore', values: ['t01'] })).toEqual([]);
    expect(await page(key, { method: 'cursorAfter', values: ['t05'] })).toEqual([]);
  });

  it('cursors with an order, in the database and in memory (total)', async () => {
    const byName = { method: 'orderDesc', attribute: 'name' };
    // desc by name: t02 Newcastle, t03 Man U, t04 Man C, t05 Chelsea, t01 Arsenal
    expect(await page(key, byName, limit2, { method: 'cursorAfter', values: ['t03'] })).toEqual([
      't04',
      't05',
    ]);
    expect(await page(key, byName, limit2, { method: 'cursorBefore', values: ['t05'] })).toEqual([
      't03',
      't04',
    ]);
    const byTotal = { method: 'orderDesc', attribute: 'total' };
    // desc by total: t02 3, t01 1, t03 1, t04 0, t05 0
    expect(await page(key, byTotal, limit2, { method: 'cursorAfter', values: ['t01'] })).toEqual([
      't03',
      't04',
    ]);
    expect(await page(key, byTotal, limit2, { method: 'cursorBefore', values: ['t04'] })).toEqual([
      't01',
      't03',
    ]);
    expect(
      await page(
        key,
        byTotal,
        limit2,
        { method: 'offset', values: [1] },
        { method: 'cursorAfter', values: ['t02'] },
      ),
    ).toEqual(['t03', 't04']);
  });

  it('a cursor keeps the total of all matches', async () => {
    const result = await list(key, {
      queries: [...named, ...queries(limit2, { method: 'cursorAfter', values: ['t02'] })],
    });
    expect(result.total).toBe(5);
  });

  it('paging with cursorAfter visits every team exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const next = await list(key, {
        queries: queries(
          { method: 'limit', values: [7] },
          { method: 'orderAsc', attribute: 'name' },
          ...(cursor ? [{ method: 'cursorAfter', values: [cursor] }] : []),
        ),
      });
      if (next.teams.length === 0) break;
      seen.push(...ids(next));
      cursor = next.teams.at(-1)?.$id;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('an unknown cursor, or one the caller cannot read, is 400 general_cursor_not_found', async () => {
    expect(
      await appErrorOf(list(key, { queries: queries({ method: 'cursorAfter', values: ['nope'] }) })),
    ).toEqual({
      type: 'general_cursor_not_found',
      status: 400,
      message: "Team 'nope' for the 'cursor' value not found.",
    });
    expect(
      await appErrorOf(list(ada.headers, { queries: queries({ method: 'cursorBefore', values: ['t04'] }) })),
    ).toMatchObject({
      type: 'general_cursor_not_found',
      message: "Team 't04' for the 'cursor' value not found.",
    });
  });
});

describe('teams.list: search and total', () => {
  const search = async (text: string, headers: Headers = key) => ids(await list(headers, { search: text }));

  it('matches words of the team id and name, case-insensitively, at word starts', async () => {
    expect(await search('Manchester')).toEqual(['t03', 't04']);
    expect(await search('united')).toEqual(['t02', 't03']);
    expect(await search('manch')).toEqual(['t03', 't04']);
    expect(await search('t05')).toEqual(['t05']);
    expect(await search('chester')).toEqual([]);
    expect(await search('Arsenal Chelsea')).toEqual(['t01', 't05']);
    expect(await search('"Manchester City"')).toEqual(['t04']);
    expect(await search('@@ ~')).toEqual([]);
    expect(await search('Manchester', ada.headers)).toEqual(['t03']);
  });

  it('search combines with queries and counts', async () => {
    const result = await list(key, {
      search: 'united',
      queries: queries({ method: 'greaterThan', attribute: 'total', values: [1] }),
    });
    expect(result).toMatchObject({ total: 1, teams: [{ $id: 't02' }] });
  });

  it('an empty search is 400 (Text(256) needs at least 1 char)', async () => {
    expect((await appErrorOf(list(key, { search: '' }))).message).toBe(
      'Invalid `search` param: Value must be a valid string and at least 1 chars and no longer than 256 chars',
    );
  });

  it('total=false (loose booleans) skips counting: total is 0', async () => {
    for (const total of [false, 'false', '0', 0] as const) {
      const result = await list(key, { total, queries: named });
      expect(result.total).toBe(0);
      expect(result.teams).toHaveLength(5);
    }
    expect((await list(key, { total: 'true', queries: named })).total).toBe(5);
  });

  it('the count is capped (5000 in production; 3 injected here), in the database and in memory', async () => {
    const input = { queries: named };
    expect(
      (await listTeams(api.repos, { kind: 'key', keyId: 'k', scopes: [] }, input, { totalCap: 3 })).total,
    ).toBe(3);
    const byTotal = {
      queries: [...named, ...queries({ method: 'orderDesc', attribute: 'total' })],
    };
    const result = await listTeams(api.repos, { kind: 'key', keyId: 'k', scopes: [] }, byTotal, {
      totalCap: 3,
    });
    expect(result.total).toBe(3);
    expect(result.teams).toHaveLength(5);
    expect((await listTeams(api.repos, { kind: 'key', keyId: 'k', scopes: [] }, input)).total).toBe(5);
  });
});
