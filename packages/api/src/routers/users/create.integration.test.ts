import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('users.create', () => {
  it('creates a user with a custom id; the password is stored as argon2id and never returned', async () => {
    const key = await api.keyHeaders(['users.write']);
    const user = await api.caller(key).call.users.create({
      userId: 'ada',
      email: 'Ada@Example.com',
      phone: '+14155550100',
      password: 'correct horse battery',
      name: 'Ada Lovelace',
    });
    expect(user).toMatchObject({
      $id: 'ada',
      name: 'Ada Lovelace',
      email: 'Ada@Example.com',
      phone: '+14155550100',
      status: true,
      emailVerification: false,
      phoneVerification: false,
      labels: [],
      prefs: {},
      // As Appwrite's users.create, a target for the email and one for the phone.
      targets: [
        { providerType: 'email', identifier: 'Ada@Example.com', userId: 'ada' },
        { providerType: 'sms', identifier: '+14155550100', userId: 'ada' },
      ],
      mfa: false,
    });
    expect(user.registration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(user.passwordUpdate).toMatch(/\+00:00$/);
    const stored = await api.repos.users.byId('ada');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(user)).not.toMatch(/\$argon2|password"/i);
    // Appwrite's `hash` and `hashOptions`: the algorithm and the parameters of the stored hash.
    expect(user).toMatchObject({
      hash: 'argon2',
      hashOptions: { type: 'argon2', memory_cost: 19456, time_cost: 2, threads: 1 },
    });
    expect(stored?.emailLower).toBe('ada@example.com');
  });

  it('unique() generates a 20-character id; absent email and phone are omitted, never null', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const first = await call.users.create({ userId: 'unique()' });
    const second = await call.users.create({ userId: 'unique()', name: 'No contact' });
    expect(first.$id).toMatch(/^[0-9a-f]{20}$/);
    expect(first).toMatchObject({ email: '', phone: '', name: '', passwordUpdate: '' });
    const stored = await api.repos.users.byId(second.$id);
    expect(stored).not.toHaveProperty('emailLower');
    expect(stored).not.toHaveProperty('phone');
    expect(stored).not.toHaveProperty('passwordHash');
  });

  it('a taken id, email (any case) or phone is 409 user_already_exists', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    await call.users.create({ userId: 'taken', email: 'taken@example.com', phone: '+14155550101' });
    for (const input of [
      { userId: 'taken' },
      { userId: 'unique()', email: 'TAKEN@example.com' },
      { userId: 'unique()', phone: '+14155550101' },
    ]) {
      expect(await appErrorOf(call.users.create(input))).toEqual({
        type: 'user_already_exists',
        status: 409,
        message: 'A user with the same id, email, or phone already exists in this project.',
      });
    }
  });

  it('validates like Appwrite', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const messageOf = async (input: unknown) => (await appErrorOf(call.users.create(input as never))).message;
    expect(await messageOf({})).toBe('Param "userId" is not optional.');
    expect(await messageOf({ userId: 'unique()', email: 'not-an-email' })).toBe(
      'Invalid `email` param: Value must be a valid email address',
    );
    expect(await messageOf({ userId: 'unique()', phone: '0123' })).toBe(
      "Invalid `phone` param: Phone number must start with a '+' can have a maximum of fifteen digits.",
    );
    expect(await messageOf({ userId: 'unique()', password: 'short' })).toBe(
      'Invalid `password` param: Password must be between 8 and 256 characters long.',
    );
    expect(await messageOf({ userId: 'unique()', name: 'x'.repeat(129) })).toBe(
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    );
    expect((await appErrorOf(call.users.create({ userId: '-bad' }))).type).toBe('general_argument_invalid');
  });

  it('needs users.write: guests, sessions and read-only keys get 401 general_unauthorized_scope', async () => {
    expect(await appErrorOf(api.caller().call.users.create({ userId: 'unique()' }))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: guests) missing scopes (["users.write"])',
    });
    const ada = await api.signUp();
    expect(await appErrorOf(api.caller(ada.headers).call.users.create({ userId: 'unique()' }))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: `${ada.user.email} (role: users) missing scopes (["users.write"])`,
    });
    const readOnly = await api.keyHeaders(['users.read', 'teams.write']);
    expect(await appErrorOf(api.caller(readOnly).call.users.create({ userId: 'unique()' }))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: applications) missing scopes (["users.write"])',
    });
  });
});
