import { sameEpoch, type Repositories } from '@roster/db';
import { principalUser, type Principal } from '../../auth/principal.ts';

/**
 * The roles a caller holds (docs/storage.md#permissions): every role string it may be granted by,
 * or `all` for an API key, which bypasses permissions (Appwrite disables authorization for keys).
 */
export type HeldRoles = { kind: 'all' } | { kind: 'roles'; roles: readonly string[] };

export const GUEST_ROLES: HeldRoles = { kind: 'roles', roles: ['any', 'guests'] };

/**
 * Most confirmed memberships read for a user's team roles. A user in more teams holds the roles of
 * this many of them (read by the `userId` index, in no particular order).
 */
export const MAX_ROLE_MEMBERSHIPS = 1000;

/** What the roles of a signed-in user are made of, as stored now. */
export interface RoleSources {
  userId: string;
  verified: boolean;
  memberships: readonly { _id: string; teamId: string; roles: readonly string[] }[];
  labels: readonly string[];
}

/**
 * Appwrite's roles of a user (`Auth::getRoles` plus `any`): `any`, `users`, `user:U`, the status
 * pair (`/verified` when the email or the phone is verified, else `/unverified`), then for each
 * confirmed membership `team:T`, `member:M` and `team:T/<role>`, then `label:L`.
 */
export function userRoles(sources: RoleSources): string[] {
  const status = sources.verified ? 'verified' : 'unverified';
  const roles = [
    'any',
    'users',
    `user:${sources.userId}`,
    `user:${sources.userId}/${status}`,
    `users/${status}`,
  ];
  for (const membership of sources.memberships) {
    roles.push(`team:${membership.teamId}`, `member:${membership._id}`);
    for (const role of membership.roles) roles.push(`team:${membership.teamId}/${role}`);
  }
  for (const label of sources.labels) roles.push(`label:${label}`);
  return [...new Set(roles)];
}

/**
 * The roles `principal` holds right now, read from the database on every call (no cache: a role
 * change or a removal from a team counts from the next request). Two reads for a user: the user
 * (labels, verification) with their confirmed memberships (by the `userId` index), then those
 * teams' epochs (by `_id`), so a deleted team's leftovers grant nothing.
 */
export async function rolesOf(
  repos: Pick<Repositories, 'users' | 'memberships'>,
  principal: Principal,
): Promise<HeldRoles> {
  if (principal.kind === 'key') return { kind: 'all' };
  if (principal.kind === 'guest') return GUEST_ROLES;
  const tie = principalUser(principal);
  const [user, confirmed] = await Promise.all([
    repos.users.byId(principal.userId),
    repos.memberships.confirmedOfUser(tie, MAX_ROLE_MEMBERSHIPS),
  ]);
  // The user was deleted (or replaced under the same id) since the session was read: no user roles.
  if (!user || !sameEpoch(user.epoch, tie.epoch)) return { kind: 'roles', roles: ['any'] };
  return {
    kind: 'roles',
    roles: userRoles({
      userId: user._id,
      verified: user.emailVerification || user.phoneVerification,
      memberships: confirmed.memberships,
      labels: user.labels,
    }),
  };
}
