import { randomBytes } from 'node:crypto';
import { createApiKey } from '@roster/api';
import { describe, expect, it } from 'vitest';
import { cookieHeader, trpcGet, trpcPost } from './testing/http-client.ts';
import { useTestServer } from './testing/http-server.ts';

/** Sign-in and sign-out over real HTTP: what Express makes of the cookies, and that they round-trip. */
describe('session cookies over HTTP', () => {
  // The demo's dev origin may call cross-site (a browser from another origin would be refused).
  const server = useTestServer({
    ROSTER_PROJECT_ID: 'cookies',
    ROSTER_CORS_ORIGINS: 'http://localhost:5173',
  });

  const post = (procedure: string, body: unknown, headers: Record<string, string> = {}) =>
    trpcPost(server.url, procedure, body, headers);
  const get = (procedure: string, headers: Record<string, string>) =>
    trpcGet(server.url, procedure, undefined, headers);

  it('sign-in sets both cookies (HttpOnly, SameSite=None on the main one, no Domain on an IP) that sign the user in', async () => {
    const { key } = await createApiKey(server.repos, {
      name: 'http',
      scopes: ['users.write'],
    });
    const email = `${randomBytes(6).toString('hex')}@example.com`;
    const created = await post(
      'users.create',
      { userId: 'unique()', email, password: 'a good password' },
      {
        'x-appwrite-key': key,
      },
    );
    expect(created.status).toBe(200);
    const { result } = (await created.json()) as { result: { data: { $id: string } } };

    const signIn = await post(
      'account.createEmailPasswordSession',
      { email, password: 'a good password' },
      { origin: 'http://localhost:5173' },
    );
    expect(signIn.status).toBe(200);
    const setCookies = signIn.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    const [legacy, main] = setCookies;
    expect(legacy).toMatch(/^a_session_cookies_legacy=[^;]+; Path=\/; Expires=[^;]+ GMT; HttpOnly$/);
    expect(main).toMatch(/^a_session_cookies=[^;]+; Path=\/; Expires=[^;]+ GMT; HttpOnly; SameSite=None$/);
    // 127.0.0.1 is not the Origin's site: the token also comes in X-Fallback-Cookies.
    const fallback = signIn.headers.get('x-fallback-cookies') ?? '';
    expect(Object.keys(JSON.parse(fallback) as object)).toEqual(['a_session_cookies']);

    const transports: Record<string, string>[] = [
      { cookie: cookieHeader(setCookies) },
      { cookie: cookieHeader([legacy!]) },
      { 'x-fallback-cookies': fallback },
    ];
    for (const headers of transports) {
      const me = await get('account.get', headers);
      expect(me.status).toBe(200);
      expect(((await me.json()) as { result: { data: { $id: string } } }).result.data.$id).toBe(
        result.data.$id,
      );
    }

    const signOut = await post(
      'account.deleteSession',
      { sessionId: 'current' },
      { cookie: cookieHeader(setCookies) },
    );
    expect(signOut.status).toBe(200);
    for (const cookie of signOut.headers.getSetCookie()) {
      expect(cookie).toMatch(
        /^a_session_cookies(_legacy)?=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly/,
      );
    }
    const after = await get('account.get', { cookie: cookieHeader(setCookies) });
    expect(after.status).toBe(401);
    const body = (await after.json()) as { error: { message: string; data: { type: string } } };
    expect(body.error.data.type).toBe('general_unauthorized_scope');
    expect(body.error.message).toBe('User (role: guests) missing scopes (["account"])');
  });

  it('a wrong password is 401 user_invalid_credentials with no cookie', async () => {
    const response = await post('account.createEmailPasswordSession', {
      email: 'nobody@example.com',
      password: 'a good password',
    });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(((await response.json()) as { error: { data: { type: string } } }).error.data.type).toBe(
      'user_invalid_credentials',
    );
  });
});
