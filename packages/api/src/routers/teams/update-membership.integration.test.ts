import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invite, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

const LAST_OWNER = 'There must be at least one owner in the team.';

/** A team with two confirmed owners, A (its creator) and B. */
async function twoOwners() {
  const { owner: a, team, ownerMembershipId: aMembershipId } = await teamWithOwner(api, 'Owners');
  const b = await addMember(api, a.headers, team.$id, ['owner']);
  return { team, a, aMembershipId, b, bMembershipId: b.membershipId };
}

function confirmedOwners(teamId: string) {
  return api.store.count('memberships', { teamId, confirm: true, roles: 'owner' });
}

describe('teams.updateMembership', () => {
  it('an owner replaces the roles of a member and of a pending invitation', async () => {
    const { owner, team } = await teamWithOwner(api, 'Roles');
    const member = await addMember(api, owner.headers, team.$id, ['viewer']);
    const { call } = api.caller(owner.headers);
    expect(
      await call.teams.updateMembership({
        teamId: team.$id,
        membershipId: member.membershipId,
        roles: ['editor', 'owner'],
      }),
    ).toMatchObject({
      $id: member.membershipId,
      roles: ['editor', 'owner'],
      confirm: true,
      teamName: 'Roles',
      userName: member.user.name,
      userEmail: member.user.email,
    });
    const pending = await invite(api, owner.headers, team.$id, 'pending.roles@example.com', ['a']);
    expect(
      await call.teams.updateMembership({ teamId: team.$id, membershipId: pending.$id, roles: [] }),
    ).toMatchObject({
      roles: [],
      confirm: false,
    });
    expect((await api.repos.memberships.byId(pending.$id))?.roles).toEqual([]);
  });

  it('API keys may change any roles, even take owner from the last owner', async () => {
    const { team, ownerMembershipId } = await teamWithOwner(api);
    const key = await api.keyHeaders(['teams.write']);
    await expect(
      api
        .caller(key)
        .call.teams.updateMembership({ teamId: team.$id, membershipId: ownerMembershipId, roles: ['x'] }),
    ).resolves.toMatchObject({ roles: ['x'] });
    expect(await confirmedOwners(team.$id)).toBe(0);
  });

  it('a member who is not an owner is 401 User is not allowed to modify roles', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id, ['editor']);
    const { call } = api.caller(member.headers);
    for (const membershipId of [ownerMembershipId, member.membershipId]) {
      expect(
        await appErrorOf(call.teams.updateMembership({ teamId: team.$id, membershipId, roles: ['owner'] })),
      ).toEqual({
        type: 'user_unauthorized',
        status: 401,
        message: 'User is not allowed to modify roles',
      });
    }
  });

  it('404s in order: team, membership, mismatch, user; validation and scope', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const { ownerMembershipId: otherMembershipId } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const teamId = team.$id;
    expect(
      (
        await appErrorOf(
          call.teams.updateMembership({ teamId: 'missing', membershipId: 'missing', roles: [] }),
        )
      ).type,
    ).toBe('team_not_found');
    expect(
      (await appErrorOf(call.teams.updateMembership({ teamId, membershipId: 'missing', roles: [] }))).type,
    ).toBe('membership_not_found');
    expect(
      (await appErrorOf(call.teams.updateMembership({ teamId, membershipId: otherMembershipId, roles: [] })))
        .type,
    ).toBe('team_membership_mismatch');
    const gone = await invite(api, owner.headers, teamId, 'vanishing@example.com');
    await api.store.delete('users', { _id: gone.userId });
    expect(
      await appErrorOf(call.teams.updateMembership({ teamId, membershipId: gone.$id, roles: [] })),
    ).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
    expect(
      await appErrorOf(call.teams.updateMembership({ teamId, membershipId: ownerMembershipId } as never)),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Param "roles" is not optional.',
    });
    expect(
      (
        await appErrorOf(
          call.teams.updateMembership({ teamId, membershipId: ownerMembershipId, roles: ['_bad'] }),
        )
      ).type,
    ).toBe('general_argument_invalid');
    const readOnly = await api.keyHeaders(['teams.read']);
    expect(
      (
        await appErrorOf(
          api
            .caller(readOnly)
            .call.teams.updateMembership({ teamId, membershipId: ownerMembershipId, roles: [] }),
        )
      ).type,
    ).toBe('general_unauthorized_scope');
  });

  it('the last confirmed owner cannot drop owner (400); with a second owner either may', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    // A pending invitation carrying owner does not count as an owner.
    await invite(api, owner.headers, team.$id, 'future.owner@example.com', ['owner']);
    expect(
      await appErrorOf(
        call.teams.updateMembership({ teamId: team.$id, membershipId: ownerMembershipId, roles: ['admin'] }),
      ),
    ).toEqual({ type: 'membership_downgrade_prohibited', status: 400, message: LAST_OWNER });
    expect((await api.repos.memberships.byId(ownerMembershipId))?.roles).toEqual(['owner']);
    // Keeping owner while changing other roles is fine.
    await expect(
      call.teams.updateMembership({
        teamId: team.$id,
        membershipId: ownerMembershipId,
        roles: ['owner', 'admin'],
      }),
    ).resolves.toMatchObject({ roles: ['owner', 'admin'] });

    const b = await addMember(api, owner.headers, team.$id, ['owner']);
    await expect(
      call.teams.updateMembership({ teamId: team.$id, membershipId: ownerMembershipId, roles: ['admin'] }),
    ).resolves.toMatchObject({ roles: ['admin'] });
    expect(
      await appErrorOf(
        api
          .caller(b.headers)
          .call.teams.updateMembership({ teamId: team.$id, membershipId: b.membershipId, roles: [] }),
      ),
    ).toMatchObject({ type: 'membership_downgrade_prohibited', message: LAST_OWNER });
    expect(await confirmedOwners(team.$id)).toBe(1);
  });
});

describe('teams.updateMembership races (owner rule)', () => {
  it('takes over the owners lock of a request that died holding it', async () => {
    const { team, a, bMembershipId } = await twoOwners();
    await api.store.insertEach(
      'claims',
      [{ _id: `lock:owners:${team.$id}`, holder: 'crashed', createdAt: new Date(Date.now() - 60_000) }],
      { timestamps: false },
    );
    await expect(
      api
        .caller(a.headers)
        .call.teams.updateMembership({ teamId: team.$id, membershipId: bMembershipId, roles: [] }),
    ).resolves.toMatchObject({ roles: [] });
    expect(await api.store.exists('claims', { _id: `lock:owners:${team.$id}` })).toBeNull();
  });

  it('two owners demoting each other, 24 calls at once, 2 rounds: an owner always remains', async () => {
    for (let round = 0; round < 2; round++) {
      const { team, a, aMembershipId, b, bMembershipId } = await twoOwners();
      const { values, errors } = await settleAll(24, (index) =>
        index % 2 === 0
          ? api.caller(a.headers).call.teams.updateMembership({
              teamId: team.$id,
              membershipId: bMembershipId,
              roles: ['member'],
            })
          : api.caller(b.headers).call.teams.updateMembership({
              teamId: team.$id,
              membershipId: aMembershipId,
              roles: ['member'],
            }),
      );
      // A caller demoted first is no longer an owner: 401 for its later calls.
      for (const type of Object.keys(errors)) {
        expect(['membership_downgrade_prohibited', 'user_unauthorized']).toContain(type);
      }
      // The first demotion wins; every later one aimed at the remaining owner is refused.
      expect(await confirmedOwners(team.$id)).toBe(1);
      expect(values.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('owners demoting themselves and each other at once (3 owners, 24 calls): an owner remains', async () => {
    const { team, a, aMembershipId, b, bMembershipId } = await twoOwners();
    const c = await addMember(api, a.headers, team.$id, ['owner']);
    const callers = [a, b, c];
    const targets = [aMembershipId, bMembershipId, c.membershipId];
    const { errors } = await settleAll(24, (index) =>
      api.caller(callers[index % 3]!.headers).call.teams.updateMembership({
        teamId: team.$id,
        membershipId: targets[Math.floor(index / 3) % 3]!,
        roles: [],
      }),
    );
    for (const type of Object.keys(errors)) {
      expect(['membership_downgrade_prohibited', 'user_unauthorized']).toContain(type);
    }
    expect(await confirmedOwners(team.$id)).toBe(1);
  });
});
