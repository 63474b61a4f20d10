import { describe, expect, it } from 'vitest';
import {
  FILE_ACTIONS,
  normalizePermissions,
  parsePermission,
  permissionsProblem,
  rolesFor,
} from './permissions.ts';

describe('permission strings', () => {
  it.each([
    ['read("any")', 'read', 'any'],
    ['create("guests")', 'create', 'guests'],
    ['update("users")', 'update', 'users'],
    ['delete("users/verified")', 'delete', 'users/verified'],
    ['write("users/unverified")', 'write', 'users/unverified'],
    ['read("user:u1")', 'read', 'user:u1'],
    ['read("user:a.b-c_d/verified")', 'read', 'user:a.b-c_d/verified'],
    ['read("team:t1")', 'read', 'team:t1'],
    ['read("team:t1/owner")', 'read', 'team:t1/owner'],
    [`read("team:t1/${'r'.repeat(81)}")`, 'read', `team:t1/${'r'.repeat(81)}`],
    ['read("member:m1")', 'read', 'member:m1'],
    ['read("label:vip2")', 'read', 'label:vip2'],
  ])('%s is valid', (permission, action, role) => {
    expect(parsePermission(permission)).toEqual({ action, role });
  });

  it.each([
    ['*', 'Wildcard permission "*" has been replaced. Use "any" instead.'],
    [
      'read("role:all")',
      'Permissions using the "role:" prefix have been replaced. Use "users", "guests", or "any" instead.',
    ],
    [
      'admin("any")',
      'Permission "admin("any")" is not allowed. Must be one of: create, read, update, delete, write.',
    ],
    ['readx("any")', 'Invalid permission type: "readx".'],
    ['read(any)', 'Invalid permission string format: "read(any)".'],
    ['read("any")x', 'Invalid permission string format: "read("any")x".'],
    ['read("any") , read("user:x")', 'Invalid permission string format: "read("any") , read("user:x")".'],
    ['read("any"), read("users")', 'Invalid permission string format: "read("any"), read("users")".'],
    ['read("any")")', 'Invalid permission string format: "read("any")")".'],
    [
      'read("everyone")',
      'Role "everyone" is not allowed. Must be one of: any, guests, users, user, team, member, label.',
    ],
    ['read("")', 'Role "" is not allowed. Must be one of: any, guests, users, user, team, member, label.'],
    [
      'read("\u0430ny")',
      'Role "\u0430ny" is not allowed. Must be one of: any, guests, users, user, team, member, label.',
    ],
    ['read("any:x")', 'Role "any" can not have an ID value.'],
    ['read("guests/verified")', 'Role "guests" can not have a dimension value.'],
    ['read("users:u1")', 'Role "users" can not have an ID value.'],
    ['read("users/admin")', 'Role "users" dimension value is invalid. Must be one of: verified, unverified.'],
    ['read("user")', 'Role "user" must have an ID value.'],
    ['read("user:")', 'Role "user" must have an ID value.'],
    [
      'read("user:u1/admin")',
      'Role "user" dimension value is invalid. Must be one of: verified, unverified.',
    ],
    ['read("user:u1/a/b")', 'Only one dimension can be provided'],
    ['read("team:t1/")', 'Dimension must not be empty'],
    ['read("member:m1/x")', 'Role "member" can not have a dimension value.'],
    ['read("label:vip/x")', 'Role "label" can not have a dimension value.'],
    [
      'read("label:v-i-p")',
      'Role "label" identifier value is invalid: Value must be a valid string between 1 and 36 chars containing only alphanumeric chars',
    ],
    [
      `read("user:${'x'.repeat(37)}")`,
      `Role "user" identifier value is invalid: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    ],
    [
      'read("user:a:b")',
      `Role "user" identifier value is invalid: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    ],
    [
      'read("user:_u1")',
      `Role "user" identifier value is invalid: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    ],
    [
      `read("team:t1/${'r'.repeat(82)}")`,
      `Role "team" dimension value is invalid: Parameter must contain at most 81 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    ],
  ])('%s is refused: %s', (permission, message) => {
    expect(permissionsProblem([permission])).toBe(message);
  });

  it('refuses create on files, as Appwrite', () => {
    expect(permissionsProblem(['create("any")'], FILE_ACTIONS)).toBe(
      'Permission "create("any")" is not allowed. Must be one of: read, update, delete, write.',
    );
  });

  it('refuses more than 100 and anything but strings', () => {
    expect(permissionsProblem(Array.from({ length: 100 }, () => 'read("any")'))).toBeNull();
    expect(permissionsProblem(Array.from({ length: 101 }, () => 'read("any")'))).toBe(
      'You can only provide up to 100 permissions.',
    );
    expect(permissionsProblem([1])).toBe('Every permission must be of type string.');
  });

  it('expands write per resource and removes duplicates', () => {
    expect(
      normalizePermissions(['write("any")', 'create("any")', 'read("users")', 'read("users")'], 'bucket'),
    ).toEqual(['create("any")', 'update("any")', 'delete("any")', 'read("users")']);
    expect(normalizePermissions(['read("team:t1/owner")', 'write("user:v1")'], 'file')).toEqual([
      'read("team:t1/owner")',
      'update("user:v1")',
      'delete("user:v1")',
    ]);
  });

  it('finds the roles an action is given to', () => {
    const stored = ['read("any")', 'update("user:u1")', 'read("team:t1/owner")'];
    expect(rolesFor(stored, 'read')).toEqual(['any', 'team:t1/owner']);
    expect(rolesFor(stored, 'create')).toEqual([]);
  });
});
