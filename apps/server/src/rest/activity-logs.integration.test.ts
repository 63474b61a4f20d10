import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '@roster/api';
import { countryDatabase } from '@roster/jobs/testing/mmdb';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptParamsFor, httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * The activity logs end to end (docs/events.md#activity-logs): a team's life made through real
 * REST calls, recorded as events by the API, dispatched by the in-process worker to the logs
 * consumer, and read back as Appwrite's LogList, with a real MaxMind-format file placing
 * loopback in Germany.
 */
const API_KEY = 'activity-logs-test-key-0123456789abcdef';
const geoip = join(mkdtempSync(join(tmpdir(), 'roster-logs-')), 'country.mmdb');
writeFileSync(geoip, countryDatabase({ '127.0.0.0/8': 'DE' }));
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_GEOIP_DATABASE: geoip }, { mail: true });
const key = { 'x-appwrite-key': API_KEY };
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0';

interface Person {
  id: string;
  email: string;
  headers: Record<string, string>;
}

async function person(agent: string): Promise<Person> {
  const user = await userWithSession(httpCalls(server), key, 'a good password', uniqueEmail('logs'));
  return { id: user.id, email: user.email, headers: { ...user.headers, 'user-agent': agent } };
}

async function call<T = Record<string, unknown>>(
  who: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await rest(server.url, method, path, body, who);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

interface Log {
  event: string;
  userId: string;
  userEmail: string;
  userType: string;
  mode: string;
  ip: string;
  time: string;
  osName: string;
  clientName: string;
  clientCode: string;
  clientEngine: string;
  deviceName: string;
  countryCode: string;
  countryName: string;
}
type LogList = { total: number; logs: Log[] };

/** The team's log once the worker has recorded `count` entries (dispatch is asynchronous). */
async function teamLog(teamId: string, headers: Record<string, string>, count: number): Promise<LogList> {
  // The log is written by the events consumer, after the response; under the whole suite's load a
  // removal's entry once took over 20 s to appear.
  const deadline = Date.now() + 45_000;
  for (;;) {
    const list = await call<LogList>(headers, 'GET', `/teams/${teamId}/logs`);
    expect(list.status).toBe(200);
    if (list.body.total >= count || Date.now() > deadline) return list.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /v1/teams/{teamId}/logs, /v1/users/{userId}/logs, /v1/account/logs, end to end', () => {
  let owner: Person;
  let invitee: Person;
  let outsider: Person;
  let teamId: string;
  let membershipId: string;

  beforeAll(async () => {
    owner = await person(CHROME);
    outsider = await person(CHROME);
    const inviteeEmail = uniqueEmail('invitee');

    const team = await call<{ $id: string }>(owner.headers, 'POST', '/teams', {
      teamId: 'unique()',
      name: 'Audited',
    });
    expect(team.status).toBe(201);
    teamId = team.body.$id;

    const invitation = await call<{ $id: string }>(owner.headers, 'POST', `/teams/${teamId}/memberships`, {
      email: inviteeEmail,
      roles: ['developer'],
      url: 'http://localhost/accept',
    });
    expect(invitation.status).toBe(201);
    membershipId = invitation.body.$id;

    // The invitee accepts from the link in the email, in their own browser, without a session.
    const link = await acceptParamsFor(server, inviteeEmail);
    const accepted = await call(
      { 'user-agent': FIREFOX_MAC },
      'PATCH',
      `/teams/${teamId}/memberships/${membershipId}/status`,
      { userId: link.userId, secret: link.secret },
    );
    expect(accepted.status).toBe(200);
    const session = await httpCalls(server).mutate<{ secret: string }>(
      'users.createSession',
      { userId: link.userId },
      key,
    );
    invitee = {
      id: link.userId,
      email: inviteeEmail,
      headers: { 'x-appwrite-session': session.data.secret, 'user-agent': FIREFOX_MAC },
    };

    const promoted = await call(owner.headers, 'PATCH', `/teams/${teamId}/memberships/${membershipId}`, {
      roles: ['lead'],
    });
    expect(promoted.status).toBe(200);
  });

  it('a non-owner member gets 401, an outsider 404, a guest 401; user logs need a key', async () => {
    const member = await call<{ type: string }>(invitee.headers, 'GET', `/teams/${teamId}/logs`);
    expect([member.status, member.body.type]).toEqual([401, 'user_unauthorized']);
    const stranger = await call<{ type: string }>(outsider.headers, 'GET', `/teams/${teamId}/logs`);
    expect([stranger.status, stranger.body.type]).toEqual([404, 'team_not_found']);
    const guest = await call<{ type: string }>({}, 'GET', `/teams/${teamId}/logs`);
    expect([guest.status, guest.body.type]).toEqual([401, 'general_unauthorized_scope']);
    const asUser = await call<{ type: string }>(owner.headers, 'GET', `/users/${owner.id}/logs`);
    expect([asUser.status, asUser.body.type]).toEqual([401, 'general_unauthorized_scope']);
    const unknown = await call<{ type: string }>(key, 'GET', `/users/nobody/logs`);
    expect([unknown.status, unknown.body.type]).toEqual([404, 'user_not_found']);
  });

  it('the team’s log lists create, invite, accept, role change and removal, newest first, with actor, IP and client', async () => {
    const removed = await call(owner.headers, 'DELETE', `/teams/${teamId}/memberships/${membershipId}`);
    expect(removed.status).toBe(204);

    const list = await teamLog(teamId, owner.headers, 5);
    expect(list.logs.map((log) => [log.event, log.userId])).toEqual([
      ['membership.delete', owner.id],
      ['membership.update', owner.id],
      ['membership.update', invitee.id],
      ['membership.create', owner.id],
      ['team.create', owner.id],
    ]);
    expect(list.total).toBe(5);
    expect(list.logs[4]).toMatchObject({
      userEmail: owner.email,
      userType: 'user',
      mode: 'default',
      osName: 'Windows',
      clientName: 'Chrome',
      clientCode: 'CH',
      clientEngine: 'Blink',
      deviceName: 'desktop',
      countryCode: 'de',
      countryName: 'Germany',
    });
    expect(list.logs[4]!.ip).toMatch(/127\.0\.0\.1$/);
    // The invitee accepted as a guest holding the secret: recorded as them, from their browser.
    expect(list.logs[2]).toMatchObject({
      userEmail: invitee.email,
      userType: 'user',
      osName: 'Mac',
      clientName: 'Firefox',
    });
    const times = list.logs.map((log) => Date.parse(log.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(list.logs[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  }, 90_000);

  it('pages with limit and offset only; total=false; other queries are refused as Appwrite does', async () => {
    await teamLog(teamId, owner.headers, 5);
    const query = (text: string) => `queries[]=${encodeURIComponent(text)}`;
    const page = await call<LogList>(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?${query('{"method":"limit","values":[2]}')}&${query('{"method":"offset","values":[1]}')}&total=false`,
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(0);
    expect(page.body.logs.map((log) => log.event)).toEqual(['membership.update', 'membership.update']);
    const filtered = await call<{ type: string; message: string }>(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?${query('{"method":"equal","attribute":"event","values":["team.create"]}')}`,
    );
    expect(filtered.status).toBe(400);
    expect(filtered.body).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Invalid `queries` param: Invalid query method: equal',
    });
    const tooBig = await call(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?${query('{"method":"limit","values":[5001]}')}`,
    );
    expect(tooBig.status).toBe(400);
  });

  it('a key with only teams.read reads the team’s log; the country’s name follows X-Appwrite-Locale', async () => {
    await teamLog(teamId, owner.headers, 5);
    const readOnly = await createApiKey(server.repos, { name: 'reader', scopes: ['teams.read'] });
    const headers = { 'x-appwrite-key': readOnly.key, 'x-appwrite-locale': 'fr' };
    const viaKey = await call<LogList>(headers, 'GET', `/teams/${teamId}/logs`);
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.total).toBe(5);
    expect(viaKey.body.logs[0]).toMatchObject({ countryCode: 'de', countryName: 'Allemagne' });
  });

  it('user and account logs hold what the user did, not what was done to them', async () => {
    await teamLog(teamId, owner.headers, 5);
    const inviteeLogs = await call<LogList>(key, 'GET', `/users/${invitee.id}/logs`);
    expect(inviteeLogs.status).toBe(200);
    // Accepting signed the invitee in (a session) and confirmed the membership.
    expect(inviteeLogs.body.logs.map((log) => log.event)).toContain('membership.update');
    expect(inviteeLogs.body.logs.every((log) => log.userId === invitee.id)).toBe(true);
    const mine = await call<LogList>(owner.headers, 'GET', '/account/logs');
    expect(mine.status).toBe(200);
    expect(mine.body.logs.map((log) => log.event)).toEqual([
      'membership.delete',
      'membership.update',
      'membership.create',
      // Inviting an email with no account creates one: the stream records it, as its own change.
      'user.create',
      'team.create',
    ]);
    const outsiders = await call<LogList>(outsider.headers, 'GET', '/account/logs');
    expect(outsiders.body).toEqual({ total: 0, logs: [] });
  });
});
