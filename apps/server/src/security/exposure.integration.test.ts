import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey } from '@roster/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/http-server.ts';
import { rest, signIn, signUp, trpcGet, uniqueEmail } from '../testing/http-client.ts';

/**
 * Review finding 13 (LOW): what the API gives away without being asked. The public `/health`
 * showed internal error texts (hostnames, addresses) and queue depths; authenticated answers
 * carried no `Cache-Control: private`, so a shared cache could serve one user's data to another;
 * the demo pages and the API had no security headers, so the demo's buttons could be clickjacked.
 */
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
let server: TestServer;
let demoDir: string;

beforeAll(async () => {
  // A stand-in for the demo's production build: what `vite build` writes.
  demoDir = await mkdtemp(path.join(tmpdir(), 'roster-exposure-'));
  await mkdir(path.join(demoDir, 'assets'));
  await writeFile(
    path.join(demoDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script>' +
      '<link rel="stylesheet" href="/assets/index-abc.css"></head><body><div id="root"></div></body></html>',
  );
  await writeFile(path.join(demoDir, 'assets', 'index-abc.js'), 'console.log("demo");');
  server = await startTestServer({ ROSTER_API_KEY: API_KEY }, { demoDist: demoDir });
});
afterAll(async () => {
  await server?.close();
  await rm(demoDir, { recursive: true, force: true });
});

describe('finding 13: /health shows details only to API keys', () => {
  it('publicly, /health and health.get say only pass or fail', async () => {
    for (const headers of [{}, { 'x-appwrite-key': 'not-a-key-0123456789abcdef0123456789' }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(`${server.url}/health`, { headers });
      expect(Object.keys((await response.json()) as object)).toEqual(['status']);
      const trpc = await trpcGet(server.url, 'health.get', undefined, headers);
      expect(trpc.status).toBe(200);
      expect(Object.keys(((await trpc.json()) as { result: { data: object } }).result.data)).toEqual([
        'status',
      ]);
    }
  });

  it('with any valid API key, the full report (checks, messages, queue depth)', async () => {
    const { key } = await createApiKey(server.repos, {
      name: 'probe',
      scopes: ['teams.read'],
    });
    for (const headers of [{ 'x-appwrite-key': API_KEY }, { 'x-appwrite-key': key }]) {
      const report = (await (await fetch(`${server.url}/health`, { headers })).json()) as Record<
        string,
        unknown
      >;
      expect(Object.keys(report.checks as object).sort()).toEqual(['database', 'redis', 'smtp', 'storage']);
      expect(report.queues).toBeDefined();
      const trpc = (await (await trpcGet(server.url, 'health.get', undefined, headers)).json()) as {
        result: { data: Record<string, unknown> };
      };
      expect(Object.keys(trpc.result.data.checks as object).sort()).toEqual([
        'database',
        'redis',
        'smtp',
        'storage',
      ]);
    }
  });
});

describe('finding 13: authenticated answers are never cached', () => {
  const PRIVATE = 'private, no-store';

  it('session, key and sign-in answers carry Cache-Control: private, no-store', async () => {
    const email = uniqueEmail();
    await signUp(server.url, email, 'a good password');
    const { response: signInResponse, token } = await signIn(server.url, email, 'a good password');
    expect(signInResponse.headers.get('cache-control')).toBe(PRIVATE);

    const answers = [
      await rest(server.url, 'GET', '/account', undefined, { 'x-appwrite-session': token }),
      await trpcGet(server.url, 'account.get', undefined, { cookie: `a_session_default=${token}` }),
      await trpcGet(
        server.url,
        'teams.list',
        {},
        {
          'x-fallback-cookies': JSON.stringify({ a_session_default: token }),
        },
      ),
      await rest(server.url, 'GET', '/teams', undefined, { 'x-appwrite-key': API_KEY }),
      await fetch(`${server.url}/health`, { headers: { 'x-appwrite-key': API_KEY } }),
    ];
    for (const answer of answers) {
      // /health is 503 here (no SMTP server): what matters is that the answer is private.
      if (!answer.url.endsWith('/health')) expect(answer.status, answer.url).toBe(200);
      expect(answer.headers.get('cache-control'), answer.url).toBe(PRIVATE);
    }
  });

  it('errors keep their Appwrite no-cache header', async () => {
    const response = await rest(server.url, 'GET', '/teams/missing-team', undefined, {
      'x-appwrite-key': API_KEY,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
  });
});

describe('finding 13: security headers', () => {
  it.each(['/health', '/v1/teams', '/trpc/health.get', '/v1/nowhere', '/docs'])(
    'the API answer at %s cannot be framed or sniffed',
    async (urlPath) => {
      const response = await fetch(`${server.url}${urlPath}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    },
  );

  it.each(['/', '/teams/abc', '/accept?teamId=t&membershipId=m&userId=u&secret=s'])(
    'the demo page %s has a CSP without inline scripts, no framing, nosniff and a referrer policy',
    async (urlPath) => {
      const response = await fetch(`${server.url}${urlPath}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      // The accept page's URL carries the invitation secret: it must not leak to other sites.
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    },
  );

  it('the demo assets are served with nosniff', async () => {
    const response = await fetch(`${server.url}/assets/index-abc.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
