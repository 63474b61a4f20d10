import { z } from 'zod';
import { zPermission, zRoleDescription, zRoleName } from '../services/role-catalog.ts';

/**
 * A role a team may hand out (docs/api.md#roles-and-permissions), a Roster model: `project` roles come
 * from the operator's catalog (`ROSTER_ROLE_CATALOG`), `team` roles from the team's owners; `owner`
 * is always there and holds every permission.
 */
export const ZTeamRole = z
  .object({
    $id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()),
    source: z.enum(['project', 'team']),
  })
  .meta({ id: 'TeamRole' });
export type TeamRoleDto = z.infer<typeof ZTeamRole>;

export const ZTeamRoleList = z
  .object({
    total: z.number().int(),
    /** Whether a catalog is configured: then invitations and role changes may only name these roles. */
    catalog: z.boolean(),
    roles: z.array(ZTeamRole),
  })
  .meta({ id: 'TeamRoleList' });

/** The answer to "may this user do `permission` in this team?" */
export const ZPermissionCheck = z
  .object({
    permission: z.string(),
    allowed: z.boolean(),
    /** The user's roles in the team (`[]` when they are not a confirmed member). */
    roles: z.array(z.string()),
    /** Which of those roles grant the permission. */
    grantedBy: z.array(z.string()),
  })
  .meta({ id: 'PermissionCheck' });
export type PermissionCheckDto = z.infer<typeof ZPermissionCheck>;

/** What an owner writes of a team role, on create and update alike. */
export const ZTeamRoleInput = z.object({
  roleId: zRoleName(),
  description: zRoleDescription().default(''),
  permissions: z.array(zPermission()).max(100).default([]),
});
