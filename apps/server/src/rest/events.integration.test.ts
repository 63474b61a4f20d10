import { randomBytes } from 'node:crypto';
import { deriveInvitationSecret } from '@roster/db';
import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';

// The events that real HTTP calls record (docs/events.md#what-is-recorded): names, payloads, actors.
const API_KEY = 'events-test-bootstrap-key-0123456789abcdef';
const PROJECT = 'events';
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_PROJECT_ID: PROJECT });

const KEY_HEADERS = {
  'x-appwrite-key': API_KEY,
  'x-appwrite-project': PROJECT,
  'user-agent': 'key-client/1',
};
const uniqueId = () => `t${randomBytes(6).toString('hex')}`;

async function rest(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = KEY_HEADERS,
) {
  const response = await fetch(`${server.url}/v1${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const eventsOf = (resource: string) => server.repos.events.ofResource(resource);
const SECRET_FIELDS = /passwordHash|secretHash|argon2|"secret":"[^"]/;

describe('events recorded by the REST API', () => {
  it('create, invite, accept, role change, removal, delete: exactly these events, in order, with actors', async () => {
    const teamId = uniqueId();
    expect((await rest('POST', '/teams', { teamId, name: 'Evented' })).status).toBe(201);

    const email = `${uniqueId()}@example.com`;
    const owner = await rest('POST', '/users', { userId: 'unique()', email, name: 'Owner Name' });
    const ownerId = owner.body.$id as string;
    const session = await rest('POST', `/users/${ownerId}/sessions`, {});
    const ownerHeaders = {
      'x-appwrite-session': session.body.secret as string,
      'x-appwrite-project': PROJECT,
      'user-agent': 'owner-browser/2',
    };
    await rest('POST', `/teams/${teamId}/memberships`, { userId: ownerId, roles: ['owner'] });

    const inviteeEmail = `${uniqueId()}@example.com`;
    const invited = await rest(
      'POST',
      `/teams/${teamId}/memberships`,
      { email: inviteeEmail, roles: ['viewer'], url: 'http://localhost/accept' },
      ownerHeaders,
    );
    expect(invited.status).toBe(201);
    const membershipId = invited.body.$id as string;
    const inviteeId = invited.body.userId as string;
    const stored = await server.repos.memberships.byId(membershipId);
    const secret = deriveInvitationSecret(TEST_SECRET_KEY, membershipId, stored!.delivery!.secretVersion);
    const accepted = await rest(
      'PATCH',
      `/teams/${teamId}/memberships/${membershipId}/status`,
      { userId: inviteeId, secret },
      { 'x-appwrite-project': PROJECT, 'user-agent': 'invitee-phone/3' },
    );
    expect(accepted.status).toBe(200);
    expect(
      (
        await rest(
          'PATCH',
          `/teams/${teamId}/memberships/${membershipId}`,
          { roles: ['editor'] },
          ownerHeaders,
        )
      ).status,
    ).toBe(200);
    expect(
      (await rest('DELETE', `/teams/${teamId}/memberships/${membershipId}`, undefined, ownerHeaders)).status,
    ).toBe(204);
    // A failed change records nothing: the id is taken.
    expect((await rest('POST', '/teams', { teamId, name: 'Again' })).status).toBe(409);
    expect((await rest('DELETE', `/teams/${teamId}`)).status).toBe(204);

    const events = await eventsOf(`team/${teamId}`);
    const ownerMembershipId = events[1]!.params.membershipId!;
    expect(events.map((event) => [event.names[0], event.actor.type])).toEqual([
      [`teams.${teamId}.create`, 'keyProject'],
      [`teams.${teamId}.memberships.${ownerMembershipId}.create`, 'keyProject'],
      [`teams.${teamId}.memberships.${membershipId}.create`, 'user'],
      [`teams.${teamId}.memberships.${membershipId}.update.status`, 'guest'],
      [`teams.${teamId}.memberships.${membershipId}.update`, 'user'],
      [`teams.${teamId}.memberships.${membershipId}.delete`, 'user'],
      [`teams.${teamId}.delete`, 'keyProject'],
    ]);
    // 7 went to the failed create: discarded, it keeps its position (docs/events.md#the-outbox).
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(
      events.every((event) => event.state === 'ready' && event.teamId === teamId && event.requestId),
    ).toBe(true);

    const [created, , invite, accept, roles, removed, deleted] = events;
    expect(created!.payload).toMatchObject({ $id: teamId, name: 'Evented', total: 0 });
    expect(invite).toMatchObject({
      params: { userId: inviteeId, teamId, membershipId },
      payload: { $id: membershipId, teamId, userId: inviteeId, roles: ['viewer'], confirm: false },
      actor: {
        type: 'user',
        userId: ownerId,
        userName: 'Owner Name',
        userEmail: email,
        userAgent: 'owner-browser/2',
      },
    });
    expect(invite!.names).toHaveLength(10);
    expect(accept!.names).toHaveLength(16);
    expect(accept).toMatchObject({
      payload: { confirm: true },
      actor: { userAgent: 'invitee-phone/3', ip: '127.0.0.1' },
    });
    expect(roles!.payload).toMatchObject({ roles: ['editor'] });
    expect(removed!.payload).toMatchObject({ $id: membershipId, roles: ['editor'] });
    expect(deleted!.payload).toMatchObject({ $id: teamId, name: 'Evented' });
    expect(JSON.stringify(events)).not.toMatch(SECRET_FIELDS);

    // The invitee's own stream: their account was created by the invitation, and accepting signed them in.
    const inviteeEvents = await eventsOf(`user/${inviteeId}`);
    expect(inviteeEvents.map((event) => event.names[0])).toEqual([
      `users.${inviteeId}.create`,
      `users.${inviteeId}.sessions.${inviteeEvents[1]!.params.sessionId}.create`,
    ]);
    expect(inviteeEvents[0]!.payload).toMatchObject({ $id: inviteeId, email: inviteeEmail });
    expect(JSON.stringify(inviteeEvents)).not.toMatch(SECRET_FIELDS);
  });

  it('user changes: sign-up, name, email, password, prefs, sessions, delete; no secrets in payloads', async () => {
    const email = `${uniqueId()}@example.com`;
    const signedUp = await rest(
      'POST',
      '/account',
      { userId: 'unique()', email, password: 'a good password' },
      { 'x-appwrite-project': PROJECT },
    );
    expect(signedUp.status).toBe(201);
    const userId = signedUp.body.$id as string;
    await rest('PATCH', `/users/${userId}/name`, { name: 'Renamed' });
    await rest('PATCH', `/users/${userId}/email`, { email: `${uniqueId()}@example.com` });
    await rest('PATCH', `/users/${userId}/password`, { password: 'another good password' });
    await rest('PATCH', `/users/${userId}/prefs`, { prefs: { theme: 'dark' } });
    const session = await rest('POST', `/users/${userId}/sessions`, {});
    await rest('DELETE', `/users/${userId}/sessions/${session.body.$id as string}`);
    await rest('DELETE', `/users/${userId}/sessions`);
    await rest('DELETE', `/users/${userId}`);

    const events = await eventsOf(`user/${userId}`);
    expect(events.map((event) => event.template)).toEqual([
      'users.[userId].create',
      'users.[userId].update.name',
      'users.[userId].update.email',
      'users.[userId].update.password',
      'users.[userId].update.prefs',
      'users.[userId].sessions.[sessionId].create',
      'users.[userId].sessions.[sessionId].delete',
      'users.[userId].sessions.delete',
      'users.[userId].delete',
    ]);
    expect(events[0]!.actor.type).toBe('guest');
    expect(events[1]!.payload).toMatchObject({ $id: userId, name: 'Renamed' });
    expect(events[4]!.payload).toEqual({ theme: 'dark' });
    expect(events[5]!.payload).toMatchObject({ $id: session.body.$id, secret: '' });
    expect(JSON.stringify(events)).not.toMatch(SECRET_FIELDS);
  });
  it('account profile changes: name, email, phone, prefs, identity delete, status; the actor is the user', async () => {
    const email = `${uniqueId()}@example.com`;
    const created = await rest('POST', '/users', { userId: 'unique()', email, password: 'a good password' });
    const userId = created.body.$id as string;
    const session = await rest('POST', `/users/${userId}/sessions`, {});
    const as = { 'x-appwrite-session': session.body.secret as string, 'x-appwrite-project': PROJECT };
    const identity = await server.repos.identities.create({
      user: (await server.repos.users.byId(userId))!,
      provider: 'oidc',
      providerUid: `events-${userId}`,
    });
    expect((await rest('PATCH', '/account/name', { name: 'Self Named' }, as)).status).toBe(200);
    const newEmail = `${uniqueId()}@example.com`;
    expect(
      (await rest('PATCH', '/account/email', { email: newEmail, password: 'a good password' }, as)).status,
    ).toBe(200);
    const phone = `+1555${String(Date.now()).slice(-7)}`;
    expect((await rest('PATCH', '/account/phone', { phone, password: 'a good password' }, as)).status).toBe(
      200,
    );
    expect((await rest('PATCH', '/account/prefs', { prefs: { theme: 'dark' } }, as)).status).toBe(200);
    expect((await rest('DELETE', `/account/identities/${identity!._id}`, undefined, as)).status).toBe(204);
    expect((await rest('PATCH', '/account/status', {}, as)).status).toBe(200);

    const events = (await eventsOf(`user/${userId}`)).slice(2);
    expect(events.map((event) => event.template)).toEqual([
      'users.[userId].update.name',
      'users.[userId].update.email',
      'users.[userId].update.phone',
      'users.[userId].update.prefs',
      'users.[userId].identities.[identityId].delete',
      'users.[userId].update.status',
    ]);
    for (const event of events) expect(event.actor).toMatchObject({ type: 'user', userId });
    expect(events[1]!.payload).toMatchObject({ email: newEmail, emailVerification: false });
    expect(events[4]!.params).toEqual({ userId, identityId: identity!._id });
    expect(events[5]!.payload).toMatchObject({ status: false });
    expect(JSON.stringify(events)).not.toMatch(SECRET_FIELDS);
  });
});
