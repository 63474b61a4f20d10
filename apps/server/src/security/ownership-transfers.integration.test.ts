import { describe, expect, it } from 'vitest';
import { httpCalls, rest, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Abusing ownership transfers (docs/api.md#ownership-transfers) over real HTTP: offering without
 * being an owner, accepting someone else's offer, accepting an offer that expired, was cancelled or
 * was already decided, and keys that try to offer. And the member limit's error, which is
 * Appwrite-shaped.
 */
const API_KEY = 'ownership-transfer-attack-bootstrap-key-0123';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_TEAM_MEMBER_LIMIT: '3' });
const api = httpCalls(server);

type Headers = Record<string, string>;

async function call(method: string, path: string, body: unknown, headers: Headers) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  return { status: response.status, type: parsed.type, body: parsed };
}

/** A team made by its owner's session, with `members` more confirmed members added by the key. */
async function team(members: number) {
  const owner = await userWithSession(api, KEY);
  const created = await call('POST', '/teams', { teamId: 'unique()', name: 'Attack' }, owner.headers);
  const teamId = created.body.$id as string;
  const others = [];
  for (let index = 0; index < members; index++) {
    const user = await userWithSession(api, KEY);
    const membership = await call(
      'POST',
      `/teams/${teamId}/memberships`,
      { userId: user.id, roles: [] },
      KEY,
    );
    others.push({ ...user, membershipId: membership.body.$id as string });
  }
  return { owner, teamId, members: others };
}

describe('ownership transfers under attack', () => {
  it('a plain member cannot offer, nor can an API key; an outsider cannot see the team', async () => {
    const { teamId, members } = await team(2);
    const [member, other] = members;
    const path = `/teams/${teamId}/ownership-transfers`;
    expect(await call('POST', path, { membershipId: other!.membershipId }, member!.headers)).toMatchObject({
      status: 401,
      type: 'user_unauthorized',
    });
    expect(await call('POST', path, { membershipId: other!.membershipId }, KEY)).toMatchObject({
      status: 401,
      type: 'user_unauthorized',
    });
    const outsider = await userWithSession(api, KEY);
    expect(await call('POST', path, { membershipId: other!.membershipId }, outsider.headers)).toMatchObject({
      status: 404,
      type: 'team_not_found',
    });
    expect((await call('GET', path, undefined, KEY)).body).toEqual({ total: 0, transfers: [] });
  });

  it('nobody but the recipient accepts; a member who is not the recipient does not even see it', async () => {
    const { owner, teamId, members } = await team(2);
    const [recipient, bystander] = members;
    const path = `/teams/${teamId}/ownership-transfers`;
    const offer = await call('POST', path, { membershipId: recipient!.membershipId }, owner.headers);
    expect(offer).toMatchObject({ status: 201, body: { status: 'pending', toUserId: recipient!.id } });
    const accept = `${path}/${offer.body.$id as string}/accept`;
    expect(await call('POST', accept, {}, owner.headers)).toMatchObject({
      status: 401,
      type: 'user_unauthorized',
    });
    expect(await call('POST', accept, {}, KEY)).toMatchObject({ status: 401, type: 'user_unauthorized' });
    expect(await call('POST', accept, {}, bystander!.headers)).toMatchObject({
      status: 404,
      type: 'team_ownership_transfer_not_found',
    });
    expect((await call('GET', path, undefined, bystander!.headers)).body).toEqual({
      total: 0,
      transfers: [],
    });
    // A guessed id in another team is not found either.
    const elsewhere = await team(0);
    expect(
      await call(
        'POST',
        `/teams/${elsewhere.teamId}/ownership-transfers/${offer.body.$id as string}/accept`,
        {},
        elsewhere.owner.headers,
      ),
    ).toMatchObject({ status: 404, type: 'team_ownership_transfer_not_found' });
    // Still pending, still the owner's team.
    expect(await call('POST', accept, {}, recipient!.headers)).toMatchObject({
      status: 201,
      body: { status: 'accepted' },
    });
  });

  it('an expired, cancelled or already accepted offer cannot be accepted (409), and changes nothing', async () => {
    const { owner, teamId, members } = await team(1);
    const [recipient] = members;
    const path = `/teams/${teamId}/ownership-transfers`;
    const body = { membershipId: recipient!.membershipId };

    const expired = await call('POST', path, body, owner.headers);
    await server.store.update(
      'ownershipTransfers',
      { _id: expired.body.$id },
      { expire: new Date(Date.now() - 1000) },
    );
    expect(
      await call('POST', `${path}/${expired.body.$id as string}/accept`, {}, recipient!.headers),
    ).toMatchObject({
      status: 409,
      type: 'team_ownership_transfer_not_pending',
      body: { message: 'The ownership transfer is expired.' },
    });

    const cancelled = await call('POST', path, body, owner.headers);
    expect(
      (await call('DELETE', `${path}/${cancelled.body.$id as string}`, undefined, owner.headers)).status,
    ).toBe(204);
    expect(
      await call('POST', `${path}/${cancelled.body.$id as string}/accept`, {}, recipient!.headers),
    ).toMatchObject({
      status: 409,
      body: { message: 'The ownership transfer is cancelled.' },
    });

    const memberships = await call('GET', `/teams/${teamId}/memberships`, undefined, KEY);
    const roles = (memberships.body.memberships as { userId: string; roles: string[] }[]).map((m) => [
      m.userId,
      m.roles,
    ]);
    expect(roles).toEqual(
      expect.arrayContaining([
        [owner.id, ['owner']],
        [recipient!.id, []],
      ]),
    );

    const accepted = await call('POST', path, body, owner.headers);
    const acceptPath = `${path}/${accepted.body.$id as string}/accept`;
    expect((await call('POST', acceptPath, {}, recipient!.headers)).status).toBe(201);
    expect(await call('POST', acceptPath, {}, recipient!.headers)).toMatchObject({
      status: 409,
      type: 'team_ownership_transfer_not_pending',
    });
    // The former owner can no longer cancel or offer: they hold no ownership.
    expect(await call('POST', path, { membershipId: recipient!.membershipId }, owner.headers)).toMatchObject({
      status: 401,
      type: 'user_unauthorized',
    });
  });
});

describe('member limit (ROSTER_TEAM_MEMBER_LIMIT=3)', () => {
  it('answers an Appwrite error body with team_member_limit_reached once members and invitations fill it', async () => {
    const { owner, teamId } = await team(1);
    const invite = (email: string) =>
      call(
        'POST',
        `/teams/${teamId}/memberships`,
        { email, roles: [], url: 'http://localhost:5173/join' },
        owner.headers,
      );
    expect((await invite(`one-${teamId}@example.com`)).status).toBe(201);
    const refused = await invite(`two-${teamId}@example.com`);
    expect(refused).toMatchObject({
      status: 400,
      type: 'team_member_limit_reached',
      body: { code: 400, version: '1.9.6' },
    });
  });
});
