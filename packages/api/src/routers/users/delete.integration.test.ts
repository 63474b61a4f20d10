import { describe, expect, it } from 'vitest';
import { generateId } from '@roster/db';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';
import { epochsOf } from '../../testing/list-fixtures.ts';

const api = useApiHarness();

async function addMembership(teamId: string, userId: string, confirm: boolean) {
  const id = generateId();
  const now = new Date();
  await api.store.insert('memberships', {
    _id: id,
    teamId,
    userId,
    roles: ['developer'],
    invited: now,
    ...(confirm ? { joined: now } : {}),
    confirm,
    search: `${id} ${userId}`,
    ...(await epochsOf(api, teamId, userId)),
  });
}

describe('users.delete', () => {
  it('deletes the user, their sessions and memberships; teams stay with the right total', async () => {
    const owner = await api.signUp();
    const ada = await api.signUp();
    const { token: secondToken } = await api
      .caller(await api.keyHeaders(['users.write']))
      .call.users.createSession({ userId: ada.user._id })
      .then((session) => ({ token: session.secret }));
    const joined = await api.caller(owner.headers).call.teams.create({ teamId: 'unique()', name: 'Joined' });
    const invited = await api
      .caller(owner.headers)
      .call.teams.create({ teamId: 'unique()', name: 'Invited' });
    const founded = await api.caller(ada.headers).call.teams.create({ teamId: 'unique()', name: 'Hers' });
    await addMembership(joined.$id, ada.user._id, true);
    await addMembership(invited.$id, ada.user._id, false);
    const teamsKey = await api.keyHeaders(['teams.read']);
    expect((await api.caller(teamsKey).call.teams.get({ teamId: joined.$id })).total).toBe(2);

    const key = await api.keyHeaders(['users.write']);
    expect(await api.caller(key).call.users.delete({ userId: ada.user._id })).toBeUndefined();

    expect(await api.repos.users.byId(ada.user._id)).toBeNull();
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(0);
    expect(await api.store.count('memberships', { userId: ada.user._id })).toBe(0);
    const teams = api.caller(teamsKey).call.teams;
    expect((await teams.get({ teamId: joined.$id })).total).toBe(1);
    expect((await teams.get({ teamId: invited.$id })).total).toBe(1);
    // Appwrite leaves teams in place even when they lose their only owner.
    expect(await teams.get({ teamId: founded.$id })).toMatchObject({ name: 'Hers', total: 0 });
    // The owner's membership is untouched.
    expect(await api.store.count('memberships', { userId: owner.user._id })).toBe(2);
    for (const token of [ada.token, secondToken]) {
      expect((await appErrorOf(api.caller({ 'x-appwrite-session': token }).call.account.get())).message).toBe(
        'User (role: guests) missing scopes (["account"])',
      );
    }
  });

  it('the id can be reused afterwards; a second delete is 404 user_not_found', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    await call.users.create({ userId: 'reused', email: 'reused@example.com' });
    await call.users.delete({ userId: 'reused' });
    expect(await appErrorOf(call.users.delete({ userId: 'reused' }))).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    expect(await call.users.create({ userId: 'reused', email: 'reused@example.com' })).toMatchObject({
      $id: 'reused',
    });
  });

  it('needs users.write', async () => {
    const ada = await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.delete({ userId: ada.user._id }),
    );
    expect(await api.store.exists('users', { _id: ada.user._id })).not.toBeNull();
  });
});
