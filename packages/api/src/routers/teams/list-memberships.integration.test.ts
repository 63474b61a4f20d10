import { beforeAll, describe, expect, it } from 'vitest';
import { listTeamMemberships } from '../../services/membership-list.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { minute, queries, seedMembership, seedTeam } from '../../testing/list-fixtures.ts';

const api = useApiHarness({ monitorCommands: true });

type Headers = Record<string, string>;
let key: Headers;
let ada: Awaited<ReturnType<typeof api.signUp>>;

/**
 * Team `club`: m01 ada (owner), m02 u2 (admin), m03 u3 (owner, admin) confirmed; m04 u4 and
 * m05 u5 (viewer) pending. Team `other`: m10 u2.
 */
beforeAll(async () => {
  key = await api.keyHeaders(['teams.read']);
  ada = await api.signUp({ name: 'Ada Lovelace', email: 'ada@example.com' });
  await api.store.insertMany(
    'users',
    [2, 3, 4, 5].map((n) => ({
      _id: `u${n}`,
      name: `User ${n}`,
      email: `u${n}@example.com`,
      emailLower: `u${n}@example.com`,
      phone: `+1555000000${n}`,
    })),
  );
  await seedTeam(api, { id: 'club', name: 'The Club', at: minute(0) });
  await seedTeam(api, { id: 'other', name: 'Other', at: minute(0) });
  await seedMembership(api, {
    id: 'm01',
    teamId: 'club',
    userId: ada.user._id,
    roles: ['owner'],
    at: minute(1),
  });
  await seedMembership(api, { id: 'm02', teamId: 'club', userId: 'u2', roles: ['admin'], at: minute(2) });
  await seedMembership(api, {
    id: 'm03',
    teamId: 'club',
    userId: 'u3',
    roles: ['owner', 'admin'],
    at: minute(3),
  });
  await seedMembership(api, { id: 'm04', teamId: 'club', userId: 'u4', confirm: false, at: minute(4) });
  await seedMembership(api, {
    id: 'm05',
    teamId: 'club',
    userId: 'u5',
    roles: ['viewer'],
    confirm: false,
    at: minute(5),
  });
  await seedMembership(api, { id: 'm10', teamId: 'other', userId: 'u2', at: minute(6) });
});

type Input = Parameters<ReturnType<typeof api.caller>['call']['teams']['listMemberships']>[0];
const list = (headers: Headers, input: Omit<Input, 'teamId'> & { teamId?: string }) =>
  api.caller(headers).call.teams.listMemberships({ teamId: 'club', ...input });
const ids = (result: { memberships: { $id: string }[] }) => result.memberships.map((m) => m.$id);

describe('teams.listMemberships: access and shape', () => {
  it('lists members and pending invitations with user and team fields filled', async () => {
    const result = await list(key, {});
    expect(result.total).toBe(5);
    expect(ids(result)).toEqual(['m01', 'm02', 'm03', 'm04', 'm05']);
    expect(result.memberships[0]).toEqual({
      $id: 'm01',
      $createdAt: '2024-01-01T00:01:00.000+00:00',
      $updatedAt: '2024-01-01T00:01:00.000+00:00',
      userId: ada.user._id,
      userName: 'Ada Lovelace',
      userEmail: 'ada@example.com',
      userPhone: '',
      teamId: 'club',
      teamName: 'The Club',
      invited: '2024-01-01T00:01:00.000+00:00',
      joined: '2024-01-01T00:01:00.000+00:00',
      confirm: true,
      mfa: false,
      userAccessedAt: '',
      roles: ['owner'],
    });
    expect(result.memberships[3]).toMatchObject({
      userId: 'u4',
      userName: 'User 4',
      userEmail: 'u4@example.com',
      userPhone: '+15550000004',
      confirm: false,
      joined: '',
    });
  });

  it('a confirmed member may list; a non-member gets 404 team_not_found; guests 401', async () => {
    expect(ids(await list(ada.headers, {}))).toHaveLength(5);
    const outsider = await api.signUp();
    expect(await appErrorOf(list(outsider.headers, {}))).toMatchObject({
      type: 'team_not_found',
      status: 404,
    });
    expect(await appErrorOf(list(key, { teamId: 'missing' }))).toMatchObject({ type: 'team_not_found' });
    expect((await appErrorOf(list({}, {}))).type).toBe('general_unauthorized_scope');
  });
});

describe('teams.listMemberships: filters', () => {
  const filter = async (...items: Record<string, unknown>[]) =>
    ids(await list(key, { queries: queries(...items) }));

  it('confirm, joined (null while pending), invited, userId, teamId, $id', async () => {
    expect(await filter({ method: 'equal', attribute: 'confirm', values: [false] })).toEqual(['m04', 'm05']);
    expect(await filter({ method: 'isNull', attribute: 'joined' })).toEqual(['m04', 'm05']);
    expect(await filter({ method: 'isNotNull', attribute: 'joined' })).toEqual(['m01', 'm02', 'm03']);
    expect(
      await filter({
        method: 'between',
        attribute: 'invited',
        values: ['2024-01-01T00:02:00Z', '2024-01-01T00:04:00Z'],
      }),
    ).toEqual(['m02', 'm03', 'm04']);
    expect(
      await filter({ method: 'lessThan', attribute: 'joined', values: ['2024-01-01T00:03:00Z'] }),
    ).toEqual(['m01', 'm02']);
    expect(await filter({ method: 'equal', attribute: 'userId', values: ['u2', 'u5'] })).toEqual([
      'm02',
      'm05',
    ]);
    expect(await filter({ method: 'equal', attribute: 'teamId', values: ['other'] })).toEqual([]);
    expect(await filter({ method: 'notEqual', attribute: '$id', values: ['m01'] })).toHaveLength(4);
    expect(await filter({ method: 'startsWith', attribute: 'userId', values: ['u'] })).toEqual([
      'm02',
      'm03',
      'm04',
      'm05',
    ]);
  });

  it('roles takes contains (any of the values); other operators are 400', async () => {
    expect(await filter({ method: 'contains', attribute: 'roles', values: ['owner'] })).toEqual([
      'm01',
      'm03',
    ]);
    expect(await filter({ method: 'contains', attribute: 'roles', values: ['admin', 'viewer'] })).toEqual([
      'm02',
      'm03',
      'm05',
    ]);
    expect(
      await appErrorOf(
        list(key, { queries: queries({ method: 'equal', attribute: 'roles', values: ['owner'] }) }),
      ),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message:
        'Invalid `queries` param: Invalid query: Cannot query equal on attribute "roles" because it is an array.',
    });
  });

  it('team attributes are not membership attributes', async () => {
    expect(
      (
        await appErrorOf(
          list(key, { queries: queries({ method: 'equal', attribute: 'name', values: ['x'] }) }),
        )
      ).message,
    ).toBe('Invalid `queries` param: Invalid query: Attribute not found in schema: name');
  });
});

describe('teams.listMemberships: order and cursors', () => {
  const page = async (...items: Record<string, unknown>[]) =>
    ids(await list(key, { queries: queries(...items) }));
  const limit2 = { method: 'limit', values: [2] };

  it('nulls sort first ascending and last descending; cursors page across them', async () => {
    expect(await page({ method: 'orderAsc', attribute: 'joined' })).toEqual([
      'm04',
      'm05',
      'm01',
      'm02',
      'm03',
    ]);
    const desc = { method: 'orderDesc', attribute: 'joined' };
    expect(await page(desc, limit2)).toEqual(['m03', 'm02']);
    expect(await page(desc, limit2, { method: 'cursorAfter', values: ['m02'] })).toEqual(['m01', 'm04']);
    expect(await page(desc, limit2, { method: 'cursorBefore', values: ['m01'] })).toEqual(['m03', 'm02']);
  });

  it('a cursor whose order value is null is 400 database_query_order_null', async () => {
    expect(
      await appErrorOf(
        list(key, {
          queries: queries(
            { method: 'orderDesc', attribute: 'joined' },
            { method: 'cursorAfter', values: ['m04'] },
          ),
        }),
      ),
    ).toEqual({
      type: 'database_query_order_null',
      status: 400,
      message:
        "The order attribute 'joined' had a null value. Cursor pagination requires all documents order attribute values are non-null.",
    });
  });

  it('limit, offset and cursors in insertion order', async () => {
    expect(await page(limit2, { method: 'offset', values: [1] })).toEqual(['m02', 'm03']);
    expect(await page(limit2, { method: 'cursorAfter', values: ['m03'] })).toEqual(['m04', 'm05']);
    expect(await page(limit2, { method: 'cursorBefore', values: ['m03'] })).toEqual(['m01', 'm02']);
  });

  it("a cursor from another team's list is 400 general_cursor_not_found", async () => {
    expect(
      await appErrorOf(list(key, { queries: queries({ method: 'cursorAfter', values: ['m10'] }) })),
    ).toEqual({
      type: 'general_cursor_not_found',
      status: 400,
      message: "Membership 'm10' for the 'cursor' value not found.",
    });
  });
});

describe('teams.listMemberships: search and total', () => {
  it('search matches membership ids and user ids only', async () => {
    expect(ids(await list(key, { search: 'm03' }))).toEqual(['m03']);
    expect(ids(await list(key, { search: 'u4 u5' }))).toEqual(['m04', 'm05']);
    expect(ids(await list(key, { search: ada.user._id }))).toEqual(['m01']);
    expect(ids(await list(key, { search: 'Lovelace' }))).toEqual([]);
  });

  it('total counts filters only, is 0 with total=false, and is capped', async () => {
    const filtered = await list(key, {
      queries: queries(
        { method: 'equal', attribute: 'confirm', values: [true] },
        { method: 'limit', values: [1] },
      ),
    });
    expect(filtered.total).toBe(3);
    expect(filtered.memberships).toHaveLength(1);
    expect((await list(key, { total: false })).total).toBe(0);
    expect(
      (await listTeamMemberships(api.repos, { _id: 'club', name: 'The Club' }, {}, { totalCap: 2 })).total,
    ).toBe(2);
  });
});

describe('teams.listMemberships: round trips', () => {
  it('the number of database commands is the same for page sizes 1, 10 and 50', async () => {
    await seedTeam(api, { id: 'big', name: 'Big', at: minute(0) });
    await api.store.insertMany(
      'users',
      Array.from({ length: 50 }, (_, n) => ({
        _id: `big-user-${n}`,
        name: `Big ${n}`,
        phone: `+1666000${1000 + n}`,
      })),
    );
    for (let n = 0; n < 50; n++) {
      await seedMembership(api, { id: `big-m-${n}`, teamId: 'big', userId: `big-user-${n}`, at: minute(n) });
    }

    const client = api.connection.getClient();
    const commandsFor = async (limit: number) => {
      const names: string[] = [];
      const listener = (event: { commandName: string }) => names.push(event.commandName);
      client.on('commandStarted', listener);
      try {
        const result = await list(key, {
          teamId: 'big',
          queries: queries({ method: 'limit', values: [limit] }),
        });
        expect(result.memberships).toHaveLength(limit);
        expect(result.memberships.every((m, n) => m.userName === `Big ${n}`)).toBe(true);
      } finally {
        client.off('commandStarted', listener);
      }
      return names.sort();
    };

    const one = await commandsFor(1);
    expect(await commandsFor(10)).toEqual(one);
    expect(await commandsFor(50)).toEqual(one);
    // key lookup, team lookup, count, page, users
    expect(one).toHaveLength(5);
    expect(one).not.toContain('getMore');
  });
});
