import { afterEach, describe, expect, it } from 'vitest';
import { parseMembershipPrivacy, type MembershipPrivacy } from '../../dto/membership-privacy.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invite, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

/** This file's deployment setting (`ROSTER_MEMBERSHIP_PRIVACY`), changed per test. */
function setPrivacy(value: string | undefined) {
  const config = api.deps.config as { membershipPrivacy?: MembershipPrivacy | undefined };
  config.membershipPrivacy =
    value === undefined ? undefined : (parseMembershipPrivacy(value) as MembershipPrivacy);
}
afterEach(() => setPrivacy(undefined));

async function teamOfThree() {
  const { owner, team, ownerMembershipId } = await teamWithOwner(api, 'Private');
  const member = await addMember(api, owner.headers, team.$id, ['viewer']);
  const other = await addMember(api, owner.headers, team.$id, ['editor']);
  // The other member signed in, so their last access is known.
  await api.repos.users.touchAccessedAt(other.user._id);
  return { owner, team, ownerMembershipId, member, other };
}

describe('membership privacy (Appwrite 1.6.1+, docs/appwrite-compatibility.md#membership-privacy)', () => {
  it('by default (a new Appwrite project) members see no user field of any membership, their own included', async () => {
    const { owner, team, ownerMembershipId, member, other } = await teamOfThree();
    const { call } = api.caller(member.headers);
    const blank = { userId: '', userName: '', userEmail: '', userPhone: '', mfa: false, userAccessedAt: '' };
    for (const membershipId of [ownerMembershipId, other.membershipId, member.membershipId]) {
      expect(await call.teams.getMembership({ teamId: team.$id, membershipId })).toMatchObject({
        ...blank,
        $id: membershipId,
        teamId: team.$id,
        teamName: 'Private',
        confirm: true,
      });
    }
    const list = await call.teams.listMemberships({ teamId: team.$id });
    expect(list.total).toBe(3);
    for (const membership of list.memberships) expect(membership).toMatchObject(blank);
    expect(list.memberships.map((m) => m.roles).sort()).toEqual([['editor'], ['owner'], ['viewer']]);
    const serialized = JSON.stringify(list);
    for (const user of [owner.user, other.user]) {
      expect(serialized).not.toContain(user.email);
      expect(serialized).not.toContain(user._id);
    }
  });

  it('owners and API keys see every field', async () => {
    const { owner, team, member, other } = await teamOfThree();
    const key = await api.keyHeaders(['teams.read']);
    for (const headers of [owner.headers, key]) {
      const { call } = api.caller(headers);
      expect(
        await call.teams.getMembership({ teamId: team.$id, membershipId: other.membershipId }),
      ).toMatchObject({
        userId: other.user._id,
        userName: other.user.name,
        userEmail: other.user.email,
      });
      const list = await call.teams.listMemberships({ teamId: team.$id });
      expect(list.memberships.map((m) => m.userEmail).sort()).toEqual(
        [owner.user.email, member.user.email, other.user.email].sort(),
      );
    }
  });

  it('shows exactly the fields the setting lists', async () => {
    const { team, member, other } = await teamOfThree();
    setPrivacy('userName,userEmail');
    const { call } = api.caller(member.headers);
    expect(
      await call.teams.getMembership({ teamId: team.$id, membershipId: other.membershipId }),
    ).toMatchObject({
      userId: '',
      userName: other.user.name,
      userEmail: other.user.email,
      userPhone: '',
      mfa: false,
      userAccessedAt: '',
    });
    setPrivacy('all');
    const shown = await call.teams.getMembership({ teamId: team.$id, membershipId: other.membershipId });
    expect(shown).toMatchObject({ userId: other.user._id, userEmail: other.user.email });
  });

  it('userAccessedAt is the user’s last access, hidden unless listed', async () => {
    const { owner, team, other } = await teamOfThree();
    const stored = await api.repos.users.byId(other.user._id);
    const { call } = api.caller(owner.headers);
    const seen = await call.teams.getMembership({ teamId: team.$id, membershipId: other.membershipId });
    expect(stored?.accessedAt).toBeInstanceOf(Date);
    expect(seen.userAccessedAt).toBe(stored!.accessedAt!.toISOString().replace('Z', '+00:00'));
  });

  it('a pending invitation shows members nothing of the invitee either', async () => {
    const { owner, team, member } = await teamOfThree();
    const pending = await invite(api, owner.headers, team.$id, 'private.invitee@example.com', ['x']);
    setPrivacy('userName,userEmail');
    const shown = await api
      .caller(member.headers)
      .call.teams.getMembership({ teamId: team.$id, membershipId: pending.$id });
    expect(shown).toMatchObject({ userEmail: 'private.invitee@example.com', userAccessedAt: '', mfa: false });
    setPrivacy(undefined);
    const hidden = await api
      .caller(member.headers)
      .call.teams.getMembership({ teamId: team.$id, membershipId: pending.$id });
    expect(hidden.userEmail).toBe('');
  });

  it('create, update and accept responses are not filtered (Appwrite), and an owner sees them', async () => {
    const { owner, team, member } = await teamOfThree();
    const created = await invite(api, owner.headers, team.$id, 'shown.on.create@example.com');
    expect(created.userEmail).toBe('shown.on.create@example.com');
    const updated = await api
      .caller(owner.headers)
      .call.teams.updateMembership({ teamId: team.$id, membershipId: member.membershipId, roles: ['a'] });
    expect(updated.userEmail).toBe(member.user.email);
  });

  describe('a hidden userId cannot be learnt through queries or search', () => {
    it('a member may filter on their own user id (which membership is mine), and nothing else', async () => {
      const { team, member, other } = await teamOfThree();
      const { call } = api.caller(member.headers);
      const mine = await call.teams.listMemberships({
        teamId: team.$id,
        queries: [JSON.stringify({ method: 'equal', attribute: 'userId', values: [member.user._id] })],
      });
      expect(mine.memberships.map((m) => m.$id)).toEqual([member.membershipId]);
      expect(mine.memberships[0]!.userId).toBe('');
      for (const query of [
        { method: 'equal', attribute: 'userId', values: [other.user._id] },
        { method: 'equal', attribute: 'userId', values: [member.user._id, other.user._id] },
        { method: 'notEqual', attribute: 'userId', values: [member.user._id] },
        { method: 'startsWith', attribute: 'userId', values: [other.user._id.slice(0, 3)] },
        { method: 'greaterThan', attribute: 'userId', values: ['m'] },
        {
          method: 'or',
          values: [
            { method: 'equal', attribute: 'userId', values: [member.user._id] },
            { method: 'equal', attribute: 'userId', values: [other.user._id] },
          ],
        },
        { method: 'orderAsc', attribute: 'userId' },
      ]) {
        expect(
          await appErrorOf(
            call.teams.listMemberships({ teamId: team.$id, queries: [JSON.stringify(query)] }),
          ),
          JSON.stringify(query),
        ).toMatchObject({ type: 'general_argument_invalid', status: 400 });
      }
    });

    it('owners and keys filter and order on userId as before; so do members when userId is shown', async () => {
      const { owner, team, member, other } = await teamOfThree();
      const query = JSON.stringify({ method: 'equal', attribute: 'userId', values: [other.user._id] });
      const ordered = JSON.stringify({ method: 'orderAsc', attribute: 'userId' });
      for (const headers of [owner.headers, await api.keyHeaders(['teams.read'])]) {
        const { call } = api.caller(headers);
        const found = await call.teams.listMemberships({ teamId: team.$id, queries: [query] });
        expect(found.memberships.map((m) => m.$id)).toEqual([other.membershipId]);
        expect((await call.teams.listMemberships({ teamId: team.$id, queries: [ordered] })).total).toBe(3);
      }
      setPrivacy('userId');
      const found = await api
        .caller(member.headers)
        .call.teams.listMemberships({ teamId: team.$id, queries: [query] });
      expect(found.memberships.map((m) => m.userId)).toEqual([other.user._id]);
    });

    it('userEmail and userName are not queryable at all; search does not match user ids', async () => {
      const { team, member, other } = await teamOfThree();
      const { call } = api.caller(member.headers);
      for (const attribute of ['userEmail', 'userName', 'userPhone']) {
        const query = JSON.stringify({ method: 'equal', attribute, values: [other.user.email] });
        expect(
          (await appErrorOf(call.teams.listMemberships({ teamId: team.$id, queries: [query] }))).status,
        ).toBe(400);
      }
      expect((await call.teams.listMemberships({ teamId: team.$id, search: other.user._id })).total).toBe(0);
      expect(
        (await call.teams.listMemberships({ teamId: team.$id, search: other.membershipId })).memberships.map(
          (m) => m.$id,
        ),
      ).toEqual([other.membershipId]);
      setPrivacy('userId');
      expect((await call.teams.listMemberships({ teamId: team.$id, search: other.user._id })).total).toBe(1);
    });
  });
});
