import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('account.deleteSession', () => {
  it('"current" signs out here and expires both cookies with the flags they were set with', async () => {
    const ada = await api.signUp();
    const { call, response } = api.caller(
      { ...ada.headers, origin: 'https://app.other.org' },
      { hostname: 'api.example.com', secure: true },
    );
    expect(await call.account.deleteSession({ sessionId: 'current' })).toBeUndefined();
    expect(await api.store.exists('sessions', { _id: ada.session._id })).toBeNull();
    expect(await appErrorOf(api.caller(ada.headers).call.account.get())).toMatchObject({
      type: 'general_unauthorized_scope',
    });
    const main = response.cookies.get('a_session_test');
    expect(main).toEqual({
      value: '',
      options: {
        expires: new Date(0),
        httpOnly: true,
        secure: true,
        path: '/',
        sameSite: 'none',
      },
    });
    expect(response.cookies.get('a_session_test_legacy')).toMatchObject({
      value: '',
      options: { expires: new Date(0), secure: true },
    });
    // A cross-site client keeps its token in storage: the empty fallback replaces it.
    expect(response.headers.get('x-fallback-cookies')).toBe('{}');
  });

  it("the current session's own id works like current", async () => {
    const ada = await api.signUp();
    const { call, response } = api.caller(ada.headers);
    await call.account.deleteSession({ sessionId: ada.session._id });
    expect(response.cookies.get('a_session_test')?.value).toBe('');
    expect(response.cookies.get('a_session_test')?.options).not.toHaveProperty('domain');
  });

  it('another of my sessions by id: deleted, and this one (and its cookies) stay', async () => {
    const ada = await api.signUp();
    const key = await api.keyHeaders(['users.write']);
    const phone = await api.caller(key).call.users.createSession({ userId: ada.user._id });
    const { call, response } = api.caller(ada.headers);
    await call.account.deleteSession({ sessionId: phone.$id });
    expect(response.cookies.size).toBe(0);
    expect(
      await appErrorOf(api.caller({ 'x-appwrite-session': phone.secret }).call.account.get()),
    ).toMatchObject({
      type: 'general_unauthorized_scope',
    });
    expect((await api.caller(ada.headers).call.account.get()).$id).toBe(ada.user._id);
  });

  it("another user's session or an unknown id is 404 user_session_not_found, and nothing is deleted", async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    for (const sessionId of [grace.session._id, 'missing']) {
      const { call, response } = api.caller(ada.headers);
      expect(await appErrorOf(call.account.deleteSession({ sessionId }))).toEqual({
        type: 'user_session_not_found',
        status: 404,
        message: 'The current user session could not be found.',
      });
      expect(response.cookies.size).toBe(0);
    }
    expect((await api.caller(grace.headers).call.account.get()).$id).toBe(grace.user._id);
  });

  it('guests are 401', async () => {
    expect((await appErrorOf(api.caller().call.account.deleteSession({ sessionId: 'current' }))).type).toBe(
      'general_unauthorized_scope',
    );
  });
});
