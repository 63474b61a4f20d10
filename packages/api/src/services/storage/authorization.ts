import { AppError } from '../../errors.ts';
import { rolesFor, parsePermission, PERMISSION_ACTIONS, type PermissionAction } from './permissions.ts';
import { type HeldRoles } from './roles.ts';

/**
 * Whether `permissions` (stored, `write` already expanded) give `action` to a caller holding
 * `roles`: one of the roles the action names is held (exact string equality, as Appwrite). API
 * keys (`all`) are allowed everything.
 */
export function allows(permissions: readonly string[], action: PermissionAction, roles: HeldRoles): boolean {
  if (roles.kind === 'all') return true;
  const held = new Set(roles.roles);
  return rolesFor(permissions, action).some((role) => held.has(role));
}

/**
 * Appwrite's grant check (docs/storage.md#who-may-grant-what): a caller that is not an API key may
 * only set permissions naming roles it holds, else 401 `user_unauthorized` with
 * `Permissions must be one of: (<its roles>)`. `permissions` are stored strings (valid, expanded).
 */
export function checkGrant(permissions: readonly string[], roles: HeldRoles): void {
  if (roles.kind === 'all') return;
  const held = new Set(roles.roles);
  for (const permission of permissions) {
    const { role } = parsePermission(permission, PERMISSION_ACTIONS);
    if (!held.has(role)) {
      throw new AppError('user_unauthorized', `Permissions must be one of: (${roles.roles.join(', ')})`);
    }
  }
}
