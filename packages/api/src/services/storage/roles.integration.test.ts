import { describe, expect, it } from 'vitest';
import { type Principal } from '../../auth/principal.ts';
import { useApiHarness } from '../../testing/harness.ts';
import { allows } from './authorization.ts';
import { rolesOf } from './roles.ts';

const api = useApiHarness({ monitorCommands: true });

type SignedUp = Awaited<ReturnType<typeof api.signUp>>;
const principalOf = (who: SignedUp): Principal => ({
  kind: 'user',
  userId: who.user._id,
  email: who.user.email ?? '',
  sessionId: who.session._id,
  userEpoch: who.user.epoch ?? undefined,
});

const heldBy = async (who: SignedUp) => {
  const roles = await rolesOf(api.repos, principalOf(who));
  if (roles.kind !== 'roles') throw new Error('a user holds roles');
  return roles.roles;
};

async function admin() {
  return api.caller(await api.keyHeaders(['teams.read', 'teams.write', 'users.read', 'users.write'])).call;
}

describe('the roles a caller holds, read on every call', () => {
  it('guests hold any and guests; keys hold everything', async () => {
    expect(await rolesOf(api.repos, { kind: 'guest' })).toEqual({ kind: 'roles', roles: ['any', 'guests'] });
    expect(await rolesOf(api.repos, { kind: 'key', keyId: 'k', scopes: [] })).toEqual({ kind: 'all' });
  });

  it('a role change, a removal, a label and a verification count from the very next call', async () => {
    const key = await admin();
    const ada = await api.signUp();
    const id = ada.user._id;
    expect(await heldBy(ada)).toEqual([
      'any',
      'users',
      `user:${id}`,
      `user:${id}/unverified`,
      'users/unverified',
    ]);

    const team = await key.teams.create({ teamId: 'unique()', name: 'Storage roles' });
    const membership = await key.teams.createMembership({ teamId: team.$id, userId: id, roles: ['editor'] });
    const withTeam = await heldBy(ada);
    expect(withTeam).toEqual(
      expect.arrayContaining([`team:${team.$id}`, `member:${membership.$id}`, `team:${team.$id}/editor`]),
    );
    const stored = ['read("team:' + team.$id + '/editor")'];
    expect(allows(stored, 'read', await rolesOf(api.repos, principalOf(ada)))).toBe(true);

    await key.teams.updateMembership({ teamId: team.$id, membershipId: membership.$id, roles: ['viewer'] });
    const changed = await heldBy(ada);
    expect(changed).toContain(`team:${team.$id}/viewer`);
    expect(changed).not.toContain(`team:${team.$id}/editor`);
    expect(allows(stored, 'read', await rolesOf(api.repos, principalOf(ada)))).toBe(false);

    await key.users.updateLabels({ userId: id, labels: ['vip'] });
    await key.users.updateEmailVerification({ userId: id, emailVerification: true });
    const labelled = await heldBy(ada);
    expect(labelled).toEqual(expect.arrayContaining(['label:vip', `user:${id}/verified`, 'users/verified']));
    expect(labelled).not.toContain('users/unverified');

    await key.teams.deleteMembership({ teamId: team.$id, membershipId: membership.$id });
    const removed = await heldBy(ada);
    expect(removed.filter((role) => role.startsWith('team:') || role.startsWith('member:'))).toEqual([]);
  });

  it('an invitation not yet accepted grants nothing, nor does a deleted team', async () => {
    const key = await admin();
    const owner = await api.signUp();
    const invitee = await api.signUp();
    const team = await api.caller(owner.headers).call.teams.create({ teamId: 'unique()', name: 'Pending' });
    await api.caller(owner.headers).call.teams.createMembership({
      teamId: team.$id,
      userId: invitee.user._id,
      roles: ['editor'],
      url: 'http://localhost:5173/accept',
    });
    expect((await heldBy(invitee)).some((role) => role.startsWith('team:'))).toBe(false);
    // The creator is a confirmed owner until the team is deleted.
    expect(await heldBy(owner)).toEqual(
      expect.arrayContaining([`team:${team.$id}`, `team:${team.$id}/owner`]),
    );
    await key.teams.delete({ teamId: team.$id });
    expect((await heldBy(owner)).some((role) => role.startsWith('team:'))).toBe(false);
  });

  it('costs three reads whatever the number of teams, and nothing is cached between calls', async () => {
    const key = await admin();
    const ada = await api.signUp();
    for (let n = 0; n < 20; n++) {
      const team = await key.teams.create({ teamId: 'unique()', name: `Many ${n}` });
      await key.teams.createMembership({ teamId: team.$id, userId: ada.user._id, roles: ['r'] });
    }
    const client = api.connection.getClient();
    const names: string[] = [];
    const listener = (event: { commandName: string }) => names.push(event.commandName);
    client.on('commandStarted', listener);
    const started = performance.now();
    const calls = 20;
    try {
      for (let n = 0; n < calls; n++) await rolesOf(api.repos, principalOf(ada));
    } finally {
      client.off('commandStarted', listener);
    }
    const perCall = (performance.now() - started) / calls;
    // The user, their confirmed memberships, those teams' epochs: every call reads again.
    expect(names).toHaveLength(3 * calls);
    expect(names.every((name) => name === 'find')).toBe(true);
    expect(
      (await heldBy(ada)).filter((role) => role.startsWith('team:') && !role.includes('/')),
    ).toHaveLength(20);
    console.log(`rolesOf: ${perCall.toFixed(1)} ms per call for a user in 20 teams (3 reads)`);
  });
});
