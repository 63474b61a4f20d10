import { randomBytes } from 'node:crypto';
import { emailOtpCode } from '@roster/jobs';
import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';
import { errorTypeOf, trpcMutation, type RawResponse } from '../testing/http-client.ts';

/**
 * The mailed sign-ins (`account.createMagicURLToken`, `account.createEmailToken`): a 6-digit code
 * must not be guessable, a guest must not create accounts or send emails without bound, and a
 * token opens only its own user's session. Requests from documentation addresses through
 * `X-Forwarded-For` (`ROSTER_TRUST_PROXY=loopback`).
 */

const server = useTestServer({
  ROSTER_TRUST_PROXY: 'loopback',
  // The production defaults of the token exchange's throttle (the test server's are generous).
  ROSTER_SIGNIN_ACCOUNT_LIMIT: '10',
  ROSTER_SIGNIN_ADDRESS_LIMIT: '100',
  ROSTER_SIGNIN_BACKOFF_AFTER: '1000000',
});

const unique = () => randomBytes(6).toString('hex');
const from = (address: string) => ({ 'x-forwarded-for': address });
const outcome = (response: RawResponse) => (response.status === 200 ? 'ok' : errorTypeOf(response));
const data = <T>(response: RawResponse) => (response.body as { result: { data: T } }).result.data;
type Token = { $id: string; userId: string; secret: string };

const requestCode = (email: string, address: string) =>
  trpcMutation(server.url, 'account.createEmailToken', { userId: 'unique()', email }, from(address));
const exchange = (userId: string, secret: string, address: string) =>
  trpcMutation(server.url, 'account.createSession', { userId, secret }, from(address));

describe('email codes cannot be guessed', () => {
  it('10 wrong codes an hour per user, from any addresses; then even the right code waits', async () => {
    const requested = await requestCode(`victim-${unique()}@example.com`, '198.51.100.1');
    const token = data<Token>(requested);
    const code = emailOtpCode(TEST_SECRET_KEY, token.$id);
    const wrong = (index: number) => String((Number(code) + 1 + index) % 1_000_000).padStart(6, '0');
    for (let index = 0; index < 10; index++) {
      const guess = await exchange(token.userId, wrong(index), `198.51.100.${10 + index}`);
      expect(outcome(guess)).toBe('user_invalid_token');
    }
    const refused = await exchange(token.userId, code, '198.51.100.99');
    expect(outcome(refused)).toBe('general_rate_limit_exceeded');
    expect(refused.status).toBe(429);
  });

  it('asking for many codes does not multiply the odds: a new code replaces the one before', async () => {
    const email = `victim-${unique()}@example.com`;
    const first = data<Token>(await requestCode(email, '198.51.100.120'));
    const second = data<Token>(await requestCode(email, '198.51.100.121'));
    const firstCode = emailOtpCode(TEST_SECRET_KEY, first.$id);
    if (firstCode !== emailOtpCode(TEST_SECRET_KEY, second.$id)) {
      expect(outcome(await exchange(first.userId, firstCode, '198.51.100.122'))).toBe('user_invalid_token');
    }
    expect(
      outcome(await exchange(second.userId, emailOtpCode(TEST_SECRET_KEY, second.$id), '198.51.100.123')),
    ).toBe('ok');
  });
});

describe('account creation and email floods are limited', () => {
  it('one address creates at most 60 accounts an hour by magic URL; the 61st creates nothing', async () => {
    const address = '198.51.100.200';
    for (let index = 0; index < 60; index++) {
      const created = await trpcMutation(
        server.url,
        'account.createMagicURLToken',
        { userId: 'unique()', email: `flood-${unique()}@example.com`, url: 'http://localhost:5173/magic' },
        from(address),
      );
      expect(outcome(created)).toBe('ok');
    }
    const email = `flood-${unique()}@example.com`;
    const refused = await trpcMutation(
      server.url,
      'account.createMagicURLToken',
      { userId: 'unique()', email, url: 'http://localhost:5173/magic' },
      from(address),
    );
    expect(outcome(refused)).toBe('general_rate_limit_exceeded');
    expect(refused.headers['x-ratelimit-limit']).toBe('60');
  });

  it('one inbox gets at most 10 codes an hour, whoever asks', async () => {
    const email = `inbox-${unique()}@example.com`;
    for (let index = 0; index < 10; index++) {
      expect(outcome(await requestCode(email, `198.51.100.${130 + index}`))).toBe('ok');
    }
    expect(outcome(await requestCode(email.toUpperCase(), '198.51.100.150'))).toBe(
      'general_rate_limit_exceeded',
    );
  });
});

describe("a token opens only its own user's session", () => {
  it("another user's id with the secret: 401; the userId of a request for a known address is ignored", async () => {
    const aliceEmail = `alice-${unique()}@example.com`;
    const alice = data<Token>(await requestCode(aliceEmail, '198.51.100.160'));
    const mallory = data<Token>(await requestCode(`mallory-${unique()}@example.com`, '198.51.100.161'));
    const aliceCode = emailOtpCode(TEST_SECRET_KEY, alice.$id);
    expect(outcome(await exchange(mallory.userId, aliceCode, '198.51.100.162'))).toBe('user_invalid_token');
    // Asking for Alice's address under Mallory's id makes a token for Alice (mailed to Alice).
    const again = await trpcMutation(
      server.url,
      'account.createEmailToken',
      { userId: mallory.userId, email: aliceEmail },
      from('198.51.100.163'),
    );
    const token = data<Token>(again);
    expect(token.userId).toBe(alice.userId);
    expect(token.secret).toBe('');
    const code = emailOtpCode(TEST_SECRET_KEY, token.$id);
    expect(outcome(await exchange(mallory.userId, code, '198.51.100.164'))).toBe('user_invalid_token');
    expect(outcome(await exchange(alice.userId, code, '198.51.100.165'))).toBe('ok');
  });
});
