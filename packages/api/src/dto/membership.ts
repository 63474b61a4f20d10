import { type StoredMembership, type StoredUser } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/**
 * Appwrite's Membership model (docs/appwrite-compatibility.md#models), field for field and in its order;
 * never null.
 */
export const ZMembership = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    userId: z.string(),
    userName: z.string(),
    userEmail: z.string(),
    userPhone: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    invited: z.string(),
    joined: z.string(),
    confirm: z.boolean(),
    mfa: z.boolean(),
    userAccessedAt: z.string(),
    roles: z.array(z.string()),
  })
  .meta({ id: 'Membership' });
export type MembershipDto = z.infer<typeof ZMembership>;

export const ZMembershipList = z
  .object({ total: z.number().int(), memberships: z.array(ZMembership) })
  .meta({ id: 'MembershipList' });

type MemberUser =
  | (Pick<StoredUser, 'name' | 'email' | 'phone'> &
      Partial<Pick<StoredUser, 'mfa' | 'totpVerified' | 'emailVerification' | 'phoneVerification'>>)
  | null
  | undefined;

/**
 * Appwrite's membership `mfa`: the user has MFA on and a second factor to give. Roster has no
 * project setting to hide it (`auths.membershipsMfa`), so it is always shown, as in a project
 * where that setting is missing (docs/appwrite-compatibility.md#mfa).
 */
function memberMfa(user: MemberUser): boolean {
  if (!user?.mfa) return false;
  return (
    user.totpVerified === true ||
    (Boolean(user.email) && user.emailVerification === true) ||
    (Boolean(user.phone) && user.phoneVerification === true)
  );
}

/**
 * The membership with its user's name, email and phone and its team's name filled in. While it is
 * pending, the user fields are what the inviter supplied (`invitedAs`), not the account's: an
 * invitation must not reveal who is behind an address or a user id (review finding 10), and it
 * reads the same whether the invitation created the account or found it. Pending memberships
 * written before `invitedAs` existed show the account's, as they did then.
 */
export function toMembershipDto(
  membership: StoredMembership,
  user: MemberUser,
  teamName: string,
): MembershipDto {
  const shown = !membership.confirm && membership.invitedAs ? membership.invitedAs : user;
  return {
    $id: membership._id,
    $createdAt: toIso(membership.createdAt),
    $updatedAt: toIso(membership.updatedAt),
    userId: membership.userId,
    userName: shown?.name ?? '',
    userEmail: shown?.email ?? '',
    userPhone: shown?.phone ?? '',
    teamId: membership.teamId,
    teamName,
    invited: toIso(membership.invited),
    joined: membership.confirm ? toIso(membership.joined) : '',
    confirm: membership.confirm,
    mfa: memberMfa(user),
    userAccessedAt: '',
    roles: [...membership.roles],
  };
}
