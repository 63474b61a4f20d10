import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();
const PASSWORD = 'a good password';

async function userWithPassword(email: string) {
  return api.signUp({ email, password: PASSWORD });
}

describe('account.createEmailPasswordSession', () => {
  it('opens a session (blank secret for clients) and sets both cookies with the same token', async () => {
    const ada = await userWithPassword('ada@example.com');
    const { call, response } = api.caller({ 'user-agent': 'vitest' }, { ip: '198.51.100.7' });
    const session = await call.account.createEmailPasswordSession({
      email: 'ADA@example.com',
      password: PASSWORD,
    });
    expect(session).toMatchObject({
      userId: ada.user._id,
      provider: 'email',
      providerUid: 'ada@example.com',
      factors: ['password'],
      current: true,
      secret: '',
      ip: '198.51.100.7',
    });
    expect((await api.repos.sessions.byId(session.$id))?.userAgent).toBe('vitest');

    const main = response.cookies.get('a_session_test');
    const legacy = response.cookies.get('a_session_test_legacy');
    expect(main?.value).toBeTruthy();
    expect(legacy?.value).toBe(main?.value);
    // localhost: HttpOnly, Path /, no Domain, not Secure over http; SameSite=None only on the main one.
    expect(main?.options).toEqual({
      expires: new Date(session.expire),
      httpOnly: true,
      secure: false,
      path: '/',
      sameSite: 'none',
    });
    expect(legacy?.options).toEqual({
      expires: new Date(session.expire),
      httpOnly: true,
      secure: false,
      path: '/',
    });

    for (const cookie of [`a_session_test=${main?.value}`, `a_session_test_legacy=${legacy?.value}`]) {
      expect((await api.caller({ cookie }).call.account.get()).$id).toBe(ada.user._id);
    }
  });

  it('on a real host the cookies are host-only (no Domain) and Secure over https', async () => {
    await userWithPassword('grace@example.com');
    const { call, response } = api.caller(
      { origin: 'https://app.example.com' },
      { hostname: 'api.example.com', secure: true },
    );
    await call.account.createEmailPasswordSession({ email: 'grace@example.com', password: PASSWORD });
    for (const name of ['a_session_test', 'a_session_test_legacy']) {
      expect(response.cookies.get(name)?.options).toMatchObject({ secure: true, httpOnly: true });
      expect(response.cookies.get(name)?.options.domain).toBeUndefined();
    }
    // Same site (example.com): cookies are enough, no fallback header.
    expect(response.headers.has('x-fallback-cookies')).toBe(false);
  });

  it('sends X-Fallback-Cookies when the Origin is another site or absent; that value authenticates', async () => {
    const ada = await userWithPassword('fallback@example.com');
    for (const headers of [{ origin: 'https://app.other.org' }, {}] as Record<string, string>[]) {
      const { call, response } = api.caller(headers, { hostname: 'api.example.com' });
      await call.account.createEmailPasswordSession({ email: 'fallback@example.com', password: PASSWORD });
      const fallback = response.headers.get('x-fallback-cookies') ?? '';
      expect(JSON.parse(fallback)).toEqual({ a_session_test: response.cookies.get('a_session_test')?.value });
      expect((await api.caller({ 'x-fallback-cookies': fallback }).call.account.get()).$id).toBe(
        ada.user._id,
      );
    }
  });

  it('a wrong password, an unknown email, or a user without a password: 401 user_invalid_credentials', async () => {
    await userWithPassword('known@example.com');
    const passwordless = await api.signUp({ email: 'nopassword@example.com' });
    expect(passwordless.user.passwordHash).toBeUndefined();
    for (const input of [
      { email: 'known@example.com', password: 'wrong password' },
      { email: 'unknown@example.com', password: PASSWORD },
      { email: 'nopassword@example.com', password: PASSWORD },
    ]) {
      const { call, response } = api.caller();
      expect(await appErrorOf(call.account.createEmailPasswordSession(input))).toEqual({
        type: 'user_invalid_credentials',
        status: 401,
        message: 'Invalid credentials. Please check the email and password.',
      });
      expect(response.cookies.size).toBe(0);
    }
  });

  it('a blocked user is 403 user_blocked (and no session is opened)', async () => {
    const ada = await userWithPassword('blocked@example.com');
    await api.store.update('users', { _id: ada.user._id }, { status: false });
    const { call, response } = api.caller();
    expect(
      await appErrorOf(
        call.account.createEmailPasswordSession({ email: 'blocked@example.com', password: PASSWORD }),
      ),
    ).toEqual({ type: 'user_blocked', status: 403, message: 'The current user has been blocked.' });
    expect(response.cookies.size).toBe(0);
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(1);
  });

  it('a signed-in caller is 401 user_session_already_exists', async () => {
    const ada = await userWithPassword('twice@example.com');
    const call = api
      .caller(ada.headers)
      .call.account.createEmailPasswordSession({ email: 'twice@example.com', password: PASSWORD });
    expect((await appErrorOf(call)).type).toBe('user_session_already_exists');
  });

  it('validates the email and password; API keys are refused', async () => {
    const { call } = api.caller();
    expect(
      (await appErrorOf(call.account.createEmailPasswordSession({ email: 'x', password: PASSWORD }))).message,
    ).toBe('Invalid `email` param: Value must be a valid email address');
    expect(
      (await appErrorOf(call.account.createEmailPasswordSession({ email: 'x@example.com' } as never)))
        .message,
    ).toBe('Param "password" is not optional.');
    const key = await api.keyHeaders(['users.write', 'users.read']);
    const keyed = api
      .caller(key)
      .call.account.createEmailPasswordSession({ email: 'x@example.com', password: PASSWORD });
    expect((await appErrorOf(keyed)).type).toBe('general_unauthorized_scope');
  });
});
