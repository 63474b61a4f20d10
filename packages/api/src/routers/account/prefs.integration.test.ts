import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('account.getPrefs and account.updatePrefs', () => {
  it('start empty; an update replaces the whole object, returns the account, records update.prefs', async () => {
    const ada = await api.signUp();
    const account = api.caller(ada.headers).call.account;
    expect(await account.getPrefs()).toEqual({});
    await account.updatePrefs({ prefs: { theme: 'dark', nested: { a: [1, 2] } } });
    const updated = await account.updatePrefs({ prefs: { language: 'de' } });
    expect(updated).toMatchObject({ $id: ada.user._id, prefs: { language: 'de' } });
    expect(await account.getPrefs()).toEqual({ language: 'de' });
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].update.prefs',
      payload: { language: 'de' },
    });
    // Another user's are their own.
    const grace = await api.signUp();
    expect(await api.caller(grace.headers).call.account.getPrefs()).toEqual({});
  });

  it('400 for prefs that are not an object, or too large', async () => {
    const ada = await api.signUp();
    const account = api.caller(ada.headers).call.account;
    for (const prefs of [['a'], 'text', null, { big: 'x'.repeat(65_536) }]) {
      expect((await appErrorOf(account.updatePrefs({ prefs } as never))).type).toBe(
        'general_argument_invalid',
      );
    }
    expect(await account.getPrefs()).toEqual({});
  });

  it('are for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) => call.account.getPrefs());
    await expectActiveUserRequired(api, (call) => call.account.updatePrefs({ prefs: {} }));
  });
});
