import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('users.get', () => {
  it('returns the user without any password field', async () => {
    const ada = await api.signUp({ name: 'Ada', password: 'a long password' });
    const key = await api.keyHeaders(['users.read']);
    const user = await api.caller(key).call.users.get({ userId: ada.user._id });
    expect(user).toMatchObject({ $id: ada.user._id, name: 'Ada', email: ada.user.email });
    expect(Object.keys(user)).not.toContain('password');
    expect(JSON.stringify(user)).not.toContain('$argon2');
  });

  it('an unknown user is 404 user_not_found; a bad id is 400', async () => {
    const key = await api.keyHeaders(['users.read']);
    const { call } = api.caller(key);
    expect(await appErrorOf(call.users.get({ userId: 'nobody' }))).toEqual({
      type: 'user_not_found',
      status: 404,
      message: 'User with the requested ID could not be found.',
    });
    expect((await appErrorOf(call.users.get({ userId: '_x' }))).type).toBe('general_argument_invalid');
  });

  it('needs users.read: sessions, guests and write-only keys get 401', async () => {
    const ada = await api.signUp();
    const writeOnly = await api.keyHeaders(['users.write']);
    for (const headers of [ada.headers, {}, writeOnly]) {
      expect(await appErrorOf(api.caller(headers).call.users.get({ userId: ada.user._id }))).toMatchObject({
        type: 'general_unauthorized_scope',
        status: 401,
      });
    }
  });
});
