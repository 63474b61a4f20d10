import { OWNER, type Repositories, type StoredTeam, type TeamRole, type TeamTie } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiConfig } from '../deps.ts';
import { type PermissionCheckDto, type TeamRoleDto } from '../dto/team-role.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { assertRolesInCatalog, grants, type RoleCatalog, type RoleDefinition } from './role-catalog.ts';
import { underTeamLock } from './team-lock.ts';

/** Most roles a team may add to the catalog's. */
export const MAX_TEAM_ROLES = 50;

type TeamRef = TeamTie & Pick<StoredTeam, 'teamRoles'>;

const OWNER_DESCRIPTION = 'Owns the team: invites, changes roles, removes members; every permission.';

function toDto(
  role: Pick<RoleDefinition, 'name' | 'description' | 'permissions'>,
  source: 'project' | 'team',
): TeamRoleDto {
  return {
    $id: role.name,
    name: role.name,
    description: role.description,
    permissions: [...role.permissions],
    source,
  };
}

/**
 * Every role `team` may hand out: `owner` (every permission; the catalog may describe it), the
 * catalog's, then the team's own, in their order.
 */
export function teamRoles(
  catalog: RoleCatalog | undefined,
  team: Pick<StoredTeam, 'teamRoles'>,
): TeamRoleDto[] {
  const described = catalog?.roles.find((role) => role.name === OWNER);
  const owner = toDto(
    { name: OWNER, description: described?.description || OWNER_DESCRIPTION, permissions: ['*'] },
    'project',
  );
  return [
    owner,
    ...(catalog?.roles ?? []).filter((role) => role.name !== OWNER).map((role) => toDto(role, 'project')),
    ...(team.teamRoles ?? []).map((role) => toDto(role, 'team')),
  ];
}

/** GET /v1/teams/{teamId}/roles. */
export function listTeamRoles(config: Pick<ApiConfig, 'roleCatalog'>, team: TeamRef) {
  const roles = teamRoles(config.roleCatalog, team);
  return { total: roles.length, catalog: config.roleCatalog !== undefined, roles };
}

/**
 * The check invitations (services/invitations.ts) and role changes run: with a catalog, `roles` may
 * only name `owner`, a catalog role or one of the team's own (400 `general_argument_invalid`).
 */
export function assertRolesAllowed(
  config: Pick<ApiConfig, 'roleCatalog'>,
  team: TeamRef,
  roles: readonly string[],
): void {
  assertRolesInCatalog(config.roleCatalog, team.teamRoles ?? [], roles);
}

type TeamRoleInput = Pick<RoleDefinition, 'description' | 'permissions'>;

/** One of the team role routes: the change under the team's lock, with its event (`teams.[teamId].roles.[roleId].<action>`). */
function changeRole(
  repos: Repositories,
  actor: Actor,
  team: TeamTie,
  roleId: string,
  action: 'create' | 'update' | 'delete',
  change: (roles: TeamRole[]) => { roles: TeamRole[]; value: TeamRole },
): Promise<TeamRoleDto> {
  return recordEvent(
    repos,
    actor,
    {
      template: `teams.[teamId].roles.[roleId].${action}`,
      params: { teamId: team._id, roleId },
      target: byId('teams', team._id),
    },
    async () => {
      const changed = await underTeamLock(() => repos.teams.changeTeamRoles(team, change));
      if (!changed) throw new AppError('team_not_found');
      return toDto(changed, 'team');
    },
    (dto) => ({ payload: dto }),
  );
}

/** POST /v1/teams/{teamId}/roles (owners and keys). A name the catalog or the team already has is 409. */
export function createTeamRole(
  deps: { repos: Repositories; config: Pick<ApiConfig, 'roleCatalog'> },
  actor: Actor,
  team: TeamTie,
  input: TeamRoleInput & { name: string },
): Promise<TeamRoleDto> {
  const catalogNames = new Set([OWNER, ...(deps.config.roleCatalog?.roles ?? []).map((role) => role.name)]);
  if (catalogNames.has(input.name)) throw new AppError('team_role_already_exists');
  const role: TeamRole = {
    name: input.name,
    description: input.description,
    permissions: [...new Set(input.permissions)],
  };
  return changeRole(deps.repos, actor, team, input.name, 'create', (roles) => {
    if (roles.some((existing) => existing.name === input.name))
      throw new AppError('team_role_already_exists');
    if (roles.length >= MAX_TEAM_ROLES) {
      throw new AppError(
        'general_argument_invalid',
        `A team may define at most ${MAX_TEAM_ROLES} roles of its own`,
      );
    }
    return { roles: [...roles, role], value: role };
  });
}

/** PUT /v1/teams/{teamId}/roles/{roleId}: replaces a team role's description and permissions. */
export function updateTeamRole(
  repos: Repositories,
  actor: Actor,
  team: TeamTie,
  roleId: string,
  input: TeamRoleInput,
): Promise<TeamRoleDto> {
  return changeRole(repos, actor, team, roleId, 'update', (roles) => {
    const index = roles.findIndex((role) => role.name === roleId);
    if (index < 0) throw new AppError('team_role_not_found');
    const role: TeamRole = {
      name: roleId,
      description: input.description,
      permissions: [...new Set(input.permissions)],
    };
    return { roles: roles.map((existing, at) => (at === index ? role : existing)), value: role };
  });
}

/**
 * DELETE /v1/teams/{teamId}/roles/{roleId}. Memberships keep the role string (roles are free strings
 * on the Appwrite wire); it grants nothing more and, with a catalog, cannot be handed out again.
 */
export async function deleteTeamRole(
  repos: Repositories,
  actor: Actor,
  team: TeamTie,
  roleId: string,
): Promise<void> {
  await changeRole(repos, actor, team, roleId, 'delete', (roles) => {
    const role = roles.find((existing) => existing.name === roleId);
    if (!role) throw new AppError('team_role_not_found');
    return { roles: roles.filter((existing) => existing !== role), value: role };
  });
}

/**
 * GET /v1/teams/{teamId}/permissions/{permission}: may the caller (or, for an API key, `userId`) do
 * `permission` in the team? A confirmed member's roles grant what the catalog and the team's roles
 * list for them; `owner` grants everything; anyone else is not allowed.
 */
export async function checkTeamPermission(
  deps: { repos: Repositories; config: Pick<ApiConfig, 'roleCatalog'> },
  access: { team: StoredTeam; actor: Actor; callerMembership: { roles: string[] } | null },
  permission: string,
  userId: string | undefined,
): Promise<PermissionCheckDto> {
  const { principal } = access.actor;
  let roles: string[];
  if (principal.kind === 'key') {
    if (!userId)
      throw new AppError('general_argument_invalid', 'Param "userId" is not optional when an API key asks.');
    const user = await deps.repos.users.byId(userId);
    if (!user) throw new AppError('user_not_found');
    roles = (await deps.repos.memberships.confirmedOf(access.team, user))?.roles ?? [];
  } else {
    if (userId !== undefined && (principal.kind !== 'user' || userId !== principal.userId)) {
      throw new AppError('user_unauthorized', 'Only API keys may ask on behalf of another user');
    }
    roles = access.callerMembership?.roles ?? [];
  }
  const byName = new Map(teamRoles(deps.config.roleCatalog, access.team).map((role) => [role.name, role]));
  const grantedBy = roles.filter((role) =>
    byName.get(role)?.permissions.some((granted) => grants(granted, permission)),
  );
  return { permission, allowed: grantedBy.length > 0, roles, grantedBy };
}
