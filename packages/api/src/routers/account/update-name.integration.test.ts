import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('account.updateName', () => {
  it('renames the signed-in user and records users.[userId].update.name', async () => {
    const ada = await api.signUp({ name: 'Ada' });
    const updated = await api.caller(ada.headers).call.account.updateName({ name: 'Countess' });
    expect(updated).toMatchObject({ $id: ada.user._id, name: 'Countess' });
    expect((await api.repos.users.byId(ada.user._id))?.name).toBe('Countess');
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].update.name',
      payload: { $id: ada.user._id, name: 'Countess' },
      actor: { type: 'user', userId: ada.user._id },
    });
  });

  it('400 for an empty, too long or missing name; nothing changes', async () => {
    const ada = await api.signUp({ name: 'Ada' });
    const account = api.caller(ada.headers).call.account;
    for (const name of ['', 'x'.repeat(129)]) {
      expect(await appErrorOf(account.updateName({ name }))).toMatchObject({
        type: 'general_argument_invalid',
        message:
          'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
      });
    }
    expect((await appErrorOf(account.updateName({} as never))).message).toBe('Param "name" is not optional.');
    expect(await account.updateName({ name: 'é'.repeat(128) })).toMatchObject({ name: 'é'.repeat(128) });
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) => call.account.updateName({ name: 'x' }));
  });
});
