import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invite, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

describe('teams.getMembership', () => {
  it('a member reads any membership of the team, pending ones too, with team fields (user fields hidden by default)', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api, 'Readers');
    const member = await addMember(api, owner.headers, team.$id, ['viewer']);
    const pending = await invite(api, owner.headers, team.$id, 'pending.read@example.com', ['x']);
    const { call } = api.caller(member.headers);

    expect(
      await call.teams.getMembership({ teamId: team.$id, membershipId: ownerMembershipId }),
    ).toMatchObject({
      $id: ownerMembershipId,
      userId: '',
      userName: '',
      userEmail: '',
      teamId: team.$id,
      teamName: 'Readers',
      confirm: true,
      roles: ['owner'],
    });
    expect(await call.teams.getMembership({ teamId: team.$id, membershipId: pending.$id })).toMatchObject({
      confirm: false,
      joined: '',
      userEmail: '',
    });
    expect(
      await api
        .caller(owner.headers)
        .call.teams.getMembership({ teamId: team.$id, membershipId: pending.$id }),
    ).toMatchObject({ userEmail: 'pending.read@example.com' });
    const key = await api.keyHeaders(['teams.read']);
    expect(
      (
        await api
          .caller(key)
          .call.teams.getMembership({ teamId: team.$id, membershipId: member.membershipId })
      ).roles,
    ).toEqual(['viewer']);
  });

  it('404s: team_not_found (unknown, or not a member), membership_not_found, team_membership_mismatch', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const { team: other, ownerMembershipId: otherMembershipId } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    expect(
      await appErrorOf(call.teams.getMembership({ teamId: 'missing', membershipId: ownerMembershipId })),
    ).toMatchObject({
      type: 'team_not_found',
      status: 404,
    });
    expect(
      (await appErrorOf(call.teams.getMembership({ teamId: other.$id, membershipId: otherMembershipId })))
        .type,
    ).toBe('team_not_found');
    expect(await appErrorOf(call.teams.getMembership({ teamId: team.$id, membershipId: 'missing' }))).toEqual(
      {
        type: 'membership_not_found',
        status: 404,
        message: 'Membership with the requested ID could not be found.',
      },
    );
    expect(
      await appErrorOf(call.teams.getMembership({ teamId: team.$id, membershipId: otherMembershipId })),
    ).toEqual({
      type: 'team_membership_mismatch',
      status: 404,
      message: 'The membership ID does not belong to the team ID.',
    });
  });

  it('a pending invitee cannot read the team yet; guests are 401', async () => {
    const { owner, team } = await teamWithOwner(api);
    const invitee = await api.signUp();
    const pending = await invite(api, owner.headers, team.$id, invitee.user.email!);
    const input = { teamId: team.$id, membershipId: pending.$id };
    expect((await appErrorOf(api.caller(invitee.headers).call.teams.getMembership(input))).type).toBe(
      'team_not_found',
    );
    expect(await appErrorOf(api.caller().call.teams.getMembership(input))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: guests) missing scopes (["teams.read"])',
    });
  });
});
