import { deriveTokenSecret } from '@roster/jobs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/secrets.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';

/*
 * Email verification and password recovery over the router: the secret a test
 * uses is the one the email carries, derived from the server secret and the token id (the mail
 * worker's derivation, tested end to end in account-emails.integration.test.ts).
 */
const api = useApiHarness();
const URL_OK = 'https://app.example.com/verify?from=mail';
const secretOf = (tokenId: string) => deriveTokenSecret(TEST_CONFIG.secretKey, tokenId);

describe('account.createEmailVerification / updateEmailVerification', () => {
  it('stores only the SHA-256 of a 256-hex secret, mails it, verifies once', async () => {
    const ada = await api.signUp();
    const me = api.caller(ada.headers);
    const token = await me.call.account.createEmailVerification({ url: URL_OK });
    expect(token).toMatchObject({ userId: ada.user._id, secret: '', phrase: '' });
    const expire = Date.parse(token.expire) - Date.parse(token.$createdAt);
    expect(expire).toBeGreaterThan(3590_000);
    expect(expire).toBeLessThanOrEqual(3600_000);
    const secret = secretOf(token.$id);
    expect(secret).toMatch(/^[0-9a-f]{256}$/);
    const stored = await api.store.findOne('tokens', { _id: token.$id });
    expect(stored).toMatchObject({ kind: 'verification', secretHash: sha256(secret), url: URL_OK });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await api.store.findOne('mailOutbox', { _id: `verification/${token.$id}` })).toMatchObject({
      state: 'queued',
    });

    // Anyone holding the link confirms it (a guest here), once.
    const guest = api.caller();
    const used = await guest.call.account.updateEmailVerification({ userId: ada.user._id, secret });
    expect(used).toMatchObject({ $id: token.$id, userId: ada.user._id, secret: '' });
    expect((await api.repos.users.byId(ada.user._id))?.emailVerification).toBe(true);
    expect(
      await appErrorOf(guest.call.account.updateVerification({ userId: ada.user._id, secret })),
    ).toMatchObject({ type: 'user_invalid_token', status: 401 });
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.map((event) => event.template)).toEqual(
      expect.arrayContaining([
        'users.[userId].verification.[tokenId].create',
        'users.[userId].verification.[tokenId].update',
      ]),
    );
    expect(JSON.stringify(events)).not.toContain(secret);
    // Verified: a new request is Appwrite's 409.
    expect(await appErrorOf(me.call.account.createVerification({ url: URL_OK }))).toMatchObject({
      type: 'user_email_already_verified',
      status: 409,
    });
  });

  it('refuses a wrong secret, another user, an expired token, a recovery token', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const token = await api.caller(ada.headers).call.account.createVerification({ url: URL_OK });
    const secret = secretOf(token.$id);
    const guest = api.caller().call.account;
    expect(
      await appErrorOf(guest.updateEmailVerification({ userId: ada.user._id, secret: 'f'.repeat(256) })),
    ).toMatchObject({ type: 'user_invalid_token' });
    expect(await appErrorOf(guest.updateEmailVerification({ userId: grace.user._id, secret }))).toMatchObject(
      {
        type: 'user_invalid_token',
      },
    );
    expect(await appErrorOf(guest.updateEmailVerification({ userId: 'nobody', secret }))).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    const recovery = await guest.createRecovery({ email: ada.user.email!, url: URL_OK });
    expect(
      await appErrorOf(
        guest.updateEmailVerification({ userId: ada.user._id, secret: secretOf(recovery.$id) }),
      ),
    ).toMatchObject({ type: 'user_invalid_token' });
    await api.store.update('tokens', { _id: token.$id }, { expire: new Date(Date.now() - 1000) });
    expect(await appErrorOf(guest.updateEmailVerification({ userId: ada.user._id, secret }))).toMatchObject({
      type: 'user_invalid_token',
    });
    expect((await api.repos.users.byId(ada.user._id))?.emailVerification).toBe(false);
  });

  it('guests are refused; the url must be on the allow-list', async () => {
    expect(
      await appErrorOf(api.caller().call.account.createEmailVerification({ url: URL_OK })),
    ).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
    const ada = await api.signUp();
    for (const url of ['https://evil.test/verify', 'http://app.example.com/x', 'localhost/verification']) {
      expect(
        await appErrorOf(api.caller(ada.headers).call.account.createEmailVerification({ url })),
      ).toMatchObject({ type: 'general_argument_invalid', status: 400 });
    }
    expect(await api.store.count('tokens', { userId: ada.user._id })).toBe(0);
  });

  it('a verification or recovery secret opens no session (Appwrite types 2 and 3)', async () => {
    const ada = await api.signUp();
    const token = await api.caller(ada.headers).call.account.createVerification({ url: URL_OK });
    const secret = secretOf(token.$id);
    expect(
      await appErrorOf(api.caller().call.account.createSession({ userId: ada.user._id, secret })),
    ).toMatchObject({
      type: 'user_invalid_token',
    });
    // And it still works for its purpose.
    await api.caller().call.account.updateVerification({ userId: ada.user._id, secret });
  });
});

describe('account.createRecovery / updateRecovery', () => {
  it('sets the password, verifies the email, ends every session, works once', async () => {
    const ada = await api.signUp({ password: 'old-password-1' });
    await api.openSession(ada.user._id);
    const token = await api
      .caller()
      .call.account.createRecovery({ email: ada.user.email!.toUpperCase(), url: URL_OK });
    expect(token).toMatchObject({ userId: ada.user._id, secret: '' });
    expect(await api.store.findOne('mailOutbox', { _id: `recovery/${token.$id}` })).toBeTruthy();
    const secret = secretOf(token.$id);
    const guest = api.caller().call.account;
    expect(
      await appErrorOf(guest.updateRecovery({ userId: ada.user._id, secret, password: 'short' })),
    ).toMatchObject({ type: 'general_argument_invalid', status: 400 });
    const used = await guest.updateRecovery({ userId: ada.user._id, secret, password: 'new-password-2' });
    expect(used.$id).toBe(token.$id);
    expect(await api.store.count('sessions', { userId: ada.user._id })).toBe(0);
    const templates = (await api.repos.events.ofResource(`user/${ada.user._id}`)).map(
      (event) => event.template,
    );
    expect(templates).toEqual(
      expect.arrayContaining([
        'users.[userId].recovery.[tokenId].create',
        'users.[userId].recovery.[tokenId].update',
        'users.[userId].update.password',
      ]),
    );
    expect((await api.repos.users.byId(ada.user._id))?.emailVerification).toBe(true);
    await api
      .caller()
      .call.account.createEmailPasswordSession({ email: ada.user.email!, password: 'new-password-2' });
    expect(
      await appErrorOf(guest.updateRecovery({ userId: ada.user._id, secret, password: 'third-password-3' })),
    ).toMatchObject({ type: 'user_invalid_token', status: 401 });
  });

  it('unknown address 404 (as Appwrite), blocked user 403, bad url 400; wrong user, expiry, reuse 401', async () => {
    const guest = api.caller().call.account;
    expect(
      await appErrorOf(guest.createRecovery({ email: 'nobody@example.com', url: URL_OK })),
    ).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    const ada = await api.signUp();
    expect(
      await appErrorOf(guest.createRecovery({ email: ada.user.email!, url: 'https://evil.test/r' })),
    ).toMatchObject({ type: 'general_argument_invalid' });
    const grace = await api.signUp();
    const token = await guest.createRecovery({ email: ada.user.email!, url: URL_OK });
    const secret = secretOf(token.$id);
    expect(
      await appErrorOf(guest.updateRecovery({ userId: grace.user._id, secret, password: 'takeover-123' })),
    ).toMatchObject({ type: 'user_invalid_token' });
    await api.store.update('tokens', { _id: token.$id }, { expire: new Date(Date.now() - 1) });
    expect(
      await appErrorOf(guest.updateRecovery({ userId: ada.user._id, secret, password: 'late-password' })),
    ).toMatchObject({ type: 'user_invalid_token' });
    await api.store.update('users', { _id: ada.user._id }, { status: false });
    expect(await appErrorOf(guest.createRecovery({ email: ada.user.email!, url: URL_OK }))).toMatchObject({
      type: 'user_blocked',
      status: 403,
    });
  });

  it('concurrent uses of one secret: exactly one sets the password', async () => {
    const ada = await api.signUp();
    const token = await api.caller().call.account.createRecovery({ email: ada.user.email!, url: URL_OK });
    const secret = secretOf(token.$id);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, index) =>
        api
          .caller()
          .call.account.updateRecovery({ userId: ada.user._id, secret, password: `password-${index}-x` }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  const limited = useApiHarness({ rateLimits: { accountEmailsPerHour: 2, accountSecretChecksPerHour: 3 } });
  // The limits count in memory until this harness's Redis connection is ready (rejectIfRedisNotReady), then in
  // Redis: let it connect first so one test's calls are not split between the two.
  beforeAll(() => new Promise((resolve) => setTimeout(resolve, 1000)));

  it('mail-sending routes: per user and url (verification), per address (recovery)', async () => {
    const ada = await limited.signUp();
    const me = limited.caller(ada.headers).call.account;
    await me.createVerification({ url: URL_OK });
    await me.createEmailVerification({ url: URL_OK });
    expect(await appErrorOf(me.createVerification({ url: URL_OK }))).toMatchObject({
      type: 'general_rate_limit_exceeded',
      status: 429,
    });
    const guest = limited.caller().call.account;
    await guest.createRecovery({ email: ada.user.email!, url: URL_OK });
    await guest.createRecovery({ email: ada.user.email!, url: URL_OK });
    expect(await appErrorOf(guest.createRecovery({ email: ada.user.email!, url: URL_OK }))).toMatchObject({
      type: 'general_rate_limit_exceeded',
    });
    expect(await limited.store.count('tokens', { userId: ada.user._id, kind: 'recovery' })).toBe(2);
  });

  it('secret checks: every attempt per user counts, the right secret too once refused', async () => {
    const ada = await limited.signUp();
    const token = await limited.caller(ada.headers).call.account.createVerification({ url: URL_OK });
    const guest = limited.caller().call.account;
    for (let index = 0; index < 3; index++) {
      expect(
        await appErrorOf(guest.updateVerification({ userId: ada.user._id, secret: `${index}`.repeat(64) })),
      ).toMatchObject({ type: 'user_invalid_token' });
    }
    const secret = deriveTokenSecret(TEST_CONFIG.secretKey, token.$id);
    expect(await appErrorOf(guest.updateVerification({ userId: ada.user._id, secret }))).toMatchObject({
      type: 'general_rate_limit_exceeded',
    });
    expect(
      await appErrorOf(guest.updateRecovery({ userId: ada.user._id, secret: 'a', password: 'password-123' })),
    ).toMatchObject({ type: 'user_invalid_token' });
  });
});
