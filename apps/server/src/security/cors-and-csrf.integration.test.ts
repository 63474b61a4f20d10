import { createApiKey } from '@roster/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startTestServer, type TestServer } from '../testing/http-server.ts';
import {
  cookieHeader,
  rest,
  signIn,
  signUp,
  trpcGet,
  trpcPost,
  uniqueEmail,
  type TrpcError,
} from '../testing/http-client.ts';

/**
 * Review finding 6 (MEDIUM): credentialed CORS reused the invitation host list
 * (`ROSTER_REDIRECT_HOSTS`, `*` and `*.example.com` wildcards, `http:` origins). CORS now has its
 * own exact list of origins, `ROSTER_CORS_ORIGINS`.
 *
 * Review finding 12: a cross-site form (`multipart/form-data`, `text/plain`) reached tRPC
 * mutations with the victim's cookie. /trpc now takes JSON bodies only, and a state-changing
 * request from a browser page whose Origin is neither this API nor on the list is refused
 * (403 `general_unknown_origin`, as Appwrite does), unless it carries an API key.
 */
const APP = 'https://app.example.com';
const PUBLIC_URL = 'https://api.example.com';
const EVIL = 'https://evil.example.com';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    ROSTER_CORS_ORIGINS: `${APP}, http://localhost:5173`,
    // Invitation links may go anywhere under example.com: that grants no CORS.
    ROSTER_REDIRECT_HOSTS: '*.example.com,localhost',
    ROSTER_PUBLIC_URL: PUBLIC_URL,
  });
});
afterAll(() => server.close());

const preflight = (origin: string, path = '/v1/teams') =>
  fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-appwrite-session',
    },
  });

describe('finding 6: CORS from an exact list of origins', () => {
  it.each([APP, 'http://localhost:5173'])(
    'a listed origin (%s) may call with credentials',
    async (origin) => {
      for (const path of ['/v1/teams', '/trpc/teams.create']) {
        const response = await preflight(origin, path);
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      }
    },
  );

  it.each([
    ['a host only on ROSTER_REDIRECT_HOSTS', EVIL],
    ['a listed host over http:', 'http://app.example.com'],
    ['a listed host on another port', 'https://app.example.com:8443'],
    ['localhost on another port', 'http://localhost:3000'],
    ['the opaque origin', 'null'],
  ])('%s gets no CORS headers', async (_, origin) => {
    const response = await preflight(origin);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('by default no origin may call cross-site (the demo is same-origin)', async () => {
    const fresh = await startTestServer();
    try {
      const response = await fetch(`${fresh.url}/v1/teams`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/roster', ROSTER_SECRET_KEY: 's'.repeat(32) };

  it.each([
    ['*', /ROSTER_CORS_ORIGINS .*\*/],
    ['https://*.example.com', /ROSTER_CORS_ORIGINS .*exact origin/],
    ['http://app.example.com', /ROSTER_CORS_ORIGINS .*https/],
    ['https://app.example.com/path', /ROSTER_CORS_ORIGINS .*exact origin/],
    ['https://user:pass@app.example.com', /ROSTER_CORS_ORIGINS .*exact origin/],
    ['app.example.com', /ROSTER_CORS_ORIGINS .*exact origin/],
  ])('configuration refuses ROSTER_CORS_ORIGINS=%s', (value, message) => {
    expect(() => loadConfig({ ...base, ROSTER_CORS_ORIGINS: value })).toThrow(message);
  });

  it('configuration accepts https origins and http only on loopback, normalised', () => {
    const config = loadConfig({
      ...base,
      ROSTER_CORS_ORIGINS:
        'https://App.Example.com:443, http://localhost:5173,http://127.0.0.1:8080,http://[::1]:5173',
    });
    expect(config.ROSTER_CORS_ORIGINS).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'http://127.0.0.1:8080',
      'http://[::1]:5173',
    ]);
    expect(loadConfig(base).ROSTER_CORS_ORIGINS).toEqual([]);
  });
});

describe('finding 12: cross-site request forgery', () => {
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    const email = uniqueEmail('victim');
    await signUp(server.url, email, 'a good password');
    const signedIn = await signIn(server.url, email, 'a good password');
    cookie = cookieHeader(signedIn.setCookies);
    token = signedIn.token;
  });

  const stillSignedIn = async () =>
    expect((await trpcGet(server.url, 'account.get', undefined, { cookie })).status).toBe(200);

  it.each([
    ['multipart/form-data', () => new FormData()],
    ['text/plain', () => 'x'],
    ['application/x-www-form-urlencoded', () => new URLSearchParams({ a: 'b' })],
  ])('a %s POST to /trpc cannot reach a mutation', async (_, body) => {
    const response = await fetch(`${server.url}/trpc/account.deleteSessions`, {
      method: 'POST',
      headers: { cookie },
      body: body(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as TrpcError).error.data.type).toBe('general_argument_invalid');
    await stillSignedIn();
  });

  it('a POST without a body or content type cannot reach a mutation either', async () => {
    const response = await fetch(`${server.url}/trpc/account.deleteSessions`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(response.status).toBe(400);
    await stillSignedIn();
  });

  it('a cookie-authenticated mutation from another site is 403 general_unknown_origin on /trpc', async () => {
    const response = await trpcPost(server.url, 'account.deleteSessions', {}, { cookie, origin: EVIL });
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as TrpcError;
    expect(error.data.type).toBe('general_unknown_origin');
    expect(error.data.httpStatus).toBe(403);
    await stillSignedIn();
  });

  it('the same on /v1, with an Appwrite error body', async () => {
    const response = await rest(server.url, 'DELETE', '/account/sessions', undefined, {
      cookie,
      origin: EVIL,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 403,
      type: 'general_unknown_origin',
      version: '1.9.6',
    });
    await stillSignedIn();
  });

  it('an empty X-Appwrite-Key (the cookie still authenticates) does not pass as a key', async () => {
    const response = await trpcPost(
      server.url,
      'account.deleteSessions',
      {},
      { cookie, origin: EVIL, 'x-appwrite-key': '' },
    );
    expect(response.status).toBe(403);
    await stillSignedIn();
  });

  it('an API key call passes whatever its Origin (a page cannot send one cross-site), as in Appwrite', async () => {
    const { key } = await createApiKey(server.repos, {
      name: 'csrf',
      scopes: ['teams.write'],
    });
    const response = await trpcPost(
      server.url,
      'teams.create',
      { teamId: 'unique()', name: 'Key' },
      { 'x-appwrite-key': key, origin: EVIL },
    );
    expect(response.status).toBe(200);
  });

  it('a guest mutation from another site is refused too (no login CSRF)', async () => {
    const response = await trpcPost(
      server.url,
      'account.createEmailPasswordSession',
      { email: uniqueEmail(), password: 'a good password' },
      { origin: EVIL },
    );
    expect(response.status).toBe(403);
  });

  it.each([
    ['a listed origin', () => APP],
    ['the public URL', () => PUBLIC_URL],
    ["the request's own host (the demo served by the API)", () => server.url],
  ])('a cookie-authenticated mutation from %s goes through', async (_, origin) => {
    const response = await trpcPost(
      server.url,
      'teams.create',
      { teamId: 'unique()', name: 'Ok' },
      { cookie, origin: origin() },
    );
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('a mutation without an Origin (a server, curl, an SDK) goes through', async () => {
    const response = await trpcPost(
      server.url,
      'teams.create',
      { teamId: 'unique()', name: 'Ok' },
      { cookie },
    );
    expect(response.status).toBe(200);
    const header = await trpcPost(
      server.url,
      'teams.create',
      { teamId: 'unique()', name: 'Ok' },
      { 'x-appwrite-session': token },
    );
    expect(header.status).toBe(200);
  });

  it('reads from another site are not refused (CORS keeps their answers from the page)', async () => {
    const response = await trpcGet(server.url, 'account.get', undefined, { cookie, origin: EVIL });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
