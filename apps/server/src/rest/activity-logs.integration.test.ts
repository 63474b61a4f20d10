import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '@roster/api';
import { generateEvents, generateId, type EventActor, type RosterEvent } from '@roster/db';
import { createActivityLogConsumer, openCountryDatabase, type CountryResolver } from '@roster/jobs';
import { countryDatabase } from '@roster/jobs/testing/mmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptParamsFor, httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * The activity logs over REST (docs/events.md#activity-logs): a team's life made through real
 * calls, recorded by the logs consumer, read back as Appwrite's LogList. Until the event stream
 * delivers on its own, the test hands the consumer the events the stream emits for those calls,
 * built from what the calls returned and from who made them.
 */
const API_KEY = 'activity-logs-test-key-0123456789abcdef';
const server = useTestServer({ ROSTER_API_KEY: API_KEY }, { mail: true });
const key = { 'x-appwrite-key': API_KEY };
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0';

const dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
let country: CountryResolver;
beforeAll(async () => {
  // A real MaxMind-format file placing loopback in Germany, read by the real reader.
  const path = join(dir, 'country.mmdb');
  writeFileSync(path, countryDatabase({ '127.0.0.0/8': 'DE' }));
  country = await openCountryDatabase(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Person {
  id: string;
  email: string;
  headers: Record<string, string>;
  agent: string;
  /** The client address the server saw for this person (their session's `ip`). */
  ip: string;
}

async function person(agent: string): Promise<Person> {
  const user = await userWithSession(httpCalls(server), key, 'a good password', uniqueEmail('logs'));
  const headers = { ...user.headers, 'user-agent': agent };
  const sessions = await call<{ sessions: { ip: string }[] }>(headers, 'GET', '/account/sessions');
  return { id: user.id, email: user.email, headers, agent, ip: sessions.body.sessions[0]!.ip };
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

let sequence = 0;
async function emitted(template: string, params: Record<string, string>, who: Person, payload: object) {
  const actor: EventActor = {
    type: 'user',
    userId: who.id,
    userName: '',
    userEmail: who.email,
    ip: who.ip,
    userAgent: who.agent,
  };
  const event: RosterEvent = {
    id: generateId(),
    template,
    params,
    names: generateEvents(template, params),
    payload: payload as Record<string, unknown>,
    resource: `team/${params.teamId}`,
    sequence: ++sequence,
    teamId: params.teamId!,
    actor,
    createdAt: new Date(),
  };
  await createActivityLogConsumer({ activityLogs: server.repos.activityLogs, country }).consume([event]);
  // Delivered again (at least once): recorded once.
  await createActivityLogConsumer({ activityLogs: server.repos.activityLogs, country }).consume([event]);
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

describe('GET /v1/teams/{teamId}/logs, /v1/users/{userId}/logs, /v1/account/logs', () => {
  let owner: Person;
  let invitee: Person;
  let outsider: Person;
  let teamId: string;
  let membershipId: string;

  beforeAll(async () => {
    owner = await person(CHROME);
    invitee = await person(FIREFOX_MAC);
    outsider = await person(CHROME);

    const team = await call<{ $id: string }>(owner.headers, 'POST', '/teams', {
      teamId: 'unique()',
      name: 'Audited',
    });
    expect(team.status).toBe(201);
    teamId = team.body.$id;
    await emitted('teams.[teamId].create', { teamId }, owner, team.body);

    const invitation = await call<{ $id: string }>(owner.headers, 'POST', `/teams/${teamId}/memberships`, {
      email: invitee.email,
      roles: ['developer'],
      url: 'http://localhost/accept',
    });
    expect(invitation.status).toBe(201);
    membershipId = invitation.body.$id;
    const membership = { teamId, membershipId };
    await emitted('teams.[teamId].memberships.[membershipId].create', membership, owner, invitation.body);

    const link = await acceptParamsFor(server, invitee.email);
    const accepted = await call(
      invitee.headers,
      'PATCH',
      `/teams/${teamId}/memberships/${membershipId}/status`,
      { userId: link.userId, secret: link.secret },
    );
    expect(accepted.status).toBe(200);
    // Accepting clears the credentials of an account whose email was unverified (its session too).
    const session = await httpCalls(server).mutate<{ secret: string }>(
      'users.createSession',
      { userId: invitee.id },
      key,
    );
    invitee.headers = { ...invitee.headers, 'x-appwrite-session': session.data.secret };
    await emitted(
      'teams.[teamId].memberships.[membershipId].update.status',
      membership,
      invitee,
      accepted.body,
    );

    const promoted = await call(owner.headers, 'PATCH', `/teams/${teamId}/memberships/${membershipId}`, {
      roles: ['lead'],
    });
    expect(promoted.status).toBe(200);
    await emitted('teams.[teamId].memberships.[membershipId].update', membership, owner, promoted.body);
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
    await emitted('teams.[teamId].memberships.[membershipId].delete', { teamId, membershipId }, owner, {});

    const list = await call<LogList>(owner.headers, 'GET', `/teams/${teamId}/logs`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(5);
    expect(list.body.logs.map((log) => [log.event, log.userId])).toEqual([
      ['membership.delete', owner.id],
      ['membership.update', owner.id],
      ['membership.update', invitee.id],
      ['membership.create', owner.id],
      ['team.create', owner.id],
    ]);
    const { ip } = owner;
    expect(ip).toMatch(/127\.0\.0\.1$/);
    expect(list.body.logs[4]).toMatchObject({
      userEmail: owner.email,
      userType: 'user',
      mode: 'default',
      ip,
      osName: 'Windows',
      clientName: 'Chrome',
      clientCode: 'CH',
      clientEngine: 'Blink',
      deviceName: 'desktop',
      countryCode: 'de',
      countryName: 'Germany',
    });
    expect(list.body.logs[2]).toMatchObject({
      userEmail: invitee.email,
      osName: 'Mac',
      clientName: 'Firefox',
    });
    const times = list.body.logs.map((log) => Date.parse(log.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(list.body.logs[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('pages with limit and offset only; total=false; other queries are refused as Appwrite does', async () => {
    const page = await call<LogList>(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?queries[]=${encodeURIComponent('{"method":"limit","values":[2]}')}&queries[]=${encodeURIComponent('{"method":"offset","values":[1]}')}&total=false`,
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(0);
    expect(page.body.logs.map((log) => log.event)).toEqual(['membership.update', 'membership.update']);
    const cursor = await call<{ type: string; message: string }>(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?queries[]=${encodeURIComponent('{"method":"equal","attribute":"event","values":["team.create"]}')}`,
    );
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({
      type: 'general_argument_invalid',
      message: 'Invalid `queries` param: Invalid query method: equal',
    });
    const tooBig = await call<{ type: string }>(
      owner.headers,
      'GET',
      `/teams/${teamId}/logs?queries[]=${encodeURIComponent('{"method":"limit","values":[5001]}')}`,
    );
    expect(tooBig.status).toBe(400);
  });

  it('a key with only teams.read reads the team’s log; the country’s name follows X-Appwrite-Locale', async () => {
    const readOnly = await createApiKey(server.repos, { name: 'reader', scopes: ['teams.read'] });
    const headers = { 'x-appwrite-key': readOnly.key, 'x-appwrite-locale': 'fr' };
    const viaKey = await call<LogList>(headers, 'GET', `/teams/${teamId}/logs`);
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.total).toBe(5);
    expect(viaKey.body.logs[0]).toMatchObject({ countryCode: 'de', countryName: 'Allemagne' });
  });

  it('user and account logs hold what the user did, not what was done to them', async () => {
    const inviteeLogs = await call<LogList>(key, 'GET', `/users/${invitee.id}/logs`);
    expect(inviteeLogs.status).toBe(200);
    expect(inviteeLogs.body.logs.map((log) => log.event)).toEqual(['membership.update']);
    const mine = await call<LogList>(owner.headers, 'GET', '/account/logs');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(4);
    expect(mine.body.logs.every((log) => log.userId === owner.id)).toBe(true);
    const outsiders = await call<LogList>(outsider.headers, 'GET', '/account/logs');
    expect(outsiders.body).toEqual({ total: 0, logs: [] });
  });
});
