import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { rest } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * MFA (issue 15 item 6): a second factor must not be skippable or guessable. Attacks: a restricted
 * session reaching other routes, or minting (or being given) a JWT to get around the gate; a code
 * replayed within its 30 seconds; guessing six digits; racing one recovery code on many
 * challenges; completing another user's challenge; reading the secret back.
 */
const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
// Wrong codes count as failed sign-ins of the user: five an hour here.
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_SIGNIN_ACCOUNT_LIMIT: '5' },
  { logTo: capture },
);
const key = { 'x-appwrite-key': API_KEY };

const codeOf = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
const step = () => Math.floor(Date.now() / 30_000);

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function newSession(userId: string) {
  const { body } = await call('POST', `/users/${userId}/sessions`, undefined, key);
  return { 'x-appwrite-session': body.secret as string, sessionId: body.$id as string };
}

/** A user enrolled with TOTP and MFA on (enrolled in the previous step, so this step's code is free). */
async function enrolledUser() {
  const { body: user } = await call(
    'POST',
    '/users',
    { userId: 'unique()', email: `${randomBytes(6).toString('hex')}@example.com` },
    key,
  );
  const userId = user.$id as string;
  const { sessionId: _, ...session } = await newSession(userId);
  const { body: created } = await call('POST', '/account/mfa/authenticators/totp', {}, session);
  const secret = created.secret as string;
  const enrolledAt = step();
  const verified = await call('PUT', '/account/mfa/authenticators/totp', { otp: codeOf(secret) }, session);
  expect(verified.status).toBe(200);
  expect((await call('PATCH', '/account/mfa', { mfa: true }, session)).status).toBe(200);
  const { body: codes } = await call('POST', '/account/mfa/recovery-codes', {}, session);
  return { userId, secret, enrolledAt, recoveryCodes: codes.recoveryCodes as string[] };
}

const REQUIRED = { status: 401, type: 'user_more_factors_required' };
const outcome = ({ status, body }: { status: number; body: Record<string, unknown> }) => ({
  status,
  type: body.type,
});

describe('MFA attacks', () => {
  it('a session without its second factor reaches only the MFA routes, and no JWT gets around it', async () => {
    const ada = await enrolledUser();
    const { sessionId, ...restricted } = await newSession(ada.userId);
    for (const [method, path] of [
      ['GET', '/account'],
      ['GET', '/account/sessions'],
      ['GET', '/teams'],
      ['POST', '/account/jwts'],
      ['PATCH', '/account/mfa'],
      ['POST', '/account/mfa/recovery-codes'],
      ['POST', '/account/mfa/authenticators/totp'],
    ] as const) {
      expect(
        outcome(
          await call(
            method,
            path,
            method === 'PATCH' ? { mfa: false } : method === 'GET' ? undefined : {},
            restricted,
          ),
        ),
      ).toEqual(REQUIRED);
    }
    expect((await call('GET', '/account/mfa/factors', undefined, restricted)).status).toBe(200);
    // A JWT of that session (made by an API key) is just as restricted.
    const { body } = await call('POST', `/users/${ada.userId}/jwts`, { sessionId }, key);
    expect(
      outcome(await call('GET', '/account', undefined, { 'x-appwrite-jwt': body.jwt as string })),
    ).toEqual(REQUIRED);
  });

  it('the secret is shown once: not in the account, not in the logs', async () => {
    const ada = await enrolledUser();
    const session = await newSession(ada.userId);
    const { body: user } = await call('GET', `/users/${ada.userId}`, undefined, key);
    expect(JSON.stringify(user)).not.toContain(ada.secret);
    expect(session).toBeDefined();
    expect(lines.join('\n')).not.toContain(ada.secret);
    for (const code of ada.recoveryCodes) expect(lines.join('\n')).not.toContain(code);
  });

  it('a TOTP code cannot be replayed within its step', async () => {
    const ada = await enrolledUser();
    const { sessionId: _, ...restricted } = await newSession(ada.userId);
    const { body: challenge } = await call('POST', '/account/mfa/challenges', { factor: 'totp' }, restricted);
    const replay = await call(
      'PUT',
      '/account/mfa/challenges',
      { challengeId: challenge.$id, otp: codeOf(ada.secret) },
      restricted,
    );
    // Only meaningful while the enrolment's step lasts (the code is then the one already used).
    if (step() === ada.enrolledAt)
      expect(outcome(replay)).toEqual({ status: 401, type: 'user_invalid_token' });
  });

  it('guessing codes is throttled: the sixth wrong code of a user within the hour is refused (429)', async () => {
    const ada = await enrolledUser();
    const { sessionId: _, ...restricted } = await newSession(ada.userId);
    const { body: challenge } = await call('POST', '/account/mfa/challenges', { factor: 'totp' }, restricted);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const guess = String(100_000 + i);
      statuses.push(
        (await call('PUT', '/account/mfa/challenges', { challengeId: challenge.$id, otp: guess }, restricted))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('one recovery code raced on many challenges completes exactly one', async () => {
    const ada = await enrolledUser();
    const sessions = await Promise.all(Array.from({ length: 5 }, () => newSession(ada.userId)));
    const attempts = await Promise.all(
      sessions.map(async ({ sessionId: _, ...headers }) => {
        const { body } = await call('POST', '/account/mfa/challenges', { factor: 'recoveryCode' }, headers);
        return call(
          'PUT',
          '/account/mfa/challenges',
          { challengeId: body.$id, otp: ada.recoveryCodes[0] },
          headers,
        );
      }),
    );
    expect(attempts.map(({ status }) => status).sort()).toEqual([200, 401, 401, 401, 401]);
  });

  it('another user’s challenge cannot be completed', async () => {
    const ada = await enrolledUser();
    const bob = await enrolledUser();
    const { sessionId: _a, ...adas } = await newSession(ada.userId);
    const { sessionId: _b, ...bobs } = await newSession(bob.userId);
    const { body: challenge } = await call(
      'POST',
      '/account/mfa/challenges',
      { factor: 'recoveryCode' },
      bobs,
    );
    expect(
      outcome(
        await call(
          'PUT',
          '/account/mfa/challenges',
          { challengeId: challenge.$id, otp: bob.recoveryCodes[0] },
          adas,
        ),
      ),
    ).toEqual({ status: 401, type: 'user_invalid_token' });
  });
});
