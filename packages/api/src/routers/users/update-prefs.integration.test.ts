import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updatePrefs', () => {
  it('replaces the whole object (no merge) and returns it', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write', 'users.read']));
    expect(await call.users.updatePrefs({ userId: ada.user._id, prefs: { a: 1, b: 2 } })).toEqual({
      a: 1,
      b: 2,
    });
    expect(await call.users.updatePrefs({ userId: ada.user._id, prefs: { c: 3 } })).toEqual({ c: 3 });
    expect(await call.users.getPrefs({ userId: ada.user._id })).toEqual({ c: 3 });
    expect(await call.users.updatePrefs({ userId: ada.user._id, prefs: {} })).toEqual({});
  });

  it('round-trips keys and values a document store would refuse', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write', 'users.read']));
    const prefs = {
      'dotted.key': true,
      $dollar: 'x',
      nested: { list: [[1, 2], []], empty: {} },
      unicode: 'žluť 🐎',
    };
    await call.users.updatePrefs({ userId: ada.user._id, prefs });
    expect(await call.users.getPrefs({ userId: ada.user._id })).toEqual(prefs);
  });

  it('400 for a list or an oversized object; 404 user_not_found', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const ada = await api.signUp();
    for (const prefs of [[1, 2], { big: 'x'.repeat(65_536) }]) {
      expect(
        await appErrorOf(call.users.updatePrefs({ userId: ada.user._id, prefs: prefs as never })),
      ).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message: 'Invalid `prefs` param: Value must be a valid object.',
      });
    }
    expect((await appErrorOf(call.users.updatePrefs({ userId: 'nobody', prefs: {} }))).type).toBe(
      'user_not_found',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updatePrefs({ userId: ada.user._id, prefs: {} }),
    );
  });
});
