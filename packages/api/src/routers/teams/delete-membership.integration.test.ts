import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invite, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

const LAST_OWNER = 'There must be at least one owner in the team.';

function confirmedOwners(teamId: string) {
  return api.store.count('memberships', { teamId, confirm: true, roles: 'owner' });
}

async function total(teamId: string) {
  const key = await api.keyHeaders(['teams.read']);
  return (await api.caller(key).call.teams.get({ teamId })).total;
}

describe('teams.deleteMembership', () => {
  it('a member leaves; an owner removes a member and revokes an invitation; total follows', async () => {
    const { owner, team } = await teamWithOwner(api);
    const leaver = await addMember(api, owner.headers, team.$id);
    const removed = await addMember(api, owner.headers, team.$id, ['editor']);
    const pending = await invite(api, owner.headers, team.$id, 'revoked@example.com');
    expect(await total(team.$id)).toBe(3);

    await expect(
      api
        .caller(leaver.headers)
        .call.teams.deleteMembership({ teamId: team.$id, membershipId: leaver.membershipId }),
    ).resolves.toBeUndefined();
    const { call } = api.caller(owner.headers);
    await call.teams.deleteMembership({ teamId: team.$id, membershipId: removed.membershipId });
    await call.teams.deleteMembership({ teamId: team.$id, membershipId: pending.$id });
    expect(await api.store.count('memberships', { teamId: team.$id })).toBe(1);
    expect(await total(team.$id)).toBe(1);
    // The one who left no longer sees the team.
    expect((await appErrorOf(api.caller(leaver.headers).call.teams.get({ teamId: team.$id }))).type).toBe(
      'team_not_found',
    );
  });

  it('the last confirmed owner cannot leave (400); with a second owner either may leave', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const self = { teamId: team.$id, membershipId: ownerMembershipId };
    expect(await appErrorOf(api.caller(owner.headers).call.teams.deleteMembership(self))).toEqual({
      type: 'membership_deletion_prohibited',
      status: 400,
      message: LAST_OWNER,
    });
    const second = await addMember(api, owner.headers, team.$id, ['owner']);
    await api.caller(owner.headers).call.teams.deleteMembership(self);
    expect(
      await appErrorOf(
        api
          .caller(second.headers)
          .call.teams.deleteMembership({ teamId: team.$id, membershipId: second.membershipId }),
      ),
    ).toMatchObject({ type: 'membership_deletion_prohibited', message: LAST_OWNER });
    expect(await confirmedOwners(team.$id)).toBe(1);
  });

  it('API keys may remove anyone, the last owner included', async () => {
    const { team, ownerMembershipId } = await teamWithOwner(api);
    const key = await api.keyHeaders(['teams.write']);
    await api.caller(key).call.teams.deleteMembership({ teamId: team.$id, membershipId: ownerMembershipId });
    expect(await api.store.count('memberships', { teamId: team.$id })).toBe(0);
  });

  it('a member cannot remove someone else: 401 user_unauthorized', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id, ['editor']);
    const other = await addMember(api, owner.headers, team.$id);
    for (const membershipId of [ownerMembershipId, other.membershipId]) {
      expect(
        await appErrorOf(
          api.caller(member.headers).call.teams.deleteMembership({ teamId: team.$id, membershipId }),
        ),
      ).toEqual({
        type: 'user_unauthorized',
        status: 401,
        message: 'The current user is not authorized to perform the requested action.',
      });
    }
  });

  it('checks in Appwrite order: invitation, user, team, mismatch; and scope', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const { team: other, ownerMembershipId: otherMembershipId } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    // The membership is looked up first, even for a team that does not exist.
    expect(
      await appErrorOf(call.teams.deleteMembership({ teamId: 'missing', membershipId: 'missing' })),
    ).toEqual({
      type: 'team_invite_not_found',
      status: 404,
      message: 'The requested team invitation could not be found.',
    });
    const gone = await invite(api, owner.headers, team.$id, 'deleted.user@example.com');
    await api.store.delete('users', { _id: gone.userId });
    expect(
      await appErrorOf(call.teams.deleteMembership({ teamId: 'missing', membershipId: gone.$id })),
    ).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    expect(
      await appErrorOf(call.teams.deleteMembership({ teamId: 'missing', membershipId: ownerMembershipId })),
    ).toMatchObject({
      type: 'team_not_found',
      status: 404,
    });
    // Not a member of the other team: it is not readable.
    expect(
      (await appErrorOf(call.teams.deleteMembership({ teamId: other.$id, membershipId: otherMembershipId })))
        .type,
    ).toBe('team_not_found');
    expect(
      await appErrorOf(call.teams.deleteMembership({ teamId: team.$id, membershipId: otherMembershipId })),
    ).toMatchObject({
      type: 'team_membership_mismatch',
      status: 404,
    });
    expect(
      (
        await appErrorOf(
          api.caller().call.teams.deleteMembership({ teamId: team.$id, membershipId: ownerMembershipId }),
        )
      ).type,
    ).toBe('general_unauthorized_scope');
    expect(
      await api.store.count('memberships', { _id: { $in: [ownerMembershipId, otherMembershipId] } }),
    ).toBe(2);
  });
});

describe('teams.deleteMembership races (owner rule)', () => {
  it('two owners leaving and removing each other, 24 calls at once, 2 rounds: an owner remains', async () => {
    for (let round = 0; round < 2; round++) {
      const { owner: a, team, ownerMembershipId: aId } = await teamWithOwner(api);
      const b = await addMember(api, a.headers, team.$id, ['owner']);
      const plan = [
        [a.headers, aId], // a leaves
        [b.headers, b.membershipId], // b leaves
        [a.headers, b.membershipId], // a removes b
        [b.headers, aId], // b removes a
      ] as const;
      const { values, errors } = await settleAll(24, (index) => {
        const [headers, membershipId] = plan[index % plan.length]!;
        return api.caller(headers).call.teams.deleteMembership({ teamId: team.$id, membershipId });
      });
      expect(values.length).toBeGreaterThanOrEqual(1);
      for (const type of Object.keys(errors)) {
        expect(['membership_deletion_prohibited', 'team_invite_not_found', 'team_not_found']).toContain(type);
      }
      expect(await confirmedOwners(team.$id)).toBe(1);
      expect(await api.store.count('memberships', { teamId: team.$id })).toBe(1);
      expect(await total(team.$id)).toBe(1);
    }
  });

  it('owners demoting and removing each other at once (24 calls): an owner remains', async () => {
    const { owner: a, team, ownerMembershipId: aId } = await teamWithOwner(api);
    const b = await addMember(api, a.headers, team.$id, ['owner']);
    const { errors } = await settleAll<unknown>(24, (index) => {
      const [caller, target] = index % 2 === 0 ? [a, b.membershipId] : [b, aId];
      return index % 4 < 2
        ? api.caller(caller.headers).call.teams.deleteMembership({ teamId: team.$id, membershipId: target })
        : api
            .caller(caller.headers)
            .call.teams.updateMembership({ teamId: team.$id, membershipId: target, roles: [] });
    });
    for (const type of Object.keys(errors)) {
      expect([
        'membership_deletion_prohibited',
        'membership_downgrade_prohibited',
        'team_invite_not_found',
        'membership_not_found',
        'team_not_found',
        'user_unauthorized',
      ]).toContain(type);
    }
    expect(await confirmedOwners(team.$id)).toBe(1);
  });
});
