import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { invitationSecret, invite, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

async function pendingInvitation(email: string, roles: string[] = ['editor']) {
  const { owner, team } = await teamWithOwner(api, 'Previewed');
  const membership = await invite(api, owner.headers, team.$id, email, roles);
  const secret = await invitationSecret(api, membership.$id);
  return { owner, team, membership, secret, key: { teamId: team.$id, membershipId: membership.$id, secret } };
}

describe('teams.previewMembership', () => {
  it('shows the holder of the secret the real team name, the inviter, the roles, the expiry, the password; nothing else', async () => {
    const { owner, key } = await pendingInvitation('preview@example.com');
    const preview = await api.caller().call.teams.previewMembership(key);
    expect(preview).toEqual({
      teamId: key.teamId,
      teamName: 'Previewed',
      inviterName: owner.user.name,
      roles: ['editor'],
      expire: '',
      hasPassword: false,
    });
    const config = api.deps.config;
    config.inviteTtlSeconds = 3600;
    try {
      const expiring = await api.caller().call.teams.previewMembership(key);
      expect(Date.parse(expiring.expire) - Date.now()).toBeGreaterThan(3500_000);
    } finally {
      config.inviteTtlSeconds = undefined;
    }
  });

  it('hasPassword: a verified account with a password keeps it; an unverified one’s would be cleared', async () => {
    const { owner, team } = await teamWithOwner(api);
    const invitee = await api.signUp({ password: 'a long password 1' });
    const membership = await invite(api, owner.headers, team.$id, invitee.user.email!);
    const key = {
      teamId: team.$id,
      membershipId: membership.$id,
      secret: await invitationSecret(api, membership.$id),
    };
    expect((await api.caller().call.teams.previewMembership(key)).hasPassword).toBe(false);
    await api.store.update('users', { _id: invitee.user._id }, { emailVerification: true });
    expect((await api.caller().call.teams.previewMembership(key)).hasPassword).toBe(true);
  });

  it('one answer for every refusal: wrong secret, another team, unknown, accepted, expired, revoked', async () => {
    const { owner, team, membership, secret, key } = await pendingInvitation('refused@example.com');
    const { team: other } = await teamWithOwner(api);
    const refusal = {
      type: 'team_invalid_secret',
      status: 401,
      message: 'The team invitation secret is invalid. Please request a new invitation and try again.',
    };
    const guest = api.caller().call.teams;
    for (const attempt of [
      { ...key, secret: 'f'.repeat(64) },
      { ...key, teamId: other.$id },
      { ...key, membershipId: 'missing' },
    ]) {
      expect(await appErrorOf(guest.previewMembership(attempt))).toEqual(refusal);
    }
    const config = api.deps.config;
    config.inviteTtlSeconds = 3600;
    try {
      await api.store.update(
        'memberships',
        { _id: membership.$id },
        { invited: new Date(Date.now() - 7200_000) },
      );
      expect(await appErrorOf(guest.previewMembership(key))).toEqual(refusal);
    } finally {
      config.inviteTtlSeconds = undefined;
    }
    await api.store.update('memberships', { _id: membership.$id }, { invited: new Date() });
    await guest.updateMembershipStatus({ ...key, userId: membership.userId, secret });
    expect(await appErrorOf(guest.previewMembership(key))).toEqual(refusal);

    const revoked = await invite(api, owner.headers, team.$id, 'revoked.preview@example.com');
    const revokedKey = {
      teamId: team.$id,
      membershipId: revoked.$id,
      secret: await invitationSecret(api, revoked.$id),
    };
    await api
      .caller(owner.headers)
      .call.teams.deleteMembership({ teamId: team.$id, membershipId: revoked.$id });
    expect(await appErrorOf(guest.previewMembership(revokedKey))).toEqual(refusal);
  });
});

describe('teams.updateMembershipStatusWithPassword (accept and set a password)', () => {
  it('a new invitee joins and has the password in one call, signed in', async () => {
    const { team, membership, secret } = await pendingInvitation('newcomer@example.com');
    const guest = api.caller();
    const accepted = await guest.call.teams.updateMembershipStatusWithPassword({
      teamId: team.$id,
      membershipId: membership.$id,
      userId: membership.userId,
      secret,
      password: 'correct horse battery',
    });
    expect(accepted).toMatchObject({ confirm: true, roles: ['editor'] });
    expect(guest.response.cookies.get('a_session_test')?.value).toBeTruthy();
    const user = await api.repos.users.byId(membership.userId);
    expect([Boolean(user?.passwordHash), user?.emailVerification]).toEqual([true, true]);
    const signIn = await api.caller().call.account.createEmailPasswordSession({
      email: 'newcomer@example.com',
      password: 'correct horse battery',
    });
    expect(signIn.userId).toBe(membership.userId);
  });

  it('refuses an invitee who keeps a password, and accepts nothing then; checks the secret first', async () => {
    const { owner, team } = await teamWithOwner(api);
    const invitee = await api.signUp({ password: 'the old password' });
    await api.store.update('users', { _id: invitee.user._id }, { emailVerification: true });
    const membership = await invite(api, owner.headers, team.$id, invitee.user.email!);
    const input = {
      teamId: team.$id,
      membershipId: membership.$id,
      userId: invitee.user._id,
      secret: await invitationSecret(api, membership.$id),
      password: 'a brand new password',
    };
    const guest = api.caller().call.teams;
    expect((await appErrorOf(guest.updateMembershipStatusWithPassword({ ...input, secret: 'x' }))).type).toBe(
      'team_invalid_secret',
    );
    expect(await appErrorOf(guest.updateMembershipStatusWithPassword(input))).toMatchObject({
      type: 'general_argument_invalid',
      status: 400,
    });
    expect((await api.repos.memberships.byId(membership.$id))?.confirm).toBe(false);
  });

  it('an unverified account’s password is replaced: accepting is the address’s first proof', async () => {
    const { owner, team } = await teamWithOwner(api);
    const squatted = await api.signUp({ password: 'set by a squatter' });
    const membership = await invite(api, owner.headers, team.$id, squatted.user.email!);
    await api.caller().call.teams.updateMembershipStatusWithPassword({
      teamId: team.$id,
      membershipId: membership.$id,
      userId: squatted.user._id,
      secret: await invitationSecret(api, membership.$id),
      password: 'the owner’s own password',
    });
    expect(
      (
        await appErrorOf(
          api.caller().call.account.createEmailPasswordSession({
            email: squatted.user.email!,
            password: 'set by a squatter',
          }),
        )
      ).type,
    ).toBe('user_invalid_credentials');
    await expect(
      api.caller().call.account.createEmailPasswordSession({
        email: squatted.user.email!,
        password: 'the owner’s own password',
      }),
    ).resolves.toMatchObject({ userId: squatted.user._id });
  });
});
