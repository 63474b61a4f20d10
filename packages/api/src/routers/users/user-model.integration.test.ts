import { ACCESSED_AT_GRANULARITY_MS } from '@roster/db';
import { describe, expect, it } from 'vitest';
import { useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

/** Appwrite's User model of response format 1.9.5, in its order (less what Roster never returns). */
const USER_FIELDS = [
  '$id',
  '$createdAt',
  '$updatedAt',
  'name',
  'registration',
  'status',
  'labels',
  'passwordUpdate',
  'email',
  'phone',
  'emailVerification',
  'phoneVerification',
  'mfa',
  'prefs',
  'targets',
  'accessedAt',
  'impersonator',
];
const TARGET_FIELDS = [
  '$id',
  '$createdAt',
  '$updatedAt',
  'name',
  'userId',
  'providerType',
  'identifier',
  'expired',
];

describe('the User model (Users and Account)', () => {
  it('has every field in order, targets derived from the email and phone, on both APIs', async () => {
    const ada = await api.signUp({ password: 'a good password' });
    const { call } = api.caller(await api.keyHeaders(['users.read', 'users.write']));
    await call.users.updatePhone({ userId: ada.user._id, number: '+14155550100' });
    await call.users.updateLabels({ userId: ada.user._id, labels: ['vip'] });
    const fromUsers = await call.users.get({ userId: ada.user._id });
    const fromAccount = await api.caller(ada.headers).call.account.get();
    // The Users API adds the password's algorithm and options after `name`; the Account API never has them.
    expect(Object.keys(fromUsers)).toEqual([
      ...USER_FIELDS.slice(0, 4),
      'hash',
      'hashOptions',
      ...USER_FIELDS.slice(4),
    ]);
    expect(Object.keys(fromAccount)).toEqual(USER_FIELDS);
    for (const user of [fromUsers, fromAccount]) {
      expect(user).toMatchObject({
        labels: ['vip'],
        phone: '+14155550100',
        status: true,
        mfa: false,
        impersonator: false,
        prefs: {},
      });
      expect(user.passwordUpdate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(user.targets.map((target) => Object.keys(target))).toEqual([TARGET_FIELDS, TARGET_FIELDS]);
      expect(user.targets).toMatchObject([
        { userId: ada.user._id, providerType: 'email', identifier: ada.user.email, name: '', expired: false },
        { userId: ada.user._id, providerType: 'sms', identifier: '+14155550100', expired: false },
      ]);
    }
    expect(fromAccount.targets).toEqual(fromUsers.targets);
    // A changed address keeps its target's id (Appwrite renames the target).
    const before = fromUsers.targets[0]!.$id;
    const renamed = await call.users.updateEmail({ userId: ada.user._id, email: 'renamed@example.com' });
    expect(renamed.targets[0]).toMatchObject({ $id: before, identifier: 'renamed@example.com' });
    const other = await api.signUp();
    expect((await call.users.get({ userId: other.user._id })).targets[0]!.$id).not.toBe(before);
  });

  it('accessedAt: set by a signed-in request, then at most once a day; not by API keys', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.read']));
    expect((await call.users.get({ userId: ada.user._id })).accessedAt).toBe('');
    const first = (await api.caller(ada.headers).call.account.get()).accessedAt;
    expect(first).not.toBe('');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await api.caller(ada.headers).call.account.get()).accessedAt).toBe(first);
    // A day later the next request records it again; `$updatedAt` is left alone.
    const { jwt } = await api.caller(ada.headers).call.account.createJWT();
    const dayAgo = new Date(Date.now() - ACCESSED_AT_GRANULARITY_MS - 1000);
    await api.store.update('users', { _id: ada.user._id }, { accessedAt: dayAgo });
    const updatedAt = (await call.users.get({ userId: ada.user._id })).$updatedAt;
    const again = (await api.caller({ 'x-appwrite-jwt': jwt }).call.account.get()).accessedAt;
    expect(new Date(again).getTime()).toBeGreaterThan(new Date(first).getTime());
    expect((await call.users.get({ userId: ada.user._id })).$updatedAt).toBe(updatedAt);
  });
});
