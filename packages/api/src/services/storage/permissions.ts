/**
 * Appwrite's permission strings (`read("team:t1/owner")`, docs/storage.md#permissions): parsing and
 * validation with the messages of utopia-php/database 6.0's `Permissions` validator, `write`
 * expansion and de-duplication. Pure: no database, no request.
 */

/** The actions a stored permission may name. */
export type PermissionAction = 'create' | 'read' | 'update' | 'delete';
/** What a caller may write: the actions and the `write` alias. */
export type RequestedAction = PermissionAction | 'write';

export const PERMISSION_ACTIONS: readonly PermissionAction[] = ['create', 'read', 'update', 'delete'];
/** Appwrite's `APP_LIMIT_ARRAY_PARAMS_SIZE`: most permissions one request may set. */
export const MAX_PERMISSIONS = 100;

/** What a bucket's `permissions` may name (every action). */
export const BUCKET_ACTIONS: readonly RequestedAction[] = ['create', 'read', 'update', 'delete', 'write'];
/** What a file's `permissions` may name: a file cannot grant `create` (its bucket decides). */
export const FILE_ACTIONS: readonly RequestedAction[] = ['read', 'update', 'delete', 'write'];

const ROLE_NAMES = ['any', 'guests', 'users', 'user', 'team', 'member', 'label'] as const;
type RoleName = (typeof ROLE_NAMES)[number];

/** What each role may carry (Appwrite's `Roles::CONFIG`). */
const ROLE_RULES: Record<RoleName, { identifier: boolean; dimension: boolean | readonly string[] }> = {
  any: { identifier: false, dimension: false },
  guests: { identifier: false, dimension: false },
  users: { identifier: false, dimension: ['verified', 'unverified'] },
  user: { identifier: true, dimension: ['verified', 'unverified'] },
  team: { identifier: true, dimension: true },
  member: { identifier: true, dimension: false },
  label: { identifier: true, dimension: false },
};

const keyText = (max: number) =>
  `Parameter must contain at most ${max} chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`;
const LABEL_TEXT = 'Value must be a valid string between 1 and 36 chars containing only alphanumeric chars';
const isKey = (value: string, max: number) =>
  new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${max - 1}}$`).test(value);

/** One permission as parsed: its action and the role string it names. */
export interface ParsedPermission {
  action: RequestedAction;
  /** `team:t1/owner`, exactly as written (roles are compared as strings). */
  role: string;
}

/** A permission string that Appwrite refuses, with its validator's description. */
export class InvalidPermissionError extends Error {}

/** The role's own rule check (Appwrite's `Roles::isValidRole`); null when valid, else why not. */
function roleProblem(role: string, identifier: string, dimension: string): string | null {
  if (!(ROLE_NAMES as readonly string[]).includes(role)) {
    return `Role "${role}" is not allowed. Must be one of: ${ROLE_NAMES.join(', ')}.`;
  }
  const rules = ROLE_RULES[role as RoleName];
  if (!rules.identifier && identifier !== '') return `Role "${role}" can not have an ID value.`;
  if (rules.identifier && identifier === '') return `Role "${role}" must have an ID value.`;
  if (identifier !== '') {
    const valid = role === 'label' ? /^[A-Za-z0-9]{1,36}$/.test(identifier) : isKey(identifier, 36);
    if (!valid) {
      return `Role "${role}" identifier value is invalid: ${role === 'label' ? LABEL_TEXT : keyText(36)}`;
    }
  }
  if (dimension === '') return null;
  if (rules.dimension === false) return `Role "${role}" can not have a dimension value.`;
  if (Array.isArray(rules.dimension) && !rules.dimension.includes(dimension)) {
    return `Role "${role}" dimension value is invalid. Must be one of: ${rules.dimension.join(', ')}.`;
  }
  if (!isKey(dimension, 81)) return `Role "${role}" dimension value is invalid: ${keyText(81)}`;
  return null;
}

/** Splits `role[:identifier][/dimension]` as Appwrite's `Role::parse`. */
function splitRole(text: string): { role: string; identifier: string; dimension: string } {
  // Everything after the first `:` is the identifier, so `user:a:b` is refused rather than read
  // as `user:a` (Appwrite's explode keeps only `a` and stores a role nobody can ever hold).
  const colon = text.indexOf(':');
  const role = colon === -1 ? text : text.slice(0, colon);
  const identifierPart = colon === -1 ? undefined : text.slice(colon + 1);
  const hasIdentifier = identifierPart !== undefined;
  if (!text.includes('/')) return { role, identifier: hasIdentifier ? identifierPart : '', dimension: '' };
  const parts = (hasIdentifier ? identifierPart : text).split('/');
  if (parts.length !== 2) throw new InvalidPermissionError('Only one dimension can be provided');
  const [head = '', dimension = ''] = parts;
  if (dimension === '') throw new InvalidPermissionError('Dimension must not be empty');
  return hasIdentifier ? { role, identifier: head, dimension } : { role: head, identifier: '', dimension };
}

/**
 * Parses one permission string, allowing only `allowed` actions; throws InvalidPermissionError
 * with Appwrite's message. Stricter than Appwrite on two points: the string must end with `")`
 * (Appwrite strips every `")` wherever it is, so `read("any` passes there), and the role may hold
 * one `:` only (splitRole).
 */
export function parsePermission(
  permission: string,
  allowed: readonly RequestedAction[] = BUCKET_ACTIONS,
): ParsedPermission {
  if (permission === '*') {
    throw new InvalidPermissionError('Wildcard permission "*" has been replaced. Use "any" instead.');
  }
  if (permission.includes('role:')) {
    throw new InvalidPermissionError(
      'Permissions using the "role:" prefix have been replaced. Use "users", "guests", or "any" instead.',
    );
  }
  if (!allowed.some((action) => permission.startsWith(action))) {
    throw new InvalidPermissionError(
      `Permission "${permission}" is not allowed. Must be one of: ${allowed.join(', ')}.`,
    );
  }
  const parts = permission.split('("');
  if (parts.length !== 2 || !permission.endsWith('")')) {
    throw new InvalidPermissionError(`Invalid permission string format: "${permission}".`);
  }
  const [action = '', rest = ''] = parts;
  if (!(allowed as readonly string[]).includes(action)) {
    throw new InvalidPermissionError(`Invalid permission type: "${action}".`);
  }
  const role = rest.slice(0, -2);
  if (role.includes('"') || role.includes(')')) {
    throw new InvalidPermissionError(`Invalid permission string format: "${permission}".`);
  }
  const split = splitRole(role);
  const problem = roleProblem(split.role, split.identifier, split.dimension);
  if (problem) throw new InvalidPermissionError(problem);
  return { action: action as RequestedAction, role };
}

/**
 * Why a `permissions` parameter is refused (the first problem, in Appwrite's words), or null. A
 * list longer than MAX_PERMISSIONS is refused before any string is read.
 */
export function permissionsProblem(
  permissions: readonly unknown[],
  allowed: readonly RequestedAction[] = BUCKET_ACTIONS,
): string | null {
  if (permissions.length > MAX_PERMISSIONS) {
    return `You can only provide up to ${MAX_PERMISSIONS} permissions.`;
  }
  for (const permission of permissions) {
    if (typeof permission !== 'string') return 'Every permission must be of type string.';
    try {
      parsePermission(permission, allowed);
    } catch (error) {
      if (error instanceof InvalidPermissionError) return error.message;
      throw error;
    }
  }
  return null;
}

/** What `write` stands for: a bucket's create+update+delete, a file's update+delete. */
const WRITE_EXPANSION: Record<'bucket' | 'file', readonly PermissionAction[]> = {
  bucket: ['create', 'update', 'delete'],
  file: ['update', 'delete'],
};

export const formatPermission = (action: PermissionAction, role: string) => `${action}("${role}")`;

/**
 * The permissions as stored (Appwrite's `Permission::aggregate`): `write` expanded for the kind of
 * resource, duplicates removed, first occurrence kept. The strings must be valid (parsePermission).
 */
export function normalizePermissions(permissions: readonly string[], resource: 'bucket' | 'file'): string[] {
  const allowed = resource === 'bucket' ? BUCKET_ACTIONS : FILE_ACTIONS;
  const out = new Set<string>();
  for (const permission of permissions) {
    const { action, role } = parsePermission(permission, allowed);
    const actions = action === 'write' ? WRITE_EXPANSION[resource] : [action];
    for (const each of actions) out.add(formatPermission(each, role));
  }
  return [...out];
}

/** The roles that `permissions` (stored, already expanded) give `action` to. */
export function rolesFor(permissions: readonly string[], action: PermissionAction): string[] {
  const roles: string[] = [];
  for (const permission of permissions) {
    const parsed = parsePermission(permission, PERMISSION_ACTIONS);
    if (parsed.action === action) roles.push(parsed.role);
  }
  return roles;
}
