import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { allows, checkGrant } from './authorization.ts';
import { normalizePermissions } from './permissions.ts';
import { GUEST_ROLES, userRoles, type HeldRoles } from './roles.ts';

// The principals of docs/storage.md#examples: G a guest, U an unverified user, V a verified owner of
// t1 (membership m1, label vip), W invited to t1 but not confirmed, K an API key.
const G = GUEST_ROLES;
const U: HeldRoles = {
  kind: 'roles',
  roles: userRoles({ userId: 'u1', verified: false, memberships: [], labels: [] }),
};
const V: HeldRoles = {
  kind: 'roles',
  roles: userRoles({
    userId: 'v1',
    verified: true,
    memberships: [{ _id: 'm1', teamId: 't1', roles: ['owner'] }],
    labels: ['vip'],
  }),
};
// W is invited to t1 but has not accepted: an unconfirmed membership is not among the sources.
const W: HeldRoles = {
  kind: 'roles',
  roles: userRoles({ userId: 'w1', verified: false, memberships: [], labels: [] }),
};
const K: HeldRoles = { kind: 'all' };

const TABLE: [string, [boolean, boolean, boolean, boolean, boolean]][] = [
  ['read("any")', [true, true, true, true, true]],
  ['read("guests")', [true, false, false, false, true]],
  ['read("users")', [false, true, true, true, true]],
  ['read("users/verified")', [false, false, true, false, true]],
  ['read("users/unverified")', [false, true, false, true, true]],
  ['read("user:u1")', [false, true, false, false, true]],
  ['read("user:v1/verified")', [false, false, true, false, true]],
  ['read("user:u1/verified")', [false, false, false, false, true]],
  ['read("team:t1")', [false, false, true, false, true]],
  ['read("team:t1/owner")', [false, false, true, false, true]],
  ['read("team:t1/editor")', [false, false, false, false, true]],
  ['read("member:m1")', [false, false, true, false, true]],
  ['read("label:vip")', [false, false, true, false, true]],
];

describe('who may read a file with one permission (every cell of the table)', () => {
  const principals = { G, U, V, W, K };
  for (const [permission, expected] of TABLE) {
    Object.entries(principals).forEach(([name, roles], index) => {
      it(`${permission} × ${name} → ${expected[index] ? 'allowed' : 'refused'}`, () => {
        expect(allows([permission], 'read', roles)).toBe(expected[index]);
      });
    });
  }

  it('update("any") alone lets everyone update and nobody but a key read', () => {
    for (const [name, roles] of Object.entries(principals)) {
      expect(allows(['update("any")'], 'update', roles), name).toBe(true);
      expect(allows(['update("any")'], 'read', roles), name).toBe(name === 'K');
    }
  });

  it('an empty list allows nobody but a key', () => {
    for (const roles of [G, U, V, W]) expect(allows([], 'read', roles)).toBe(false);
    expect(allows([], 'delete', K)).toBe(true);
  });
});

describe('the roles of a user', () => {
  it("are Appwrite's, in its order", () => {
    expect(V).toEqual({
      kind: 'roles',
      roles: [
        'any',
        'users',
        'user:v1',
        'user:v1/verified',
        'users/verified',
        'team:t1',
        'member:m1',
        'team:t1/owner',
        'label:vip',
      ],
    });
  });

  it('never include guests', () => {
    expect(U.kind === 'roles' && U.roles.includes('guests')).toBe(false);
  });
});

describe('the grant check', () => {
  const refusal = (roles: HeldRoles, permissions: string[]) => {
    try {
      checkGrant(normalizePermissions(permissions, 'file'), roles);
      return null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { type: error.type, message: error.message };
    }
  };

  it('lets a user grant roles they hold, any included', () => {
    expect(refusal(U, ['read("any")'])).toBeNull();
    expect(refusal(U, ['read("user:u1")', 'write("users/unverified")'])).toBeNull();
    expect(refusal(V, ['read("team:t1/owner")', 'write("user:v1")'])).toBeNull();
    expect(refusal(G, ['read("guests")'])).toBeNull();
  });

  it("refuses someone else's roles with Appwrite's message listing the caller's", () => {
    expect(refusal(U, ['read("user:someoneElse")'])).toEqual({
      type: 'user_unauthorized',
      message: 'Permissions must be one of: (any, users, user:u1, user:u1/unverified, users/unverified)',
    });
    expect(refusal(U, ['read("guests")'])?.type).toBe('user_unauthorized');
    expect(refusal(U, ['read("team:t1")'])?.type).toBe('user_unauthorized');
    expect(refusal(U, ['read("user:u1/verified")'])?.type).toBe('user_unauthorized');
    expect(refusal(W, ['read("team:t1")'])?.type).toBe('user_unauthorized');
    expect(refusal(G, ['read("users")'])?.message).toBe('Permissions must be one of: (any, guests)');
  });

  it('lets a key grant anything', () => {
    expect(refusal(K, ['read("user:anyone")', 'delete("team:x/y")', 'read("label:z")'])).toBeNull();
  });
});
