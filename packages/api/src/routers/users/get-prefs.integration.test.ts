import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('users.getPrefs', () => {
  it('is {} for a new user, then what was stored', async () => {
    const ada = await api.signUp();
    const reader = api.caller(await api.keyHeaders(['users.read'])).call;
    expect(await reader.users.getPrefs({ userId: ada.user._id })).toEqual({});
    await api.caller(await api.keyHeaders(['users.write'])).call.users.updatePrefs({
      userId: ada.user._id,
      prefs: { theme: 'dark' },
    });
    expect(await reader.users.getPrefs({ userId: ada.user._id })).toEqual({ theme: 'dark' });
    expect((await reader.users.get({ userId: ada.user._id })).prefs).toEqual({ theme: 'dark' });
  });

  it('404 user_not_found; needs users.read', async () => {
    const key = await api.keyHeaders(['users.read']);
    expect((await appErrorOf(api.caller(key).call.users.getPrefs({ userId: 'nobody' }))).type).toBe(
      'user_not_found',
    );
    const ada = await api.signUp();
    const writeOnly = await api.keyHeaders(['users.write']);
    for (const headers of [ada.headers, {}, writeOnly]) {
      expect((await appErrorOf(api.caller(headers).call.users.getPrefs({ userId: ada.user._id }))).type).toBe(
        'general_unauthorized_scope',
      );
    }
  });
});
