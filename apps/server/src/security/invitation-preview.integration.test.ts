import { randomBytes } from 'node:crypto';
import { deriveInvitationSecret } from '@roster/db';
import { describe, expect, it } from 'vitest';
import { httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';

/**
 * The invitation preview and the invitee's inbox as attack surfaces (docs/invitations.md): the
 * preview answers only the holder of a live secret, the same way for every refusal, spends the
 * accept route's budget per address on failures, and takes the secret in a body only; the inbox
 * answers only a verified owner of the invitation. Over real HTTP, on 127.0.0.1.
 */
const API_KEY = `preview-attack-key-${randomBytes(16).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_TRUST_PROXY: 'loopback',
  ROSTER_ACCEPT_LIMIT: '3',
});
const LIMITED = 'general_rate_limit_exceeded';
const from = (address: string) => ({ 'x-forwarded-for': address });

async function pendingInvitation(email = uniqueEmail('invitee')) {
  const api = httpCalls(server);
  const owner = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Real name' },
    owner.headers,
  );
  const invited = await api.mutate<{ $id: string; userId: string }>(
    'teams.createMembership',
    { teamId: team.data.$id, email, roles: ['editor'], url: 'http://localhost:5173/accept' },
    owner.headers,
  );
  const stored = await server.repos.memberships.byId(invited.data.$id);
  const secret = deriveInvitationSecret(TEST_SECRET_KEY, invited.data.$id, stored!.delivery!.secretVersion);
  return {
    api,
    owner,
    teamId: team.data.$id,
    membershipId: invited.data.$id,
    userId: invited.data.userId,
    secret,
  };
}

const previewPath = (teamId: string, membershipId: string) =>
  `/teams/${teamId}/memberships/${membershipId}/preview`;

async function preview(teamId: string, membershipId: string, body: unknown, address: string) {
  const response = await rest(server.url, 'POST', previewPath(teamId, membershipId), body, from(address));
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, type: json.type as string | undefined, body: json };
}

describe('invitation preview (attack suite)', () => {
  it('guessing: 3 failed secrets per address, then 429 even for the right one; the accept route shares the budget', async () => {
    const target = await pendingInvitation();
    const guess = () => randomBytes(32).toString('hex');
    const outcomes = [];
    for (let i = 0; i < 2; i++) {
      outcomes.push(
        (await preview(target.teamId, target.membershipId, { secret: guess() }, '203.0.113.150')).type,
      );
    }
    const accept = await rest(
      server.url,
      'PATCH',
      `/teams/${target.teamId}/memberships/${target.membershipId}/status`,
      { userId: target.userId, secret: guess() },
      from('203.0.113.150'),
    );
    outcomes.push(((await accept.json()) as { type: string }).type);
    expect(outcomes).toEqual(['team_invalid_secret', 'team_invalid_secret', 'team_invalid_secret']);
    const limited = await preview(
      target.teamId,
      target.membershipId,
      { secret: target.secret },
      '203.0.113.150',
    );
    expect([limited.status, limited.type]).toEqual([429, LIMITED]);
    // Another address, the right secret: the preview, and only what it promises.
    const shown = await preview(
      target.teamId,
      target.membershipId,
      { secret: target.secret },
      '203.0.113.151',
    );
    expect(shown.status).toBe(200);
    expect(Object.keys(shown.body).sort()).toEqual([
      'expire',
      'hasPassword',
      'inviterName',
      'roles',
      'teamId',
      'teamName',
    ]);
    expect(shown.body).toMatchObject({ teamName: 'Real name', roles: ['editor'], hasPassword: false });
    // Successful previews cost nothing.
    for (let i = 0; i < 4; i++) {
      expect(
        (await preview(target.teamId, target.membershipId, { secret: target.secret }, '203.0.113.151'))
          .status,
      ).toBe(200);
    }
  });

  it('the secret goes in the body: one in the URL is not read', async () => {
    const target = await pendingInvitation();
    const response = await rest(
      server.url,
      'POST',
      `${previewPath(target.teamId, target.membershipId)}?secret=${target.secret}`,
      {},
      from('203.0.113.152'),
    );
    const body = (await response.json()) as { type: string; message: string };
    expect([response.status, body.type]).toEqual([400, 'general_argument_invalid']);
    expect(body.message).toMatch(/secret/);
  });

  it('a refusal reads the same whether the membership exists, was accepted or belongs to another team', async () => {
    const target = await pendingInvitation();
    const other = await pendingInvitation();
    const answers = [
      await preview(target.teamId, 'nosuchmembership', { secret: target.secret }, '203.0.113.160'),
      await preview(other.teamId, target.membershipId, { secret: target.secret }, '203.0.113.161'),
      await preview(target.teamId, other.membershipId, { secret: other.secret }, '203.0.113.162'),
    ];
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(
      Array(3).fill([
        401,
        expect.objectContaining({
          type: 'team_invalid_secret',
          message: 'The team invitation secret is invalid. Please request a new invitation and try again.',
        }),
      ]),
    );
  });
});

describe('the inbox (attack suite)', () => {
  it('someone who signed up with another person’s address sees nothing sent there, and cannot decline it', async () => {
    const victim = uniqueEmail('victim');
    const api = httpCalls(server);
    // The squatter signs up first with the victim's address (never verified).
    const squatter = await userWithSession(api, KEY, 'a squatter password', victim);
    const target = await pendingInvitation(victim);
    const list = await rest(server.url, 'GET', '/account/invitations', undefined, squatter.headers);
    expect([list.status, ((await list.json()) as { type: string }).type]).toEqual([
      400,
      'user_email_not_verified',
    ]);
    const decline = await rest(
      server.url,
      'POST',
      `/account/invitations/${target.membershipId}/decline`,
      undefined,
      squatter.headers,
    );
    expect(decline.status).toBe(400);
    expect((await server.repos.memberships.byId(target.membershipId))?.confirm).toBe(false);
  });

  it('a verified stranger cannot accept or decline someone else’s invitation: 404', async () => {
    const target = await pendingInvitation();
    const api = httpCalls(server);
    const stranger = await userWithSession(api, KEY);
    await server.repos.users.markEmailVerified(stranger.id);
    for (const action of ['accept', 'decline']) {
      const response = await rest(
        server.url,
        'POST',
        `/account/invitations/${target.membershipId}/${action}`,
        undefined,
        stranger.headers,
      );
      expect([response.status, ((await response.json()) as { type: string }).type]).toEqual([
        404,
        'membership_not_found',
      ]);
    }
    expect((await server.repos.memberships.byId(target.membershipId))?.confirm).toBe(false);
  });

  it('over REST: the verified invitee lists (200) and declines (204); Appwrite’s GET then answers 404', async () => {
    const api = httpCalls(server);
    const invitee = await userWithSession(api, KEY);
    await server.repos.users.markEmailVerified(invitee.id);
    const target = await pendingInvitation(invitee.email);
    const list = await rest(server.url, 'GET', '/account/invitations', undefined, invitee.headers);
    const listed = (await list.json()) as { total: number; invitations: { $id: string; teamName: string }[] };
    expect([list.status, listed.total, listed.invitations[0]?.teamName]).toEqual([200, 1, 'Real name']);
    const declined = await rest(
      server.url,
      'POST',
      `/account/invitations/${target.membershipId}/decline`,
      undefined,
      invitee.headers,
    );
    expect(declined.status).toBe(204);
    const read = await rest(
      server.url,
      'GET',
      `/teams/${target.teamId}/memberships/${target.membershipId}`,
      undefined,
      KEY,
    );
    expect(read.status).toBe(404);
  });
});
