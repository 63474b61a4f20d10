import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

const GUEST = { type: 'general_unauthorized_scope', status: 401 };
const jwtHeaders = (jwt: string) => ({ 'x-appwrite-jwt': jwt });
const outcome = async (call: Promise<unknown>) => {
  const { type, status } = await appErrorOf(call);
  return { type, status };
};

describe('users.createJWT', () => {
  it('without sessionId: bound to no session, valid until it expires even once every session is gone', async () => {
    const key = await api.keyHeaders(['users.write']);
    const ada = await api.signUp();
    const { jwt } = await api.caller(key).call.users.createJWT({ userId: ada.user._id });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ userId: ada.user._id, sessionId: '' });
    expect(claims.exp! - claims.iat!).toBe(900);
    await api.caller(key).call.users.deleteSessions({ userId: ada.user._id });
    expect((await api.caller(jwtHeaders(jwt)).call.account.get()).$id).toBe(ada.user._id);
  });

  it('with a sessionId: bound to that session, and a guest once it is deleted', async () => {
    const key = await api.keyHeaders(['users.write']);
    const ada = await api.signUp();
    const { jwt } = await api
      .caller(key)
      .call.users.createJWT({ userId: ada.user._id, sessionId: ada.session._id, duration: 120 });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ userId: ada.user._id, sessionId: ada.session._id });
    expect(claims.exp! - claims.iat!).toBe(120);
    expect((await api.caller(jwtHeaders(jwt)).call.account.get()).$id).toBe(ada.user._id);
    await api.caller(key).call.users.deleteSession({ userId: ada.user._id, sessionId: ada.session._id });
    expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.get())).toEqual(GUEST);
  });

  it('`recent` binds the latest session; none, or another user’s session, is 404', async () => {
    const key = await api.keyHeaders(['users.write']);
    const ada = await api.signUp();
    const latest = await api.openSession(ada.user._id);
    const { jwt } = await api.caller(key).call.users.createJWT({ userId: ada.user._id, sessionId: 'recent' });
    expect(decodeJwt(jwt).sessionId).toBe(latest.session._id);

    const grace = await api.signUp();
    const notFound = { type: 'user_session_not_found', status: 404 };
    expect(
      await outcome(
        api.caller(key).call.users.createJWT({ userId: ada.user._id, sessionId: grace.session._id }),
      ),
    ).toEqual(notFound);
    expect(
      await outcome(api.caller(key).call.users.createJWT({ userId: ada.user._id, sessionId: 'unknown' })),
    ).toEqual(notFound);
    await api.caller(key).call.users.deleteSessions({ userId: grace.user._id });
    expect(
      await outcome(api.caller(key).call.users.createJWT({ userId: grace.user._id, sessionId: 'recent' })),
    ).toEqual(notFound);
    expect(await outcome(api.caller(key).call.users.createJWT({ userId: 'nobody' }))).toEqual({
      type: 'user_not_found',
      status: 404,
    });
  });

  it('needs an API key with users.write', async () => {
    const ada = await api.signUp();
    const readOnly = await api.keyHeaders(['users.read', 'teams.write']);
    for (const headers of [readOnly, ada.headers, {}]) {
      expect(await outcome(api.caller(headers).call.users.createJWT({ userId: ada.user._id }))).toEqual(
        GUEST,
      );
    }
  });

  it('a JWT of a deleted user does not sign in a new user created with the same id', async () => {
    const key = await api.keyHeaders(['users.write']);
    const ada = await api.signUp();
    const unbound = (await api.caller(key).call.users.createJWT({ userId: ada.user._id })).jwt;
    const bound = (
      await api.caller(key).call.users.createJWT({ userId: ada.user._id, sessionId: ada.session._id })
    ).jwt;
    await api.caller(key).call.users.delete({ userId: ada.user._id });
    // Created in a later second than the JWT was issued in.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await api.caller(key).call.users.create({ userId: ada.user._id, email: `again-${ada.user.email}` });
    for (const jwt of [unbound, bound]) {
      expect(await outcome(api.caller(jwtHeaders(jwt)).call.account.get())).toEqual(GUEST);
    }
  });

  it('teams: true carries the user’s confirmed memberships; over 50 is refused', async () => {
    const key = await api.keyHeaders(['users.write', 'teams.write']);
    const ada = await api.signUp();
    const team = await api.caller(key).call.teams.create({ teamId: 'unique()', name: 'T' });
    await api
      .caller(key)
      .call.teams.createMembership({ teamId: team.$id, userId: ada.user._id, roles: ['a', 'b'] });
    const { jwt } = await api.caller(key).call.users.createJWT({ userId: ada.user._id, teams: true });
    expect(decodeJwt(jwt).teams).toEqual([{ id: team.$id, roles: ['a', 'b'] }]);

    for (let index = 0; index < 50; index++) {
      const more = await api.caller(key).call.teams.create({ teamId: 'unique()', name: `T${index}` });
      await api
        .caller(key)
        .call.teams.createMembership({ teamId: more.$id, userId: ada.user._id, roles: [] });
    }
    expect(
      await appErrorOf(api.caller(key).call.users.createJWT({ userId: ada.user._id, teams: true })),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Invalid `teams` param: the user has more than 50 teams, more than a JWT carries',
    });
  });
});
