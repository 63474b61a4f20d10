import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updateName', () => {
  it('renames the user', async () => {
    const ada = await api.signUp({ name: 'Ada' });
    const key = await api.keyHeaders(['users.write']);
    const user = await api.caller(key).call.users.updateName({ userId: ada.user._id, name: 'Countess' });
    expect(user).toMatchObject({ $id: ada.user._id, name: 'Countess' });
    const stored = await api.repos.users.byId(ada.user._id);
    expect(stored?.name).toBe('Countess');
    // What users.list `search` matches follows the name.
    expect(stored?.search).toBe(`${ada.user._id} ${ada.user.email} Countess`);
  });

  it('404 user_not_found, 400 for an empty or missing name', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    expect((await appErrorOf(call.users.updateName({ userId: 'nobody', name: 'x' }))).type).toBe(
      'user_not_found',
    );
    expect((await appErrorOf(call.users.updateName({ userId: 'nobody', name: '' }))).message).toBe(
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    );
    expect((await appErrorOf(call.users.updateName({ userId: 'nobody' } as never))).message).toBe(
      'Param "name" is not optional.',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updateName({ userId: ada.user._id, name: 'x' }),
    );
  });
});
