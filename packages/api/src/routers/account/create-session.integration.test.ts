import { describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/secrets.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

/** A user and a sign-in token an API key made for them. */
async function userWithToken(options: { length?: number; expire?: number } = {}) {
  const { user } = await api.signUp();
  const key = await api.keyHeaders(['users.write']);
  const token = await api.caller(key).call.users.createToken({ userId: user._id, ...options });
  return { user, token };
}

describe('users.createToken', () => {
  it('returns the secret once (hex of the asked length), stores only its SHA-256, expires as asked', async () => {
    const started = Date.now();
    const { user, token } = await userWithToken({ length: 128, expire: 60 });
    expect(token.secret).toMatch(/^[0-9a-f]{128}$/);
    expect(token).toMatchObject({ userId: user._id, phrase: '' });
    const expire = Date.parse(token.expire);
    expect(expire).toBeGreaterThanOrEqual(started + 59_000);
    expect(expire).toBeLessThanOrEqual(Date.now() + 61_000);
    const stored = await api.store.findOne('tokens', { _id: token.$id });
    expect(stored).toMatchObject({ userId: user._id, kind: 'generic', secretHash: sha256(token.secret) });
    expect(JSON.stringify(stored)).not.toContain(token.secret);
  });

  it('defaults to 6 characters and 15 minutes; refuses lengths and expiries out of range; unknown user 404', async () => {
    const { user, token } = await userWithToken();
    expect(token.secret).toMatch(/^[0-9a-f]{6}$/);
    const lifetime = Date.parse(token.expire) - Date.parse(token.$createdAt);
    expect(Math.abs(lifetime - 900_000)).toBeLessThan(1000);
    const key = api.caller(await api.keyHeaders(['users.write'])).call;
    for (const input of [{ length: 3 }, { length: 129 }, { expire: 59 }, { expire: 31_536_001 }]) {
      expect((await appErrorOf(key.users.createToken({ userId: user._id, ...input }))).type).toBe(
        'general_argument_invalid',
      );
    }
    expect((await appErrorOf(key.users.createToken({ userId: 'nobody' }))).type).toBe('user_not_found');
  });
});

describe('account.createSession (a token for a session)', () => {
  it('opens a session with the token factor, sets the cookies, and uses the token up', async () => {
    const { user, token } = await userWithToken();
    const { call, response } = api.caller({}, { ip: '203.0.113.7' });
    const session = await call.account.createSession({ userId: user._id, secret: token.secret });
    expect(session).toMatchObject({
      userId: user._id,
      provider: 'token',
      factors: ['token'],
      current: true,
      secret: '',
      ip: '203.0.113.7',
    });
    expect(response.cookies.get('a_session_test')?.value).toBeTruthy();
    expect(await api.store.findOne('tokens', { _id: token.$id })).toBeNull();
    const again = await appErrorOf(
      api.caller({}).call.account.createSession({ userId: user._id, secret: token.secret }),
    );
    expect(again).toMatchObject({ type: 'user_invalid_token', status: 401 });
  });

  it('refuses a wrong secret, another user’s token, an expired token, an unknown user: all user_invalid_token', async () => {
    const { user, token } = await userWithToken();
    const other = await userWithToken();
    const guest = api.caller({}).call.account;
    const refusals = [
      () => guest.createSession({ userId: user._id, secret: 'f'.repeat(6) }),
      () => guest.createSession({ userId: user._id, secret: other.token.secret }),
      () => guest.createSession({ userId: 'nobody', secret: token.secret }),
    ];
    for (const refusal of refusals) expect((await appErrorOf(refusal())).type).toBe('user_invalid_token');
    await api.store.update('tokens', { _id: token.$id }, { expire: new Date(Date.now() - 1000) });
    expect((await appErrorOf(guest.createSession({ userId: user._id, secret: token.secret }))).type).toBe(
      'user_invalid_token',
    );
    // The other user's token is untouched by the failed attempt with it.
    expect(await guest.createSession({ userId: other.user._id, secret: other.token.secret })).toMatchObject({
      userId: other.user._id,
    });
  });

  it('a blocked user gets user_blocked and keeps the token; a signed-in caller user_session_already_exists', async () => {
    const { user, token } = await userWithToken();
    await api.store.update('users', { _id: user._id }, { status: false });
    const blocked = await appErrorOf(
      api.caller({}).call.account.createSession({ userId: user._id, secret: token.secret }),
    );
    expect(blocked).toMatchObject({ type: 'user_blocked', status: 403 });
    expect(await api.store.findOne('tokens', { _id: token.$id })).not.toBeNull();

    const signedIn = await api.signUp();
    const taken = await appErrorOf(
      api.caller(signedIn.headers).call.account.createSession({ userId: user._id, secret: token.secret }),
    );
    expect(taken.type).toBe('user_session_already_exists');
  });

  it('a token of a deleted user does not sign in the user later created under the same id', async () => {
    const { user, token } = await userWithToken();
    const key = api.caller(await api.keyHeaders(['users.write'])).call;
    await key.users.delete({ userId: user._id });
    await key.users.create({ userId: user._id, email: `again-${user._id}@example.com` });
    expect(
      (
        await appErrorOf(
          api.caller({}).call.account.createSession({ userId: user._id, secret: token.secret }),
        )
      ).type,
    ).toBe('user_invalid_token');
  });

  it('ten concurrent exchanges of one token open exactly one session', async () => {
    const { user, token } = await userWithToken();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        api.caller({}).call.account.createSession({ userId: user._id, secret: token.secret }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const sessions = await api.store.find('sessions', { userId: user._id, provider: 'token' });
    expect(sessions).toHaveLength(1);
  });

  it('records users.[userId].tokens.[tokenId].create and the session’s create event', async () => {
    const { user, token } = await userWithToken();
    await api.caller({}).call.account.createSession({ userId: user._id, secret: token.secret });
    const names = (await api.repos.events.ofResource(`user/${user._id}`)).map((event) => event.names[0]);
    expect(names).toContain(`users.${user._id}.tokens.${token.$id}.create`);
    expect(names.some((name) => name?.startsWith(`users.${user._id}.sessions.`))).toBe(true);
    const tokenEvent = (await api.repos.events.ofResource(`user/${user._id}`)).find((event) =>
      event.names[0]?.includes('.tokens.'),
    );
    expect(JSON.stringify(tokenEvent?.payload)).not.toContain(token.secret);
  });
});
