import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('account.updateStatus', () => {
  it('blocks the user: cookies cleared, every session refused with 403 user_blocked, sign-in too', async () => {
    const ada = await api.signUp({ password: 'a good password' });
    const other = await api.openSession(ada.user._id);
    const caller = api.caller(ada.headers);
    const blocked = await caller.call.account.updateStatus();
    expect(blocked).toMatchObject({ $id: ada.user._id, status: false });
    const cookie = caller.response.cookies.get('a_session_test');
    expect(cookie?.value).toBe('');
    expect(cookie?.options.expires?.getTime()).toBe(0);

    for (const headers of [ada.headers, { 'x-appwrite-session': other.token }]) {
      expect(await appErrorOf(api.caller(headers).call.account.get())).toMatchObject({
        type: 'user_blocked',
        status: 403,
      });
    }
    // The sessions are kept, as in Appwrite: unblocking (an API key) makes them work again.
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(2);
    expect(
      await appErrorOf(
        api
          .caller({})
          .call.account.createEmailPasswordSession({ email: ada.user.email!, password: 'a good password' }),
      ),
    ).toMatchObject({ type: 'user_blocked' });
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].update.status',
      payload: { status: false },
    });
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) => call.account.updateStatus());
  });
});
