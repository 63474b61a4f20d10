import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('users.deleteSessions', () => {
  it("deletes every session of the user and no one else's", async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const second = await call.users.createSession({ userId: ada.user._id });
    expect(await call.users.deleteSessions({ userId: ada.user._id })).toBeUndefined();
    for (const headers of [ada.headers, { 'x-appwrite-session': second.secret }]) {
      expect((await appErrorOf(api.caller(headers).call.account.get())).type).toBe(
        'general_unauthorized_scope',
      );
    }
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(0);
    expect((await api.caller(grace.headers).call.account.get()).$id).toBe(grace.user._id);
  });

  it('404 user_not_found; needs users.write', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    expect((await appErrorOf(call.users.deleteSessions({ userId: 'nobody' }))).type).toBe('user_not_found');
    const ada = await api.signUp();
    const readOnly = await api.keyHeaders(['users.read']);
    for (const headers of [ada.headers, {}, readOnly]) {
      expect(
        (await appErrorOf(api.caller(headers).call.users.deleteSessions({ userId: ada.user._id }))).type,
      ).toBe('general_unauthorized_scope');
    }
  });
});
