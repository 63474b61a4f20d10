import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updateEmail', () => {
  it('changes the address (unverified again) and frees the old one', async () => {
    const ada = await api.signUp({ email: 'ada@example.com' });
    await api.store.update('users', { _id: ada.user._id }, { emailVerification: true });
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const user = await call.users.updateEmail({ userId: ada.user._id, email: 'Countess@Example.com' });
    expect(user).toMatchObject({ email: 'Countess@Example.com', emailVerification: false });
    const stored = await api.repos.users.byId(ada.user._id);
    expect(stored?.emailLower).toBe('countess@example.com');
    // What users.list `search` matches follows the address.
    expect(stored?.search).toBe(`${ada.user._id} Countess@Example.com ${ada.user.name}`);
    expect(await call.users.create({ userId: 'unique()', email: 'ada@example.com' })).toMatchObject({
      email: 'ada@example.com',
    });
  });

  it("setting the user's own address again (any case) is not a conflict", async () => {
    const ada = await api.signUp({ email: 'same@example.com' });
    const key = await api.keyHeaders(['users.write']);
    const user = await api
      .caller(key)
      .call.users.updateEmail({ userId: ada.user._id, email: 'SAME@example.com' });
    expect(user.email).toBe('SAME@example.com');
  });

  it("another user's address (any case) is 409 user_email_already_exists; nothing changes", async () => {
    const ada = await api.signUp({ email: 'ada2@example.com' });
    await api.signUp({ email: 'grace@example.com' });
    const key = await api.keyHeaders(['users.write']);
    expect(
      await appErrorOf(
        api.caller(key).call.users.updateEmail({ userId: ada.user._id, email: 'Grace@example.com' }),
      ),
    ).toEqual({
      type: 'user_email_already_exists',
      status: 409,
      message: 'A user with the same email already exists in the current project.',
    });
    expect((await api.repos.users.byId(ada.user._id))?.email).toBe('ada2@example.com');
  });

  it('concurrent changes to one free address: exactly one wins, the others are 409 (the update path)', async () => {
    const key = await api.keyHeaders(['users.write']);
    const users = await Promise.all(Array.from({ length: 8 }, () => api.signUp()));
    const outcomes = await Promise.all(
      users.map(async ({ user }) => {
        const call = api
          .caller(key)
          .call.users.updateEmail({ userId: user._id, email: 'contested@example.com' });
        try {
          await call;
          return 'updated';
        } catch {
          return (await appErrorOf(call)).type;
        }
      }),
    );
    expect(outcomes.filter((outcome) => outcome === 'updated')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'updated')).toEqual(
      Array(7).fill('user_email_already_exists'),
    );
    expect(await api.store.count('users', { emailLower: 'contested@example.com' })).toBe(1);
  });

  it('404 user_not_found; 400 for an invalid address', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    expect(
      (await appErrorOf(call.users.updateEmail({ userId: 'nobody', email: 'x@example.com' }))).type,
    ).toBe('user_not_found');
    expect((await appErrorOf(call.users.updateEmail({ userId: 'nobody', email: 'x' }))).message).toBe(
      'Invalid `email` param: Value must be a valid email address',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updateEmail({ userId: ada.user._id, email: 'x@example.com' }),
    );
  });
});
