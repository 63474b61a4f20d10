import { beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../services/user-list.ts';
import { userSearchText } from '@roster/db/testing';
import { createUser } from '../../services/users.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { minute, queries } from '../../testing/list-fixtures.ts';

const api = useApiHarness();

type Headers = Record<string, string>;
let key: Headers;

/** u1–u4 seeded with fixed timestamps; `eve` made by createUser afterwards (so last). */
beforeAll(async () => {
  key = await api.keyHeaders(['users.read']);
  const seed = async (
    n: number,
    user: {
      name: string;
      email?: string;
      phone?: string;
      status?: boolean;
      labels?: string[];
      emailVerification?: boolean;
      phoneVerification?: boolean;
      passwordUpdate?: Date;
    },
  ) => {
    const _id = `u${n}`;
    await api.store.insert('users', {
      _id,
      ...user,
      ...(user.email ? { emailLower: user.email.toLowerCase() } : {}),
      search: userSearchText({ _id, ...user }),
      registration: minute(n),
      createdAt: minute(n),
      updatedAt: minute(n),
    });
  };
  await seed(1, {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+15550000001',
    labels: ['vip'],
    emailVerification: true,
    passwordUpdate: minute(1),
  });
  await seed(2, { name: 'Bob Builder', email: 'bob@example.org', status: false });
  await seed(3, {
    name: 'Cy Twombly',
    phone: '+15550000003',
    labels: ['vip', 'beta'],
    phoneVerification: true,
  });
  await seed(4, { name: 'Dee', email: 'dee@example.com', labels: ['beta'] });
  await createUser(api.repos, { userId: 'eve', name: 'Eve Online', email: 'eve@sample.net' });
});

const seeded = queries({ method: 'startsWith', attribute: '$id', values: ['u'] });
const list = (
  headers: Headers,
  input: Parameters<ReturnType<typeof api.caller>['call']['users']['list']>[0],
) => api.caller(headers).call.users.list(input);
const ids = (result: { users: { $id: string }[] }) => result.users.map((user) => user.$id);
const filter = async (...items: Record<string, unknown>[]) =>
  ids(await list(key, { queries: [...seeded, ...queries(...items)] }));

describe('users.list', () => {
  it('lists every user in insertion order as Appwrite User models', async () => {
    const result = await list(key, {});
    expect(result.total).toBe(5);
    expect(ids(result)).toEqual(['u1', 'u2', 'u3', 'u4', 'eve']);
    expect(result.users[2]).toMatchObject({
      $id: 'u3',
      name: 'Cy Twombly',
      email: '',
      phone: '+15550000003',
      labels: ['vip', 'beta'],
      registration: '2024-01-01T00:03:00.000+00:00',
    });
  });

  it('needs users.read: sessions and teams-only keys get 401', async () => {
    const ada = await api.signUp({ email: 'session@example.com' });
    expect(await appErrorOf(list(ada.headers, {}))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'session@example.com (role: users) missing scopes (["users.read"])',
    });
    await api.store.delete('users', { _id: ada.user._id });
    const teamsKey = await api.keyHeaders(['teams.read']);
    expect((await appErrorOf(list(teamsKey, {}))).type).toBe('general_unauthorized_scope');
  });

  it('filters on every queryable attribute', async () => {
    expect(await filter({ method: 'equal', attribute: 'name', values: ['Dee'] })).toEqual(['u4']);
    expect(await filter({ method: 'isNull', attribute: 'email' })).toEqual(['u3']);
    expect(await filter({ method: 'endsWith', attribute: 'email', values: ['@example.com'] })).toEqual([
      'u1',
      'u4',
    ]);
    expect(await filter({ method: 'isNotNull', attribute: 'phone' })).toEqual(['u1', 'u3']);
    expect(await filter({ method: 'equal', attribute: 'status', values: [false] })).toEqual(['u2']);
    expect(await filter({ method: 'equal', attribute: 'emailVerification', values: [true] })).toEqual(['u1']);
    expect(await filter({ method: 'equal', attribute: 'phoneVerification', values: [true] })).toEqual(['u3']);
    expect(await filter({ method: 'contains', attribute: 'labels', values: ['vip'] })).toEqual(['u1', 'u3']);
    expect(await filter({ method: 'isNull', attribute: 'passwordUpdate' })).toEqual(['u2', 'u3', 'u4']);
    expect(
      await filter({
        method: 'between',
        attribute: 'registration',
        values: ['2024-01-01T00:02:00Z', '2024-01-01T00:03:00Z'],
      }),
    ).toEqual(['u2', 'u3']);
    expect(
      await filter({ method: 'greaterThanEqual', attribute: '$createdAt', values: ['2024-01-01T00:04:00Z'] }),
    ).toEqual(['u4']);
  });

  it('labels are an array; password hashes and unknown fields are not queryable', async () => {
    expect(
      (
        await appErrorOf(
          list(key, { queries: queries({ method: 'equal', attribute: 'labels', values: ['vip'] }) }),
        )
      ).message,
    ).toBe(
      'Invalid `queries` param: Invalid query: Cannot query equal on attribute "labels" because it is an array.',
    );
    expect(
      (await appErrorOf(list(key, { queries: queries({ method: 'isNull', attribute: 'passwordHash' }) })))
        .message,
    ).toBe('Invalid `queries` param: Invalid query: Attribute not found in schema: passwordHash');
  });

  it('search matches id, email, phone and name words (createUser maintains the search text)', async () => {
    const search = async (text: string) => ids(await list(key, { search: text }));
    // Words are OR-ed, as in Appwrite: `ada@example.com` is `ada` or `example.com`.
    expect(await search('ada@example.com')).toEqual(['u1', 'u4']);
    expect(await search('"ada@example.com"')).toEqual(['u1']);
    expect(await search('example.com')).toEqual(['u1', 'u4']);
    expect(await search('+15550000003')).toEqual(['u3']);
    expect(await search('twombly')).toEqual(['u3']);
    expect(await search('u2')).toEqual(['u2']);
    expect(await search('eve@sample.net')).toEqual(['eve']);
    expect(await search('Online')).toEqual(['eve']);
  });

  it('orders with nulls first ascending; a cursor with a null order value is 400', async () => {
    const byEmail = { method: 'orderAsc', attribute: 'email' };
    expect(await filter(byEmail)).toEqual(['u3', 'u1', 'u2', 'u4']);
    expect(await filter(byEmail, { method: 'cursorAfter', values: ['u1'] })).toEqual(['u2', 'u4']);
    expect(await filter(byEmail, { method: 'cursorBefore', values: ['u2'] })).toEqual(['u3', 'u1']);
    expect(
      await appErrorOf(list(key, { queries: queries(byEmail, { method: 'cursorAfter', values: ['u3'] }) })),
    ).toMatchObject({
      type: 'database_query_order_null',
      message:
        "The order attribute 'email' had a null value. Cursor pagination requires all documents order attribute values are non-null.",
    });
    expect(
      await filter({ method: 'orderDesc', attribute: 'name' }, { method: 'limit', values: [2] }),
    ).toEqual(['u4', 'u3']);
  });

  it('an unknown cursor is 400 general_cursor_not_found', async () => {
    expect(
      await appErrorOf(list(key, { queries: queries({ method: 'cursorAfter', values: ['nobody'] }) })),
    ).toEqual({
      type: 'general_cursor_not_found',
      status: 400,
      message: "User 'nobody' for the 'cursor' value not found.",
    });
  });

  it('total: filters only, 0 with total=false, capped', async () => {
    const result = await list(key, {
      queries: queries({ method: 'limit', values: [1] }, { method: 'offset', values: [1] }),
    });
    expect(result).toMatchObject({ total: 5, users: [{ $id: 'u2' }] });
    expect((await list(key, { total: false })).total).toBe(0);
    expect((await listUsers(api.repos, {}, { totalCap: 2 })).total).toBe(2);
  });
});
