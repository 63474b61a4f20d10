import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtKeys } from '../../auth/jwt-keys.ts';
import { signJwt } from '../../auth/jwt.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

const GUEST = { type: 'general_unauthorized_scope', status: 401 };
const INVALID = { type: 'user_jwt_invalid', status: 401 };
const jwtHeaders = (jwt: string) => ({ 'x-appwrite-jwt': jwt });
const outcome = async (call: Promise<unknown>) => {
  const { type, status } = await appErrorOf(call);
  return { type, status };
};

describe('account.createJWT', () => {
  it('signs a 15-minute ES256 JWT of the current session that authenticates as the user', async () => {
    const ada = await api.signUp({ name: 'Ada' });
    const before = Math.floor(Date.now() / 1000);
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    expect(Object.keys(decodeProtectedHeader(jwt)).sort()).toEqual(['alg', 'kid', 'typ']);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ userId: ada.user._id, sessionId: ada.session._id, sub: ada.user._id });
    expect(claims).not.toHaveProperty('teams');
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.iat).toBeGreaterThanOrEqual(before);

    const asJwt = api.caller(jwtHeaders(jwt)).call;
    expect(await asJwt.account.get()).toMatchObject({ $id: ada.user._id, name: 'Ada' });
    // The session it is bound to is listed, but it is nobody's *current* session.
    const sessions = await asJwt.account.listSessions();
    expect(sessions.sessions.map((session) => [session.$id, session.current])).toEqual([
      [ada.session._id, false],
    ]);
  });

  it('takes Appwrite’s duration (0–3600 seconds; 0 is refused instead of Appwrite’s 500)', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(ada.headers);
    const { jwt } = await call.account.createJWT({ duration: 60 });
    const claims = decodeJwt(jwt);
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(decodeJwt((await call.account.createJWT({ duration: '3600' as never })).jwt).exp).toBe(
      decodeJwt(jwt).iat! + 3600,
    );
    expect(await appErrorOf(call.account.createJWT({ duration: 3601 }))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Invalid `duration` param: Value must be a valid range between 0 and 3,600',
    });
    expect(await outcome(call.account.createJWT({ duration: 1.5 }))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
    });
    expect(await outcome(call.account.createJWT({ duration: 0 }))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
    });
  });

  it('guests, API keys and JWT callers cannot create one', async () => {
    const ada = await api.signUp();
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    expect(await outcome(api.caller().call.account.createJWT())).toEqual(GUEST);
    const key = await api.keyHeaders(['users.write']);
    expect(await outcome(api.caller(key).call.account.createJWT())).toEqual(GUEST);
    // A JWT has no current session to bind a new one to (Appwrite: 404 user_session_not_found).
    expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.createJWT())).toEqual({
      type: 'user_session_not_found',
      status: 404,
    });
  });

  it('expires: refused with 401 user_jwt_invalid once `exp` has passed', async () => {
    const ada = await api.signUp();
    const keys = await jwtKeys(TEST_CONFIG.secretKey);
    // Signed ten minutes ago for five minutes, with the server's own key.
    const stale = await signJwt(
      keys,
      { userId: ada.user._id, sessionId: ada.session._id },
      300,
      Date.now() - 600_000,
    );
    expect(await appErrorOf(api.caller(jwtHeaders(stale)).call.account.get())).toEqual({
      ...INVALID,
      message: 'Failed to verify JWT. Invalid token: Expired',
    });
    // And in real time: a one-second JWT works, then stops.
    const { jwt } = await api.caller(ada.headers).call.account.createJWT({ duration: 1 });
    expect((await api.caller(jwtHeaders(jwt)).call.account.get()).$id).toBe(ada.user._id);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.get())).toEqual(INVALID);
  });

  it('a bad signature, another server’s key or a malformed token is 401 user_jwt_invalid', async () => {
    const ada = await api.signUp();
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const otherServer = await signJwt(
      await jwtKeys('another-server-secret-0123456789abcdef'),
      { userId: ada.user._id, sessionId: ada.session._id },
      900,
    );
    for (const bad of [
      `${header}.${payload}.${flipped}`,
      otherServer,
      'not.a.jwt',
      'x',
      `${header}.${payload}`,
    ]) {
      expect(await outcome(api.caller(jwtHeaders(bad)).call.account.get()), bad).toEqual(INVALID);
    }
  });

  it('dies with its session: deleted, expired or signed out everywhere, the JWT is a guest', async () => {
    const ada = await api.signUp();
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    await api.caller(ada.headers).call.account.deleteSession({ sessionId: 'current' });
    expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.get())).toEqual(GUEST);

    const grace = await api.signUp();
    const expiring = await api.openSession(grace.user._id, 1);
    const { jwt: second } = await api
      .caller({ 'x-appwrite-session': expiring.token })
      .call.account.createJWT({ duration: 3600 });
    expect((await api.caller(jwtHeaders(second)).call.account.get()).$id).toBe(grace.user._id);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(api.caller(jwtHeaders(second)).call.account.get())).toEqual(GUEST);
  });

  it('a blocked user’s JWT is 403 user_blocked', async () => {
    const ada = await api.signUp();
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    await api.store.update('users', { _id: ada.user._id }, { status: false });
    expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.get())).toEqual({
      type: 'user_blocked',
      status: 403,
    });
  });

  it('a JWT with a session is 403 user_jwt_and_cookie_set; with a dead session, the JWT decides', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    expect(await outcome(api.caller({ ...grace.headers, ...jwtHeaders(jwt) }).call.account.get())).toEqual({
      type: 'user_jwt_and_cookie_set',
      status: 403,
    });
    const expired = await api.openSession(grace.user._id, -1);
    const mixed = { 'x-appwrite-session': expired.token, ...jwtHeaders(jwt) };
    expect((await api.caller(mixed).call.account.get()).$id).toBe(ada.user._id);
  });

  it('gives exactly its user’s rights: their teams, not another’s, no session-only routes', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const own = await api.caller(ada.headers).call.teams.create({ teamId: 'unique()', name: 'Own' });
    const other = await api.caller(grace.headers).call.teams.create({ teamId: 'unique()', name: 'Other' });
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    const asJwt = api.caller(jwtHeaders(jwt)).call;
    expect((await asJwt.teams.list({})).teams.map((team) => team.$id)).toEqual([own.$id]);
    expect(await outcome(asJwt.teams.get({ teamId: other.$id }))).toEqual({
      type: 'team_not_found',
      status: 404,
    });
    expect(await outcome(asJwt.users.list({}))).toEqual(GUEST);
    expect(await outcome(asJwt.account.deleteSession({ sessionId: 'current' }))).toEqual({
      type: 'user_session_not_found',
      status: 404,
    });
    expect(
      await outcome(
        asJwt.account.createEmailPasswordSession({ email: 'a@example.com', password: 'x'.repeat(8) }),
      ),
    ).toEqual({
      type: 'user_session_already_exists',
      status: 401,
    });
  });

  it('teams: true embeds the confirmed memberships of live teams with their roles, nothing else', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const key = await api.keyHeaders(['teams.write']);
    const own = await api.caller(ada.headers).call.teams.create({ teamId: 'unique()', name: 'Own' });
    const joined = await api.caller(grace.headers).call.teams.create({ teamId: 'unique()', name: 'Joined' });
    await api
      .caller(key)
      .call.teams.createMembership({ teamId: joined.$id, userId: ada.user._id, roles: ['dev'] });
    const pending = await api
      .caller(grace.headers)
      .call.teams.create({ teamId: 'unique()', name: 'Pending' });
    await api.caller(grace.headers).call.teams.createMembership({
      teamId: pending.$id,
      userId: ada.user._id,
      roles: ['dev'],
      url: 'http://localhost:5173/accept',
    });
    const gone = await api.caller(ada.headers).call.teams.create({ teamId: 'unique()', name: 'Gone' });
    await api.caller(ada.headers).call.teams.delete({ teamId: gone.$id });

    const { jwt } = await api.caller(ada.headers).call.account.createJWT({ teams: true });
    expect(decodeJwt(jwt).teams).toEqual([
      { id: own.$id, roles: ['owner'] },
      { id: joined.$id, roles: ['dev'] },
    ]);
    // Appwrite's request and answer are unchanged without it.
    expect(
      decodeJwt((await api.caller(ada.headers).call.account.createJWT({ teams: false })).jwt),
    ).not.toHaveProperty('teams');
  });
});
