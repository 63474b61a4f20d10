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
      Partial<
        Pick<StoredUser, 'mfa' | 'totpVerified' | 'emailVerification' | 'phoneVerification' | 'accessedAt'>
      >)
  | null
  | undefined;

/**
 * Appwrite's membership `mfa`: the user has MFA on and a second factor to give. Members see it only
 * when the membership privacy shows it (dto/membership-privacy.ts).
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
 * The membership with its user's name, email, phone and last access (`userAccessedAt`, Appwrite
 * 1.9.5: the user's `accessedAt`, written at most daily) and its team's name filled in, everything
 * shown: the GET and list routes then apply the caller's privacy view (`viewMembership`). While it is
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
  const asInvited = !membership.confirm && membership.invitedAs;
  const shown = asInvited ? membership.invitedAs : user;
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
    mfa: asInvited ? false : memberMfa(user),
    // A pending invitation tells nothing of the account behind it (see above).
    userAccessedAt: asInvited ? '' : toIso(user?.accessedAt),
    roles: [...membership.roles],
  };
}
