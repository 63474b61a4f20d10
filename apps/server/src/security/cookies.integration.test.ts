import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/http-server.ts';
import { signUp, uniqueEmail } from '../testing/http-client.ts';

/**
 * Review finding 11, cookie part (MEDIUM): session cookies were `Secure` only when the request
 * itself was https (so not behind a TLS-terminating proxy without proxy trust, where Chrome then
 * drops the `SameSite=None` cookie), and carried `Domain=.<Host header>`, sharing the session with
 * every subdomain. Now they are `Secure` whenever `ROSTER_PUBLIC_URL` is https and host-only
 * unless `ROSTER_COOKIE_DOMAIN` is set. `X-Fallback-Cookies` goes to callers on another site
 * (public suffixes such as co.uk and github.io counted right), and to callers without an Origin.
 */
const PASSWORD = 'a good password';

interface Answer {
  status: number;
  setCookies: string[];
  fallback: string | undefined;
}

/** Sign-in with a chosen `Host` (fetch cannot set one). */
function signInAs(server: TestServer, email: string, headers: Record<string, string>): Promise<Answer> {
  const body = JSON.stringify({ email, password: PASSWORD });
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/trpc/account.createEmailPasswordSession`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'] ?? [];
        const fallback = res.headers['x-fallback-cookies'];
        resolve({
          status: res.statusCode ?? 0,
          setCookies: setCookie,
          fallback: fallback as string | undefined,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function withServer(env: Record<string, string>, run: (server: TestServer) => Promise<void>) {
  const server = await startTestServer(env);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('finding 11: session cookie flags', () => {
  it('an https public URL makes both cookies Secure although the request came over http', async () => {
    await withServer({ ROSTER_PUBLIC_URL: 'https://api.example.com' }, async (server) => {
      const email = uniqueEmail();
      await signUp(server.url, email, PASSWORD);
      const answer = await signInAs(server, email, { host: 'api.example.com' });
      expect(answer.status).toBe(200);
      expect(answer.setCookies).toHaveLength(2);
      for (const cookie of answer.setCookies) expect(cookie).toMatch(/; Secure(;|$)/);
    });
  });

  it('cookies are host-only (no Domain) by default, whatever the Host header says', async () => {
    await withServer({ ROSTER_PUBLIC_URL: 'https://api.example.com' }, async (server) => {
      const email = uniqueEmail();
      await signUp(server.url, email, PASSWORD);
      for (const host of ['api.example.com', 'roster.attacker.test', 'localhost']) {
        const answer = await signInAs(server, email, { host });
        expect(answer.status).toBe(200);
        for (const cookie of answer.setCookies) expect(cookie, host).not.toMatch(/domain=/i);
      }
    });
  });

  it('ROSTER_COOKIE_DOMAIN sets the Domain, and sign-out clears the cookies with the same flags', async () => {
    await withServer(
      { ROSTER_PUBLIC_URL: 'https://api.example.com', ROSTER_COOKIE_DOMAIN: 'example.com' },
      async (server) => {
        const email = uniqueEmail();
        await signUp(server.url, email, PASSWORD);
        const answer = await signInAs(server, email, { host: 'api.example.com' });
        for (const cookie of answer.setCookies) {
          expect(cookie).toMatch(/; Domain=example\.com(;|$)/);
          expect(cookie).toMatch(/; Secure(;|$)/);
        }
        const cookie = answer.setCookies.map((value) => value.split(';')[0]).join('; ');
        const signOut = await fetch(`${server.url}/trpc/account.deleteSession`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ sessionId: 'current' }),
        });
        expect(signOut.status).toBe(200);
        for (const cleared of signOut.headers.getSetCookie()) {
          expect(cleared).toMatch(
            /^a_session_default(_legacy)?=; Domain=example\.com; Path=\/; Expires=Thu, 01 Jan 1970/,
          );
          expect(cleared).toMatch(/; Secure(;|$)/);
        }
      },
    );
  });

  it('configuration refuses a cookie domain the public URL is not under', async () => {
    await expect(
      startTestServer({ ROSTER_PUBLIC_URL: 'https://api.example.com', ROSTER_COOKIE_DOMAIN: 'other.test' }),
    ).rejects.toThrow(/ROSTER_COOKIE_DOMAIN/);
  });
});

describe('finding 11: X-Fallback-Cookies only for callers on another site', () => {
  let server: TestServer;
  const email = uniqueEmail();
  beforeAll(async () => {
    server = await startTestServer({
      ROSTER_PUBLIC_URL: 'https://api.shop.co.uk',
      ROSTER_CORS_ORIGINS: 'https://www.shop.co.uk,https://www.other.co.uk,https://app.github.io',
    });
    await signUp(server.url, email, PASSWORD);
  });
  afterAll(() => server.close());

  it.each([
    ['the same site (another subdomain of shop.co.uk)', 'https://www.shop.co.uk', false],
    ['another site under the same public suffix (co.uk)', 'https://www.other.co.uk', true],
    ['another site under a private public suffix (github.io)', 'https://app.github.io', true],
  ])('a caller on %s', async (_, origin, expectFallback) => {
    const answer = await signInAs(server, email, { host: 'api.shop.co.uk', origin });
    expect(answer.status).toBe(200);
    expect(answer.fallback !== undefined).toBe(expectFallback);
  });

  it('a caller without an Origin (a server, an SDK) gets it', async () => {
    const answer = await signInAs(server, email, { host: 'api.shop.co.uk' });
    expect(answer.fallback).toBeDefined();
  });
});
