import { deriveInvitationSecret } from '@roster/db';
import { describe, expect, it } from 'vitest';
import { httpCalls, sessionHeaders, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { TEST_SECRET_KEY, useTestServer, type TestServer } from '../testing/http-server.ts';

/**
 * Invitation links as credentials (review finding 7 and the LOW item "invitations that outlive
 * their context"): what an invitation `url` may be, how long a link lives, and what a re-invite
 * or the inviter's removal does to a pending invitation. Over real HTTP.
 */
const API_KEY = 'links-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const HOSTS = 'localhost,app.example.com,*.tenants.example.com,pinned.example.com:8443';
const env = { ROSTER_API_KEY: API_KEY, ROSTER_REDIRECT_HOSTS: HOSTS };
const server = useTestServer(env);
const neverExpires = useTestServer({ ...env, ROSTER_INVITE_TTL: '0' });
const ACCEPT_URL = 'https://app.example.com/accept';
const DAY_MS = 86_400_000;

async function ownerWithTeam(target: TestServer) {
  const api = httpCalls(target);
  const owner = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Links' },
    owner.headers,
  );
  return { api, owner, teamId: team.data.$id };
}

/** The accept parameters of a pending membership, derived as the mail worker derives them. */
async function acceptParams(target: TestServer, membershipId: string) {
  const membership = await target.repos.memberships.byId(membershipId);
  const secretVersion = membership!.delivery!.secretVersion;
  return {
    teamId: membership!.teamId,
    membershipId,
    userId: membership!.userId,
    secret: deriveInvitationSecret(TEST_SECRET_KEY, membershipId, secretVersion),
  };
}

describe('invitation urls (review finding 7)', () => {
  const refused = [
    // Reads like a Google link in the email; the host is really app.example.com.
    'https://accounts.google.com@app.example.com/accept',
    'https://user:pass@app.example.com/accept',
    'https://@app.example.com/accept',
    // The secret would travel in cleartext.
    'http://app.example.com/accept',
    'http://x.tenants.example.com/accept',
    // Ports are pinned: only where the allow-list entry names one.
    'https://app.example.com:8443/accept',
    'https://pinned.example.com:9443/accept',
    'https://pinned.example.com/accept',
    'https://x.tenants.example.com:444/accept',
  ];
  it.each(refused)('refuses %s', async (url) => {
    const { api, owner, teamId } = await ownerWithTeam(server);
    const invited = await api.mutate(
      'teams.createMembership',
      { teamId, email: uniqueEmail(), roles: [], url },
      owner.headers,
    );
    expect({ status: invited.status, type: invited.type }).toEqual({
      status: 400,
      type: 'general_argument_invalid',
    });
    expect(invited.message).toMatch(/^Invalid `url` param: /);
  });

  const accepted = [
    'https://app.example.com/accept',
    'https://app.example.com:443/accept',
    'https://x.tenants.example.com/accept?from=mail#top',
    'https://pinned.example.com:8443/accept',
    // Loopback: plain http and any port, for development.
    'http://localhost:5173/accept',
    'http://127.0.0.1:8080/accept',
    'http://[::1]:3000/accept',
  ];
  it.each(accepted)('accepts %s', async (url) => {
    const { api, owner, teamId } = await ownerWithTeam(server);
    const invited = await api.mutate(
      'teams.createMembership',
      { teamId, email: uniqueEmail(), roles: [], url },
      owner.headers,
    );
    expect(invited.status).toBe(200);
  });
});

describe('invitation expiry (review finding 7)', () => {
  async function invitationInvitedDaysAgo(target: TestServer, days: number) {
    const { api, owner, teamId } = await ownerWithTeam(target);
    const invited = await api.mutate<{ $id: string }>(
      'teams.createMembership',
      { teamId, email: uniqueEmail(), roles: [], url: ACCEPT_URL },
      owner.headers,
    );
    await target.store.update(
      'memberships',
      { _id: invited.data.$id },
      { invited: new Date(Date.now() - days * DAY_MS) },
    );
    return { api, params: await acceptParams(target, invited.data.$id) };
  }

  it('expires invitations after 7 days by default', async () => {
    const old = await invitationInvitedDaysAgo(server, 7.01);
    const late = await old.api.mutate('teams.updateMembershipStatus', old.params);
    expect({ status: late.status, type: late.type }).toEqual({ status: 401, type: 'team_invite_expired' });

    const recent = await invitationInvitedDaysAgo(server, 6.9);
    expect((await recent.api.mutate('teams.updateMembershipStatus', recent.params)).status).toBe(200);
  });

  it('never expires them with ROSTER_INVITE_TTL=0', async () => {
    const old = await invitationInvitedDaysAgo(neverExpires, 365);
    expect((await old.api.mutate('teams.updateMembershipStatus', old.params)).status).toBe(200);
  });
});

describe('pending invitations follow their context (review finding 13, LOW)', () => {
  it('a re-invite replaces the roles of a pending invitation: downgrading an owner invitation works', async () => {
    const { api, owner, teamId } = await ownerWithTeam(server);
    const email = uniqueEmail();
    await api.mutate(
      'teams.createMembership',
      { teamId, email, roles: ['owner'], url: ACCEPT_URL },
      owner.headers,
    );
    const again = await api.mutate<{ $id: string; roles: string[] }>(
      'teams.createMembership',
      { teamId, email, roles: ['viewer'], url: ACCEPT_URL },
      owner.headers,
    );
    expect(again.data.roles).toEqual(['viewer']);
    const joined = await api.mutate<{ roles: string[] }>(
      'teams.updateMembershipStatus',
      await acceptParams(server, again.data.$id),
    );
    expect(joined.data.roles).toEqual(['viewer']);
  });

  it('a pending invitation dies with its inviter’s ownership (removed, or no longer an owner)', async () => {
    const { api, owner, teamId } = await ownerWithTeam(server);
    // A second owner, who will be removed, and one who will be demoted.
    const inviters = [];
    for (const name of ['removed', 'demoted']) {
      const user = await userWithSession(api, KEY);
      const added = await api.mutate<{ $id: string }>(
        'teams.createMembership',
        { teamId, userId: user.id, roles: ['owner'] },
        KEY,
      );
      inviters.push({ name, user, membershipId: added.data.$id });
    }
    const pending = [];
    for (const inviter of inviters) {
      const invited = await api.mutate<{ $id: string }>(
        'teams.createMembership',
        { teamId, email: uniqueEmail(inviter.name), roles: ['owner'], url: ACCEPT_URL },
        sessionHeaders(inviter.user.token),
      );
      expect(invited.status).toBe(200);
      pending.push(await acceptParams(server, invited.data.$id));
    }
    const stillValid = await api.mutate<{ $id: string }>(
      'teams.createMembership',
      { teamId, email: uniqueEmail('kept'), roles: [], url: ACCEPT_URL },
      owner.headers,
    );

    const [removed, demoted] = inviters;
    expect(
      (
        await api.mutate(
          'teams.deleteMembership',
          { teamId, membershipId: removed!.membershipId },
          owner.headers,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await api.mutate(
          'teams.updateMembership',
          { teamId, membershipId: demoted!.membershipId, roles: ['viewer'] },
          owner.headers,
        )
      ).status,
    ).toBe(200);

    for (const params of pending) {
      const accept = await api.mutate('teams.updateMembershipStatus', params);
      expect({ status: accept.status, type: accept.type }).toEqual({
        status: 401,
        type: 'team_invite_expired',
      });
    }
    const kept = await api.mutate(
      'teams.updateMembershipStatus',
      await acceptParams(server, stillValid.data.$id),
    );
    expect(kept.status).toBe(200);
  });
});
