import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('account.deleteSessions', () => {
  it('signs out everywhere and clears the cookies; other users keep their sessions', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const key = await api.keyHeaders(['users.write']);
    const phone = await api.caller(key).call.users.createSession({ userId: ada.user._id });
    const { call, response } = api.caller(ada.headers);
    expect(await call.account.deleteSessions()).toBeUndefined();
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(0);
    expect(response.cookies.get('a_session_test')?.value).toBe('');
    expect(response.cookies.get('a_session_test_legacy')?.value).toBe('');
    for (const headers of [ada.headers, { 'x-appwrite-session': phone.secret }]) {
      expect((await appErrorOf(api.caller(headers).call.account.get())).type).toBe(
        'general_unauthorized_scope',
      );
    }
    expect((await api.caller(grace.headers).call.account.get()).$id).toBe(grace.user._id);
  });

  it('guests are 401', async () => {
    expect((await appErrorOf(api.caller().call.account.deleteSessions())).type).toBe(
      'general_unauthorized_scope',
    );
  });
});
