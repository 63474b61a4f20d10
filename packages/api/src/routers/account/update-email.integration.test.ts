import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();
const PASSWORD = 'the right password';

const signIn = (email: string, password: string) =>
  api.caller({}).call.account.createEmailPasswordSession({ email, password });

describe('account.updateEmail', () => {
  it('changes the address (lower-cased, unverified again) with the password; the new one signs in', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    await api.store.update('users', { _id: ada.user._id }, { emailVerification: true });
    const updated = await api
      .caller(ada.headers)
      .call.account.updateEmail({ email: 'Countess@Example.com', password: PASSWORD });
    expect(updated).toMatchObject({
      $id: ada.user._id,
      email: 'countess@example.com',
      emailVerification: false,
    });
    await expect(signIn('countess@example.com', PASSWORD)).resolves.toMatchObject({ userId: ada.user._id });
    expect((await appErrorOf(signIn(ada.user.email!, PASSWORD))).type).toBe('user_invalid_credentials');
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.map((event) => event.template)).toContain('users.[userId].update.email');
    expect(JSON.stringify(events)).not.toMatch(/passwordHash|argon2/);
  });

  it('401 user_invalid_credentials for a wrong password; nothing changes', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    expect(
      await appErrorOf(
        api
          .caller(ada.headers)
          .call.account.updateEmail({ email: 'new@example.com', password: 'wrong password' }),
      ),
    ).toMatchObject({ type: 'user_invalid_credentials', status: 401 });
    expect((await api.repos.users.byId(ada.user._id))?.email).toBe(ada.user.email);
  });

  it("another user's address, or one's own, is 409 user_target_already_exists (after the password)", async () => {
    const ada = await api.signUp({ password: PASSWORD });
    const grace = await api.signUp({ email: 'grace-email@example.com' });
    const account = api.caller(ada.headers).call.account;
    for (const email of ['GRACE-email@example.com', ada.user.email!.toUpperCase()]) {
      expect(await appErrorOf(account.updateEmail({ email, password: PASSWORD }))).toEqual({
        type: 'user_target_already_exists',
        status: 409,
        message: 'A target with the same ID already exists.',
      });
    }
    // The password comes first: a wrong one never says whether the address is taken.
    expect(
      (await appErrorOf(account.updateEmail({ email: grace.user.email!, password: 'wrong password' }))).type,
    ).toBe('user_invalid_credentials');
    expect((await api.repos.users.byId(ada.user._id))?.email).toBe(ada.user.email);
  });

  it("an address another user's identity carries is 400 general_bad_request", async () => {
    const ada = await api.signUp({ password: PASSWORD });
    const grace = await api.signUp();
    await api.repos.identities.create({
      user: grace.user,
      provider: 'oidc',
      providerUid: `grace-${grace.user._id}`,
      providerEmail: 'grace-at-idp@example.com',
    });
    expect(
      await appErrorOf(
        api
          .caller(ada.headers)
          .call.account.updateEmail({ email: 'Grace-at-IdP@example.com', password: PASSWORD }),
      ),
    ).toMatchObject({ type: 'general_bad_request', status: 400 });
  });

  it('a user without a password (an invitee) sets it along with the address', async () => {
    const invitee = await api.signUp();
    await api
      .caller(invitee.headers)
      .call.account.updateEmail({ email: 'invitee-new@example.com', password: 'my first password' });
    await expect(signIn('invitee-new@example.com', 'my first password')).resolves.toMatchObject({
      userId: invitee.user._id,
    });
  });

  it('400 for an invalid email or password, or missing ones', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    const account = api.caller(ada.headers).call.account;
    expect(
      (await appErrorOf(account.updateEmail({ email: 'not an email', password: PASSWORD }))).message,
    ).toBe('Invalid `email` param: Value must be a valid email address');
    expect(
      (await appErrorOf(account.updateEmail({ email: 'a@example.com', password: 'short' }))).message,
    ).toBe('Invalid `password` param: Password must be between 8 and 256 characters long.');
    expect((await appErrorOf(account.updateEmail({ email: 'a@example.com' } as never))).message).toBe(
      'Param "password" is not optional.',
    );
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) =>
      call.account.updateEmail({ email: 'someone@example.com', password: 'a good password' }),
    );
  });
});
