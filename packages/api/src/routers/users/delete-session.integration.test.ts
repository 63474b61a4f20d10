import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.deleteSession', () => {
  it('deletes one session: its token stops working, the others keep working', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const other = await call.users.createSession({ userId: ada.user._id });
    expect(
      await call.users.deleteSession({ userId: ada.user._id, sessionId: ada.session._id }),
    ).toBeUndefined();
    expect((await appErrorOf(api.caller(ada.headers).call.account.get())).type).toBe(
      'general_unauthorized_scope',
    );
    expect((await api.caller({ 'x-appwrite-session': other.secret }).call.account.get()).$id).toBe(
      ada.user._id,
    );
  });

  it("another user's session or an unknown one is 404 user_session_not_found; an unknown user 404 user_not_found", async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    expect(
      await appErrorOf(call.users.deleteSession({ userId: ada.user._id, sessionId: grace.session._id })),
    ).toEqual({
      type: 'user_session_not_found',
      status: 404,
      message: 'The current user session could not be found.',
    });
    expect(await api.store.exists('sessions', { _id: grace.session._id })).not.toBeNull();
    expect(
      (await appErrorOf(call.users.deleteSession({ userId: ada.user._id, sessionId: 'missing' }))).type,
    ).toBe('user_session_not_found');
    expect(
      (await appErrorOf(call.users.deleteSession({ userId: 'nobody', sessionId: 'missing' }))).type,
    ).toBe('user_not_found');
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.deleteSession({ userId: ada.user._id, sessionId: ada.session._id }),
    );
  });
});
