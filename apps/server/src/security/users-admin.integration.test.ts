import { describe, expect, it } from 'vitest';
import { cookieHeader, httpCalls, rest, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Abusing the Users API's administration routes (PATCH …/status, PUT …/labels, PATCH …/phone) and
 * what they guard: a blocked user's credentials working on, labels smuggling operators or roles, two
 * users racing for one phone number, users administering themselves. Over real HTTP.
 */
const API_KEY = 'users-admin-attack-bootstrap-key-0123456789';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);

async function call(method: string, path: string, body: unknown, headers: Record<string, string>) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  return { status: response.status, type: parsed.type, body: parsed };
}

describe('a blocked user', () => {
  it('is refused at once on every credential: session header, cookie, JWT of a session, unbound JWT', async () => {
    const ada = await userWithSession(api, KEY, 'a good password');
    const signIn = await api.mutate('account.createEmailPasswordSession', {
      email: ada.email,
      password: 'a good password',
    });
    const cookie = { cookie: cookieHeader(signIn.headers.getSetCookie()) };
    const sessionJwt = await call('POST', '/account/jwts', {}, ada.headers);
    const unboundJwt = await call('POST', `/users/${ada.id}/jwts`, {}, KEY);
    const credentials = [
      ada.headers,
      cookie,
      { 'x-appwrite-jwt': sessionJwt.body.jwt as string },
      { 'x-appwrite-jwt': unboundJwt.body.jwt as string },
    ];
    for (const headers of credentials)
      expect((await call('GET', '/account', undefined, headers)).status).toBe(200);

    expect((await call('PATCH', `/users/${ada.id}/status`, { status: false }, KEY)).status).toBe(200);
    // The very next request of each credential, with no pause: nothing caches the status.
    for (const headers of credentials) {
      for (const [method, path, body] of [
        ['GET', '/account', undefined],
        ['POST', '/account/jwts', {}],
        ['PATCH', '/account/name', { name: 'Still here' }],
        ['GET', '/account/sessions', undefined],
      ] as const) {
        expect(await call(method, path, body, headers), `${method} ${path}`).toMatchObject({
          status: 403,
          type: 'user_blocked',
        });
      }
    }
    // Nor can they sign in again for a fresh credential.
    const again = await call(
      'POST',
      '/account/sessions/email',
      { email: ada.email, password: 'a good password' },
      {},
    );
    expect(again).toMatchObject({ status: 403, type: 'user_blocked' });
    expect((await api.query<{ name: string }>('users.get', { userId: ada.id }, KEY)).data.name).not.toBe(
      'Still here',
    );
  });

  it('blocking, then unblocking, does not resurrect anything deleted meanwhile', async () => {
    const ada = await userWithSession(api, KEY);
    await call('PATCH', `/users/${ada.id}/status`, { status: false }, KEY);
    expect((await call('DELETE', `/users/${ada.id}/sessions`, undefined, KEY)).status).toBe(204);
    await call('PATCH', `/users/${ada.id}/status`, { status: true }, KEY);
    expect(await call('GET', '/account', undefined, ada.headers)).toMatchObject({
      status: 401,
      type: 'general_unauthorized_scope',
    });
  });
});

describe('labels injection', () => {
  it('operators, separators, roles, prototype keys, look-alikes and non-strings are 400; the labels stay', async () => {
    const ada = await userWithSession(api, KEY);
    expect((await call('PUT', `/users/${ada.id}/labels`, { labels: ['vip'] }, KEY)).status).toBe(200);
    for (const labels of [
      [{ $ne: null }],
      { $gt: '' },
      ['$where'],
      ['a.b'],
      ['label:admin'],
      ['role:owner'],
      ['users'],
      ['__proto__'],
      ['vip ', 'pro'],
      ['ｖｉｐ'],
      ['vip\u0000'],
      [['nested']],
      [1],
      [true],
      'vip',
      null,
    ]) {
      // `users` alone is a valid label (letters only); it grants nothing as Roster has no label roles.
      const answer = await call('PUT', `/users/${ada.id}/labels`, { labels }, KEY);
      if (JSON.stringify(labels) === '["users"]') {
        expect(answer.status).toBe(200);
        await call('PUT', `/users/${ada.id}/labels`, { labels: ['vip'] }, KEY);
        continue;
      }
      expect(answer, JSON.stringify(labels)).toMatchObject({ status: 400, type: 'general_argument_invalid' });
    }
    expect((await call('GET', `/users/${ada.id}`, undefined, KEY)).body.labels).toEqual(['vip']);
    // A labelled user gains no scope: labels are data, not permissions, in Roster.
    await call('PUT', `/users/${ada.id}/labels`, { labels: ['admin', 'users', 'owner'] }, KEY);
    expect(await call('GET', '/users', undefined, ada.headers)).toMatchObject({
      status: 401,
      type: 'general_unauthorized_scope',
    });
  });
});

describe('phone uniqueness', () => {
  it('two concurrent updates of two users to one number: one wins, by the unique index', async () => {
    for (let round = 0; round < 5; round++) {
      const [ada, grace] = await Promise.all([userWithSession(api, KEY), userWithSession(api, KEY)]);
      const number = `+3161${String(1_000_000 + round * 7919 + (Date.now() % 100_000))}`;
      const answers = await Promise.all(
        [ada, grace].map((user) => call('PATCH', `/users/${user.id}/phone`, { number }, KEY)),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(['user_target_already_exists', 'user_phone_already_exists']).toContain(
        answers.find((a) => a.status === 409)!.type,
      );
      const phones = await Promise.all(
        [ada, grace].map(async (user) => (await call('GET', `/users/${user.id}`, undefined, KEY)).body.phone),
      );
      expect(phones.filter((phone) => phone === number)).toHaveLength(1);
    }
  });
});

describe('users administering themselves', () => {
  it('a session or JWT cannot unblock, relabel, verify, or drop its own MFA (401 general_unauthorized_scope)', async () => {
    const ada = await userWithSession(api, KEY);
    const jwt = (await call('POST', '/account/jwts', {}, ada.headers)).body.jwt as string;
    for (const headers of [ada.headers, { 'x-appwrite-jwt': jwt }]) {
      for (const [method, path, body] of [
        ['PATCH', `/users/${ada.id}/status`, { status: true }],
        ['PUT', `/users/${ada.id}/labels`, { labels: ['admin'] }],
        ['PATCH', `/users/${ada.id}/verification`, { emailVerification: true }],
        ['PATCH', `/users/${ada.id}/verification/phone`, { phoneVerification: true }],
        ['PATCH', `/users/${ada.id}/phone`, { number: '+14155550199' }],
        ['PATCH', `/users/${ada.id}/mfa`, { mfa: false }],
        ['DELETE', `/users/${ada.id}/mfa/authenticators/totp`, undefined],
        ['GET', `/users/${ada.id}/mfa/recovery-codes`, undefined],
        ['PATCH', `/users/${ada.id}/mfa/recovery-codes`, undefined],
      ] as const) {
        expect(await call(method, path, body, headers), `${method} ${path}`).toMatchObject({
          status: 401,
          type: 'general_unauthorized_scope',
        });
      }
    }
    const stored = (await call('GET', `/users/${ada.id}`, undefined, KEY)).body;
    expect(stored).toMatchObject({ labels: [], emailVerification: false, phone: '', mfa: false });
  });
});
