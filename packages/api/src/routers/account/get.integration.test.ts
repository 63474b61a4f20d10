import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

const GUEST = {
  type: 'general_unauthorized_scope',
  status: 401,
  message: 'User (role: guests) missing scopes (["account"])',
};

describe('account.get', () => {
  it('returns the signed-in user, without password fields', async () => {
    const ada = await api.signUp({ name: 'Ada', password: 'a good password' });
    const user = await api.caller(ada.headers).call.account.get();
    expect(user).toMatchObject({ $id: ada.user._id, name: 'Ada', email: ada.user.email });
    expect(JSON.stringify(user)).not.toContain('argon2');
  });

  it('accepts the session from the header, both cookies and X-Fallback-Cookies', async () => {
    const ada = await api.signUp();
    const transports: Record<string, string>[] = [
      { 'x-appwrite-session': ada.token },
      { cookie: `a_session_test=${ada.token}` },
      { cookie: `other=1; a_session_test_legacy=${ada.token}` },
      { 'x-fallback-cookies': JSON.stringify({ a_session_test: ada.token }) },
    ];
    for (const headers of transports) {
      expect((await api.caller(headers).call.account.get()).$id).toBe(ada.user._id);
    }
  });

  it('guests, expired sessions, unknown or malformed tokens and cookies of another project are guests: 401', async () => {
    const ada = await api.signUp();
    const expired = await api.openSession(ada.user._id, -1);
    const guests: Record<string, string>[] = [
      {},
      { 'x-appwrite-session': expired.token },
      { cookie: `a_session_test=${expired.token}` },
      {
        'x-appwrite-session': Buffer.from(
          JSON.stringify({ id: ada.user._id, secret: 'f'.repeat(256) }),
        ).toString('base64'),
      },
      { 'x-appwrite-session': 'not a token' },
      { 'x-fallback-cookies': 'not json' },
      { cookie: `a_session_other=${ada.token}` },
    ];
    for (const headers of guests) {
      expect(await appErrorOf(api.caller(headers).call.account.get())).toEqual(GUEST);
    }
  });

  it('a token whose user id does not match the session is a guest', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const { secret } = JSON.parse(Buffer.from(ada.token, 'base64').toString()) as { secret: string };
    const forged = Buffer.from(JSON.stringify({ id: grace.user._id, secret })).toString('base64');
    expect(await appErrorOf(api.caller({ 'x-appwrite-session': forged }).call.account.get())).toEqual(GUEST);
  });

  it('a blocked user with a session is 403 user_blocked; a wrong project is 404', async () => {
    const ada = await api.signUp();
    expect(
      (await appErrorOf(api.caller({ ...ada.headers, 'x-appwrite-project': 'other' }).call.account.get()))
        .type,
    ).toBe('project_not_found');
    await api.store.update('users', { _id: ada.user._id }, { status: false });
    expect(await appErrorOf(api.caller(ada.headers).call.account.get())).toMatchObject({
      type: 'user_blocked',
      status: 403,
    });
  });

  it('API keys have no account: 401 general_unauthorized_scope', async () => {
    const key = await api.keyHeaders(['users.read', 'users.write', 'teams.read', 'teams.write']);
    expect(await appErrorOf(api.caller(key).call.account.get())).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: applications) missing scopes (["account"])',
    });
  });
});
