/** Appwrite's models as Roster returns them (packages/api/src/dto), built from raw documents. */

const iso = (date: Date | undefined | null) => (date ? date.toISOString().replace('Z', '+00:00') : '');

export interface TeamDocument {
  _id: string;
  name: string;
  prefs?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MembershipDocument {
  _id: string;
  teamId: string;
  userId: string;
  roles: string[];
  invited: Date;
  joined?: Date;
  confirm: boolean;
  secretHash: string;
  delivery?: { state: string; secretVersion: string; [field: string]: unknown };
  createdAt: Date;
  updatedAt: Date;
}

export interface UserDocument {
  _id: string;
  name: string;
  email?: string;
  emailLower?: string;
  phone?: string;
  status?: boolean;
}

export function teamDto(team: TeamDocument, total: number) {
  const prefs = team.prefs ? (JSON.parse(team.prefs) as Record<string, unknown>) : {};
  return {
    $id: team._id,
    $createdAt: iso(team.createdAt),
    $updatedAt: iso(team.updatedAt),
    name: team.name,
    total,
    prefs,
  };
}

export function membershipDto(
  membership: MembershipDocument,
  user: Pick<UserDocument, 'name' | 'email' | 'phone'> | undefined,
  teamName: string,
) {
  return {
    $id: membership._id,
    $createdAt: iso(membership.createdAt),
    $updatedAt: iso(membership.updatedAt),
    userId: membership.userId,
    userName: user?.name ?? '',
    userEmail: user?.email ?? '',
    userPhone: user?.phone ?? '',
    teamId: membership.teamId,
    teamName,
    invited: iso(membership.invited),
    joined: membership.confirm ? iso(membership.joined) : '',
    confirm: membership.confirm,
    mfa: false,
    userAccessedAt: '',
    roles: membership.roles,
  };
}
