import { type MembershipDto } from './membership.ts';

/**
 * Appwrite's membership privacy (docs/appwrite-compatibility.md#membership-privacy): which user
 * fields of a membership a team's members see of each other on GET membership and list memberships
 * (Appwrite's project settings `auths.membershipsUserId`, `…UserName`, `…UserEmail`, `…UserPhone`,
 * `…Mfa`, `…UserAccessedAt`). Owners and API keys always see every field.
 */
export const MEMBERSHIP_PRIVACY_FIELDS = [
  'userId',
  'userName',
  'userEmail',
  'userPhone',
  'mfa',
  'userAccessedAt',
] as const;
export type MembershipPrivacyField = (typeof MEMBERSHIP_PRIVACY_FIELDS)[number];

/** `true`: members see the field of other members; `false`: it comes out as `""` / `false`. */
export type MembershipPrivacy = Readonly<Record<MembershipPrivacyField, boolean>>;

/** What Appwrite writes for a project created by 1.9.x: every field hidden from members. */
export const NEW_PROJECT_PRIVACY: MembershipPrivacy = {
  userId: false,
  userName: false,
  userEmail: false,
  userPhone: false,
  mfa: false,
  userAccessedAt: false,
};

/**
 * `ROSTER_MEMBERSHIP_PRIVACY`'s value: the fields members may see, comma-separated, or `none`
 * (the default) or `all`. Returns the policy, or the problem as a sentence.
 */
export function parseMembershipPrivacy(value: string): MembershipPrivacy | string {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'none')) return NEW_PROJECT_PRIVACY;
  if (names.length === 1 && names[0] === 'all') {
    return Object.fromEntries(MEMBERSHIP_PRIVACY_FIELDS.map((field) => [field, true])) as MembershipPrivacy;
  }
  const shown = new Set<string>();
  for (const name of names) {
    if (!(MEMBERSHIP_PRIVACY_FIELDS as readonly string[]).includes(name)) {
      return `must be none, all, or a comma-separated list of ${MEMBERSHIP_PRIVACY_FIELDS.join(', ')}; ${JSON.stringify(name)} is none of them`;
    }
    shown.add(name);
  }
  return Object.fromEntries(
    MEMBERSHIP_PRIVACY_FIELDS.map((field) => [field, shown.has(field)]),
  ) as MembershipPrivacy;
}

/** How one caller reads memberships: as is (owners, keys) or with the hidden fields blanked. */
export interface MembershipView {
  /** The fields this caller may not see (empty for owners and keys). */
  hidden: ReadonlySet<MembershipPrivacyField>;
  /** The caller's own user id (`''` for keys): what a hidden `userId` may still be filtered on. */
  self: string;
}

export const FULL_VIEW: MembershipView = { hidden: new Set(), self: '' };

/** The view of a caller: owners and keys (`seesAll`) see everything, members what `privacy` shows. */
export function membershipView(
  privacy: MembershipPrivacy | undefined,
  caller: { seesAll: boolean; userId: string },
): MembershipView {
  if (caller.seesAll) return { hidden: new Set(), self: caller.userId };
  const policy = privacy ?? NEW_PROJECT_PRIVACY;
  return {
    hidden: new Set(MEMBERSHIP_PRIVACY_FIELDS.filter((field) => !policy[field])),
    self: caller.userId,
  };
}

/**
 * The membership as `view` shows it: hidden fields fall back to the model's default (`""`,
 * `false`), as Appwrite's do. Appwrite makes no exception for the caller's own membership; nor does
 * Roster (the account API shows a user their own data).
 */
export function viewMembership(dto: MembershipDto, view: MembershipView): MembershipDto {
  if (view.hidden.size === 0) return dto;
  const shown = { ...dto };
  for (const field of view.hidden) {
    if (field === 'mfa') shown.mfa = false;
    else shown[field] = '';
  }
  return shown;
}
