import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

describe('users.updateEmailVerification and users.updatePhoneVerification', () => {
  it('set the flags only; each records users.[userId].update.verification', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const userId = ada.user._id;
    expect(await call.users.updateEmailVerification({ userId, emailVerification: true })).toMatchObject({
      emailVerification: true,
      phoneVerification: false,
    });
    expect(await call.users.updatePhoneVerification({ userId, phoneVerification: true })).toMatchObject({
      emailVerification: true,
      phoneVerification: true,
    });
    expect(await call.users.updateEmailVerification({ userId, emailVerification: false })).toMatchObject({
      emailVerification: false,
      phoneVerification: true,
    });
    const events = await api.repos.events.ofResource(`user/${userId}`);
    expect(events.slice(-3).map((e) => e.template)).toEqual(
      Array(3).fill('users.[userId].update.verification'),
    );
    expect(await api.store.count('tokens', { userId })).toBe(0);
  });

  it('strict booleans: "true" is 400; missing is 400; unknown user 404', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const userId = ada.user._id;
    expect(
      await appErrorOf(call.users.updateEmailVerification({ userId, emailVerification: 'true' as never })),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Invalid `emailVerification` param: Value must be a valid boolean',
    });
    expect((await appErrorOf(call.users.updatePhoneVerification({ userId } as never))).message).toBe(
      'Param "phoneVerification" is not optional.',
    );
    expect(
      (await appErrorOf(call.users.updatePhoneVerification({ userId: 'nobody', phoneVerification: true })))
        .type,
    ).toBe('user_not_found');
    expect(
      (await appErrorOf(call.users.updateEmailVerification({ userId: 'nobody', emailVerification: true })))
        .type,
    ).toBe('user_not_found');
  });

  it('need users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updateEmailVerification({ userId: ada.user._id, emailVerification: true }),
    );
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updatePhoneVerification({ userId: ada.user._id, phoneVerification: true }),
    );
  });
});
