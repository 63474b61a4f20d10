import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('account.create', () => {
  it('a guest signs up; the password is stored as argon2id and never returned; sign-in works', async () => {
    const user = await api.caller().call.account.create({
      userId: 'unique()',
      email: 'new@example.com',
      password: 'a good password',
      name: 'Newcomer',
    });
    expect(user).toMatchObject({ email: 'new@example.com', name: 'Newcomer', status: true, prefs: {} });
    expect(user.$id).toMatch(/^[0-9a-f]{20}$/);
    expect(JSON.stringify(user)).not.toMatch(/argon2|hash/);
    expect((await api.repos.users.byId(user.$id))?.passwordHash).toMatch(/^\$argon2id\$/);
    // No session is opened by sign-up itself.
    expect(await api.store.count('sessions', { userId: user.$id })).toBe(0);
    const session = await api
      .caller()
      .call.account.createEmailPasswordSession({ email: 'new@example.com', password: 'a good password' });
    expect(session.userId).toBe(user.$id);
  });

  it('a taken id or email is 409 user_already_exists', async () => {
    const { call } = api.caller();
    await call.account.create({ userId: 'first', email: 'first@example.com', password: 'a good password' });
    for (const input of [
      { userId: 'first', email: 'other@example.com', password: 'a good password' },
      { userId: 'unique()', email: 'FIRST@example.com', password: 'a good password' },
    ]) {
      expect(await appErrorOf(call.account.create(input))).toMatchObject({
        type: 'user_already_exists',
        status: 409,
      });
    }
  });

  it('a signed-in caller is 401 user_session_already_exists', async () => {
    const ada = await api.signUp();
    const input = { userId: 'unique()', email: 'second@example.com', password: 'a good password' };
    expect(await appErrorOf(api.caller(ada.headers).call.account.create(input))).toEqual({
      type: 'user_session_already_exists',
      status: 401,
      message: 'Creation of a session is prohibited when a session is active.',
    });
  });

  it('API keys are not clients: 401 general_unauthorized_scope', async () => {
    const key = await api.keyHeaders(['users.write']);
    const input = { userId: 'unique()', email: 'keyed@example.com', password: 'a good password' };
    expect(await appErrorOf(api.caller(key).call.account.create(input))).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
  });

  it('validates like Appwrite: email and password are required', async () => {
    const { call } = api.caller();
    const messageOf = async (input: unknown) =>
      (await appErrorOf(call.account.create(input as never))).message;
    expect(await messageOf({ userId: 'unique()', password: 'a good password' })).toBe(
      'Param "email" is not optional.',
    );
    expect(await messageOf({ userId: 'unique()', email: 'x@example.com' })).toBe(
      'Param "password" is not optional.',
    );
    expect(await messageOf({ userId: 'unique()', email: 'x@example.com', password: 'short' })).toBe(
      'Invalid `password` param: Password must be between 8 and 256 characters long.',
    );
  });
});
