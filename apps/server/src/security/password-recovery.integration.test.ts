import { describe, expect, it } from 'vitest';
import { type TestServer } from '../testing/http-server.ts';
import { httpCalls, userWithSession as createUser, whoAmI as tokenOwner } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Email verification and password recovery as an attacker sees them (issue 15, item 2): taking
 * over someone else's account through a recovery, guessing secrets, verifying an address one does
 * not hold. Over real HTTP, the mail worker and an SMTP listener.
 */
const API_KEY = 'recovery-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const URL_OK = 'https://app.example.com/recover';
const logLines: string[] = [];
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_REDIRECT_HOSTS: 'app.example.com', LOG_LEVEL: 'trace' },
  { mail: true, logTo: { write: (line: string) => void logLines.push(line) } },
);
const api = httpCalls(server);
const as = (token: string) => ({ 'x-appwrite-session': token });
const userWithSession = (password?: string) => createUser(api, KEY, password);
const whoAmI = (token: string) => tokenOwner(api, token);

/** The link parameters of the last email to `email`; fails if none arrives. */
async function linkTo(target: TestServer, email: string, count = 1) {
  const deadline = Date.now() + 15_000;
  let mails = target.mailSink.messages.filter((message) => message.to.includes(email));
  while (mails.length < count) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    mails = target.mailSink.messages.filter((message) => message.to.includes(email));
  }
  const link = /(https:\/\/app\.example\.com\/\S+)/.exec(mails.at(-1)!.text)?.[1];
  const query = new URL(link!).searchParams;
  return { userId: query.get('userId')!, secret: query.get('secret')! };
}

describe('account takeover through recovery', () => {
  it("an attacker asking for Alice's recovery learns no secret; the link goes to Alice only", async () => {
    const alice = await userWithSession('alice-password');
    const attacker = await userWithSession('attacker-password');
    const asked = await api.mutate<{ secret: string; userId: string }>(
      'account.createRecovery',
      { email: alice.email, url: URL_OK },
      as(attacker.token),
    );
    expect(asked.status).toBe(200);
    expect(asked.data.secret).toBe('');
    const mailsToAttacker = server.mailSink.messages.filter((message) => message.to.includes(attacker.email));
    const link = await linkTo(server, alice.email);
    expect(mailsToAttacker).toHaveLength(0);

    // The attacker's own recovery secret does not open Alice's account …
    await api.mutate('account.createRecovery', { email: attacker.email, url: URL_OK });
    const own = await linkTo(server, attacker.email);
    const crossed = await api.mutate('account.updateRecovery', {
      userId: alice.id,
      secret: own.secret,
      password: 'taken-over-1',
    });
    expect(crossed.type).toBe('user_invalid_token');
    // … nor does a session secret, a verification secret or a recovery secret open a session.
    const asSession = await api.mutate('account.createSession', { userId: alice.id, secret: link.secret });
    expect(asSession.type).toBe('user_invalid_token');

    // Alice's link works once and ends every session, the attacker's stolen one included.
    const stolen = alice.token;
    const done = await api.mutate('account.updateRecovery', { ...link, password: 'alice-new-password' });
    expect(done.status).toBe(200);
    expect(await whoAmI(stolen)).toBe('general_unauthorized_scope');
    const again = await api.mutate('account.updateRecovery', { ...link, password: 'attacker-again-1' });
    expect(again.type).toBe('user_invalid_token');
    // Neither the secret of the link nor the new password reached the logs (API and mail worker, at trace).
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(link.secret);
    expect(logLines.join('\n')).not.toContain('alice-new-password');
  });

  it('a redirect to the attacker’s site is refused, so the link cannot carry the secret there', async () => {
    const alice = await userWithSession();
    for (const url of [
      'https://attacker.test/steal',
      'https://app.example.com@attacker.test/',
      'javascript:alert(1)',
    ]) {
      const refused = await api.mutate('account.createRecovery', { email: alice.email, url });
      expect(refused.type).toBe('general_argument_invalid');
    }
  });
});

describe('secret guessing', () => {
  it('recovery: 10 tries per user an hour, then 429 even for the right secret', async () => {
    const bob = await userWithSession();
    await api.mutate('account.createRecovery', { email: bob.email, url: `${URL_OK}?guess` });
    const link = await linkTo(server, bob.email);
    for (let index = 0; index < 10; index++) {
      const guess = await api.mutate('account.updateRecovery', {
        userId: bob.id,
        secret: index.toString(16).repeat(256),
        password: 'guessed-password',
      });
      expect(guess.type).toBe('user_invalid_token');
    }
    const right = await api.mutate('account.updateRecovery', { ...link, password: 'guessed-password' });
    expect(right.status).toBe(429);
    expect(right.type).toBe('general_rate_limit_exceeded');
  });

  it('verification: a secret for one user verifies no other; guesses are limited alike', async () => {
    const carol = await userWithSession();
    const mallory = await userWithSession();
    const asked = await api.mutate('account.createEmailVerification', { url: URL_OK }, as(mallory.token));
    expect(asked.status).toBe(200);
    const own = await linkTo(server, mallory.email);
    const crossed = await api.mutate('account.updateEmailVerification', {
      userId: carol.id,
      secret: own.secret,
    });
    expect(crossed.type).toBe('user_invalid_token');
    for (let index = 0; index < 9; index++) {
      await api.mutate('account.updateVerification', { userId: carol.id, secret: 'a'.repeat(256) });
    }
    const limited = await api.mutate('account.updateVerification', {
      userId: carol.id,
      secret: 'b'.repeat(256),
    });
    expect(limited.type).toBe('general_rate_limit_exceeded');
  });

  it('mail bombing: 10 recovery emails per address an hour, then 429', async () => {
    const dave = await userWithSession();
    // Its own url: the per-client-address budget of URL_OK is the other tests'.
    const url = `${URL_OK}?bomb`;
    for (let index = 0; index < 10; index++) {
      const asked = await api.mutate('account.createRecovery', { email: dave.email, url });
      expect({ index, status: asked.status }).toEqual({ index, status: 200 });
    }
    const refused = await api.mutate('account.createRecovery', { email: dave.email, url });
    expect(refused.type).toBe('general_rate_limit_exceeded');
  });
});
