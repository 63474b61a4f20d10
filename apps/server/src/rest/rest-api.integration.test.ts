import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveInvitationSecret } from '@roster/db';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';
import { MAX_BODY_BYTES } from './rest-api.ts';

const API_KEY = 'rest-test-bootstrap-key-0123456789abcdef';
const PROJECT = 'rest';
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_PROJECT_ID: PROJECT,
  ROSTER_CORS_ORIGINS: 'http://localhost:5173',
});

const KEY_HEADERS = { 'x-appwrite-key': API_KEY, 'x-appwrite-project': PROJECT };
const uniqueId = () => `t${randomBytes(6).toString('hex')}`;

function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = KEY_HEADERS) {
  return fetch(`${server.url}/v1${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectAppwriteError(response: Response, status: number, type: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['code', 'message', 'type', 'version']);
  expect(body).toMatchObject({ code: status, type, version: '1.9.6' });
  return body.message as string;
}

/** A new user and the headers of a session of theirs (a secret from users.createSession). */
async function signedInUser(name = 'Someone') {
  const email = `${uniqueId()}@example.com`;
  const user = (await (await rest('POST', '/users', { userId: 'unique()', email, name })).json()) as {
    $id: string;
  };
  const session = (await (await rest('POST', `/users/${user.$id}/sessions`, {})).json()) as {
    secret: string;
  };
  return { id: user.$id, headers: { 'x-appwrite-session': session.secret, 'x-appwrite-project': PROJECT } };
}

async function createTeam(name = 'Team') {
  const response = await rest('POST', '/teams', { teamId: uniqueId(), name });
  expect(response.status).toBe(201);
  return (await response.json()) as { $id: string; name: string; total: number };
}

describe('REST /v1: statuses and bodies', () => {
  it('POST creates with 201, GET reads with 200, and tRPC returns the same JSON', async () => {
    const created = await createTeam('Arsenal');
    expect(created).toMatchObject({ name: 'Arsenal', total: 0 });

    const read = await rest('GET', `/teams/${created.$id}`);
    expect(read.status).toBe(200);
    const restBody: unknown = await read.json();
    expect(restBody).toEqual(created);

    const input = encodeURIComponent(JSON.stringify({ teamId: created.$id }));
    const trpc = await fetch(`${server.url}/trpc/teams.get?input=${input}`, { headers: KEY_HEADERS });
    expect(((await trpc.json()) as { result: { data: unknown } }).result.data).toEqual(restBody);
  });

  it('DELETE answers 204 with an empty body', async () => {
    const team = await createTeam();
    const response = await rest('DELETE', `/teams/${team.$id}`);
    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
    await expectAppwriteError(await rest('GET', `/teams/${team.$id}`), 404, 'team_not_found');
  });

  it('PUT and PATCH answer 200', async () => {
    const team = await createTeam();
    const renamed = await rest('PUT', `/teams/${team.$id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ $id: team.$id, name: 'Renamed' });
    const prefs = await rest('PUT', `/teams/${team.$id}/prefs`, {
      prefs: { theme: 'dark', 'a.b': [1, [2]] },
    });
    expect(prefs.status).toBe(200);
    expect(await prefs.json()).toEqual({ theme: 'dark', 'a.b': [1, [2]] });
  });

  it('unknown routes and methods under /v1 are 404 general_route_not_found', async () => {
    const message = await expectAppwriteError(
      await rest('GET', '/nothing/here'),
      404,
      'general_route_not_found',
    );
    expect(message).toBe('Route not found: GET /v1/nothing/here');
    await expectAppwriteError(await rest('PATCH', '/teams'), 404, 'general_route_not_found');
  });

  it('missing and invalid params are 400 general_argument_invalid with Appwrite texts', async () => {
    expect(
      await expectAppwriteError(
        await rest('POST', '/teams', { teamId: 'unique()' }),
        400,
        'general_argument_invalid',
      ),
    ).toBe('Param "name" is not optional.');
    expect(
      await expectAppwriteError(
        await rest('POST', '/teams', { teamId: 'unique()', name: 'x'.repeat(129) }),
        400,
        'general_argument_invalid',
      ),
    ).toBe(
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    );
    expect(
      await expectAppwriteError(await rest('GET', '/teams/-bad'), 400, 'general_argument_invalid'),
    ).toMatch(/^Invalid `teamId` param: UID must contain at most 36 chars/);
  });

  it('malformed JSON, a missing content type and oversized bodies are 400, never 500', async () => {
    const malformed = await fetch(`${server.url}/v1/teams`, {
      method: 'POST',
      headers: { ...KEY_HEADERS, 'content-type': 'application/json' },
      body: '{"teamId": "unique()", "name": ',
    });
    expect(await expectAppwriteError(malformed, 400, 'general_argument_invalid')).toBe(
      'The request body is not valid JSON.',
    );

    const noContentType = await fetch(`${server.url}/v1/teams`, {
      method: 'POST',
      headers: KEY_HEADERS,
      body: JSON.stringify({ teamId: 'unique()', name: 'x' }),
    });
    await expectAppwriteError(noContentType, 400, 'general_argument_invalid');

    const huge = await rest('POST', '/teams', { teamId: 'unique()', name: 'x'.repeat(MAX_BODY_BYTES) });
    expect(await expectAppwriteError(huge, 400, 'general_argument_invalid')).toBe(
      'The request body is larger than 256 KiB.',
    );
  });

  it('errors of the procedures keep their Appwrite type and status', async () => {
    const team = await createTeam();
    await expectAppwriteError(
      await rest('POST', '/teams', { teamId: team.$id, name: 'Again' }),
      409,
      'team_already_exists',
    );
    await expectAppwriteError(await rest('GET', '/teams', undefined, {}), 401, 'general_unauthorized_scope');
    await expectAppwriteError(
      await rest('GET', '/teams', undefined, { ...KEY_HEADERS, 'x-appwrite-project': 'other' }),
      404,
      'project_not_found',
    );
  });
});

describe('tRPC and REST agree', () => {
  it('return the same JSON for the same reads', async () => {
    const team = await createTeam('Parity');
    const user = await signedInUser('Pat');
    const membership = (await (
      await rest('POST', `/teams/${team.$id}/memberships`, { userId: user.id, roles: ['dev'] })
    ).json()) as { $id: string };
    const asUser = user.headers;

    const reads: [
      procedure: string,
      input: object | undefined,
      path: string,
      headers?: Record<string, string>,
    ][] = [
      ['teams.get', { teamId: team.$id }, `/teams/${team.$id}`],
      ['teams.list', { search: 'Parity' }, '/teams?search=Parity'],
      ['teams.getPrefs', { teamId: team.$id }, `/teams/${team.$id}/prefs`],
      ['teams.listMemberships', { teamId: team.$id }, `/teams/${team.$id}/memberships`],
      [
        'teams.getMembership',
        { teamId: team.$id, membershipId: membership.$id },
        `/teams/${team.$id}/memberships/${membership.$id}`,
      ],
      ['users.get', { userId: user.id }, `/users/${user.id}`],
      ['users.getPrefs', { userId: user.id }, `/users/${user.id}/prefs`],
      ['users.listMemberships', { userId: user.id }, `/users/${user.id}/memberships`],
      ['users.listSessions', { userId: user.id }, `/users/${user.id}/sessions`],
      ['account.get', undefined, '/account', asUser],
      ['account.listSessions', undefined, '/account/sessions', asUser],
      ['teams.list', {}, '/teams', asUser],
    ];
    for (const [procedure, input, path, headers = KEY_HEADERS] of reads) {
      const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const trpc = await fetch(`${server.url}/trpc/${procedure}${query}`, { headers });
      const viaRest = await rest('GET', path, undefined, headers);
      expect(viaRest.status, procedure).toBe(200);
      expect(await viaRest.json(), procedure).toEqual(
        ((await trpc.json()) as { result: { data: unknown } }).result.data,
      );
    }
  });

  it('return the same error type and status', async () => {
    const trpc = await fetch(
      `${server.url}/trpc/teams.get?input=${encodeURIComponent('{"teamId":"missing"}')}`,
      {
        headers: KEY_HEADERS,
      },
    );
    const viaRest = await rest('GET', '/teams/missing');
    expect(viaRest.status).toBe(trpc.status);
    const { error } = (await trpc.json()) as { error: { message: string; data: { type: string } } };
    expect(await viaRest.json()).toMatchObject({ message: error.message, type: error.data.type });
  });
});

describe('REST /v1: request parsing', () => {
  it('reads queries as queries[0]=… and queries[]=…, and total=false|0', async () => {
    const prefix = uniqueId();
    for (const name of ['one', 'two', 'three']) {
      await rest('POST', '/teams', { teamId: `${prefix}${name}`, name: `${prefix} ${name}` });
    }
    const equal = JSON.stringify({ method: 'startsWith', attribute: 'name', values: [prefix] });
    const limit = JSON.stringify({ method: 'limit', values: [2] });

    const indexed = await rest(
      'GET',
      `/teams?queries[0]=${encodeURIComponent(equal)}&queries[1]=${encodeURIComponent(limit)}`,
    );
    expect(indexed.status).toBe(200);
    expect(await indexed.json()).toMatchObject({
      total: 3,
      teams: [{ name: `${prefix} one` }, { name: `${prefix} two` }],
    });

    const brackets = await rest(
      'GET',
      `/teams?queries[]=${encodeURIComponent(equal)}&queries[]=${encodeURIComponent(limit)}`,
    );
    expect(((await brackets.json()) as { teams: unknown[] }).teams).toHaveLength(2);

    const single = await rest('GET', `/teams?queries[]=${encodeURIComponent(equal)}`);
    expect(((await single.json()) as { teams: unknown[] }).teams).toHaveLength(3);

    for (const value of ['false', '0']) {
      const withoutTotal = await rest('GET', `/teams?queries[]=${encodeURIComponent(equal)}&total=${value}`);
      expect(await withoutTotal.json()).toMatchObject({ total: 0 });
    }
    const withTotal = await rest('GET', `/teams?queries[]=${encodeURIComponent(equal)}&total=1`);
    expect(await withTotal.json()).toMatchObject({ total: 3 });

    await expectAppwriteError(
      await rest('GET', `/teams?queries[]=${encodeURIComponent('{"method":"nope"}')}`),
      400,
      'general_argument_invalid',
    );
  });

  it('URL-decodes path ids', async () => {
    const team = await createTeam();
    const encoded = [...team.$id].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('');
    const response = await rest('GET', `/teams/${encoded}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ $id: team.$id });
  });
});

describe('REST /v1: headers', () => {
  it('answers a CORS preflight from an origin of ROSTER_CORS_ORIGINS with credentials, and not others', async () => {
    const preflight = await fetch(`${server.url}/v1/teams`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-appwrite-project,x-appwrite-session',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-appwrite-project,x-appwrite-session',
    );

    const simple = await rest('GET', '/teams', undefined, {
      ...KEY_HEADERS,
      origin: 'http://localhost:5173',
    });
    expect(simple.headers.get('access-control-expose-headers')).toContain('X-Fallback-Cookies');

    const stranger = await fetch(`${server.url}/v1/teams`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signs in with Set-Cookie over REST and rate-limits invitations with X-RateLimit headers', async () => {
    const email = `${uniqueId()}@example.com`;
    const user = await rest('POST', '/users', { userId: 'unique()', email, password: 'a good password' });
    expect(user.status).toBe(201);

    const signIn = await rest(
      'POST',
      '/account/sessions/email',
      { email, password: 'a good password' },
      { 'x-appwrite-project': PROJECT },
    );
    expect(signIn.status).toBe(201);
    const cookies = signIn.headers.getSetCookie();
    expect(cookies.map((cookie) => cookie.split('=')[0])).toEqual([
      `a_session_${PROJECT}_legacy`,
      `a_session_${PROJECT}`,
    ]);
    const cookie = cookies.map((value) => value.split(';')[0]).join('; ');

    const team = await rest('POST', '/teams', { teamId: 'unique()', name: 'Mine' }, { cookie });
    expect(team.status).toBe(201);
    const { $id } = (await team.json()) as { $id: string };
    const invite = await rest(
      'POST',
      `/teams/${$id}/memberships`,
      { email: `${uniqueId()}@example.com`, roles: [], url: 'http://localhost:5173/accept' },
      { cookie },
    );
    expect(invite.status).toBe(201);
    // startTestServer's generous test limit (the attack suite tests the real ones).
    expect(invite.headers.get('x-ratelimit-limit')).toBe('1000000');
    expect(invite.headers.get('x-ratelimit-remaining')).toBe('999999');
    expect(Number(invite.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('REST /v1: accepting an invitation', () => {
  it('a guest accepting over REST gets 200 and the session cookies', async () => {
    const team = await createTeam('Accepting');
    const owner = await signedInUser('Owner');
    await rest('POST', `/teams/${team.$id}/memberships`, { userId: owner.id, roles: ['owner'] });
    const invited = await rest(
      'POST',
      `/teams/${team.$id}/memberships`,
      { email: `${uniqueId()}@example.com`, roles: [], url: 'http://localhost/accept' },
      owner.headers,
    );
    expect(invited.status).toBe(201);
    const membership = (await invited.json()) as { $id: string; userId: string };
    const stored = await server.repos.memberships.byId(membership.$id);
    const secret = deriveInvitationSecret(TEST_SECRET_KEY, membership.$id, stored!.delivery!.secretVersion);

    const accepted = await rest(
      'PATCH',
      `/teams/${team.$id}/memberships/${membership.$id}/status`,
      { userId: membership.userId, secret },
      { 'x-appwrite-project': PROJECT },
    );
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ $id: membership.$id, confirm: true });
    expect(accepted.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual([
      `a_session_${PROJECT}_legacy`,
      `a_session_${PROJECT}`,
    ]);
  });
});

describe('OpenAPI document and docs page', () => {
  it('serves the OpenAPI 3.1 document with the key and session security schemes', async () => {
    const response = await fetch(`${server.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { name: string }> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.Key?.name).toBe('X-Appwrite-Key');
    expect(document.components.securitySchemes.Session?.name).toBe('X-Appwrite-Session');
    expect(document.paths['/teams']?.post?.operationId).toBe('teamsCreate');
    expect(Object.keys(document.paths['/teams']?.post?.responses ?? {})).toContain('201');
    expect(Object.keys(document.paths['/teams/{teamId}']?.delete?.responses ?? {})).toContain('204');
  });

  it('serves an interactive docs page from our own dependencies', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of [
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/swagger-ui.css',
      '/docs/init.js',
    ]) {
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status, asset).toBe(200);
    }
  });
});
