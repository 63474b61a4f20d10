import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

const signIn = (email: string, password: string) =>
  api.caller({}).call.account.createEmailPasswordSession({ email, password });

describe('account.updatePassword', () => {
  it('needs the old password when there is one; the new one then signs in and the old one no longer does', async () => {
    const ada = await api.signUp({ password: 'the old password' });
    const account = api.caller(ada.headers).call.account;
    for (const oldPassword of [undefined, 'a wrong password']) {
      expect(
        await appErrorOf(account.updatePassword({ password: 'the new password', oldPassword })),
      ).toMatchObject({
        type: 'user_invalid_credentials',
        status: 401,
      });
    }
    const updated = await account.updatePassword({
      password: 'the new password',
      oldPassword: 'the old password',
    });
    expect(updated.$id).toBe(ada.user._id);
    expect(updated.passwordUpdate).not.toBe('');
    await expect(signIn(ada.user.email!, 'the new password')).resolves.toMatchObject({
      userId: ada.user._id,
    });
    expect(await appErrorOf(signIn(ada.user.email!, 'the old password'))).toMatchObject({
      type: 'user_invalid_credentials',
    });
    // The session that changed it stays valid, as in Appwrite.
    expect((await account.get()).$id).toBe(ada.user._id);
  });

  it('lets a user without a password (created by an invitation) set one, then sign in with it', async () => {
    const invitee = await api.signUp();
    await api.caller(invitee.headers).call.account.updatePassword({ password: 'my first password' });
    await expect(signIn(invitee.user.email!, 'my first password')).resolves.toMatchObject({
      userId: invitee.user._id,
    });
  });

  it('validates the new password and is for signed-in users only', async () => {
    const ada = await api.signUp();
    expect(
      await appErrorOf(api.caller(ada.headers).call.account.updatePassword({ password: 'short' })),
    ).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Invalid `password` param: Password must be between 8 and 256 characters long.',
    });
    expect(
      await appErrorOf(api.caller({}).call.account.updatePassword({ password: 'long enough' })),
    ).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
  });
});
