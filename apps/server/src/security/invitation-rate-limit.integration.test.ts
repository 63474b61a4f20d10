import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestServer, useTestServer, type TestServer } from '../testing/http-server.ts';
import { errorTypeOf, rawRequest, trpcMutation, type RawResponse } from '../testing/http-client.ts';

/**
 * Security review finding 4 (the invitation rate limit could be sidestepped with a new `Host`, a
 * forged `X-Forwarded-For` or a new IPv6 address) and finding 11's proxy-trust part. Every request
 * goes to the test server on 127.0.0.1; other addresses appear only as header values.
 */

const API_KEY = `security-invite-key-${randomBytes(16).toString('hex')}`;
const unique = () => randomBytes(6).toString('hex');

/** A user with a session (made by the API key, so no sign-in budget is spent) and a team they own. */
async function ownerWithTeam(server: TestServer) {
  const key = { 'x-appwrite-key': API_KEY };
  const user = await trpcMutation(
    server.url,
    'users.create',
    { userId: 'unique()', email: `owner-${unique()}@example.com` },
    key,
  );
  expect(user.status).toBe(200);
  const userId = (user.body as { result: { data: { $id: string } } }).result.data.$id;
  const session = await trpcMutation(server.url, 'users.createSession', { userId }, key);
  const secret = (session.body as { result: { data: { secret: string } } }).result.data.secret;
  const headers = { 'x-appwrite-session': secret };
  const team = await trpcMutation(
    server.url,
    'teams.create',
    { teamId: 'unique()', name: 'Target' },
    headers,
  );
  expect(team.status).toBe(200);
  return { headers, teamId: (team.body as { result: { data: { $id: string } } }).result.data.$id };
}

function invite(server: TestServer, owner: { headers: Record<string, string> }, teamId: string, extra = {}) {
  return trpcMutation(
    server.url,
    'teams.createMembership',
    { teamId, email: `victim-${unique()}@example.com`, roles: [], url: 'http://localhost/accept' },
    { ...owner.headers, ...extra },
  );
}

/** `ok` for a created invitation, else the error type (the 429s are `general_rate_limit_exceeded`). */
const outcome = (response: RawResponse) => (response.status === 200 ? 'ok' : errorTypeOf(response));
const LIMITED = 'general_rate_limit_exceeded';

async function outcomes(count: number, send: (index: number) => Promise<RawResponse>) {
  const results: (string | undefined)[] = [];
  for (let index = 0; index < count; index++) results.push(outcome(await send(index)));
  return results;
}

describe('finding 4: the invitation limit ignores the client-controlled Host and X-Forwarded-For', () => {
  const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_INVITE_RATE_LIMIT: '3' });

  it('a new Host header per request does not buy a new budget', async () => {
    const owner = await ownerWithTeam(server);
    const results = await outcomes(5, (i) => invite(server, owner, owner.teamId, { host: `h${i}.example` }));
    expect(results).toEqual(['ok', 'ok', 'ok', LIMITED, LIMITED]);
  });

  it('without ROSTER_TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    const owner = await ownerWithTeam(server);
    const results = await outcomes(4, (i) =>
      invite(server, owner, owner.teamId, { 'x-forwarded-for': `203.0.113.${i + 1}` }),
    );
    expect(results).toEqual(['ok', 'ok', 'ok', LIMITED]);
  });

  it('a 429 carries the hourly X-RateLimit-* headers and Retry-After, over tRPC and REST', async () => {
    const owner = await ownerWithTeam(server);
    const first = await invite(server, owner, owner.teamId);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    await invite(server, owner, owner.teamId);
    await invite(server, owner, owner.teamId);
    const refused = await invite(server, owner, owner.teamId);
    expect(refused.status).toBe(429);
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(refused.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(
      reset - Math.floor(Date.now() / 1000) + 1,
    );

    const rest = await rawRequest(server.url, {
      method: 'POST',
      path: `/v1/teams/${owner.teamId}/memberships`,
      headers: owner.headers,
      body: { email: `victim-${unique()}@example.com`, roles: [], url: 'http://localhost/accept' },
    });
    expect(rest.status).toBe(429);
    expect(rest.body).toMatchObject({ type: LIMITED, code: 429 });
    expect(rest.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('API keys are never limited but get headers for their own key', async () => {
    const { teamId } = await ownerWithTeam(server);
    for (let i = 0; i < 5; i++) {
      const keyed = await trpcMutation(
        server.url,
        'teams.createMembership',
        { teamId, email: `keyed-${unique()}@example.com`, roles: [] },
        { 'x-appwrite-key': API_KEY },
      );
      expect(keyed.status).toBe(200);
      expect(keyed.headers['x-ratelimit-limit']).toBe('3');
      expect(keyed.headers['x-ratelimit-remaining']).toBe('2');
    }
  });
});

describe('finding 4: the budget is per caller, team and address, with a per-user daily cap', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_INVITE_RATE_LIMIT: '2',
    ROSTER_INVITE_DAILY_LIMIT: '5',
  });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('forged left-most X-Forwarded-For entries do not count: the proxy-appended address is the client', async () => {
    const owner = await ownerWithTeam(server);
    const results = await outcomes(3, (i) =>
      invite(server, owner, owner.teamId, from(`198.51.100.${i + 1}, 203.0.113.10`)),
    );
    expect(results).toEqual(['ok', 'ok', LIMITED]);
  });

  it('each team has its own hourly budget, and the daily cap spans every team', async () => {
    const owner = await ownerWithTeam(server);
    const teams = [owner.teamId];
    for (let i = 0; i < 3; i++) {
      const team = await trpcMutation(
        server.url,
        'teams.create',
        { teamId: 'unique()', name: `T${i}` },
        owner.headers,
      );
      teams.push((team.body as { result: { data: { $id: string } } }).result.data.$id);
    }
    const results = await outcomes(7, (i) => invite(server, owner, teams[Math.floor(i / 2)]!));
    // Two per team for the first two teams, then the daily cap of 5 refuses the sixth and after.
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', LIMITED, LIMITED]);
  });

  it('IPv6: one /64 shares a budget, other /64s do not, and all of them hit the per-user daily cap', async () => {
    const owner = await ownerWithTeam(server);
    const send = (address: string) => invite(server, owner, owner.teamId, from(address));
    expect(
      await outcomes(3, (i) =>
        send(['2001:db8:aa:1::1', '2001:db8:aa:1:ffff:ffff:ffff:fffe', '2001:db8:aa:1::9'][i]!),
      ),
    ).toEqual(['ok', 'ok', LIMITED]);
    expect(await outcomes(2, (i) => send(`2001:db8:aa:2::${i + 1}`))).toEqual(['ok', 'ok']);
    // Five sent: the daily cap refuses any further /64.
    expect(await outcomes(2, (i) => send(`2001:db8:aa:${i + 3}::1`))).toEqual(['ok', LIMITED]);
    const capped = await send('2001:db8:bb::1');
    expect(outcome(capped)).toBe(LIMITED);
    // The binding limit is the daily one: its headers say so.
    expect(capped.headers['x-ratelimit-limit']).toBe('5');
    expect(capped.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(capped.headers['x-ratelimit-reset']) % 86_400).toBe(0);
  });

  it('an IPv4-mapped IPv6 address is the IPv4 address', async () => {
    const owner = await ownerWithTeam(server);
    const results = await outcomes(3, (i) =>
      invite(
        server,
        owner,
        owner.teamId,
        from(['203.0.113.77', '::ffff:203.0.113.77', '::ffff:cb00:714d'][i]!),
      ),
    );
    expect(results).toEqual(['ok', 'ok', LIMITED]);
  });
});

describe('finding 4: one address cannot multiply the budget with many accounts', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_INVITE_RATE_LIMIT: '10',
    ROSTER_INVITE_ADDRESS_LIMIT: '3',
  });

  it('every session caller from one address shares the per-address budget', async () => {
    const results: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const owner = await ownerWithTeam(server);
      results.push(outcome(await invite(server, owner, owner.teamId)));
    }
    expect(results).toEqual(['ok', 'ok', 'ok', LIMITED, LIMITED]);
  });
});

describe('finding 11: ROSTER_TRUST_PROXY is a hop count or an address list, never "everything"', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: '1',
    ROSTER_INVITE_RATE_LIMIT: '2',
  });

  it('with one trusted hop, only the right-most X-Forwarded-For entry is the client', async () => {
    const owner = await ownerWithTeam(server);
    const results = await outcomes(3, (i) =>
      invite(server, owner, owner.teamId, { 'x-forwarded-for': `198.51.100.${i + 1}, 203.0.113.30` }),
    );
    expect(results).toEqual(['ok', 'ok', LIMITED]);
    // A different client behind the same proxy has its own budget.
    expect(outcome(await invite(server, owner, owner.teamId, { 'x-forwarded-for': '203.0.113.31' }))).toBe(
      'ok',
    );
  });

  it('ROSTER_TRUST_PROXY=true is refused at start-up with what to use instead', async () => {
    await expect(startTestServer({ ROSTER_TRUST_PROXY: 'true' })).rejects.toThrow(
      /ROSTER_TRUST_PROXY .*hop count.*loopback/,
    );
  });
});
