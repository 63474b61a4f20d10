import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';
import { errorTypeOf, trpcMutation, type RawResponse } from '../testing/http-client.ts';

/**
 * Sign-in tokens (`POST /v1/users/{userId}/tokens` → `POST /v1/account/sessions/token`): a token
 * may be four hex characters, so guessing must be throttled per user whatever the address, a
 * token must open one session only, and the secret must never be readable again (logs included).
 * Requests go to the test server on 127.0.0.1 only; `X-Forwarded-For` carries documentation
 * addresses with `ROSTER_TRUST_PROXY=loopback`.
 */
const API_KEY = `security-token-key-${randomBytes(16).toString('hex')}`;
const LIMITED = 'general_rate_limit_exceeded';
const from = (address: string) => ({ 'x-forwarded-for': address });
const outcome = (response: RawResponse) => (response.status === 200 ? 'ok' : errorTypeOf(response));
const data = <T>(response: RawResponse) => (response.body as { result: { data: T } }).result.data;

describe('sign-in tokens: guessing, reuse, disclosure', () => {
  const lines: string[] = [];
  const server = useTestServer(
    {
      ROSTER_API_KEY: API_KEY,
      ROSTER_TRUST_PROXY: 'loopback',
      ROSTER_SIGNIN_ACCOUNT_LIMIT: '3',
      LOG_LEVEL: 'trace',
    },
    { logTo: { write: (line: string) => void lines.push(line) } },
  );
  const key = { 'x-appwrite-key': API_KEY };

  async function victimWithToken(length = 4) {
    const created = await trpcMutation(server.url, 'users.create', { userId: 'unique()' }, key);
    const userId = data<{ $id: string }>(created).$id;
    const token = await trpcMutation(server.url, 'users.createToken', { userId, length }, key);
    return { userId, secret: data<{ secret: string }>(token).secret };
  }
  const exchange = (userId: string, secret: string, address: string) =>
    trpcMutation(server.url, 'account.createSession', { userId, secret }, from(address));

  it('guessing a 4-character token: after 3 failures even the right secret is refused, from any address', async () => {
    const { userId, secret } = await victimWithToken();
    const wrong = (i: number) => (parseInt(secret, 16) + i + 1).toString(16).padStart(4, '0').slice(-4);
    const guesses: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) guesses.push(outcome(await exchange(userId, wrong(i), `203.0.113.${i + 1}`)));
    expect(guesses).toEqual(Array(3).fill('user_invalid_token'));
    const refused = await exchange(userId, secret, '203.0.113.9');
    expect(outcome(refused)).toBe(LIMITED);
    expect(refused.status).toBe(429);
    // Another user's exchange is unaffected.
    const other = await victimWithToken();
    expect(outcome(await exchange(other.userId, other.secret, '203.0.113.9'))).toBe('ok');
  });

  it('a used token does not work again; the secret is in no log line and not in the database', async () => {
    const { userId, secret } = await victimWithToken(64);
    expect(outcome(await exchange(userId, secret, '203.0.113.20'))).toBe('ok');
    expect(outcome(await exchange(userId, secret, '203.0.113.21'))).toBe('user_invalid_token');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(secret);
    expect(JSON.stringify(await server.repos.events.ofResource(`user/${userId}`))).not.toContain(secret);
  });

  it('creating tokens needs the users.write key: a session or a guest cannot mint one for anyone', async () => {
    const { userId } = await victimWithToken();
    const asGuest = await trpcMutation(server.url, 'users.createToken', { userId }, {});
    expect(outcome(asGuest)).toBe('general_unauthorized_scope');
  });
});
