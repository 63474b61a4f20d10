import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../lib/encryption.ts';
import { generateTotpSecret, totpStep } from '../../lib/totp.ts';
import { appErrorOf, useApiHarness, type ApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

/** The code an authenticator app shows for `secret` at `at` (computed here with otpauth, RFC 6238). */
function codeOf(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/** Waits for the next 30-second step when the current one is about to end (a code must stay valid). */
async function freshStep(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const type = async (call: Promise<unknown>) => (await appErrorOf(call)).type;

/**
 * A user with a verified TOTP authenticator and MFA on, and their (two-factor) enrolling session.
 * The authenticator is seeded (no code used: each test's code must be the first of its step).
 */
async function enrolled(harness: ApiHarness) {
  const ada = await harness.signUp({ password: 'a good password' });
  const { call } = harness.caller(ada.headers);
  const secret = generateTotpSecret();
  await harness.repos.users.update(ada.user._id, {
    totpSecret: encryptSecret(harness.deps.config.secretKey, secret),
    totpVerified: true,
  });
  await call.account.updateMFA({ mfa: true });
  return { ...ada, secret, call };
}

describe('TOTP authenticator', () => {
  it('creates a 103-character base32 secret and Appwrite’s otpauth URI, stored encrypted', async () => {
    const ada = await api.signUp({ email: 'ada@example.com' });
    const { call } = api.caller(ada.headers);
    const created = await call.account.createMFAAuthenticator({ type: 'totp' });
    expect(created.secret).toMatch(/^[A-Z2-7]{103}$/);
    expect(created.uri).toBe(
      `otpauth://totp/${encodeURIComponent(`${api.deps.config.projectName}:ada@example.com`)}?issuer=${encodeURIComponent(api.deps.config.projectName)}&secret=${created.secret}`,
    );
    const stored = await api.repos.users.byId(ada.user._id);
    expect(stored?.totpSecret).toBeDefined();
    expect(stored?.totpSecret).not.toContain(created.secret);
    expect(stored?.totpVerified).toBe(false);
    // An unverified one is replaced by a new secret.
    const again = await call.account.createMFAAuthenticator({ type: 'totp' });
    expect(again.secret).not.toBe(created.secret);
    expect((await call.account.listMFAFactors()).totp).toBe(false);
  });

  it('verifies with the current code (the session gains `totp`), then refuses a second verification and creation', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(ada.headers);
    expect(await type(call.account.updateMFAAuthenticator({ type: 'totp', otp: '123456' }))).toBe(
      'user_authenticator_not_found',
    );
    const { secret } = await call.account.createMFAAuthenticator({ type: 'totp' });
    await freshStep();
    // A code of another step (an hour ago) is wrong.
    expect(
      await type(
        call.account.updateMFAAuthenticator({ type: 'totp', otp: codeOf(secret, Date.now() - 3_600_000) }),
      ),
    ).toBe('user_invalid_token');
    const account = await call.account.updateMFAAuthenticator({ type: 'totp', otp: codeOf(secret) });
    expect(account.$id).toBe(ada.user._id);
    expect(account.mfa).toBe(false);
    expect((await api.repos.sessions.byId(ada.session._id))?.factors).toEqual(['email', 'totp']);
    expect(await call.account.listMFAFactors()).toEqual({
      totp: true,
      phone: false,
      email: false,
      recoveryCode: false,
    });
    expect(await type(call.account.updateMFAAuthenticator({ type: 'totp', otp: codeOf(secret) }))).toBe(
      'user_authenticator_already_verified',
    );
    expect(await type(call.account.createMFAAuthenticator({ type: 'totp' }))).toBe(
      'user_authenticator_already_verified',
    );
  });

  it('checks the type case-insensitively, then exactly (Appwrite: TOTP is 400 on create, 404 after)', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(ada.headers);
    expect(await appErrorOf(call.account.createMFAAuthenticator({ type: 'TOTP' }))).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Unknown type.',
    });
    expect(await type(call.account.createMFAAuthenticator({ type: 'sms' }))).toBe('general_argument_invalid');
    await call.account.createMFAAuthenticator({ type: 'totp' });
    expect(await type(call.account.updateMFAAuthenticator({ type: 'TOTP', otp: '000000' }))).toBe(
      'user_authenticator_not_found',
    );
  });
});

describe('MFA challenges and gating', () => {
  it('a new session of a user with MFA is restricted until a TOTP challenge completes; the code is single-use', async () => {
    const ada = await enrolled(api);
    const { token } = await api.openSession(ada.user._id);
    const { call } = api.caller({ 'x-appwrite-session': token });

    expect(await appErrorOf(call.account.get())).toMatchObject({
      type: 'user_more_factors_required',
      status: 401,
    });
    expect(await type(call.account.createJWT())).toBe('user_more_factors_required');
    expect(await type(call.account.updateMFA({ mfa: false }))).toBe('user_more_factors_required');
    expect(await type(call.teams.list({}))).toBe('user_more_factors_required');
    expect((await call.account.listMFAFactors()).totp).toBe(true);

    const challenge = await call.account.createMFAChallenge({ factor: 'totp' });
    expect(challenge).toMatchObject({ userId: ada.user._id });
    expect(await type(call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: '000000' }))).toBe(
      'user_invalid_token',
    );
    await freshStep();
    const code = codeOf(ada.secret);
    const session = await call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: code });
    expect(session.factors).toEqual(['email', 'totp']);
    expect(session.mfaUpdatedAt).not.toBe('');
    expect(await call.account.get()).toMatchObject({ $id: ada.user._id, mfa: true });

    // Replay: the same code on another challenge (another session, same step) is refused.
    const other = api.caller({ 'x-appwrite-session': (await api.openSession(ada.user._id)).token }).call;
    const second = await other.account.createMFAChallenge({ factor: 'totp' });
    if (totpStep() === totpStep(Date.now() - 1000)) {
      expect(await type(other.account.updateMFAChallenge({ challengeId: second.$id, otp: code }))).toBe(
        'user_invalid_token',
      );
    }
    // And a completed challenge cannot be completed again.
    expect(await type(call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: code }))).toBe(
      'user_invalid_token',
    );
  });

  it('sign-out is allowed while restricted; another user’s challenge is invalid', async () => {
    const ada = await enrolled(api);
    const { token, session } = await api.openSession(ada.user._id);
    const { call } = api.caller({ 'x-appwrite-session': token });
    const bob = await api.signUp();
    const bobs = await api.caller(bob.headers).call.account.createMFAChallenge({ factor: 'totp' });
    expect(
      await type(call.account.updateMFAChallenge({ challengeId: bobs.$id, otp: codeOf(ada.secret) })),
    ).toBe('user_invalid_token');
    await call.account.deleteSession({ sessionId: 'current' });
    expect(await api.repos.sessions.byId(session._id)).toBeNull();
  });

  it('recovery codes: six of 10 hex, 409 while they remain, a code completes a challenge once', async () => {
    const ada = await enrolled(api);
    const { recoveryCodes } = await ada.call.account.createMFARecoveryCodes();
    expect(recoveryCodes).toHaveLength(6);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-f]{10}$/);
    expect(await type(ada.call.account.createMFARecoveryCodes())).toBe('user_recovery_codes_already_exists');
    const stored = await api.repos.users.byId(ada.user._id);
    for (const code of recoveryCodes) expect(stored?.mfaRecoveryCodes).not.toContain(code);
    // Reading them needs a recent challenge.
    expect(await type(ada.call.account.getMFARecoveryCodes())).toBe('user_challenge_required');

    const { call } = api.caller({ 'x-appwrite-session': (await api.openSession(ada.user._id)).token });
    // The SDK's enum sends `recoverycode`: normalized, so it works (Appwrite would refuse it).
    const challenge = await call.account.createMFAChallenge({ factor: 'recoverycode' });
    await call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: recoveryCodes[0]! });
    expect(await call.account.getMFARecoveryCodes()).toEqual({ recoveryCodes: recoveryCodes.slice(1) });
    const again = await call.account.createMFAChallenge({ factor: 'recoveryCode' });
    expect(
      await type(call.account.updateMFAChallenge({ challengeId: again.$id, otp: recoveryCodes[0]! })),
    ).toBe('user_invalid_token');
    const renewed = await call.account.updateMFARecoveryCodes();
    expect(renewed.recoveryCodes).toHaveLength(6);
    expect(renewed.recoveryCodes).not.toContain(recoveryCodes[1]);
    // Deleting the authenticator needs the recent challenge, which this session has.
    await call.account.deleteMFAAuthenticator({ type: 'totp' });
    expect(await type(call.account.deleteMFAAuthenticator({ type: 'totp' }))).toBe(
      'user_authenticator_not_found',
    );
    expect((await call.account.listMFAFactors()).totp).toBe(false);
  });

  it('email needs a verified address (400), phone is not available (503); unknown factors are 400', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(ada.headers);
    expect(await type(call.account.createMFAChallenge({ factor: 'email' }))).toBe('user_email_not_verified');
    expect(await api.store.count('mfaChallenges', { userId: ada.user._id })).toBe(0);
    expect(await type(call.account.createMFAChallenge({ factor: 'phone' }))).toBe('general_phone_disabled');
    expect(await type(call.account.createMFAChallenge({ factor: 'sms' }))).toBe('general_argument_invalid');
  });

  it('MFA off again: new sessions are not restricted; the membership flag follows', async () => {
    const ada = await enrolled(api);
    const team = await ada.call.teams.create({ teamId: 'unique()', name: 'Enigma' });
    const mfaOfMembership = async () =>
      (await ada.call.teams.listMemberships({ teamId: team.$id })).memberships[0]?.mfa;
    expect(await mfaOfMembership()).toBe(true);
    const { call } = api.caller({ 'x-appwrite-session': (await api.openSession(ada.user._id)).token });
    expect(await type(call.account.get())).toBe('user_more_factors_required');
    await ada.call.account.updateMFA({ mfa: false });
    expect((await call.account.get()).mfa).toBe(false);
    expect(await mfaOfMembership()).toBe(false);
  });
});

describe('MFA throttling', () => {
  const limited = useApiHarness({ rateLimits: { signInBackoffAfter: 3, mfaChallengesPerHour: 2 } });

  it('backs off after consecutive wrong codes, and limits challenges per user', async () => {
    const ada = await limited.signUp();
    const { call } = limited.caller(ada.headers);
    const challenge = await call.account.createMFAChallenge({ factor: 'totp' });
    await call.account.createMFAChallenge({ factor: 'totp' });
    expect(await type(call.account.createMFAChallenge({ factor: 'totp' }))).toBe(
      'general_rate_limit_exceeded',
    );
    for (let i = 0; i < 3; i++) {
      expect(await type(call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: '000000' }))).toBe(
        'user_invalid_token',
      );
    }
    expect(await type(call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: '000000' }))).toBe(
      'general_rate_limit_exceeded',
    );
  });
});
