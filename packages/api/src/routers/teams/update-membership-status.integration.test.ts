import { describe, expect, it, vi } from 'vitest';
import { decodeSessionToken } from '../../auth/session-token.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { invitationSecret, invite, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

/** A team, its owner, and a pending invitation of a new address with its link secret. */
async function pendingInvitation(email: string, roles: string[] = []) {
  const { owner, team } = await teamWithOwner(api, 'Acceptors');
  const membership = await invite(api, owner.headers, team.$id, email, roles);
  const secret = await invitationSecret(api, membership.$id);
  const accept = { teamId: team.$id, membershipId: membership.$id, userId: membership.userId, secret };
  return { owner, team, membership, secret, accept };
}

describe('teams.updateMembershipStatus (accept)', () => {
  it('a guest with the link secret joins: confirmed, email verified, signed in with cookies', async () => {
    const { team, membership, accept } = await pendingInvitation('guest.accept@example.com', ['viewer']);
    const guest = api.caller({}, { hostname: 'api.example.com', secure: true });
    const accepted = await guest.call.teams.updateMembershipStatus(accept);
    expect(accepted).toMatchObject({
      $id: membership.$id,
      confirm: true,
      roles: ['viewer'],
      teamName: 'Acceptors',
      userEmail: 'guest.accept@example.com',
      userName: 'guest.accept@example.com',
    });
    expect(accepted.joined).toMatch(/\+00:00$/);

    const stored = await api.repos.memberships.byId(membership.$id);
    expect(stored).toMatchObject({ confirm: true, delivery: { state: 'skipped' } });
    const user = await api.repos.users.byId(membership.userId);
    expect(user?.emailVerification).toBe(true);

    const cookie = guest.response.cookies.get('a_session_test');
    expect(cookie?.options).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'none',
    });
    expect(cookie?.options.domain).toBeUndefined();
    expect(guest.response.cookies.get('a_session_test_legacy')?.value).toBe(cookie?.value);
    expect(decodeSessionToken(cookie!.value)?.userId).toBe(membership.userId);
    const sessions = await api.store.find('sessions', { userId: membership.userId });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ provider: 'email', providerUid: 'guest.accept@example.com' });
    expect(sessions[0]!.expire.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);

    // The new session works: the invitee now sees the team, with two members.
    const asInvitee = api.caller({ 'x-appwrite-session': cookie!.value });
    expect((await asInvitee.call.teams.get({ teamId: team.$id })).total).toBe(2);
  });

  it('a signed-in invitee whose email is verified joins without a new session; a delivery already sent stays sent', async () => {
    const { owner, team } = await teamWithOwner(api);
    const invitee = await api.signUp();
    // Never verified, accepting would clear the account's sessions and open a new one (issue 12).
    await api.store.update('users', { _id: invitee.user._id }, { emailVerification: true });
    const membership = await invite(api, owner.headers, team.$id, invitee.user.email!);
    await api.store.update('memberships', { _id: membership.$id }, { 'delivery.state': 'sent' });
    const secret = await invitationSecret(api, membership.$id);
    const caller = api.caller(invitee.headers);
    await caller.call.teams.updateMembershipStatus({
      teamId: team.$id,
      membershipId: membership.$id,
      userId: invitee.user._id,
      secret,
    });
    expect(caller.response.cookies.size).toBe(0);
    expect(await api.store.count('sessions', { userId: invitee.user._id })).toBe(1);
    expect((await api.repos.memberships.byId(membership.$id))?.delivery?.state).toBe('sent');
  });

  it('checks in Appwrite order: membership, team, mismatch, secret, user, confirmed', async () => {
    const { team, membership, accept } = await pendingInvitation('checks@example.com');
    const { team: otherTeam } = await teamWithOwner(api);
    const guest = api.caller().call.teams;
    expect(await appErrorOf(guest.updateMembershipStatus({ ...accept, secret: '' }))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message:
        'Invalid `secret` param: Value must be a valid string and at least 1 chars and no longer than 256 chars',
    });
    expect(
      await appErrorOf(guest.updateMembershipStatus({ ...accept, membershipId: 'missing' })),
    ).toMatchObject({
      type: 'membership_not_found',
      status: 404,
    });
    expect(await appErrorOf(guest.updateMembershipStatus({ ...accept, teamId: 'missing' }))).toMatchObject({
      type: 'team_not_found',
      status: 404,
    });
    expect(
      await appErrorOf(guest.updateMembershipStatus({ ...accept, teamId: otherTeam.$id })),
    ).toMatchObject({
      type: 'team_membership_mismatch',
      status: 404,
    });
    // The secret is checked before the user, so a wrong user with a wrong secret hears about the secret.
    expect(
      await appErrorOf(
        guest.updateMembershipStatus({ ...accept, userId: 'someone', secret: 'f'.repeat(256) }),
      ),
    ).toEqual({
      type: 'team_invalid_secret',
      status: 401,
      message: 'The team invitation secret is invalid. Please request a new invitation and try again.',
    });
    expect(await appErrorOf(guest.updateMembershipStatus({ ...accept, userId: 'someone' }))).toEqual({
      type: 'team_invite_mismatch',
      status: 401,
      message: 'Invite does not belong to current user ()',
    });
    const intruder = await api.signUp({ email: 'intruder@example.com' });
    expect(await appErrorOf(api.caller(intruder.headers).call.teams.updateMembershipStatus(accept))).toEqual({
      type: 'team_invite_mismatch',
      status: 401,
      message: 'Invite does not belong to current user (intruder@example.com)',
    });
    expect(await api.store.count('memberships', { _id: membership.$id, confirm: true })).toBe(0);

    await guest.updateMembershipStatus(accept);
    expect(await appErrorOf(guest.updateMembershipStatus(accept))).toEqual({
      type: 'membership_already_confirmed',
      status: 409,
      message: 'Membership is already confirmed.',
    });
    expect(
      (await api.caller(await api.keyHeaders(['teams.read'])).call.teams.get({ teamId: team.$id })).total,
    ).toBe(2);
  });

  it("a team creator's own membership has no secret that works", async () => {
    const { team, ownerMembershipId, owner } = await teamWithOwner(api);
    const input = {
      teamId: team.$id,
      membershipId: ownerMembershipId,
      userId: owner.user._id,
      secret: 'a'.repeat(64),
    };
    expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(input))).type).toBe(
      'team_invalid_secret',
    );
  });

  it('API keys cannot accept (no public scope)', async () => {
    const { accept } = await pendingInvitation('keyed.accept@example.com');
    const key = await api.keyHeaders(['teams.read', 'teams.write', 'users.read', 'users.write']);
    expect(await appErrorOf(api.caller(key).call.teams.updateMembershipStatus(accept))).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
  });

  it('a re-invite rotates the secret: the old link is 401, the new one works', async () => {
    const { owner, team, membership, accept } = await pendingInvitation('rotate@example.com');
    await invite(api, owner.headers, team.$id, 'rotate@example.com');
    expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(accept))).type).toBe(
      'team_invalid_secret',
    );
    const secret = await invitationSecret(api, membership.$id);
    await expect(
      api.caller().call.teams.updateMembershipStatus({ ...accept, secret }),
    ).resolves.toMatchObject({
      confirm: true,
    });
  });

  it('with ROSTER_INVITE_TTL, an older invitation is 401 team_invite_expired (after the secret check)', async () => {
    const { membership, accept } = await pendingInvitation('expired@example.com');
    await api.store.update(
      'memberships',
      { _id: membership.$id },
      { invited: new Date(Date.now() - 7200_000) },
    );
    const config = api.deps.config;
    config.inviteTtlSeconds = 3600;
    try {
      expect(
        (await appErrorOf(api.caller().call.teams.updateMembershipStatus({ ...accept, secret: 'a' }))).type,
      ).toBe('team_invalid_secret');
      expect(await appErrorOf(api.caller().call.teams.updateMembershipStatus(accept))).toEqual({
        type: 'team_invite_expired',
        status: 401,
        message: 'The team invitation has expired. Please request a new invitation.',
      });
      config.inviteTtlSeconds = 3 * 3600;
      await expect(api.caller().call.teams.updateMembershipStatus(accept)).resolves.toMatchObject({
        confirm: true,
      });
    } finally {
      config.inviteTtlSeconds = undefined;
    }
  });

  it('finishes an acceptance whose first claimant died before confirming (stale claim)', async () => {
    const { membership, accept } = await pendingInvitation('stale@example.com');
    const stored = await api.repos.memberships.byId(membership.$id);
    const claimId = `accept:${membership.$id}:${stored!.delivery!.secretVersion}`;
    await api.store.insertEach(
      'claims',
      [{ _id: claimId, holder: 'crashed', createdAt: new Date(Date.now() - 60_000) }],
      {
        timestamps: false,
      },
    );
    await expect(api.caller().call.teams.updateMembershipStatus(accept)).resolves.toMatchObject({
      confirm: true,
    });
    expect(await api.store.exists('claims', { _id: `${claimId}:2` })).not.toBeNull();
  });

  it('a fresh claim held by another request is 409', async () => {
    const { membership, accept } = await pendingInvitation('fresh.claim@example.com');
    const stored = await api.repos.memberships.byId(membership.$id);
    await api.store.insert('claims', {
      _id: `accept:${membership.$id}:${stored!.delivery!.secretVersion}`,
      holder: 'busy',
    });
    expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(accept))).type).toBe(
      'membership_already_confirmed',
    );
  });

  it('an accept that fails after its claim gives the claim back: a retry of the link goes through at once', async () => {
    const { membership, accept } = await pendingInvitation('failed.confirm@example.com');
    const confirm = vi
      .spyOn(api.repos.memberships, 'confirm')
      .mockRejectedValueOnce(new Error('the database went away mid-accept'));
    try {
      expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(accept))).type).toBe(
        'general_unknown',
      );
      expect(await api.repos.memberships.byId(membership.$id)).toMatchObject({ confirm: false });
      await expect(api.caller().call.teams.updateMembershipStatus(accept)).resolves.toMatchObject({
        confirm: true,
      });
    } finally {
      confirm.mockRestore();
    }
  });
});

describe('teams.updateMembershipStatus races', () => {
  it('24 concurrent accepts of one invitation: exactly one 200, the rest 409; total is 2', async () => {
    const { team, membership, accept } = await pendingInvitation('race.accept@example.com');
    const { values, errors } = await settleAll(24, () =>
      api.caller().call.teams.updateMembershipStatus(accept),
    );
    expect(values).toHaveLength(1);
    expect(errors).toEqual({ membership_already_confirmed: 23 });
    expect(await api.repos.memberships.byId(membership.$id)).toMatchObject({ confirm: true });
    expect(await api.store.count('sessions', { userId: membership.userId })).toBe(1);
    const key = await api.keyHeaders(['teams.read']);
    expect((await api.caller(key).call.teams.get({ teamId: team.$id })).total).toBe(2);
  });

  it('accepts racing deletes of the invitation (24 calls, 3 rounds with 12, 4, 1 deletes): gone, or confirmed and counted', async () => {
    for (const [round, deletes] of [12, 4, 1].entries()) {
      const { owner, team, membership, accept } = await pendingInvitation(`race.delete.${round}@example.com`);
      const input = { teamId: team.$id, membershipId: membership.$id };
      const { values, errors } = await settleAll<unknown>(24, (index) =>
        index % Math.floor(24 / deletes) === 0
          ? api.caller(owner.headers).call.teams.deleteMembership(input)
          : api.caller().call.teams.updateMembershipStatus(accept),
      );
      const accepted = values.filter((value) => value !== undefined);
      expect(accepted.length).toBeLessThanOrEqual(1);
      for (const type of Object.keys(errors)) {
        expect(['membership_already_confirmed', 'membership_not_found', 'team_invite_not_found']).toContain(
          type,
        );
      }
      const stored = await api.repos.memberships.byId(membership.$id);
      const key = await api.keyHeaders(['teams.read']);
      const { total } = await api.caller(key).call.teams.get({ teamId: team.$id });
      if (stored) {
        expect(stored.confirm).toBe(true);
        expect(total).toBe(2);
      } else {
        expect(total).toBe(1);
      }
    }
  });
});
