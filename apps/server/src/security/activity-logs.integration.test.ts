import { randomBytes } from 'node:crypto';
import { generateEvents, generateId, type EventActor } from '@roster/db';
import { createActivityLogConsumer } from '@roster/jobs';
import { describe, expect, it } from 'vitest';
import { httpCalls, rest, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Reading activity logs one should not (docs/events.md#activity-logs): another team's history,
 * a deleted team's history through a new team that takes its id, a user's actions without a key,
 * and secrets carried by events. Over real HTTP; the events are handed to the logs consumer as
 * the stream delivers them.
 */
const API_KEY = 'logs-attack-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);
const customId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

type User = Awaited<ReturnType<typeof userWithSession>>;

let sequence = 0;
async function record(template: string, params: Record<string, string>, who: User, payload: object = {}) {
  const actor: EventActor = {
    type: 'user',
    userId: who.id,
    userName: '',
    userEmail: who.email,
    ip: '198.51.100.23',
    userAgent: 'curl/8.4.0',
  };
  await createActivityLogConsumer({ activityLogs: server.repos.activityLogs }).consume([
    {
      id: generateId(),
      template,
      params,
      names: generateEvents(template, params),
      payload: payload as Record<string, unknown>,
      resource: params.teamId ? `team/${params.teamId}` : `user/${params.userId}`,
      sequence: ++sequence,
      actor,
      createdAt: new Date(),
    },
  ]);
}

async function logsOf(path: string, headers: Record<string, string>) {
  const response = await rest(server.url, 'GET', path, undefined, headers);
  return { status: response.status, text: await response.text() };
}

async function teamOf(owner: User, teamId = 'unique()') {
  const team = await api.mutate<{ $id: string }>('teams.create', { teamId, name: 'Logged' }, owner.headers);
  expect(team.status).toBe(200);
  await record('teams.[teamId].create', { teamId: team.data.$id }, owner);
  return team.data.$id;
}

describe('activity logs: reading what one should not', () => {
  it('an owner of one team cannot read another team’s log (404, as if it did not exist)', async () => {
    const victim = await userWithSession(api, KEY);
    const attacker = await userWithSession(api, KEY);
    const victimTeam = await teamOf(victim);
    await teamOf(attacker);
    const read = await logsOf(`/teams/${victimTeam}/logs`, attacker.headers);
    expect(read.status).toBe(404);
    expect(read.text).not.toContain(victim.email);
  });

  it('a deleted team’s history is not readable through a new team that takes its id', async () => {
    const victim = await userWithSession(api, KEY);
    const attacker = await userWithSession(api, KEY);
    const teamId = customId('reused');
    await teamOf(victim, teamId);
    await record('teams.[teamId].update', { teamId }, victim);
    const deleted = await api.mutate('teams.delete', { teamId }, victim.headers);
    expect(deleted.status).toBe(200);
    await record('teams.[teamId].delete', { teamId }, victim);

    await teamOf(attacker, teamId);
    const read = await logsOf(`/teams/${teamId}/logs`, attacker.headers);
    expect(read.status).toBe(200);
    const list = JSON.parse(read.text) as { total: number; logs: { event: string; userId: string }[] };
    expect(list.total).toBe(1);
    expect(list.logs.map((log) => [log.event, log.userId])).toEqual([['team.create', attacker.id]]);
    expect(read.text).not.toContain(victim.email);
  });

  it('a removed member, and a member who is not an owner, cannot read the team’s log', async () => {
    const owner = await userWithSession(api, KEY);
    const member = await userWithSession(api, KEY);
    const teamId = await teamOf(owner);
    const added = await api.mutate<{ $id: string }>(
      'teams.createMembership',
      { teamId, userId: member.id, roles: ['developer'] },
      KEY,
    );
    expect((await logsOf(`/teams/${teamId}/logs`, member.headers)).status).toBe(401);
    await api.mutate('teams.deleteMembership', { teamId, membershipId: added.data.$id }, owner.headers);
    expect((await logsOf(`/teams/${teamId}/logs`, member.headers)).status).toBe(404);
  });

  it('a user’s actions are readable only with a key, or by themselves', async () => {
    const victim = await userWithSession(api, KEY);
    const attacker = await userWithSession(api, KEY);
    await teamOf(victim);
    for (const headers of [attacker.headers, {}]) {
      const read = await logsOf(`/users/${victim.id}/logs`, headers);
      expect(read.status).toBe(401);
      expect(read.text).not.toContain(victim.email);
    }
    const accountLogs = async (user: User) =>
      JSON.parse((await logsOf('/account/logs', user.headers)).text) as { total: number };
    // The account route reads the caller's own actions, never anyone else's.
    expect((await accountLogs(attacker)).total).toBe(0);
    expect((await accountLogs(victim)).total).toBe(1);
  });

  it('an event’s payload (a secret it may carry) never reaches a log', async () => {
    const owner = await userWithSession(api, KEY);
    const teamId = await teamOf(owner);
    const secret = randomBytes(16).toString('hex');
    await record('teams.[teamId].memberships.[membershipId].create', { teamId, membershipId: 'm1' }, owner, {
      secret,
      userEmail: 'someone@example.com',
    });
    const read = await logsOf(`/teams/${teamId}/logs`, owner.headers);
    expect(read.status).toBe(200);
    expect(read.text).toContain('membership.create');
    expect(read.text).not.toContain(secret);
    expect(JSON.stringify(await server.store.find('activityLogs', { teamId }))).not.toContain(secret);
  });
});
