import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rest } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * The MFA email challenge as an attacker sees it (issue 15): guessing the six digits, replaying a
 * used code, completing another user's challenge with its code, changing the address from a
 * restricted session, and reading the code from the logs. Over real HTTP, the mail worker and an
 * SMTP listener; API and worker log at trace.
 */
const lines: string[] = [];
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
// Wrong codes count as failed sign-ins of the user: five an hour here.
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_SIGNIN_ACCOUNT_LIMIT: '5', LOG_LEVEL: 'trace' },
  { mail: true, logTo: { write: (line: string) => void lines.push(line) } },
);
const key = { 'x-appwrite-key': API_KEY };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
const outcome = ({ status, body }: { status: number; body: Record<string, unknown> }) => ({
  status,
  type: body.type,
});
const INVALID = { status: 401, type: 'user_invalid_token' };

async function newSession(userId: string) {
  const { body } = await call('POST', `/users/${userId}/sessions`, undefined, key);
  return { 'x-appwrite-session': body.secret as string };
}

/** A user with a verified address and MFA on; `restricted` is a new session that still needs its second factor. */
async function mfaUser() {
  const email = `${randomBytes(6).toString('hex')}@example.com`;
  const { body: user } = await call('POST', '/users', { userId: 'unique()', email }, key);
  const userId = user.$id as string;
  // Roster has no users.updateEmailVerification yet: the address is verified in the store.
  await server.repos.users.update(userId, { emailVerification: true });
  expect((await call('PATCH', '/account/mfa', { mfa: true }, await newSession(userId))).status).toBe(200);
  const restricted = await newSession(userId);
  expect(outcome(await call('GET', '/account', undefined, restricted))).toEqual({
    status: 401,
    type: 'user_more_factors_required',
  });
  return { userId, email, restricted };
}

/** The code of the `count`-th email to `email`. */
async function codeTo(email: string, count = 1): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mails = server.mailSink.messages.filter((message) => message.to.includes(email));
    if (mails.length >= count) {
      const code = /^\s*(\d{6})\s*$/m.exec(mails[count - 1]!.text)?.[1];
      expect(code).toBeDefined();
      return code!;
    }
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function emailChallenge(headers: Record<string, string>, path = '/account/mfa/challenges') {
  const created = await call('POST', path, { factor: 'email' }, headers);
  expect(created.status).toBe(201);
  return created.body.$id as string;
}

describe('MFA email challenge attacks', () => {
  it('guessing the code is throttled: the sixth wrong code within the hour is refused, the right one too', async () => {
    const ada = await mfaUser();
    const challengeId = await emailChallenge(ada.restricted);
    const code = await codeTo(ada.email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const guess = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      statuses.push(
        (await call('PUT', '/account/mfa/challenges', { challengeId, otp: guess }, ada.restricted)).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(
      (await call('PUT', '/account/mfa/challenges', { challengeId, otp: code }, ada.restricted)).status,
    ).toBe(429);
  });

  it('a used code is not accepted again, on its challenge or another session’s', async () => {
    const ada = await mfaUser();
    const challengeId = await emailChallenge(ada.restricted, '/account/mfa/challenge');
    const code = await codeTo(ada.email);
    const done = await call('PUT', '/account/mfa/challenge', { challengeId, otp: code }, ada.restricted);
    expect(done.status).toBe(200);
    expect(done.body.factors).toEqual(['server', 'email']);
    expect((await call('GET', '/account', undefined, ada.restricted)).status).toBe(200);

    expect(
      outcome(await call('PUT', '/account/mfa/challenges', { challengeId, otp: code }, ada.restricted)),
    ).toEqual(INVALID);
    const other = await newSession(ada.userId);
    const otherId = await emailChallenge(other);
    const otherCode = await codeTo(ada.email, 2);
    if (otherCode !== code) {
      expect(
        outcome(await call('PUT', '/account/mfa/challenges', { challengeId: otherId, otp: code }, other)),
      ).toEqual(INVALID);
    }
    expect(
      (await call('PUT', '/account/mfa/challenges', { challengeId: otherId, otp: otherCode }, other)).status,
    ).toBe(200);
  });

  it('another user’s challenge cannot be completed, even with the code of its email', async () => {
    const ada = await mfaUser();
    const bob = await mfaUser();
    const challengeId = await emailChallenge(bob.restricted);
    const code = await codeTo(bob.email);
    expect(
      outcome(await call('PUT', '/account/mfa/challenges', { challengeId, otp: code }, ada.restricted)),
    ).toEqual(INVALID);
    expect(outcome(await call('GET', '/account', undefined, ada.restricted)).type).toBe(
      'user_more_factors_required',
    );
    // Bob's challenge is untouched by the attempt.
    expect(
      (await call('PUT', '/account/mfa/challenges', { challengeId, otp: code }, bob.restricted)).status,
    ).toBe(200);
  });

  it('a restricted session cannot move the code to an address of its choosing', async () => {
    const ada = await mfaUser();
    const moved = await call(
      'PATCH',
      '/account/email',
      { email: `attacker-${randomBytes(4).toString('hex')}@example.com`, password: 'whatever-password' },
      ada.restricted,
    );
    expect(outcome(moved)).toEqual({ status: 401, type: 'user_more_factors_required' });
    // The code goes to the verified address only.
    await emailChallenge(ada.restricted);
    await codeTo(ada.email);
    expect(server.mailSink.messages.filter((message) => message.to.includes('attacker-'))).toHaveLength(0);
  });

  it('the code never reaches the logs (API and mail worker, at trace)', async () => {
    const ada = await mfaUser();
    const challengeId = await emailChallenge(ada.restricted);
    const code = await codeTo(ada.email);
    expect(
      (await call('PUT', '/account/mfa/challenges', { challengeId, otp: code }, ada.restricted)).status,
    ).toBe(200);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes(challengeId))).toBe(true);
    expect(lines.join('\n')).not.toMatch(new RegExp(`(?<![0-9a-f])${code}(?![0-9a-f])`));
  });
});
