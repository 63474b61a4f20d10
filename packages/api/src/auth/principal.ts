import { type Scope, type UserTie } from '@roster/db';

/**
 * Who is calling (docs/appwrite-compatibility.md#principals-and-authentication): an API key, a signed-in
 * user, or a guest.
 */
export type Principal =
  | { kind: 'guest' }
  | {
      kind: 'user';
      userId: string;
      email: string;
      /** The user's name when the session was resolved (for event actors, docs/events.md). */
      name?: string;
      /**
       * The session signed in with; for a JWT, the session it is bound to (`''` when bound to
       * none), which is not a *current* session (docs/api.md#jwts).
       */
      sessionId: string;
      /** Authenticated by `X-Appwrite-JWT` rather than by a session secret. */
      jwt?: true;
      /** The user's epoch (absent for a legacy user): ties their memberships to them (@roster/db). */
      userEpoch?: string | undefined;
      /**
       * The session needs another MFA factor (docs/api.md#mfa): only the routes of Appwrite's `mfa`
       * group answer it; every other one is 401 `user_more_factors_required`.
       */
      mfaRestricted?: boolean;
      /** When the session last completed an MFA challenge (the `mfaProtected` routes' rule). */
      mfaUpdatedAt?: Date | undefined;
    }
  | { kind: 'key'; keyId: string; scopes: readonly Scope[] };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** `public` is what guests and users have and keys lack (so keys cannot accept invitations). */
export type RouteScope = Scope | 'public' | 'account';

const USER_SCOPES: readonly RouteScope[] = ['public', 'account', 'teams.read', 'teams.write'];
const GUEST_SCOPES: readonly RouteScope[] = ['public'];

export function hasScope(principal: Principal, scope: RouteScope): boolean {
  switch (principal.kind) {
    case 'guest':
      return GUEST_SCOPES.includes(scope);
    case 'user':
      return USER_SCOPES.includes(scope);
    case 'key':
      return (principal.scopes as readonly RouteScope[]).includes(scope);
  }
}

/**
 * Appwrite's `"<email or 'User'> (role: <role>) missing scopes (["teams.read"])"`
 * (docs/appwrite-compatibility.md#principals-and-authentication).
 */
export function missingScopeMessage(principal: Principal, scope: RouteScope): string {
  const who = principal.kind === 'user' && principal.email ? principal.email : 'User';
  const role = { guest: 'guests', user: 'users', key: 'applications' }[principal.kind];
  return `${who} (role: ${role}) missing scopes (${JSON.stringify([scope])})`;
}

/** The user of a signed-in principal, as a tie to their memberships (its epoch came with the session). */
export function principalUser(principal: { userId: string; userEpoch?: string | undefined }): UserTie {
  return { _id: principal.userId, epoch: principal.userEpoch };
}
