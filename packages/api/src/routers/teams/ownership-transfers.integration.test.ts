import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

type Headers = Record<string, string>;

const owners = (teamId: string) => api.store.count('memberships', { teamId, confirm: true, roles: 'owner' });

async function rolesOf(membershipId: string) {
  return (await api.repos.memberships.byId(membershipId))?.roles ?? null;
}

/** A team with its owner and a confirmed member (`developer`). */
async function teamWithMember() {
  const { owner, team, ownerMembershipId } = await teamWithOwner(api, 'Transfers');
  const member = await addMember(api, owner.headers, team.$id, ['developer']);
  return { owner, team, ownerMembershipId, member };
}

const offer = (headers: Headers, teamId: string, membershipId: string, keepOwnership?: boolean) =>
  api.caller(headers).call.teams.createOwnershipTransfer({
    teamId,
    membershipId,
    ...(keepOwnership === undefined ? {} : { keepOwnership }),
  });
const accept = (headers: Headers, teamId: string, transferId: string) =>
  api.caller(headers).call.teams.acceptOwnershipTransfer({ teamId, transferId });
const decline = (headers: Headers, teamId: string, transferId: string) =>
  api.caller(headers).call.teams.declineOwnershipTransfer({ teamId, transferId });
const cancel = (headers: Headers, teamId: string, transferId: string) =>
  api.caller(headers).call.teams.deleteOwnershipTransfer({ teamId, transferId });

async function templates(teamId: string) {
  const events = await api.store.find('events', { resource: `team/${teamId}` });
  return events
    .filter((event) => event.state === 'ready')
    .sort((a, b) => (a.sequence as number) - (b.sequence as number))
    .map((event) => event.template);
}

describe('ownership transfers', () => {
  it('offer, list, accept: the roles swap in one step; events for each change', async () => {
    const { owner, team, ownerMembershipId, member } = await teamWithMember();
    const created = await offer(owner.headers, team.$id, member.membershipId);
    expect(created).toMatchObject({
      teamId: team.$id,
      teamName: 'Transfers',
      fromMembershipId: ownerMembershipId,
      fromUserId: owner.user._id,
      fromUserName: owner.user.name,
      toMembershipId: member.membershipId,
      toUserId: member.user._id,
      keepOwnership: false,
      status: 'pending',
      resolvedAt: '',
    });
    const ttl = Date.parse(created.expire) - Date.parse(created.$createdAt);
    expect(ttl).toBeGreaterThan(259_100_000);
    expect(ttl).toBeLessThan(259_300_000);

    // Owners and the recipient see it; another member does not.
    const bystander = await addMember(api, owner.headers, team.$id);
    for (const headers of [owner.headers, member.headers]) {
      const list = await api.caller(headers).call.teams.listOwnershipTransfers({ teamId: team.$id });
      expect(list.transfers.map((transfer) => transfer.$id)).toEqual([created.$id]);
    }
    expect(
      await api.caller(bystander.headers).call.teams.listOwnershipTransfers({ teamId: team.$id }),
    ).toEqual({ total: 0, transfers: [] });

    const accepted = await accept(member.headers, team.$id, created.$id);
    expect(accepted).toMatchObject({ $id: created.$id, status: 'accepted' });
    expect(accepted.resolvedAt).not.toBe('');
    expect(await rolesOf(member.membershipId)).toEqual(['developer', 'owner']);
    expect(await rolesOf(ownerMembershipId)).toEqual([]);
    expect(await owners(team.$id)).toBe(1);
    // The new owner now runs the team; the former one is a plain member.
    expect((await appErrorOf(offer(owner.headers, team.$id, member.membershipId))).type).toBe(
      'user_unauthorized',
    );
    expect(await api.caller(member.headers).call.teams.listOwnershipTransfers({ teamId: team.$id })).toEqual({
      total: 0,
      transfers: [],
    });

    // The acceptance's event is prepared first; the two role changes it makes follow it.
    const ready = (await api.store.find('events', { resource: `team/${team.$id}`, state: 'ready' })).sort(
      (a, b) => (a.sequence as number) - (b.sequence as number),
    );
    const offered = ready.find((event) => event.template.endsWith('.ownershipTransfers.[transferId].create'));
    expect(JSON.parse(offered!.params)).toMatchObject({ teamId: team.$id, transferId: created.$id });
    const [acceptedEvent, toUpdate, fromUpdate] = ready.slice(-3);
    expect(acceptedEvent!.template).toBe('teams.[teamId].ownershipTransfers.[transferId].update.accept');
    expect(JSON.parse(acceptedEvent!.payload as string)).toMatchObject({
      $id: created.$id,
      status: 'accepted',
    });
    expect([toUpdate!.template, fromUpdate!.template]).toEqual([
      'teams.[teamId].memberships.[membershipId].update',
      'teams.[teamId].memberships.[membershipId].update',
    ]);
    const payloads = [toUpdate, fromUpdate].map(
      (event) => JSON.parse(event!.payload as string) as { $id: string; roles: string[] },
    );
    expect(payloads).toEqual([
      expect.objectContaining({ $id: member.membershipId, roles: ['developer', 'owner'] }),
      expect.objectContaining({ $id: ownerMembershipId, roles: [] }),
    ]);
  });

  it('keepOwnership: the offerer stays an owner alongside the recipient', async () => {
    const { owner, team, ownerMembershipId, member } = await teamWithMember();
    const created = await offer(owner.headers, team.$id, member.membershipId, true);
    await accept(member.headers, team.$id, created.$id);
    expect(await rolesOf(ownerMembershipId)).toEqual(['owner']);
    expect(await rolesOf(member.membershipId)).toEqual(['developer', 'owner']);
  });

  it('decline and cancel decide the offer; nothing changes; the slot frees for a new offer', async () => {
    const { owner, team, ownerMembershipId, member } = await teamWithMember();
    const first = await offer(owner.headers, team.$id, member.membershipId);
    expect((await appErrorOf(offer(owner.headers, team.$id, member.membershipId))).type).toBe(
      'team_ownership_transfer_already_pending',
    );
    expect(await decline(member.headers, team.$id, first.$id)).toMatchObject({ status: 'declined' });
    expect(await appErrorOf(accept(member.headers, team.$id, first.$id))).toEqual({
      type: 'team_ownership_transfer_not_pending',
      status: 409,
      message: 'The ownership transfer is declined.',
    });
    const second = await offer(owner.headers, team.$id, member.membershipId);
    await cancel(owner.headers, team.$id, second.$id);
    expect((await api.repos.ownershipTransfers.byId(second.$id))?.state).toBe('cancelled');
    expect((await appErrorOf(accept(member.headers, team.$id, second.$id))).message).toBe(
      'The ownership transfer is cancelled.',
    );
    expect(await rolesOf(ownerMembershipId)).toEqual(['owner']);
    expect(await rolesOf(member.membershipId)).toEqual(['developer']);
    const events = await templates(team.$id);
    expect(events).toContain('teams.[teamId].ownershipTransfers.[transferId].update.decline');
    expect(events).toContain('teams.[teamId].ownershipTransfers.[transferId].update.cancel');
  });

  it('an expired offer cannot be accepted; its expiry is recorded and frees the slot', async () => {
    const { owner, team, member } = await teamWithMember();
    const created = await offer(owner.headers, team.$id, member.membershipId);
    await api.store.update(
      'ownershipTransfers',
      { _id: created.$id },
      { expire: new Date(Date.now() - 1000) },
    );
    expect(
      (await api.caller(owner.headers).call.teams.listOwnershipTransfers({ teamId: team.$id })).total,
    ).toBe(0);
    expect(await appErrorOf(accept(member.headers, team.$id, created.$id))).toMatchObject({
      type: 'team_ownership_transfer_not_pending',
      message: 'The ownership transfer is expired.',
    });
    expect((await api.repos.ownershipTransfers.byId(created.$id))?.state).toBe('expired');
    expect(await templates(team.$id)).toContain(
      'teams.[teamId].ownershipTransfers.[transferId].update.expire',
    );
    await expect(offer(owner.headers, team.$id, member.membershipId)).resolves.toMatchObject({
      status: 'pending',
    });
  });

  it('is void when the offerer lost ownership or the recipient left before the acceptance', async () => {
    const { owner, team, member } = await teamWithMember();
    const second = await addMember(api, owner.headers, team.$id, ['owner']);
    const created = await offer(second.headers, team.$id, member.membershipId);
    // The first owner demotes the offerer.
    await api
      .caller(owner.headers)
      .call.teams.updateMembership({ teamId: team.$id, membershipId: second.membershipId, roles: [] });
    const voided = await appErrorOf(accept(member.headers, team.$id, created.$id));
    expect(voided.type).toBe('team_ownership_transfer_not_pending');
    expect(voided.message).toMatch(/^The ownership transfer is void/);
    expect(await rolesOf(member.membershipId)).toEqual(['developer']);

    const again = await offer(owner.headers, team.$id, member.membershipId);
    await api
      .caller(member.headers)
      .call.teams.deleteMembership({ teamId: team.$id, membershipId: member.membershipId });
    // The recipient is gone: no longer a member, the team is not found for them at all.
    expect((await appErrorOf(accept(member.headers, team.$id, again.$id))).type).toBe('team_not_found');
    const key = await api.keyHeaders(['teams.write']);
    await cancel(key, team.$id, again.$id);
    expect((await api.repos.ownershipTransfers.byId(again.$id))?.state).toBe('cancelled');
  });

  it('refuses offers to pending invitees, owners, oneself and other teams’ members', async () => {
    const { owner, team, ownerMembershipId, member } = await teamWithMember();
    const pending = await api.caller(owner.headers).call.teams.createMembership({
      teamId: team.$id,
      email: 'pending@example.com',
      roles: [],
      url: 'http://localhost:5173/join',
    });
    const coOwner = await addMember(api, owner.headers, team.$id, ['owner']);
    for (const membershipId of [pending.$id, coOwner.membershipId, ownerMembershipId]) {
      expect(await appErrorOf(offer(owner.headers, team.$id, membershipId))).toMatchObject({
        type: 'team_ownership_transfer_invalid',
        status: 400,
      });
    }
    const other = await teamWithMember();
    expect((await appErrorOf(offer(owner.headers, team.$id, other.member.membershipId))).type).toBe(
      'team_membership_mismatch',
    );
    expect(await owners(team.$id)).toBe(2);
    expect(await rolesOf(member.membershipId)).toEqual(['developer']);
  });

  it('only the recipient accepts or declines, only the offerer (or a key) cancels; keys cannot offer', async () => {
    const { owner, team, member } = await teamWithMember();
    const coOwner = await addMember(api, owner.headers, team.$id, ['owner']);
    const bystander = await addMember(api, owner.headers, team.$id);
    const key = await api.keyHeaders(['teams.read', 'teams.write']);
    expect(await appErrorOf(offer(key, team.$id, member.membershipId))).toMatchObject({
      type: 'user_unauthorized',
    });
    expect((await appErrorOf(offer(member.headers, team.$id, bystander.membershipId))).type).toBe(
      'user_unauthorized',
    );
    const created = await offer(owner.headers, team.$id, member.membershipId);
    for (const headers of [owner.headers, coOwner.headers, key]) {
      expect((await appErrorOf(accept(headers, team.$id, created.$id))).type).toBe('user_unauthorized');
      expect((await appErrorOf(decline(headers, team.$id, created.$id))).type).toBe('user_unauthorized');
    }
    // A member who is neither owner nor recipient does not see it at all.
    expect((await appErrorOf(accept(bystander.headers, team.$id, created.$id))).type).toBe(
      'team_ownership_transfer_not_found',
    );
    expect((await appErrorOf(cancel(coOwner.headers, team.$id, created.$id))).type).toBe('user_unauthorized');
    expect((await appErrorOf(cancel(member.headers, team.$id, created.$id))).type).toBe('user_unauthorized');
    expect((await api.repos.ownershipTransfers.byId(created.$id))?.state).toBe('pending');
    await cancel(key, team.$id, created.$id);
    expect((await api.repos.ownershipTransfers.byId(created.$id))?.state).toBe('cancelled');
  });
});

describe('ownership transfers under concurrency (the team always keeps an owner)', () => {
  const ROUNDS = 6;

  it('accept vs cancel vs decline: exactly one decides the offer', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { owner, team, ownerMembershipId, member } = await teamWithMember();
      const created = await offer(owner.headers, team.$id, member.membershipId);
      const outcomes = await Promise.allSettled([
        accept(member.headers, team.$id, created.$id),
        cancel(owner.headers, team.$id, created.$id),
        decline(member.headers, team.$id, created.$id),
        accept(member.headers, team.$id, created.$id),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const state = (await api.repos.ownershipTransfers.byId(created.$id))!.state;
      expect(['accepted', 'cancelled', 'declined']).toContain(state);
      expect(await owners(team.$id)).toBe(1);
      const memberOwns = (await rolesOf(member.membershipId))!.includes('owner');
      expect(memberOwns).toBe(state === 'accepted');
      expect((await rolesOf(ownerMembershipId))!.includes('owner')).toBe(state !== 'accepted');
    }
  });

  it('the same offer accepted 10 times at once: one acceptance, one set of events', async () => {
    const { owner, team, member } = await teamWithMember();
    const created = await offer(owner.headers, team.$id, member.membershipId);
    const { values, errors } = await settleAll(10, () => accept(member.headers, team.$id, created.$id));
    expect(values).toHaveLength(1);
    expect(errors).toEqual({ team_ownership_transfer_not_pending: 9 });
    expect(await owners(team.$id)).toBe(1);
    const accepts = (await templates(team.$id)).filter((template) => template.endsWith('.update.accept'));
    expect(accepts).toHaveLength(1);
  });

  it('10 offers at once in one team: exactly one is pending', async () => {
    const { owner, team } = await teamWithOwner(api);
    const members = await Promise.all(
      Array.from({ length: 10 }, () => addMember(api, owner.headers, team.$id)),
    );
    const { values, errors } = await settleAll(10, (index) =>
      offer(owner.headers, team.$id, members[index]!.membershipId),
    );
    expect(values).toHaveLength(1);
    expect(errors).toEqual({ team_ownership_transfer_already_pending: 9 });
  });

  it('accept vs the offerer leaving: either the offer is void or the offerer leaves after handing over', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { owner, team, ownerMembershipId, member } = await teamWithMember();
      const created = await offer(owner.headers, team.$id, member.membershipId);
      const [accepted, left] = await Promise.allSettled([
        accept(member.headers, team.$id, created.$id),
        api
          .caller(owner.headers)
          .call.teams.deleteMembership({ teamId: team.$id, membershipId: ownerMembershipId }),
      ]);
      // The offerer is the only owner: leaving first is refused (last owner), so the accept wins;
      // accepting first makes them a plain member, who may leave.
      expect(accepted.status).toBe('fulfilled');
      if (left.status === 'rejected') {
        expect((left.reason as { cause?: { type?: string } }).cause?.type).toBe(
          'membership_deletion_prohibited',
        );
      } else {
        expect(await api.repos.memberships.byId(ownerMembershipId)).toBeNull();
      }
      expect(await owners(team.$id)).toBe(1);
      expect((await rolesOf(member.membershipId))!.includes('owner')).toBe(true);
    }
  });

  it('accept vs another owner removing the offerer: one owner at least, the outcome of one order', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { owner, team, member } = await teamWithMember();
      const offerer = await addMember(api, owner.headers, team.$id, ['owner']);
      const created = await offer(offerer.headers, team.$id, member.membershipId);
      const [accepted, removed] = await Promise.allSettled([
        accept(member.headers, team.$id, created.$id),
        api
          .caller(owner.headers)
          .call.teams.deleteMembership({ teamId: team.$id, membershipId: offerer.membershipId }),
      ]);
      expect(removed.status).toBe('fulfilled');
      const state = (await api.repos.ownershipTransfers.byId(created.$id))!.state;
      // Removed first: the offer is void; accepted first: the recipient owns, then the offerer goes.
      expect(state).toBe(accepted.status === 'fulfilled' ? 'accepted' : 'void');
      expect((await rolesOf(member.membershipId))!.includes('owner')).toBe(state === 'accepted');
      expect(await owners(team.$id)).toBe(state === 'accepted' ? 2 : 1);
    }
  });

  it('accept vs another owner demoting the recipient: never ownerless, consistent with one order', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { owner, team, ownerMembershipId, member } = await teamWithMember();
      const coOwner = await addMember(api, owner.headers, team.$id, ['owner']);
      const created = await offer(owner.headers, team.$id, member.membershipId);
      const [accepted, demoted] = await Promise.allSettled([
        accept(member.headers, team.$id, created.$id),
        api.caller(coOwner.headers).call.teams.updateMembership({
          teamId: team.$id,
          membershipId: member.membershipId,
          roles: ['viewer'],
        }),
      ]);
      expect(accepted.status).toBe('fulfilled');
      expect(demoted.status).toBe('fulfilled');
      const roles = (await rolesOf(member.membershipId))!;
      // Demoted first: ['viewer'] then + owner; accepted first: the demotion replaces the roles.
      expect([['viewer', 'owner'], ['viewer']]).toContainEqual(roles);
      expect((await rolesOf(ownerMembershipId))!.includes('owner')).toBe(false);
      expect(await owners(team.$id)).toBe(roles.includes('owner') ? 2 : 1);
    }
  });
});
