import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../testing/harness.ts';
import { INVITE_URL, addMember, invite, settleAll, teamWithOwner } from '../testing/invitations.ts';
import { withTeamRoom } from './member-limit.ts';

const LIMIT = 5;
const api = useApiHarness({ config: { teamMemberLimit: LIMIT } });

const seats = (teamId: string) => api.store.count('memberships', { teamId });

describe('member limit (ROSTER_TEAM_MEMBER_LIMIT)', () => {
  it('counts members and pending invitations; the next invitation is 400 team_member_limit_reached', async () => {
    const { owner, team } = await teamWithOwner(api);
    await addMember(api, owner.headers, team.$id);
    await invite(api, owner.headers, team.$id, 'a@example.com');
    await invite(api, owner.headers, team.$id, 'b@example.com');
    await invite(api, owner.headers, team.$id, 'c@example.com');
    expect(await seats(team.$id)).toBe(LIMIT);
    expect(await appErrorOf(invite(api, owner.headers, team.$id, 'd@example.com'))).toEqual({
      type: 'team_member_limit_reached',
      status: 400,
      message: `The team has reached its member limit of ${LIMIT} (members and pending invitations). Remove a member or revoke an invitation before inviting more.`,
    });
    // Refused before the invitee's account was made.
    expect(await api.store.count('users', { emailLower: 'd@example.com' })).toBe(0);
    // A key is held to it as well.
    const key = await api.keyHeaders(['teams.write']);
    const outsider = await api.signUp();
    expect(
      (
        await appErrorOf(
          api
            .caller(key)
            .call.teams.createMembership({ teamId: team.$id, userId: outsider.user._id, roles: [] }),
        )
      ).type,
    ).toBe('team_member_limit_reached');

    // Re-inviting someone who holds a seat takes no new one.
    await expect(invite(api, owner.headers, team.$id, 'a@example.com', ['editor'])).resolves.toMatchObject({
      roles: ['editor'],
    });
    // Revoking an invitation frees its seat.
    const pending = await api.store.findOne('memberships', {
      teamId: team.$id,
      'invitedAs.email': 'b@example.com',
    });
    await api
      .caller(owner.headers)
      .call.teams.deleteMembership({ teamId: team.$id, membershipId: pending!._id });
    await expect(invite(api, owner.headers, team.$id, 'd@example.com')).resolves.toMatchObject({
      confirm: false,
    });
    expect(await seats(team.$id)).toBe(LIMIT);
  });

  it('20 concurrent invitations into a team with 3 seats left: exactly 3 succeed', async () => {
    const { owner, team } = await teamWithOwner(api);
    await invite(api, owner.headers, team.$id, 'first@example.com');
    const { values, errors } = await settleAll(20, (index) =>
      api.caller(owner.headers).call.teams.createMembership({
        teamId: team.$id,
        email: `racer-${index}-${team.$id}@example.com`,
        roles: [],
        url: INVITE_URL,
      }),
    );
    expect(values).toHaveLength(LIMIT - 2);
    expect(errors).toEqual({ team_member_limit_reached: 20 - (LIMIT - 2) });
    expect(await seats(team.$id)).toBe(LIMIT);
  });

  it('join links and bulk invitations take seats too: a full team refuses them with the same error', async () => {
    const { owner, team } = await teamWithOwner(api);
    const bulk = await api.caller(owner.headers).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows: Array.from({ length: LIMIT }, (_, index) => ({
        email: `bulk-${index}-${team.$id}@example.com`,
        roles: [],
      })),
    });
    // The owner holds one seat: four rows fit, one (rows run concurrently: any) is refused on its own row.
    const statuses = bulk.rows.map((row) => row.status);
    expect(statuses.filter((status) => status === 'created')).toHaveLength(LIMIT - 1);
    const refused = bulk.rows.filter((row) => row.status === 'invalid');
    expect(refused.map((row) => row.error?.type)).toEqual(['team_member_limit_reached']);
    expect(await seats(team.$id)).toBe(LIMIT);

    const created = await api.caller(owner.headers).call.joinLinks.create({
      teamId: team.$id,
      roles: ['viewer'],
      url: 'http://localhost:5173/join',
    });
    const params = new URL(created.url).searchParams;
    const joiner = await api.signUp();
    const join = api
      .caller(joiner.headers)
      .call.joinLinks.join({ linkId: params.get('linkId')!, secret: params.get('secret')! });
    expect((await appErrorOf(join)).type).toBe('team_member_limit_reached');
    // Refused before a use was taken.
    const [link] = (await api.caller(owner.headers).call.joinLinks.list({ teamId: team.$id })).joinLinks;
    expect(link!.uses).toBe(0);
    expect(await seats(team.$id)).toBe(LIMIT);
  });

  it('is off without a limit: withTeamRoom runs the write without counting', async () => {
    const { team } = await teamWithOwner(api);
    const deps = { repos: api.repos, config: { teamMemberLimit: undefined } };
    await expect(
      withTeamRoom(deps, { _id: team.$id }, ['someone'], () => Promise.resolve('written')),
    ).resolves.toBe('written');
    const limited = { repos: api.repos, config: { teamMemberLimit: 1 } };
    expect(
      await withTeamRoom(
        limited,
        { _id: team.$id, epoch: (await api.repos.teams.byId(team.$id))!.epoch },
        ['x'],
        () => Promise.resolve('no'),
      ).catch((error: { type?: string }) => error.type),
    ).toBe('team_member_limit_reached');
  });
});
