import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invitationSecret, invite, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

/** A signed-in user whose address is verified (the inbox needs it), invited to a new team. */
async function invitedVerifiedUser(teamName = 'Inbox team', roles: string[] = ['viewer']) {
  const { owner, team } = await teamWithOwner(api, teamName);
  const invitee = await api.signUp();
  await api.store.update('users', { _id: invitee.user._id }, { emailVerification: true });
  const membership = await invite(api, owner.headers, team.$id, invitee.user.email!, roles);
  return { owner, team, invitee, membership };
}

describe('account invitations (the inbox)', () => {
  it('lists pending invitations across teams with team and inviter names; not expired ones, not others’', async () => {
    const { owner, team, invitee, membership } = await invitedVerifiedUser('First');
    const { owner: other, team: second } = await teamWithOwner(api, 'Second');
    const again = await invite(api, other.headers, second.$id, invitee.user.email!, ['editor']);
    // Someone else's invitation is not in this inbox.
    await invite(api, owner.headers, team.$id, 'someone.else@example.com');

    const inbox = await api.caller(invitee.headers).call.account.listInvitations();
    expect(inbox.total).toBe(2);
    expect(inbox.invitations.map((row) => [row.$id, row.teamName, row.inviterName, row.roles])).toEqual([
      [again.$id, 'Second', other.user.name, ['editor']],
      [membership.$id, 'First', owner.user.name, ['viewer']],
    ]);
    expect(inbox.invitations[0]!.expire).toBe('');

    const config = api.deps.config;
    config.inviteTtlSeconds = 3600;
    try {
      await api.store.update('memberships', { _id: again.$id }, { invited: new Date(Date.now() - 7200_000) });
      const later = await api.caller(invitee.headers).call.account.listInvitations();
      expect(later.invitations.map((row) => row.$id)).toEqual([membership.$id]);
      expect(Date.parse(later.invitations[0]!.expire) - Date.now()).toBeGreaterThan(3500_000);
      expect(
        await appErrorOf(
          api.caller(invitee.headers).call.account.acceptInvitation({ membershipId: again.$id }),
        ),
      ).toMatchObject({ type: 'team_invite_expired', status: 401 });
    } finally {
      config.inviteTtlSeconds = undefined;
    }
  });

  it('an unverified address sees and answers nothing: it may have been signed up by someone else', async () => {
    const { owner, team } = await teamWithOwner(api);
    const squatter = await api.signUp();
    const pending = await invite(api, owner.headers, team.$id, squatter.user.email!);
    const calls = api.caller(squatter.headers).call.account;
    for (const outcome of [
      () => calls.listInvitations(),
      () => calls.acceptInvitation({ membershipId: pending.$id }),
      () => calls.declineInvitation({ membershipId: pending.$id }),
    ]) {
      expect(await appErrorOf(outcome())).toMatchObject({ type: 'user_email_not_verified', status: 400 });
    }
    expect((await api.repos.memberships.byId(pending.$id))?.confirm).toBe(false);
  });

  it('accepts without the email: confirmed, counted, the session kept', async () => {
    const { team, invitee, membership } = await invitedVerifiedUser();
    const caller = api.caller(invitee.headers);
    const accepted = await caller.call.account.acceptInvitation({ membershipId: membership.$id });
    expect(accepted).toMatchObject({
      $id: membership.$id,
      confirm: true,
      roles: ['viewer'],
      teamName: 'Inbox team',
    });
    expect(caller.response.cookies.size).toBe(0);
    expect((await api.caller(invitee.headers).call.teams.get({ teamId: team.$id })).total).toBe(2);
    expect((await api.caller(invitee.headers).call.account.listInvitations()).total).toBe(0);
    expect(
      await appErrorOf(
        api.caller(invitee.headers).call.account.acceptInvitation({ membershipId: membership.$id }),
      ),
    ).toMatchObject({ type: 'membership_already_confirmed', status: 409 });
  });

  it('nobody answers an invitation addressed to someone else: 404 as if it did not exist', async () => {
    const { membership } = await invitedVerifiedUser();
    const stranger = await api.signUp();
    await api.store.update('users', { _id: stranger.user._id }, { emailVerification: true });
    const calls = api.caller(stranger.headers).call.account;
    for (const outcome of [
      () => calls.acceptInvitation({ membershipId: membership.$id }),
      () => calls.declineInvitation({ membershipId: membership.$id }),
      () => calls.acceptInvitation({ membershipId: 'missing' }),
    ]) {
      expect(await appErrorOf(outcome())).toMatchObject({ type: 'membership_not_found', status: 404 });
    }
    expect((await api.repos.memberships.byId(membership.$id))?.confirm).toBe(false);
  });

  it('declines: gone for Appwrite’s reads and total, declined for owners, the link and preview refuse it, an event', async () => {
    const { owner, team, invitee, membership } = await invitedVerifiedUser();
    const secret = await invitationSecret(api, membership.$id);
    await api.caller(invitee.headers).call.account.declineInvitation({ membershipId: membership.$id });

    const owners = api.caller(owner.headers).call.teams;
    expect(
      await appErrorOf(owners.getMembership({ teamId: team.$id, membershipId: membership.$id })),
    ).toMatchObject({ type: 'membership_not_found' });
    const list = await owners.listMemberships({ teamId: team.$id });
    expect([list.total, list.memberships.map((row) => row.$id)]).not.toContainEqual(membership.$id);
    expect(list.memberships.some((row) => row.$id === membership.$id)).toBe(false);
    expect((await owners.get({ teamId: team.$id })).total).toBe(1);

    const declined = await owners.listInvitations({ teamId: team.$id, state: 'declined' });
    expect(declined.total).toBe(1);
    expect(declined.invitations[0]).toMatchObject({
      $id: membership.$id,
      state: 'declined',
      userId: invitee.user._id,
      userEmail: invitee.user.email,
      roles: ['viewer'],
      deliveryState: 'queued',
    });
    expect(declined.invitations[0]!.closed).toMatch(/\+00:00$/);

    const accept = { teamId: team.$id, membershipId: membership.$id, userId: invitee.user._id, secret };
    expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(accept))).type).toBe(
      'membership_not_found',
    );
    expect(
      (
        await appErrorOf(
          api
            .caller()
            .call.teams.previewMembership({ teamId: team.$id, membershipId: membership.$id, secret }),
        )
      ).type,
    ).toBe('team_invalid_secret');

    const events = await api.store.find('events', { teamId: team.$id });
    const decline = events.find((event) => event.template.endsWith('.delete.decline'));
    expect(decline?.names).toContain(`teams.${team.$id}.memberships.${membership.$id}.delete`);
    expect(decline?.names).toContain(`teams.${team.$id}.memberships.${membership.$id}.delete.decline`);
    expect(decline?.actor).toMatchObject({ type: 'user', userId: invitee.user._id });
  });

  it('re-inviting someone who declined opens their invitation again, pending with a new secret', async () => {
    const { owner, team, invitee, membership } = await invitedVerifiedUser();
    await api.caller(invitee.headers).call.account.declineInvitation({ membershipId: membership.$id });
    const again = await invite(api, owner.headers, team.$id, invitee.user.email!, ['editor']);
    expect(again.$id).not.toBe(membership.$id);
    const owners = api.caller(owner.headers).call.teams;
    expect((await owners.listInvitations({ teamId: team.$id, state: 'declined' })).total).toBe(0);
    const pending = await owners.listInvitations({ teamId: team.$id, state: 'pending' });
    expect(pending.invitations.map((row) => [row.$id, row.state, row.roles])).toEqual([
      [again.$id, 'pending', ['editor']],
    ]);
    const accepted = await api
      .caller(invitee.headers)
      .call.account.acceptInvitation({ membershipId: again.$id });
    expect(accepted.confirm).toBe(true);
  });

  it('race: accepts and declines of one invitation at once, exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { team, invitee, membership } = await invitedVerifiedUser(`Race ${round}`);
      const calls = api.caller(invitee.headers).call.account;
      const outcome = await settleAll(10, (index) =>
        index % 2 === 0
          ? calls.acceptInvitation({ membershipId: membership.$id }).then(() => 'accepted')
          : calls.declineInvitation({ membershipId: membership.$id }).then(() => 'declined'),
      );
      expect(outcome.values).toHaveLength(1);
      expect(outcome.errors).toEqual({ membership_already_confirmed: 9 });
      const stored = await api.repos.memberships.byId(membership.$id);
      const records = await api.store.count('invitationRecords', { _id: membership.$id });
      if (outcome.values[0] === 'accepted') {
        expect([stored?.confirm, records]).toEqual([true, 0]);
      } else {
        expect([stored, records]).toEqual([null, 1]);
      }
      const teamNow = await api.repos.teams.byId(team.$id);
      expect(teamNow?.total).toBe(outcome.values[0] === 'accepted' ? 2 : 1);
    }
  });

  it('race: a decline and an owner’s re-invite at once end consistent', async () => {
    for (let round = 0; round < 4; round++) {
      const { owner, team, invitee, membership } = await invitedVerifiedUser(`Reinvite ${round}`);
      const secretBefore = (await api.repos.memberships.byId(membership.$id))?.secretHash;
      const [declined, reinvited] = await Promise.allSettled([
        api.caller(invitee.headers).call.account.declineInvitation({ membershipId: membership.$id }),
        invite(api, owner.headers, team.$id, invitee.user.email!, ['editor']),
      ]);
      expect(reinvited.status).toBe('fulfilled');
      const rows = await api.store.find('memberships', { teamId: team.$id, userId: invitee.user._id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ confirm: false, roles: ['editor'] });
      const records = await api.store.count('invitationRecords', { teamId: team.$id });
      if (declined.status === 'fulfilled') {
        // The decline came first: the re-invite wrote a new invitation, which reopened the declined one.
        expect(rows[0]!._id).not.toBe(membership.$id);
      } else {
        // The re-invite came first: it rotated the secret, and the decline deleted nothing.
        expect(rows[0]!._id).toBe(membership.$id);
        expect(rows[0]!.secretHash).not.toBe(secretBefore);
      }
      expect(records).toBe(0);
      // Whatever happened, the pending invitation works.
      await expect(
        api.caller(invitee.headers).call.account.acceptInvitation({ membershipId: rows[0]!._id }),
      ).resolves.toMatchObject({ confirm: true });
    }
  });
});

describe('teams.listInvitations (owners)', () => {
  it('shows every state with delivery, filters on one, refuses members', async () => {
    const { owner, team } = await teamWithOwner(api, 'States');
    const member = await addMember(api, owner.headers, team.$id);
    const pending = await invite(api, owner.headers, team.$id, 'pending@example.com');
    const old = await invite(api, owner.headers, team.$id, 'old@example.com');
    await api.store.update('memberships', { _id: old.$id }, { invited: new Date(Date.now() - 7200_000) });
    const revoked = await invite(api, owner.headers, team.$id, 'revoked@example.com');
    await api
      .caller(owner.headers)
      .call.teams.deleteMembership({ teamId: team.$id, membershipId: revoked.$id });
    const { invitee, membership: declined } = await (async () => {
      const invitee = await api.signUp();
      await api.store.update('users', { _id: invitee.user._id }, { emailVerification: true });
      const membership = await invite(api, owner.headers, team.$id, invitee.user.email!);
      await api.caller(invitee.headers).call.account.declineInvitation({ membershipId: membership.$id });
      return { invitee, membership };
    })();

    const owners = api.caller(owner.headers).call.teams;
    const config = api.deps.config;
    config.inviteTtlSeconds = 3600;
    try {
      const all = await owners.listInvitations({ teamId: team.$id });
      expect(all.total).toBe(5);
      expect(new Map(all.invitations.map((row) => [row.$id, row.state]))).toEqual(
        new Map([
          [member.membershipId, 'accepted'],
          [pending.$id, 'pending'],
          [old.$id, 'expired'],
          [revoked.$id, 'revoked'],
          [declined.$id, 'declined'],
        ]),
      );
      expect(all.invitations.find((row) => row.$id === pending.$id)).toMatchObject({
        deliveryState: 'queued',
        userEmail: 'pending@example.com',
        inviterId: owner.user._id,
      });
      for (const [state, id] of [
        ['pending', pending.$id],
        ['expired', old.$id],
        ['accepted', member.membershipId],
        ['revoked', revoked.$id],
        ['declined', declined.$id],
      ] as const) {
        const one = await owners.listInvitations({ teamId: team.$id, state });
        expect([state, one.total, one.invitations.map((row) => row.$id)]).toEqual([state, 1, [id]]);
      }
      const paged = await owners.listInvitations({ teamId: team.$id, limit: 2, offset: 2 });
      expect([paged.total, paged.invitations.length]).toEqual([5, 2]);
      // The expired invitation is refused by its link and its preview alike.
      const secret = await invitationSecret(api, old.$id);
      expect(
        (
          await appErrorOf(
            api.caller().call.teams.previewMembership({ teamId: team.$id, membershipId: old.$id, secret }),
          )
        ).type,
      ).toBe('team_invalid_secret');
      // Re-sending an expired one opens it again.
      await invite(api, owner.headers, team.$id, 'old@example.com');
      expect((await owners.listInvitations({ teamId: team.$id, state: 'expired' })).total).toBe(0);
    } finally {
      config.inviteTtlSeconds = undefined;
    }
    expect(invitee.user._id).toBeTruthy();
    expect(
      await appErrorOf(api.caller(member.headers).call.teams.listInvitations({ teamId: team.$id })),
    ).toMatchObject({
      type: 'user_unauthorized',
      status: 401,
    });

    const events = await api.store.find('events', { teamId: team.$id });
    const revoke = events.find((event) => event.template.endsWith('.delete.revoke'));
    expect(revoke?.names).toContain(`teams.${team.$id}.memberships.${revoked.$id}.delete.revoke`);
  });
});
