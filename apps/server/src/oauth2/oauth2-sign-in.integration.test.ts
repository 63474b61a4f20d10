import { randomBytes } from 'node:crypto';
import { Client, Users } from 'node-appwrite';
import { beforeAll, describe, expect, it } from 'vitest';
import { rest, sessionHeaders } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';
import { CookieJar, FAILURE_URL, signInThrough, SUCCESS_URL, useOpenIdProvider } from '../testing/oauth2.ts';

/**
 * OAuth2 sign-in against a real OpenID Provider (oidc-provider, on 127.0.0.1): the redirects are
 * followed as a browser would, cookies kept per origin.
 */
const API_KEY = `oauth2-test-key-${randomBytes(16).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY };
const env: Record<string, string> = { ROSTER_API_KEY: API_KEY };
const op = useOpenIdProvider(env, { name: 'Test OP' });
const server = useTestServer(env);
beforeAll(() => op.register(server));

const hex = () => randomBytes(6).toString('hex');
const account = (overrides: { email?: string; emailVerified?: boolean; name?: string } = {}) => ({
  sub: `sub${hex()}`,
  email: `oidc-${hex()}@example.com`,
  emailVerified: true,
  name: 'Olivia OIDC',
  ...overrides,
});

const byEmail = (email: string) =>
  `/users?queries[]=${encodeURIComponent(JSON.stringify({ method: 'equal', attribute: 'email', values: [email] }))}`;

async function me(token: string) {
  const response = await rest(server.url, 'GET', '/account', undefined, sessionHeaders(token));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function identitiesOf(userId: string) {
  const response = await rest(
    server.url,
    'GET',
    `/users/identities?queries[]=${encodeURIComponent(JSON.stringify({ method: 'equal', attribute: 'userId', values: [userId] }))}`,
    undefined,
    KEY,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    total: number;
    identities: { $id: string; provider: string; providerUid: string; providerEmail: string }[];
  };
}

describe('OAuth2 sign-in with a generic OpenID Provider', () => {
  it('lists the configured providers', async () => {
    const response = await rest(server.url, 'GET', '/account/oauth2/providers');
    expect(await response.json()).toEqual({ total: 1, providers: [{ id: 'oidc', name: 'Test OP' }] });
  });

  it('signs up through the redirects: 301 to the provider with state, PKCE S256 and nonce, then a session and an identity', async () => {
    const who = account();
    const { hops, final, session } = await signInThrough(server, op.provider, who);
    expect(hops[0]!.status).toBe(301);
    const authorize = new URL(hops[0]!.location!);
    expect(authorize.origin).toBe(op.provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('scope')).toBe('openid profile email');
    const callback = hops.at(-1)!;
    expect(callback.url).toContain('/v1/account/sessions/oauth2/callback/oidc/default?');
    expect(callback.status).toBe(301);
    expect(final).toBe(SUCCESS_URL);
    expect(session).toBeTruthy();
    const { body } = await me(session!);
    expect(body).toMatchObject({ email: who.email, emailVerification: true, name: 'Olivia OIDC' });
    const sessions = await rest(server.url, 'GET', '/account/sessions', undefined, sessionHeaders(session!));
    const {
      sessions: [current],
    } = (await sessions.json()) as { sessions: object[] };
    expect(current).toMatchObject({ provider: 'oidc', providerUid: who.sub, factors: ['email', 'oauth2'] });
    const { identities } = await identitiesOf(body.$id as string);
    expect(identities).toMatchObject([{ provider: 'oidc', providerUid: who.sub, providerEmail: who.email }]);
    // Signing in again finds the same user through the identity.
    const again = await signInThrough(server, op.provider, who);
    expect((await me(again.session!)).body.$id).toBe(body.$id);
    expect((await identitiesOf(body.$id as string)).total).toBe(1);
  });

  it('the token route hands userId and a secret to the success URL, exchanged once for a session', async () => {
    const who = account();
    const { final, session } = await signInThrough(server, op.provider, who, {
      path: '/v1/account/tokens/oauth2/oidc',
    });
    expect(session).toBeUndefined();
    const url = new URL(final);
    expect(url.origin + url.pathname).toBe(SUCCESS_URL);
    const userId = url.searchParams.get('userId')!;
    const secret = url.searchParams.get('secret')!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const exchange = () => rest(server.url, 'POST', '/account/sessions/token', { userId, secret });
    const first = await exchange();
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ userId, provider: 'oidc', factors: ['email'] });
    expect((await exchange()).status).toBe(401);
  });

  it('a signed-in user links a second provider account; both sign in as them', async () => {
    const first = account();
    const signedIn = await signInThrough(server, op.provider, first);
    const userId = (await me(signedIn.session!)).body.$id as string;
    const second = account({ email: first.email });
    const linked = await signInThrough(server, op.provider, second, { jar: signedIn.jar });
    expect(linked.final).toBe(SUCCESS_URL);
    expect((await me(linked.session!)).body.$id).toBe(userId);
    const { identities } = await identitiesOf(userId);
    expect(identities.map((identity) => identity.providerUid).sort()).toEqual([first.sub, second.sub].sort());
    const later = await signInThrough(server, op.provider, second);
    expect((await me(later.session!)).body.$id).toBe(userId);
  });

  it('an unverified email claim does not sign in to the account with that email, and creates nothing', async () => {
    const email = `victim-${hex()}@example.com`;
    const created = await rest(
      server.url,
      'POST',
      '/users',
      { userId: 'unique()', email, password: 'victim-password-1' },
      KEY,
    );
    const victim = (await created.json()) as { $id: string };
    const attacker = account({ email, emailVerified: false });
    const { final, session } = await signInThrough(server, op.provider, attacker);
    expect(session).toBeUndefined();
    const failed = new URL(final);
    expect(failed.origin + failed.pathname).toBe(FAILURE_URL);
    expect(JSON.parse(failed.searchParams.get('error')!)).toMatchObject({
      type: 'general_bad_request',
      code: 400,
    });
    expect((await identitiesOf(victim.$id)).total).toBe(0);
    const all = await rest(server.url, 'GET', byEmail(email), undefined, KEY);
    expect(((await all.json()) as { total: number }).total).toBe(1);
  });

  it('a verified email claim signs in to the account with that email and clears what was set before it was verified', async () => {
    const email = `pre-${hex()}@example.com`;
    const created = await rest(
      server.url,
      'POST',
      '/users',
      { userId: 'unique()', email, password: 'squatter-password-1' },
      KEY,
    );
    const squatted = (await created.json()) as { $id: string };
    const owner = account({ email });
    const { session } = await signInThrough(server, op.provider, owner);
    const { body } = await me(session!);
    expect(body).toMatchObject({ $id: squatted.$id, emailVerification: true, passwordUpdate: '' });
    const password = await rest(server.url, 'POST', '/account/sessions/email', {
      email,
      password: 'squatter-password-1',
    });
    expect(password.status).toBe(401);
  });

  it('GET /v1/users/identities lists (with search) and DELETE removes; sessions stay', async () => {
    const who = account();
    const { session } = await signInThrough(server, op.provider, who);
    const userId = (await me(session!)).body.$id as string;
    const found = await rest(server.url, 'GET', `/users/identities?search=${who.sub}`, undefined, KEY);
    const list = (await found.json()) as { total: number; identities: { $id: string; userId: string }[] };
    expect(list).toMatchObject({ total: 1, identities: [{ userId }] });
    const id = list.identities[0]!.$id;
    expect((await rest(server.url, 'DELETE', `/users/identities/${id}`, undefined, KEY)).status).toBe(204);
    const again = await rest(server.url, 'DELETE', `/users/identities/${id}`, undefined, KEY);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { type: string }).type).toBe('user_identity_not_found');
    expect((await me(session!)).status).toBe(200);
  });

  it('node-appwrite users.listIdentities and users.deleteIdentity', async () => {
    const who = account();
    await signInThrough(server, op.provider, who);
    const users = new Users(
      new Client().setEndpoint(`${server.url}/v1`).setProject('default').setKey(API_KEY),
    );
    const listed = await users.listIdentities({ search: who.sub });
    expect(listed.total).toBe(1);
    expect(listed.identities[0]).toMatchObject({
      provider: 'oidc',
      providerUid: who.sub,
      providerEmail: who.email,
    });
    await users.deleteIdentity({ identityId: listed.identities[0]!.$id });
    expect((await users.listIdentities({ search: who.sub })).total).toBe(0);
  });

  it('concurrent callbacks of one new provider account make one user and one identity', async () => {
    const who = account();
    const stop = (url: URL) => url.pathname.includes('/oauth2/callback/');
    const origins = [new URL(server.url).origin, new URL(op.provider.issuer).origin];
    const { follow } = await import('../testing/oauth2.ts');
    const walks = [];
    for (let i = 0; i < 2; i++) {
      const jar = new CookieJar();
      op.provider.signInAs(who);
      const start = `${server.url}/v1/account/sessions/oauth2/oidc?success=${encodeURIComponent(SUCCESS_URL)}`;
      walks.push({ jar, walk: await follow(start, jar, { origins, stopAt: stop }) });
    }
    const results = await Promise.all(walks.map(({ jar, walk }) => follow(walk.final, jar, { origins })));
    expect(results.map((r) => r.final)).toEqual([SUCCESS_URL, SUCCESS_URL]);
    const found = await rest(server.url, 'GET', `/users/identities?search=${who.sub}`, undefined, KEY);
    const list = (await found.json()) as { total: number; identities: { userId: string }[] };
    expect(list.total).toBe(1);
    const users = await rest(server.url, 'GET', byEmail(who.email), undefined, KEY);
    expect(((await users.json()) as { total: number }).total).toBe(1);
  });
});
