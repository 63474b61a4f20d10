import { describe, expect, it } from 'vitest';
import { parseRoleCatalog, type RoleCatalog } from '../../services/role-catalog.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, INVITE_URL, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const catalog = parseRoleCatalog({
  roles: [
    { name: 'owner', description: 'Runs the team' },
    { name: 'accountant', description: 'Keeps the books', permissions: ['invoices.read', 'invoices.pay'] },
    { name: 'viewer', description: 'Reads', permissions: ['invoices.read', 'reports.*'] },
  ],
}) as RoleCatalog;
const api = useApiHarness({ config: { roleCatalog: catalog } });

function setCatalog(value: RoleCatalog | undefined) {
  (api.deps.config as { roleCatalog?: RoleCatalog | undefined }).roleCatalog = value;
}

describe('the role catalog and team roles (docs/api.md#roles-and-permissions)', () => {
  it('lists owner, the catalog’s roles and the team’s own, to every member', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id, ['viewer']);
    await api.caller(owner.headers).call.teams.createRole({
      teamId: team.$id,
      roleId: 'auditor',
      description: 'Audits',
      permissions: ['invoices.read', 'audit.*'],
    });
    const list = await api.caller(member.headers).call.teams.listRoles({ teamId: team.$id });
    expect(list.catalog).toBe(true);
    expect(list.roles.map((role) => [role.name, role.source, role.description])).toEqual([
      ['owner', 'project', 'Runs the team'],
      ['accountant', 'project', 'Keeps the books'],
      ['viewer', 'project', 'Reads'],
      ['auditor', 'team', 'Audits'],
    ]);
    expect(list.roles[0]!.permissions).toEqual(['*']);
    expect(list.total).toBe(4);
  });

  it('with a catalog, invitations and role changes may only name its roles, the team’s and owner', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const refused = await appErrorOf(
      call.teams.createMembership({
        teamId: team.$id,
        email: 'nope@example.com',
        roles: ['viewer', 'admin'],
        url: INVITE_URL,
      }),
    );
    expect(refused).toMatchObject({ type: 'general_argument_invalid', status: 400 });
    expect(refused.message).toContain('"admin" is not in the role catalog');
    // Refused before the invitee is resolved: no account was created for the address.
    expect(await api.store.findOne('users', { email: 'nope@example.com' })).toBeNull();
    const key = await api.keyHeaders(['teams.write']);
    expect(
      (
        await appErrorOf(
          api
            .caller(key)
            .call.teams.createMembership({ teamId: team.$id, email: 'k@example.com', roles: ['x'] }),
        )
      ).type,
    ).toBe('general_argument_invalid');

    const invited = await call.teams.createMembership({
      teamId: team.$id,
      email: 'yes@example.com',
      roles: ['viewer', 'owner'],
      url: INVITE_URL,
    });
    expect(invited.roles).toEqual(['viewer', 'owner']);
    expect(
      (
        await appErrorOf(
          call.teams.updateMembership({ teamId: team.$id, membershipId: invited.$id, roles: ['boss'] }),
        )
      ).type,
    ).toBe('general_argument_invalid');
    await call.teams.createRole({ teamId: team.$id, roleId: 'boss' });
    expect(
      (await call.teams.updateMembership({ teamId: team.$id, membershipId: invited.$id, roles: ['boss'] }))
        .roles,
    ).toEqual(['boss']);

    // A member (not an owner) still gets the owner error first: no probing of the catalog.
    const member = await addMember(api, owner.headers, team.$id, ['viewer']);
    expect(
      await appErrorOf(
        api
          .caller(member.headers)
          .call.teams.updateMembership({ teamId: team.$id, membershipId: invited.$id, roles: ['nope'] }),
      ),
    ).toMatchObject({ type: 'user_unauthorized' });

    // Without a catalog, roles are free strings again (Appwrite).
    setCatalog(undefined);
    try {
      const free = await call.teams.updateMembership({
        teamId: team.$id,
        membershipId: invited.$id,
        roles: ['anything'],
      });
      expect(free.roles).toEqual(['anything']);
      expect((await call.teams.listRoles({ teamId: team.$id })).catalog).toBe(false);
    } finally {
      setCatalog(catalog);
    }
  });

  it('with a catalog, a join link may only grant its roles, the team’s and owner', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const base = { teamId: team.$id, url: 'http://localhost:5173/join' };
    expect((await appErrorOf(call.joinLinks.create({ ...base, roles: ['wizard'] }))).type).toBe(
      'general_argument_invalid',
    );
    expect((await call.joinLinks.list({ teamId: team.$id })).total).toBe(0);
    await expect(call.joinLinks.create({ ...base, roles: ['viewer'] })).resolves.toMatchObject({
      roles: ['viewer'],
    });
  });

  it('owners create, update and delete team roles; members may not; names are unique', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id, ['viewer']);
    const { call } = api.caller(owner.headers);
    const created = await call.teams.createRole({
      teamId: team.$id,
      roleId: 'support',
      permissions: ['tickets.read'],
    });
    expect(created).toEqual({
      $id: 'support',
      name: 'support',
      description: '',
      permissions: ['tickets.read'],
      source: 'team',
    });
    for (const roleId of ['support', 'viewer', 'owner']) {
      expect((await appErrorOf(call.teams.createRole({ teamId: team.$id, roleId }))).type, roleId).toBe(
        'team_role_already_exists',
      );
    }
    expect(
      await call.teams.updateRole({
        teamId: team.$id,
        roleId: 'support',
        description: 'Helps',
        permissions: ['tickets.*'],
      }),
    ).toMatchObject({ description: 'Helps', permissions: ['tickets.*'] });
    expect((await appErrorOf(call.teams.updateRole({ teamId: team.$id, roleId: 'viewer' }))).type).toBe(
      'team_role_not_found',
    );
    const asMember = api.caller(member.headers).call;
    for (const attempt of [
      () => asMember.teams.createRole({ teamId: team.$id, roleId: 'mine' }),
      () => asMember.teams.updateRole({ teamId: team.$id, roleId: 'support' }),
      () => asMember.teams.deleteRole({ teamId: team.$id, roleId: 'support' }),
    ]) {
      expect(await appErrorOf(attempt())).toMatchObject({ type: 'user_unauthorized', status: 401 });
    }
    await call.teams.deleteRole({ teamId: team.$id, roleId: 'support' });
    expect((await appErrorOf(call.teams.deleteRole({ teamId: team.$id, roleId: 'support' }))).type).toBe(
      'team_role_not_found',
    );
    expect((await call.teams.listRoles({ teamId: team.$id })).roles.map((role) => role.name)).not.toContain(
      'support',
    );

    const events = await api.store.find('events', { teamId: team.$id, state: 'ready' });
    expect(
      events.map((event) => event.template).filter((template) => String(template).includes('.roles.')),
    ).toEqual([
      'teams.[teamId].roles.[roleId].create',
      'teams.[teamId].roles.[roleId].update',
      'teams.[teamId].roles.[roleId].delete',
    ]);
  });

  it('20 owners’ concurrent role creations all land (none lost under the team lock); one name wins once', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const distinct = await settleAll(20, (index) =>
      call.teams.createRole({ teamId: team.$id, roleId: `r${index}` }),
    );
    expect(distinct.values).toHaveLength(20);
    const same = await settleAll(10, () => call.teams.createRole({ teamId: team.$id, roleId: 'same' }));
    expect(same.values).toHaveLength(1);
    expect(same.errors).toEqual({ team_role_already_exists: 9 });
    expect(
      (await call.teams.listRoles({ teamId: team.$id })).roles.filter((role) => role.source === 'team'),
    ).toHaveLength(21);
  });

  it('answers "may I do X here?" for members, and for a user when a key asks', async () => {
    const { owner, team } = await teamWithOwner(api);
    const viewer = await addMember(api, owner.headers, team.$id, ['viewer']);
    const both = await addMember(api, owner.headers, team.$id, ['viewer', 'accountant']);
    const ask = (headers: Record<string, string>, permission: string, userId?: string) =>
      api
        .caller(headers)
        .call.teams.checkPermission({ teamId: team.$id, permission, ...(userId ? { userId } : {}) });

    expect(await ask(viewer.headers, 'invoices.read')).toEqual({
      permission: 'invoices.read',
      allowed: true,
      roles: ['viewer'],
      grantedBy: ['viewer'],
    });
    expect(await ask(viewer.headers, 'invoices.pay')).toMatchObject({ allowed: false, grantedBy: [] });
    expect(await ask(viewer.headers, 'reports.monthly')).toMatchObject({ allowed: true });
    expect(await ask(both.headers, 'invoices.pay')).toMatchObject({
      allowed: true,
      grantedBy: ['accountant'],
    });
    expect(await ask(owner.headers, 'anything.at.all')).toMatchObject({
      allowed: true,
      grantedBy: ['owner'],
    });

    const key = await api.keyHeaders(['teams.read']);
    expect(await ask(key, 'invoices.pay', both.user._id)).toMatchObject({
      allowed: true,
      roles: ['viewer', 'accountant'],
    });
    const stranger = await api.signUp();
    expect(await ask(key, 'invoices.read', stranger.user._id)).toMatchObject({ allowed: false, roles: [] });
    expect((await appErrorOf(ask(key, 'invoices.read'))).type).toBe('general_argument_invalid');
    expect((await appErrorOf(ask(key, 'invoices.read', 'missing-user'))).type).toBe('user_not_found');
    // A member asks only for themself; a non-member cannot reach the team at all.
    expect((await appErrorOf(ask(viewer.headers, 'invoices.read', both.user._id))).type).toBe(
      'user_unauthorized',
    );
    expect((await appErrorOf(ask(stranger.headers, 'invoices.read'))).type).toBe('team_not_found');
    expect((await appErrorOf(ask(viewer.headers, 'Not A Permission'))).status).toBe(400);
  });

  it('filters memberships by role on the server (Query.contains on roles)', async () => {
    const { owner, team } = await teamWithOwner(api);
    await addMember(api, owner.headers, team.$id, ['viewer']);
    const accountant = await addMember(api, owner.headers, team.$id, ['accountant', 'viewer']);
    const query = JSON.stringify({ method: 'contains', attribute: 'roles', values: ['accountant'] });
    const list = await api
      .caller(owner.headers)
      .call.teams.listMemberships({ teamId: team.$id, queries: [query] });
    expect(list.memberships.map((membership) => membership.$id)).toEqual([accountant.membershipId]);
    expect(list.total).toBe(1);
  });
});
