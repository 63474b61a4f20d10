import { randomBytes } from 'node:crypto';
import { deriveInvitationSecret } from '@roster/db';
import { describe, expect, it } from 'vitest';
import {
  httpCalls,
  sessionHeaders,
  sessionTokenOf,
  uniqueEmail,
  userWithSession,
  whoAmI,
} from '../testing/http-client.ts';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';

/**
 * Deleted ids stay dead (review finding 8). Team and user ids are chosen by callers, so a new team
 * or user may reuse the id of a deleted one; nothing written for the old one (a membership, an
 * invitation, a session) may attach to the new one. Each case runs as a real race over HTTP, and
 * once more deterministically: the late write is replayed into the database as a writer that lost
 * the race (or crashed between two steps) would have left it.
 */
const API_KEY = 'reuse-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const ACCEPT_URL = 'https://app.example.com/accept';
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_REDIRECT_HOSTS: 'app.example.com',
});
const api = httpCalls(server);
const customId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Accept parameters of every pending membership stored for `teamId`, as its email would carry them. */
async function storedInvitations(teamId: string) {
  const pending = await server.store.find('memberships', { teamId, confirm: false });
  return pending
    .filter((membership) => membership.delivery)
    .map((membership) => ({
      teamId,
      membershipId: membership._id,
      userId: membership.userId,
      secret: deriveInvitationSecret(TEST_SECRET_KEY, membership._id, membership.delivery!.secretVersion),
    }));
}

/** What the new team's owner and an API key see of team `teamId`: its members and counts. */
async function teamAsSeen(teamId: string, ownerHeaders: Record<string, string>) {
  const list = await api.query<{ total: number; memberships: { userId: string }[] }>(
    'teams.listMemberships',
    { teamId },
    ownerHeaders,
  );
  const team = await api.query<{ total: number }>('teams.get', { teamId }, KEY);
  const filtered = await api.query<{ total: number }>(
    'teams.list',
    {
      queries: [
        JSON.stringify({ method: 'equal', attribute: '$id', values: [teamId] }),
        JSON.stringify({ method: 'greaterThan', attribute: 'total', values: [1] }),
      ],
    },
    KEY,
  );
  return {
    listed: list.data.memberships.map((membership) => membership.userId),
    listTotal: list.data.total,
    teamTotal: team.data.total,
    teamsWithMoreThanOneMember: filtered.data.total,
  };
}

describe('a re-created team does not inherit the deleted one’s invitations or members', () => {
  it('race: invitations running while the team is deleted cannot be accepted, listed or counted in the new team', async () => {
    const teamId = customId('acme');
    const oldOwner = await userWithSession(api, KEY);
    expect((await api.mutate('teams.create', { teamId, name: 'Acme' }, oldOwner.headers)).status).toBe(200);

    const invitations = Array.from({ length: 8 }, (_, index) =>
      api.mutate(
        'teams.createMembership',
        { teamId, email: uniqueEmail(`alt${index}`), roles: ['owner'], url: ACCEPT_URL },
        oldOwner.headers,
      ),
    );
    const deletion = delay(15).then(() => api.mutate('teams.delete', { teamId }, oldOwner.headers));
    const outcomes = await Promise.all([...invitations, deletion]);
    expect(outcomes.at(-1)!.status).toBe(200);
    const leftovers = await storedInvitations(teamId);

    const newOwner = await userWithSession(api, KEY);
    expect((await api.mutate('teams.create', { teamId, name: 'Acme again' }, newOwner.headers)).status).toBe(
      200,
    );
    for (const params of leftovers) {
      const accept = await api.mutate('teams.updateMembershipStatus', params);
      expect(accept.status, `old invitation ${params.membershipId}`).not.toBe(200);
    }
    expect(await teamAsSeen(teamId, newOwner.headers)).toEqual({
      listed: [newOwner.id],
      listTotal: 1,
      teamTotal: 1,
      teamsWithMoreThanOneMember: 0,
    });
  });

  it('late writes: memberships and invitations written for the deleted team stay dead in the new one', async () => {
    const teamId = customId('acme');
    const oldOwner = await userWithSession(api, KEY);
    await api.mutate('teams.create', { teamId, name: 'Acme' }, oldOwner.headers);
    const member = await userWithSession(api, KEY);
    await api.mutate('teams.createMembership', { teamId, userId: member.id, roles: ['owner'] }, KEY);
    await api.mutate(
      'teams.createMembership',
      { teamId, email: uniqueEmail('alt'), roles: ['owner'], url: ACCEPT_URL },
      oldOwner.headers,
    );
    const invitations = await storedInvitations(teamId);
    const written = await server.store.find('memberships', { teamId });
    expect(written).toHaveLength(3);

    // The team is deleted; its memberships come back as writes that landed after the sweep.
    expect((await api.mutate('teams.delete', { teamId }, oldOwner.headers)).status).toBe(200);
    await server.store.insertMany('memberships', written);

    const newOwner = await userWithSession(api, KEY);
    expect((await api.mutate('teams.create', { teamId, name: 'Acme again' }, newOwner.headers)).status).toBe(
      200,
    );

    // Not accepted, listed or counted …
    for (const params of invitations) {
      const accept = await api.mutate('teams.updateMembershipStatus', params);
      expect({ status: accept.status, type: accept.type }).toEqual({
        status: 404,
        type: 'membership_not_found',
      });
    }
    expect(await teamAsSeen(teamId, newOwner.headers)).toEqual({
      listed: [newOwner.id],
      listTotal: 1,
      teamTotal: 1,
      teamsWithMoreThanOneMember: 0,
    });
    // … no access for the old members, not in their teams …
    for (const old of [oldOwner, member]) {
      expect((await api.query('teams.get', { teamId }, old.headers)).type).toBe('team_not_found');
      const mine = await api.query<{ total: number }>('teams.list', {}, old.headers);
      expect(mine.data.total).toBe(0);
      const theirs = await api.query<{ total: number }>('users.listMemberships', { userId: old.id }, KEY);
      expect(theirs.data.total).toBe(0);
    }
    // … and not an owner the owner rule could count on: the new owner is still the last one.
    const own = await server.store.findOne('memberships', { teamId, userId: newOwner.id });
    const leave = await api.mutate(
      'teams.deleteMembership',
      { teamId, membershipId: own!._id },
      newOwner.headers,
    );
    expect(leave.type).toBe('membership_deletion_prohibited');
    // The old members can be invited again: the leftovers in their (team, user) slots make way.
    const again = await api.mutate('teams.createMembership', { teamId, userId: member.id, roles: [] }, KEY);
    expect(again.status).toBe(200);
    expect((await teamAsSeen(teamId, newOwner.headers)).teamTotal).toBe(2);
  });
});

describe('a re-created user does not inherit the deleted one’s sessions or memberships', () => {
  const password = 'same password';

  it('race: sign-ins inside argon2 while the user is deleted give no session to the new user', async () => {
    const userId = customId('reuse');
    const email = uniqueEmail('reuse');
    expect((await api.mutate('users.create', { userId, email, password }, KEY)).status).toBe(200);
    const signIns = Array.from({ length: 8 }, () =>
      api.mutate('account.createEmailPasswordSession', { email, password }),
    );
    const deletion = delay(20).then(() => api.mutate('users.delete', { userId }, KEY));
    const outcomes = await Promise.all([...signIns, deletion]);
    expect(outcomes.at(-1)!.status).toBe(200);
    const tokens = outcomes.slice(0, -1).flatMap((outcome) => sessionTokenOf(outcome.headers) ?? []);

    expect((await api.mutate('users.create', { userId, email, password }, KEY)).status).toBe(200);
    for (const token of tokens) expect(await whoAmI(api, token)).toBe('general_unauthorized_scope');
    const sessions = await api.query<{ total: number }>('users.listSessions', { userId }, KEY);
    expect(sessions.data.total).toBe(0);
  });

  it('late write: a session stored for the deleted user does not sign in as the new one', async () => {
    const userId = customId('reuse');
    const email = uniqueEmail('reuse');
    await api.mutate('users.create', { userId, email, password }, KEY);
    const signIn = await api.mutate('account.createEmailPasswordSession', { email, password });
    const token = sessionTokenOf(signIn.headers)!;
    const stored = await server.store.find('sessions', { userId });
    expect(stored).toHaveLength(1);

    await api.mutate('users.delete', { userId }, KEY);
    await server.store.insertMany('sessions', stored);
    expect((await api.mutate('users.create', { userId, email, password }, KEY)).status).toBe(200);

    expect(await whoAmI(api, token)).toBe('general_unauthorized_scope');
    const sessions = await api.query<{ total: number }>('users.listSessions', { userId }, KEY);
    expect(sessions.data.total).toBe(0);
    const fresh = await api.mutate<{ secret: string }>('users.createSession', { userId }, KEY);
    const own = await api.query<{ total: number }>(
      'account.listSessions',
      undefined,
      sessionHeaders(fresh.data.secret),
    );
    expect(own.data.total).toBe(1);
  });

  it('race: a confirmed membership added by a key while the user is deleted does not attach to the new user', async () => {
    // The membership's write must land after the deletion's last sweep: start it a little later
    // each round, so one of them hits the window.
    for (const lag of [0, 2, 4, 6, 8, 10, 14]) {
      const userId = customId('reuse');
      const teamId = customId('team');
      await api.mutate('teams.create', { teamId, name: 'Keyed' }, KEY);
      await api.mutate('users.create', { userId, email: uniqueEmail(), password }, KEY);
      await Promise.all([
        delay(lag).then(() =>
          api.mutate('teams.createMembership', { teamId, userId, roles: ['owner'] }, KEY),
        ),
        api.mutate('users.delete', { userId }, KEY),
      ]);
      // Re-create under the raced id, signed in.
      await api.mutate('users.create', { userId, email: uniqueEmail(), password }, KEY);
      const session = await api.mutate<{ secret: string }>('users.createSession', { userId }, KEY);
      await expectNotAttached(userId, teamId, sessionHeaders(session.data.secret));
    }
  });

  it('late write: a membership stored for the deleted user does not attach to the new one', async () => {
    const userId = customId('reuse');
    const teamId = customId('team');
    await api.mutate('teams.create', { teamId, name: 'Keyed' }, KEY);
    await api.mutate('users.create', { userId, email: uniqueEmail(), password }, KEY);
    await api.mutate('teams.createMembership', { teamId, userId, roles: ['owner'] }, KEY);
    const stored = await server.store.find('memberships', { userId });
    expect(stored).toHaveLength(1);

    await api.mutate('users.delete', { userId }, KEY);
    await server.store.insertMany('memberships', stored);
    await api.mutate('users.create', { userId, email: uniqueEmail(), password }, KEY);
    const session = await api.mutate<{ secret: string }>('users.createSession', { userId }, KEY);
    await expectNotAttached(userId, teamId, sessionHeaders(session.data.secret));
    // Adding the new user makes way for it.
    expect((await api.mutate('teams.createMembership', { teamId, userId, roles: [] }, KEY)).status).toBe(200);
    const list = await api.query<{ total: number; memberships: { roles: string[] }[] }>(
      'teams.listMemberships',
      { teamId },
      KEY,
    );
    expect(list.data).toMatchObject({ total: 1, memberships: [{ roles: [] }] });
  });

  async function expectNotAttached(userId: string, teamId: string, headers: Record<string, string>) {
    expect((await api.query('teams.get', { teamId }, headers)).type).toBe('team_not_found');
    expect((await api.query<{ total: number }>('teams.list', {}, headers)).data.total).toBe(0);
    expect((await api.query<{ total: number }>('users.listMemberships', { userId }, KEY)).data.total).toBe(0);
    const members = await api.query<{ total: number }>('teams.listMemberships', { teamId }, KEY);
    expect(members.data.total).toBe(0);
    expect((await api.query<{ total: number }>('teams.get', { teamId }, KEY)).data.total).toBe(0);
  }
});
