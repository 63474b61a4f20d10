import { beforeAll, describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { minute, queries, seedMembership, seedTeam } from '../../testing/list-fixtures.ts';

const api = useApiHarness({ monitorCommands: true });

type Headers = Record<string, string>;
let key: Headers;

/** ada: ma1 (alpha, confirmed), ma2 (beta, pending), ma3 (gamma, confirmed); bob: mb1 (alpha). */
beforeAll(async () => {
  key = await api.keyHeaders(['users.read']);
  await api.store.insertMany('users', [
    {
      _id: 'ada',
      name: 'Ada',
      email: 'ada@example.com',
      emailLower: 'ada@example.com',
      phone: '+15550000001',
    },
    { _id: 'bob', name: 'Bob' },
  ]);
  await seedTeam(api, { id: 'alpha', name: 'Alpha', at: minute(0) });
  await seedTeam(api, { id: 'beta', name: 'Beta', at: minute(0) });
  await seedTeam(api, { id: 'gamma', name: 'Gamma', at: minute(0) });
  await seedMembership(api, { id: 'ma1', teamId: 'alpha', userId: 'ada', roles: ['owner'], at: minute(1) });
  await seedMembership(api, { id: 'ma2', teamId: 'beta', userId: 'ada', confirm: false, at: minute(2) });
  await seedMembership(api, { id: 'ma3', teamId: 'gamma', userId: 'ada', roles: ['admin'], at: minute(3) });
  await seedMembership(api, { id: 'mb1', teamId: 'alpha', userId: 'bob', at: minute(4) });
});

type Input = Parameters<ReturnType<typeof api.caller>['call']['users']['listMemberships']>[0];
const list = (headers: Headers, input: Omit<Input, 'userId'> & { userId?: string }) =>
  api.caller(headers).call.users.listMemberships({ userId: 'ada', ...input });
const ids = (result: { memberships: { $id: string }[] }) => result.memberships.map((m) => m.$id);

describe('users.listMemberships', () => {
  it("lists all of the user's memberships, pending included, with team and user fields", async () => {
    const result = await list(key, {});
    expect(result.total).toBe(3);
    expect(ids(result)).toEqual(['ma1', 'ma2', 'ma3']);
    expect(result.memberships.map((m) => m.teamName)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(result.memberships[1]).toMatchObject({
      userId: 'ada',
      userName: 'Ada',
      userEmail: 'ada@example.com',
      userPhone: '+15550000001',
      teamId: 'beta',
      confirm: false,
      joined: '',
    });
  });

  it('total is the real number of matches, not the page size (an Appwrite quirk Roster fixes)', async () => {
    const result = await list(key, { queries: queries({ method: 'limit', values: [1] }) });
    expect(result.total).toBe(3);
    expect(ids(result)).toEqual(['ma1']);
    expect((await list(key, { total: false })).total).toBe(0);
  });

  it('takes the membership queries, search and cursors', async () => {
    expect(
      ids(await list(key, { queries: queries({ method: 'equal', attribute: 'confirm', values: [true] }) })),
    ).toEqual(['ma1', 'ma3']);
    expect(
      ids(
        await list(key, { queries: queries({ method: 'contains', attribute: 'roles', values: ['admin'] }) }),
      ),
    ).toEqual(['ma3']);
    expect(
      ids(await list(key, { queries: queries({ method: 'orderDesc', attribute: '$createdAt' }) })),
    ).toEqual(['ma3', 'ma2', 'ma1']);
    expect(ids(await list(key, { queries: queries({ method: 'cursorAfter', values: ['ma1'] }) }))).toEqual([
      'ma2',
      'ma3',
    ]);
    expect(ids(await list(key, { search: 'ma2' }))).toEqual(['ma2']);
  });

  it("another user's membership is not a valid cursor", async () => {
    expect(
      await appErrorOf(list(key, { queries: queries({ method: 'cursorAfter', values: ['mb1'] }) })),
    ).toEqual({
      type: 'general_cursor_not_found',
      status: 400,
      message: "Membership 'mb1' for the 'cursor' value not found.",
    });
  });

  it('an unknown user is 404 user_not_found; invalid queries are 400 first', async () => {
    expect(await appErrorOf(list(key, { userId: 'nobody' }))).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    expect(
      (
        await appErrorOf(
          list(key, {
            userId: 'nobody',
            queries: queries({ method: 'equal', attribute: 'name', values: ['x'] }),
          }),
        )
      ).message,
    ).toBe('Invalid `queries` param: Invalid query: Attribute not found in schema: name');
    expect((await appErrorOf(list(key, { userId: '_bad' }))).type).toBe('general_argument_invalid');
  });

  it('needs users.read', async () => {
    const session = await api.signUp();
    expect((await appErrorOf(list(session.headers, {}))).type).toBe('general_unauthorized_scope');
    const teamsKey = await api.keyHeaders(['teams.read']);
    expect((await appErrorOf(list(teamsKey, {}))).type).toBe('general_unauthorized_scope');
  });

  it('team names and users come with one query each, whatever the page size', async () => {
    const client = api.connection.getClient();
    const commandsFor = async (limit: number) => {
      const names: string[] = [];
      const listener = (event: { commandName: string }) => names.push(event.commandName);
      client.on('commandStarted', listener);
      try {
        await list(key, { queries: queries({ method: 'limit', values: [limit] }) });
      } finally {
        client.off('commandStarted', listener);
      }
      return names.sort();
    };
    const one = await commandsFor(1);
    expect(await commandsFor(3)).toEqual(one);
  });
});
