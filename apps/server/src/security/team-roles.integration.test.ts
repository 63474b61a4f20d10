import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * The role catalog, team roles and the permission check (docs/api.md#roles-and-permissions), attacked
 * over REST: a member cannot grant themself a role or a permission, cannot learn another user's roles
 * through the permission check, an outsider learns nothing of a team, and the catalog cannot be
 * bypassed by any principal.
 */
const API_KEY = 'team-roles-attack-bootstrap-key-0123456789ab';
const KEY = { 'x-appwrite-key': API_KEY };
const dir = mkdtempSync(join(tmpdir(), 'roster-catalog-'));
const catalogFile = join(dir, 'roles.json');
writeFileSync(
  catalogFile,
  JSON.stringify({ roles: [{ name: 'viewer', description: 'Reads', permissions: ['invoices.read'] }] }),
);
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_ROLE_CATALOG: catalogFile });
const api = httpCalls(server);

async function team() {
  const owner = await userWithSession(api, KEY);
  const teamId = (
    await api.mutate<{ $id: string }>('teams.create', { teamId: 'unique()', name: 'Ledger' }, owner.headers)
  ).data.$id;
  const member = await userWithSession(api, KEY);
  const added = await api.mutate<{ $id: string }>(
    'teams.createMembership',
    { teamId, email: member.email, roles: ['viewer'] },
    KEY,
  );
  expect(added.status).toBe(200);
  return { owner, teamId, member: { ...member, membershipId: added.data.$id } };
}

const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

describe('roles and permissions cannot be abused', () => {
  it('a member cannot create a role granting everything, nor change or delete one, nor raise their own roles', async () => {
    const { owner, teamId, member } = await team();
    expect((await call('POST', `/teams/${teamId}/roles`, owner.headers, { roleId: 'clerk' })).status).toBe(
      201,
    );
    for (const [method, path, body] of [
      ['POST', `/teams/${teamId}/roles`, { roleId: 'god', permissions: ['*'] }],
      ['PUT', `/teams/${teamId}/roles/clerk`, { permissions: ['*'] }],
      ['DELETE', `/teams/${teamId}/roles/clerk`, undefined],
      ['PATCH', `/teams/${teamId}/memberships/${member.membershipId}`, { roles: ['owner'] }],
    ] as const) {
      const answer = await call(method, path, member.headers, body);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.type).toBe('user_unauthorized');
    }
    const roles = await call('GET', `/teams/${teamId}/roles`, member.headers);
    expect(
      (roles.body.roles as { name: string; permissions: string[] }[]).find((r) => r.name === 'clerk')
        ?.permissions,
    ).toEqual([]);
    const check = await call('GET', `/teams/${teamId}/permissions/anything`, member.headers);
    expect(check.body).toMatchObject({ allowed: false, roles: ['viewer'] });
  });

  it('a member cannot ask about another user, and an outsider cannot ask about the team at all', async () => {
    const { owner, teamId, member } = await team();
    const asOther = await call(
      'GET',
      `/teams/${teamId}/permissions/invoices.read?userId=${owner.id}`,
      member.headers,
    );
    expect(asOther.status).toBe(401);
    expect(JSON.stringify(asOther.body)).not.toContain('owner"');
    const outsider = await userWithSession(api, KEY);
    for (const path of [`/teams/${teamId}/permissions/invoices.read`, `/teams/${teamId}/roles`]) {
      const answer = await call('GET', path, outsider.headers);
      expect(answer.status, path).toBe(404);
      expect(answer.body.type).toBe('team_not_found');
    }
    const guest = await call('GET', `/teams/${teamId}/roles`, {});
    expect(guest.status).toBe(401);
  });

  it('no principal bypasses the catalog: owners and keys are refused unknown roles, also on re-invites', async () => {
    const { owner, teamId, member } = await team();
    const email = uniqueEmail('catalog');
    for (const headers of [owner.headers, KEY]) {
      const invite = await call('POST', `/teams/${teamId}/memberships`, headers, {
        email,
        roles: ['superadmin'],
        url: 'http://localhost/accept',
      });
      expect(invite.status).toBe(400);
      expect(invite.body.type).toBe('general_argument_invalid');
      const update = await call('PATCH', `/teams/${teamId}/memberships/${member.membershipId}`, headers, {
        roles: ['viewer', 'superadmin'],
      });
      expect(update.status).toBe(400);
    }
    // Refused before any write: no account for the address, and the member's roles are unchanged.
    const byEmail = encodeURIComponent(
      JSON.stringify({ method: 'equal', attribute: 'email', values: [email] }),
    );
    expect((await call('GET', `/users?queries[]=${byEmail}`, KEY)).body.total).toBe(0);
    const kept = await call('GET', `/teams/${teamId}/memberships/${member.membershipId}`, KEY);
    expect(kept.body.roles).toEqual(['viewer']);
  });
});
