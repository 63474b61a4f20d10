import { emailOtpCode, magicUrlSecret } from '@roster/jobs';
import { describe, expect, it } from 'vitest';
import { PHRASE_WORDS } from '../../lib/phrase.ts';
import { sha256 } from '../../lib/secrets.ts';
import { TEST_CONFIG, appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();
const key = TEST_CONFIG.secretKey;
let counter = 0;
const freshEmail = () => `mailed-${Date.now()}-${counter++}@example.com`;
const guest = (ip = '10.1.0.1') => api.caller({}, { ip });

describe('account.createMagicURLToken', () => {
  it('creates the account, a 1-hour token stored hashed, and the email request; the secret is in the email only', async () => {
    const email = freshEmail();
    const before = Date.now();
    const token = await guest().call.account.createMagicURLToken({
      userId: 'unique()',
      email,
      url: 'https://app.example.com/magic',
    });
    expect(token.secret).toBe('');
    expect(token.phrase).toBe('');
    const user = await api.repos.users.byEmail(email);
    expect(user).toMatchObject({ _id: token.userId, emailVerification: false });
    expect(user!.passwordHash).toBeUndefined();
    const expire = Date.parse(token.expire) - before;
    expect(expire).toBeGreaterThan(3590_000);
    expect(expire).toBeLessThan(3610_000);
    const stored = await api.store.findOne('tokens', { _id: token.$id });
    expect(stored).toMatchObject({ kind: 'magic-url', url: 'https://app.example.com/magic' });
    // Only the hash of the derived secret: a 64-hex secret that nobody stored.
    const secret = magicUrlSecret(key, token.$id);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.secretHash).toBe(sha256(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    const entry = await api.repos.mailOutbox.byId('magic-url', token.$id);
    expect(entry).toMatchObject({ state: 'queued' });
    expect(JSON.stringify(entry)).not.toContain(secret);

    // The exchange: a session, the email verified, the token used up.
    const session = await guest().call.account.createSession({ userId: token.userId, secret });
    expect(session).toMatchObject({ provider: 'magic-url', factors: ['email'], providerUid: email });
    expect((await api.repos.users.byId(token.userId))!.emailVerification).toBe(true);
    expect(
      (await appErrorOf(guest().call.account.createSession({ userId: token.userId, secret }))).type,
    ).toBe('user_invalid_token');
  });

  it('an existing account: reused whatever userId says (as Appwrite), case-insensitively', async () => {
    const ada = await api.signUp({ email: freshEmail(), password: 'ada-password' });
    const viaAlias = await guest().call.account.createMagicURLSession({
      userId: 'someone-else',
      email: ada.user.email!.toUpperCase(),
      url: 'http://localhost:3000/magic',
    });
    expect(viaAlias.userId).toBe(ada.user._id);
    expect(await api.repos.users.byId('someone-else')).toBeNull();
  });

  it('the phrase: Appwrite word lists, in the response and on the token', async () => {
    const token = await guest().call.account.createMagicURLToken({
      userId: 'unique()',
      email: freshEmail(),
      url: 'https://app.example.com/magic',
      phrase: true,
    });
    const [adjective, ...noun] = token.phrase.split(' ');
    expect(PHRASE_WORDS.adjectives).toContain(adjective);
    expect(PHRASE_WORDS.nouns).toContain(noun.join(' '));
    expect((await api.store.findOne('tokens', { _id: token.$id }))!.phrase).toBe(token.phrase);
  });

  it('a URL off the allow-list, with userinfo or plain http: 400 general_argument_invalid, nothing created', async () => {
    for (const url of [
      'https://evil.test/magic',
      'https://accounts.google.com@app.example.com/magic',
      'http://app.example.com/magic',
      'javascript:alert(1)',
    ]) {
      const email = freshEmail();
      const refused = await appErrorOf(
        guest().call.account.createMagicURLToken({ userId: 'unique()', email, url }),
      );
      expect(refused).toMatchObject({ type: 'general_argument_invalid', status: 400 });
      expect(await api.repos.users.byEmail(email)).toBeNull();
    }
  });

  it('the userId of another account with another email: 409 user_already_exists', async () => {
    const ada = await api.signUp({ email: freshEmail() });
    const refused = await appErrorOf(
      guest().call.account.createMagicURLToken({
        userId: ada.user._id,
        email: freshEmail(),
        url: 'https://app.example.com/magic',
      }),
    );
    expect(refused).toMatchObject({ type: 'user_already_exists', status: 409 });
  });

  it('a blocked user: the same answer, no email; the exchange answers 403 user_blocked', async () => {
    const ada = await api.signUp({ email: freshEmail() });
    await api.store.update('users', { _id: ada.user._id }, { status: false });
    const token = await guest().call.account.createMagicURLToken({
      userId: 'unique()',
      email: ada.user.email!,
      url: 'https://app.example.com/magic',
    });
    expect(token.userId).toBe(ada.user._id);
    expect(await api.repos.mailOutbox.byId('magic-url', token.$id)).toBeNull();
    const refused = await appErrorOf(
      guest().call.account.createSession({ userId: ada.user._id, secret: magicUrlSecret(key, token.$id) }),
    );
    expect(refused).toMatchObject({ type: 'user_blocked', status: 403 });
  });

  it('a signed-in user may ask too (guest or user, as Appwrite); an API key may not', async () => {
    const ada = await api.signUp({ email: freshEmail() });
    const token = await api.caller(ada.headers).call.account.createMagicURLToken({
      userId: 'unique()',
      email: ada.user.email!,
      url: 'https://app.example.com/magic',
    });
    expect(token.userId).toBe(ada.user._id);
    const keyed = api.caller(await api.keyHeaders(['users.write']));
    const refused = await appErrorOf(
      keyed.call.account.createMagicURLToken({
        userId: 'unique()',
        email: freshEmail(),
        url: 'https://app.example.com/m',
      }),
    );
    expect(refused.type).toBe('general_unauthorized_scope');
  });
});

describe('account.createEmailToken', () => {
  it('a 6-digit code valid 15 minutes; a new code replaces the earlier one; the exchange verifies the email', async () => {
    const email = freshEmail();
    const before = Date.now();
    const first = await guest().call.account.createEmailToken({ userId: 'unique()', email, phrase: true });
    expect(first.secret).toBe('');
    expect(first.phrase).toMatch(/^[A-Z][a-z-]+ [a-z ]+$/);
    const expire = Date.parse(first.expire) - before;
    expect(expire).toBeGreaterThan(890_000);
    expect(expire).toBeLessThan(910_000);
    expect(await api.repos.mailOutbox.byId('otp', first.$id)).toMatchObject({ state: 'queued' });
    const second = await guest().call.account.createEmailToken({ userId: 'unique()', email });
    expect(second.userId).toBe(first.userId);

    const firstCode = emailOtpCode(key, first.$id);
    const secondCode = emailOtpCode(key, second.$id);
    expect(secondCode).toMatch(/^\d{6}$/);
    if (firstCode !== secondCode) {
      expect(
        (await appErrorOf(guest().call.account.createSession({ userId: first.userId, secret: firstCode })))
          .type,
      ).toBe('user_invalid_token');
    }
    const session = await guest().call.account.createSession({ userId: first.userId, secret: secondCode });
    expect(session).toMatchObject({ provider: 'token', factors: ['email'] });
    expect((await api.repos.users.byId(first.userId))!.emailVerification).toBe(true);
  });

  it('the first mailed sign-in clears a password and sessions set before (a pre-registered account)', async () => {
    const squatter = await api.signUp({ email: freshEmail(), password: 'squatter-password' });
    const token = await guest().call.account.createEmailToken({
      userId: 'unique()',
      email: squatter.user.email!,
    });
    await guest().call.account.createSession({
      userId: squatter.user._id,
      secret: emailOtpCode(key, token.$id),
    });
    const after = await api.repos.users.byId(squatter.user._id);
    expect(after!.passwordHash).toBeUndefined();
    expect((await appErrorOf(api.caller(squatter.headers).call.account.get())).type).toBe(
      'general_unauthorized_scope',
    );
    expect(
      (
        await appErrorOf(
          guest().call.account.createEmailPasswordSession({
            email: squatter.user.email!,
            password: 'squatter-password',
          }),
        )
      ).type,
    ).toBe('user_invalid_credentials');
  });
});
