import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updatePassword', () => {
  it('stores a new argon2id hash; the new password signs in, the old one no longer does', async () => {
    const ada = await api.signUp({ email: 'ada@example.com', password: 'the old password' });
    const before = await api.repos.users.byId(ada.user._id);
    const key = await api.keyHeaders(['users.write']);
    const user = await api
      .caller(key)
      .call.users.updatePassword({ userId: ada.user._id, password: 'the new password' });
    expect(JSON.stringify(user)).not.toContain('$argon2');
    const after = await api.repos.users.byId(ada.user._id);
    expect(after?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(after?.passwordHash).not.toBe(before?.passwordHash);
    expect(user.passwordUpdate).not.toBe('');
    expect(new Date(user.passwordUpdate).getTime()).toBeGreaterThan(before!.passwordUpdate!.getTime());

    const signIn = (password: string) =>
      api.caller().call.account.createEmailPasswordSession({ email: 'ada@example.com', password });
    expect((await appErrorOf(signIn('the old password'))).type).toBe('user_invalid_credentials');
    expect((await signIn('the new password')).userId).toBe(ada.user._id);
  });

  it('gives a password to a user who had none', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const created = await call.users.create({ userId: 'unique()', email: 'nopass@example.com' });
    expect(created.passwordUpdate).toBe('');
    await call.users.updatePassword({ userId: created.$id, password: 'finally one' });
    const session = await api
      .caller()
      .call.account.createEmailPasswordSession({ email: 'nopass@example.com', password: 'finally one' });
    expect(session.userId).toBe(created.$id);
  });

  it('404 user_not_found; 400 for a short password', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    expect(
      (await appErrorOf(call.users.updatePassword({ userId: 'nobody', password: 'long enough' }))).type,
    ).toBe('user_not_found');
    expect(
      (await appErrorOf(call.users.updatePassword({ userId: 'nobody', password: '1234567' }))).message,
    ).toBe('Invalid `password` param: Password must be between 8 and 256 characters long.');
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updatePassword({ userId: ada.user._id, password: 'long enough' }),
    );
  });
});
