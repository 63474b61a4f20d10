import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updateStatus', () => {
  it('blocks the user: their session and JWTs are refused on the next request; unblocking restores them', async () => {
    const ada = await api.signUp();
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const { jwt: sessionJwt } = await api.caller(ada.headers).call.account.createJWT();
    const { jwt: unboundJwt } = await call.users.createJWT({ userId: ada.user._id });
    const principals = [ada.headers, { 'x-appwrite-jwt': sessionJwt }, { 'x-appwrite-jwt': unboundJwt }];
    for (const headers of principals)
      expect((await api.caller(headers).call.account.get()).status).toBe(true);

    expect(await call.users.updateStatus({ userId: ada.user._id, status: false })).toMatchObject({
      $id: ada.user._id,
      status: false,
    });
    for (const headers of principals) {
      expect(await appErrorOf(api.caller(headers).call.account.get())).toMatchObject({
        type: 'user_blocked',
        status: 403,
      });
    }
    // Sessions are kept, as Appwrite: unblocking makes every credential work again.
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(1);
    expect((await call.users.updateStatus({ userId: ada.user._id, status: true })).status).toBe(true);
    for (const headers of principals)
      expect((await api.caller(headers).call.account.get()).$id).toBe(ada.user._id);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.slice(-2).map((e) => [e.template, e.payload.status])).toEqual([
      ['users.[userId].update.status', false],
      ['users.[userId].update.status', true],
    ]);
  });

  it('takes a loose boolean, as Appwrite', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    for (const [status, expected] of [
      ['false', false],
      ['1', true],
      [0, false],
      [1, true],
    ] as const) {
      const user = await call.users.updateStatus({ userId: ada.user._id, status });
      expect(user.status).toBe(expected);
    }
  });

  it('400 for a non-boolean or a missing status; 404 for an unknown user', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    expect(
      await appErrorOf(call.users.updateStatus({ userId: ada.user._id, status: 'no' as never })),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Invalid `status` param: Value must be a valid boolean',
    });
    expect((await appErrorOf(call.users.updateStatus({ userId: ada.user._id } as never))).message).toBe(
      'Param "status" is not optional.',
    );
    expect((await appErrorOf(call.users.updateStatus({ userId: 'nobody', status: false }))).type).toBe(
      'user_not_found',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updateStatus({ userId: ada.user._id, status: false }),
    );
  });
});
