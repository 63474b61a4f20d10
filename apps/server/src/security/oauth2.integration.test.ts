import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../testing/http-client.ts';
import { startTestServer, useTestServer } from '../testing/http-server.ts';
import { startForgingProvider } from '../testing/forging-openid-provider.ts';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  CookieJar,
  FAILURE_URL,
  follow,
  sessionOf,
  signInThrough,
  SUCCESS_URL,
  useOpenIdProvider,
} from '../testing/oauth2.ts';

/**
 * OAuth2 sign-in abuse: open redirects through the success and failure URLs, forged, replayed
 * and transplanted `state`s (login CSRF), an unverified email claim taking over an account, and
 * ID tokens for another audience, from another issuer or with another nonce. The honest provider
 * is oidc-provider; the forging one (`keycloak` here) signs whatever ID token a test asks for with
 * its own published key. Everything listens on 127.0.0.1.
 */
const API_KEY = `oauth2-attack-key-${randomBytes(16).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY };
const env: Record<string, string> = { ROSTER_API_KEY: API_KEY };
let forging: Awaited<ReturnType<typeof startForgingProvider>>;
beforeAll(async () => {
  forging = await startForgingProvider(CLIENT_ID);
});
afterAll(() => forging.close());
const op = useOpenIdProvider(env, {
  get extra() {
    return [
      {
        id: 'keycloak',
        name: 'Forging',
        issuer: forging.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
    ];
  },
});
const server = useTestServer(env);
beforeAll(() => op.register(server));

const hex = () => randomBytes(6).toString('hex');
const start = (provider: string, query: Record<string, string>) =>
  fetch(`${server.url}/v1/account/sessions/oauth2/${provider}?${new URLSearchParams(query).toString()}`, {
    redirect: 'manual',
  });
const errorOf = async (response: Response) => ((await response.json()) as { type: string }).type;
const origins = () => [new URL(server.url).origin, new URL(op.provider.issuer).origin];
const atCallback = (url: URL) => url.pathname.includes('/oauth2/callback/');

async function userCountWithEmail(email: string): Promise<number> {
  const query = JSON.stringify({ method: 'equal', attribute: 'email', values: [email] });
  const response = await rest(
    server.url,
    'GET',
    `/users?queries[]=${encodeURIComponent(query)}`,
    undefined,
    KEY,
  );
  return ((await response.json()) as { total: number }).total;
}

/** A flow at the honest provider, walked up to (not into) Roster's callback. */
async function upToCallback(email = `u-${hex()}@example.com`) {
  const jar = new CookieJar();
  op.provider.signInAs({ sub: `sub${hex()}`, email, emailVerified: true });
  const url = `${server.url}/v1/account/sessions/oauth2/oidc?${new URLSearchParams({ success: SUCCESS_URL, failure: FAILURE_URL }).toString()}`;
  const walk = await follow(url, jar, { origins: origins(), stopAt: atCallback });
  expect(walk.final).toContain('/oauth2/callback/oidc/');
  return { jar, callback: walk.final, email };
}

describe('OAuth2: open redirects', () => {
  it.each([
    ['another site', 'https://evil.example/steal'],
    ['a look-alike host', 'https://localhost.evil.example/'],
    ['userinfo before another host', 'https://localhost@evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['a scheme-relative URL', '//evil.example/'],
  ])(
    'success URL to %s → 400 project_invalid_success_url, no redirect, no flow cookie',
    async (_name, success) => {
      const response = await start('oidc', { success });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await errorOf(response)).toBe('project_invalid_success_url');
    },
  );

  it('failure URL to another site → 400 project_invalid_failure_url', async () => {
    const response = await start('oidc', { success: SUCCESS_URL, failure: 'https://evil.example/' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await errorOf(response)).toBe('project_invalid_failure_url');
  });

  it('an unconfigured provider → 412 project_provider_disabled', async () => {
    const response = await start('google', { success: SUCCESS_URL });
    expect(response.status).toBe(412);
    expect(await errorOf(response)).toBe('project_provider_disabled');
  });
});

describe('OAuth2: state', () => {
  it('a forged state → 400 user_oauth2_bad_request, no session', async () => {
    const { jar, callback } = await upToCallback();
    const forged = new URL(callback);
    forged.searchParams.set('state', randomBytes(32).toString('base64url'));
    const response = await fetch(forged, {
      redirect: 'manual',
      headers: { cookie: jar.header(forged.origin) },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('user_oauth2_bad_request');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('a_session_'))).toBe(false);
  });

  it('a replayed callback (same state, same browser) → 400 the second time', async () => {
    const { jar, callback } = await upToCallback();
    const first = await follow(callback, jar, { origins: origins() });
    expect(first.final).toBe(SUCCESS_URL);
    const replay = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: jar.header(new URL(callback).origin) },
    });
    expect(replay.status).toBe(400);
    expect(await errorOf(replay)).toBe('user_oauth2_bad_request');
  });

  it('login CSRF: a callback URL completed in another browser (no flow cookie) signs no one in', async () => {
    const attacker = await upToCallback();
    const victim = new CookieJar();
    const response = await fetch(attacker.callback, { redirect: 'manual' });
    victim.store(new URL(server.url).origin, response.headers);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('user_oauth2_bad_request');
    expect(sessionOf(victim, server)).toBeUndefined();
    // Nor does the flow survive for the attacker's own browser: a state is tried once.
    const later = await fetch(attacker.callback, {
      redirect: 'manual',
      headers: { cookie: attacker.jar.header(new URL(server.url).origin) },
    });
    expect(later.status).toBe(400);
    expect(await userCountWithEmail(attacker.email)).toBe(0);
  });

  it('a flow cookie of one flow does not complete another', async () => {
    const one = await upToCallback();
    const two = await upToCallback();
    const origin = new URL(server.url).origin;
    const response = await fetch(two.callback, {
      redirect: 'manual',
      headers: { cookie: one.jar.header(origin) },
    });
    expect(response.status).toBe(400);
  });
});

describe('OAuth2: account takeover', () => {
  it('an unverified email claim never signs in to, or links to, the account with that email', async () => {
    const email = `victim-${hex()}@example.com`;
    const created = await rest(
      server.url,
      'POST',
      '/users',
      { userId: 'unique()', email, password: 'victim-password-1' },
      KEY,
    );
    const victimId = ((await created.json()) as { $id: string }).$id;
    const result = await signInThrough(server, op.provider, {
      sub: `sub${hex()}`,
      email,
      emailVerified: false,
    });
    expect(result.session).toBeUndefined();
    const failure = new URL(result.final);
    expect(failure.origin + failure.pathname).toBe(FAILURE_URL);
    expect(JSON.parse(failure.searchParams.get('error')!)).toMatchObject({ type: 'general_bad_request' });
    const identities = await rest(server.url, 'GET', `/users/identities?search=${victimId}`, undefined, KEY);
    expect(((await identities.json()) as { total: number }).total).toBe(0);
    // A missing email_verified claim is no better than false.
    const missing = await signInThrough(server, op.provider, { sub: `sub${hex()}`, email });
    expect(missing.session).toBeUndefined();
    expect(await userCountWithEmail(email)).toBe(1);
  });
});

describe('OAuth2: ID token validation', () => {
  async function signInForged(forgery: { iss?: string; aud?: string; nonce?: 'wrong' }) {
    const jar = new CookieJar();
    const email = `forged-${hex()}@example.com`;
    const response = await start('keycloak', { success: SUCCESS_URL, failure: FAILURE_URL });
    expect(response.status).toBe(301);
    jar.store(new URL(server.url).origin, response.headers);
    const authorize = new URL(response.headers.get('location')!);
    expect(authorize.origin).toBe(forging.issuer);
    const nonce = authorize.searchParams.get('nonce')!;
    forging.forge({
      sub: `sub${hex()}`,
      email,
      ...(forgery.iss ? { iss: forgery.iss } : {}),
      ...(forgery.aud ? { aud: forgery.aud } : {}),
      nonce: forgery.nonce === 'wrong' ? 'not-the-flows-nonce' : nonce,
    });
    const callback = `${server.url}/v1/account/sessions/oauth2/callback/keycloak/default?code=any&state=${authorize.searchParams.get('state')!}`;
    const walk = await follow(callback, jar, { origins: [new URL(server.url).origin] });
    return { final: new URL(walk.final), session: sessionOf(jar, server), email };
  }

  it('the forging provider works when honest (so the refusals below are the checks)', async () => {
    const { final, session } = await signInForged({});
    expect(final.toString()).toBe(SUCCESS_URL);
    expect(session).toBeTruthy();
  });

  it.each([
    ['another audience', { aud: 'another-client' }, /"aud"/],
    ['another issuer', { iss: 'https://evil.example' }, /"iss"/],
    ['another nonce', { nonce: 'wrong' as const }, /"nonce"/],
  ])(
    'an ID token for %s → failure URL with user_oauth2_provider_error, no session, no user',
    async (_name, forgery, claim) => {
      const { final, session, email } = await signInForged(forgery);
      expect(final.origin + final.pathname).toBe(FAILURE_URL);
      const error = JSON.parse(final.searchParams.get('error')!) as {
        type: string;
        code: number;
        message: string;
      };
      expect(error).toMatchObject({ type: 'user_oauth2_provider_error', code: 424 });
      // Refused by the check of that claim, not by something else.
      expect(error.message).toMatch(claim);
      expect(session).toBeUndefined();
      expect(await userCountWithEmail(email)).toBe(0);
    },
  );
});

describe('OAuth2: account creation is rate-limited', () => {
  it('the redirect to the provider answers 429 past ROSTER_OAUTH2_LIMIT per client address', async () => {
    const limited = await startTestServer({ ...env, ROSTER_OAUTH2_LIMIT: '3' });
    try {
      const query = new URLSearchParams({ success: SUCCESS_URL, failure: FAILURE_URL }).toString();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await fetch(`${limited.url}/v1/account/sessions/oauth2/oidc?${query}`, {
          redirect: 'manual',
        });
        statuses.push(response.status);
        if (attempt === 3) expect(await errorOf(response)).toBe('general_rate_limit_exceeded');
      }
      expect(statuses).toEqual([301, 301, 301, 429]);
    } finally {
      await limited.close();
    }
  });
});
