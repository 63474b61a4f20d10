import { OWNER } from '@roster/db';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * The project's role catalog (docs/api.md#roles-and-permissions): roles stay free strings on the
 * Appwrite wire, but an operator may list the roles of the project (`ROSTER_ROLE_CATALOG`), each with
 * a description and the permissions it grants, and owners may add roles of their own team. When a
 * catalog is configured, invitations and role changes may only name `owner`, a catalog role or one of
 * the team's roles.
 */

/** A role name as Appwrite's `roles` param takes it (Key(81)): also a path segment. */
const ROLE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,80}$/;
/** `invoices.read`, `invoices.*` (every permission under `invoices.`), or `*` (every permission). */
const PERMISSION = /^(\*|[a-z0-9_-]{1,64}(\.[a-z0-9_-]{1,64}){0,7}(\.\*)?)$/;

export const zRoleName = () =>
  z
    .string()
    .regex(
      ROLE_NAME,
      'must be 1 to 81 characters of a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a special character',
    );
export const zPermission = () =>
  z
    .string()
    .max(256)
    .regex(
      PERMISSION,
      'must be dot-separated words of a-z, 0-9, _ and - (invoices.read), optionally ending in .*, or *',
    );
export const zRoleDescription = () => z.string().max(256);

export const ZRoleDefinition = z.object({
  name: zRoleName(),
  description: zRoleDescription().default(''),
  permissions: z.array(zPermission()).max(100).default([]),
});
export type RoleDefinition = z.infer<typeof ZRoleDefinition>;

const ZRoleCatalogFile = z
  .object({ roles: z.array(ZRoleDefinition).max(100) })
  .strict()
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.roles.forEach((role, index) => {
      if (seen.has(role.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', index, 'name'],
          message: `${role.name} is listed twice`,
        });
      }
      seen.add(role.name);
    });
  });

export interface RoleCatalog {
  roles: readonly RoleDefinition[];
}

/** The catalog file's JSON, checked; the problems as one sentence each, with their place in the file. */
export function parseRoleCatalog(json: unknown): RoleCatalog | { problems: string[] } {
  const result = ZRoleCatalogFile.safeParse(json);
  if (result.success) return result.data;
  return {
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
  };
}

/** Whether `granted` (a role's permission) covers `permission`: equal, `*`, or a `prefix.*`. */
export function grants(granted: string, permission: string): boolean {
  if (granted === '*' || granted === permission) return true;
  return granted.endsWith('.*') && permission.startsWith(granted.slice(0, -1));
}

/** The roles a team may hand out: the catalog's and the team's own (owner is always allowed). */
export function assertRolesInCatalog(
  catalog: RoleCatalog | undefined,
  teamRoles: readonly Pick<RoleDefinition, 'name'>[],
  roles: readonly string[],
): void {
  if (!catalog) return;
  const known = new Set([
    OWNER,
    ...catalog.roles.map((role) => role.name),
    ...teamRoles.map((role) => role.name),
  ]);
  const unknown = roles.filter((role) => !known.has(role));
  if (unknown.length > 0) {
    throw new AppError(
      'general_argument_invalid',
      `Invalid \`roles\` param: ${unknown.map((role) => JSON.stringify(role)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the role catalog of this team (owner, the project's roles and the team's own roles; GET /v1/teams/{teamId}/roles lists them)`,
    );
  }
}
