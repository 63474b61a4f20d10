import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../lib/encryption.ts';
import { generateTotpSecret } from '../../lib/totp.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

async function withAuthenticator(verified = true) {
  const ada = await api.signUp();
  await api.repos.users.update(ada.user._id, {
    totpSecret: encryptSecret(TEST_CONFIG.secretKey, generateTotpSecret()),
    totpVerified: verified,
  });
  return ada;
}

describe('users MFA administration', () => {
  it('updateMFA flips the flag only: no session gains or loses a factor; the event', async () => {
    const ada = await withAuthenticator();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    expect((await call.users.updateMFA({ userId: ada.user._id, mfa: true })).mfa).toBe(true);
    expect((await api.repos.sessions.byId(ada.session._id))?.factors).toEqual(ada.session.factors);
    // The user's session now needs a second factor (the account's rule).
    expect((await appErrorOf(api.caller(ada.headers).call.account.get())).type).toBe(
      'user_more_factors_required',
    );
    expect((await call.users.updateMFA({ userId: ada.user._id, mfa: false })).mfa).toBe(false);
    expect((await api.caller(ada.headers).call.account.get()).mfa).toBe(false);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.slice(-2).map((e) => [e.template, e.payload.mfa])).toEqual([
      ['users.[userId].update.mfa', true],
      ['users.[userId].update.mfa', false],
    ]);
    expect(
      await appErrorOf(call.users.updateMFA({ userId: ada.user._id, mfa: 'true' as never })),
    ).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Invalid `mfa` param: Value must be a valid boolean',
    });
    expect((await appErrorOf(call.users.updateMFA({ userId: 'nobody', mfa: true }))).type).toBe(
      'user_not_found',
    );
  });

  it('listMFAFactors: a verified authenticator is totp; recovery codes count (Appwrite always says false)', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.read', 'users.write']));
    const unverified = await withAuthenticator(false);
    expect(await call.users.listMFAFactors({ userId: unverified.user._id })).toEqual({
      totp: false,
      phone: false,
      email: false,
      recoveryCode: false,
    });
    const ada = await withAuthenticator();
    await call.users.createMFARecoveryCodes({ userId: ada.user._id });
    expect(await call.users.listMFAFactors({ userId: ada.user._id })).toEqual({
      totp: true,
      phone: false,
      email: false,
      recoveryCode: true,
    });
    expect((await appErrorOf(call.users.listMFAFactors({ userId: 'nobody' }))).type).toBe('user_not_found');
  });

  it('recovery codes: create once (409 while some remain), get, regenerate; 404 when none', async () => {
    const ada = await api.signUp();
    const userId = ada.user._id;
    const { call } = api.caller(await api.keyHeaders(['users.read', 'users.write']));
    expect(await appErrorOf(call.users.getMFARecoveryCodes({ userId }))).toMatchObject({
      type: 'user_recovery_codes_not_found',
      status: 404,
    });
    expect((await appErrorOf(call.users.updateMFARecoveryCodes({ userId }))).type).toBe(
      'user_recovery_codes_not_found',
    );
    const { recoveryCodes } = await call.users.createMFARecoveryCodes({ userId });
    expect(recoveryCodes).toHaveLength(6);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-f]{10}$/);
    expect(await appErrorOf(call.users.createMFARecoveryCodes({ userId }))).toMatchObject({
      type: 'user_recovery_codes_already_exists',
      status: 409,
    });
    expect((await call.users.getMFARecoveryCodes({ userId })).recoveryCodes).toEqual(recoveryCodes);
    const renewed = (await call.users.updateMFARecoveryCodes({ userId })).recoveryCodes;
    expect(renewed).toHaveLength(6);
    expect(renewed).not.toEqual(recoveryCodes);
    expect((await call.users.getMFARecoveryCodes({ userId })).recoveryCodes).toEqual(renewed);
    // Stored encrypted, never in clear.
    const stored = await api.repos.users.byId(userId);
    for (const code of renewed) expect(stored?.mfaRecoveryCodes).not.toContain(code);
    // The events carry the User model, never the codes.
    const events = await api.repos.events.ofResource(`user/${userId}`);
    const last = events.slice(-2);
    expect(last.map((e) => e.template)).toEqual(['users.[userId].update.mfa', 'users.[userId].update.mfa']);
    for (const code of [...recoveryCodes, ...renewed]) expect(JSON.stringify(last)).not.toContain(code);
    for (const procedure of [
      'getMFARecoveryCodes',
      'createMFARecoveryCodes',
      'updateMFARecoveryCodes',
    ] as const) {
      expect((await appErrorOf(call.users[procedure]({ userId: 'nobody' }))).type).toBe('user_not_found');
    }
  });

  it('deleteMFAAuthenticator: removes it (no challenge needed); 404 when none, for TOTP, for an unknown user', async () => {
    const ada = await withAuthenticator();
    const userId = ada.user._id;
    const { call } = api.caller(await api.keyHeaders(['users.read', 'users.write']));
    expect(await appErrorOf(call.users.deleteMFAAuthenticator({ userId, type: 'TOTP' }))).toMatchObject({
      type: 'user_authenticator_not_found',
      status: 404,
    });
    expect((await api.repos.users.byId(userId))?.totpSecret).toBeDefined();
    await call.users.deleteMFAAuthenticator({ userId, type: 'totp' });
    const stored = await api.repos.users.byId(userId);
    expect(stored).toMatchObject({ totpVerified: false });
    expect(stored?.totpSecret).toBeUndefined();
    expect((await call.users.listMFAFactors({ userId })).totp).toBe(false);
    expect((await appErrorOf(call.users.deleteMFAAuthenticator({ userId, type: 'totp' }))).type).toBe(
      'user_authenticator_not_found',
    );
    expect(
      (await appErrorOf(call.users.deleteMFAAuthenticator({ userId: 'nobody', type: 'TOTP' }))).type,
    ).toBe('user_not_found');
    expect(await appErrorOf(call.users.deleteMFAAuthenticator({ userId, type: 'sms' }))).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Invalid `type` param: Value must be one of (totp)',
    });
    const events = await api.repos.events.ofResource(`user/${userId}`);
    expect(events.at(-1)?.template).toBe('users.[userId].update.mfa');
  });

  it('reads need users.read, changes users.write', async () => {
    await expectUsersScopeRequired(api, 'users.write', (call, ada) =>
      call.users.listMFAFactors({ userId: ada.user._id }),
    );
    await expectUsersScopeRequired(api, 'users.write', (call, ada) =>
      call.users.getMFARecoveryCodes({ userId: ada.user._id }),
    );
    for (const change of [
      (call: Parameters<Parameters<typeof expectUsersScopeRequired>[2]>[0], userId: string) =>
        call.users.updateMFA({ userId, mfa: true }),
      (call: Parameters<Parameters<typeof expectUsersScopeRequired>[2]>[0], userId: string) =>
        call.users.createMFARecoveryCodes({ userId }),
      (call: Parameters<Parameters<typeof expectUsersScopeRequired>[2]>[0], userId: string) =>
        call.users.updateMFARecoveryCodes({ userId }),
      (call: Parameters<Parameters<typeof expectUsersScopeRequired>[2]>[0], userId: string) =>
        call.users.deleteMFAAuthenticator({ userId, type: 'totp' }),
    ]) {
      await expectUsersScopeRequired(api, 'users.read', (call, ada) => change(call, ada.user._id));
    }
  });
});
