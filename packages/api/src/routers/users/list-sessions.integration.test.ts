import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.listSessions', () => {
  it("lists the user's unexpired sessions with blank secrets, oldest first", async () => {
    const ada = await api.signUp();
    const other = await api.signUp();
    const second = await api
      .caller(await api.keyHeaders(['users.write']))
      .call.users.createSession({ userId: ada.user._id });
    await api.openSession(ada.user._id, -60);
    const list = await api
      .caller(await api.keyHeaders(['users.read']))
      .call.users.listSessions({ userId: ada.user._id });
    expect(list.total).toBe(2);
    expect(list.sessions.map((session) => session.$id)).toEqual([ada.session._id, second.$id]);
    for (const session of list.sessions) {
      expect(session).toMatchObject({ userId: ada.user._id, secret: '', current: false });
    }
    expect(list.sessions.map((session) => session.$id)).not.toContain(other.session._id);
  });

  it('an empty list for a user without sessions; 404 for an unknown user', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.read', 'users.write']));
    const user = await call.users.create({ userId: 'unique()' });
    expect(await call.users.listSessions({ userId: user.$id })).toEqual({ total: 0, sessions: [] });
    expect((await appErrorOf(call.users.listSessions({ userId: 'nobody' }))).type).toBe('user_not_found');
  });

  it('needs users.read', async () => {
    await expectUsersScopeRequired(api, 'users.write', (call, ada) =>
      call.users.listSessions({ userId: ada.user._id }),
    );
  });
});
