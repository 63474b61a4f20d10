import {
  belongsToUser,
  type StoredMembership,
  type StoredSession,
  type StoredTeam,
  type StoredUser,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { clearCredentials } from './credentials.ts';
import { inviterStillOwns, isExpired } from './invitation-state.ts';
import { ownPendingInvitation } from './own-invitation.ts';
import { openSession } from './sessions.ts';
import { checkInTeam } from './team-access.ts';
import { underTeamLock } from './team-lock.ts';
import { updateUserPassword } from './user-profile.ts';

export interface AcceptInput {
  teamId: string;
  membershipId: string;
  userId: string;
  secret: string;
  /**
   * Roster's accept-and-set-password (docs/invitations.md#accept-and-set-a-password): the password
   * the invitee chooses, set in the same call. Only for an invitee left without one.
   */
  password?: string | undefined;
}

export interface Accepted {
  membership: MembershipDto;
  /** The session opened for the invitee, when they had none (or theirs was cleared): for the cookies. */
  session?: { session: StoredSession; token: string };
}

/** A claim older than this whose membership is still pending was left by a request that died. */
const STALE_CLAIM_MS = 30_000;

/**
 * Accepting (docs/appwrite-compatibility.md#accepting), with its checks in Appwrite's order: the membership
 * is confirmed, the invitee's email counts as verified, and a caller without a session gets one (the
 * procedure sets its cookies).
 *
 * Roster adds (issue 12):
 * - an invitation written for a deleted team or user whose id was reused is not found (epochs,
 *   docs/database.md);
 * - a pending invitation older than `ROSTER_INVITE_TTL` (default 7 days) is 401
 *   `team_invite_expired`, and so is one whose inviter is no longer an owner of the team: it was
 *   granted with an authority that has been taken back (a removed owner's leftover invitation
 *   must not let them, or their accomplice, back in);
 * - accepting for an account whose email was never verified is the first proof that the address
 *   is its owner's: whatever credentials the account had may have been set by someone else who
 *   signed up with that address first (review finding 1), so they are all cleared
 *   (credentials.ts), and the caller gets a fresh session even if they had one (it was cleared).
 *
 * On FerretDB many `{confirm: false}` updates can all "win", so the decision is a claim
 * (`claims.claimFresh` in @roster/db): of concurrent accepts one goes on, the others get 409. If
 * the winner fails after its claim (clearing the credentials or confirming throws), it gives the
 * claim back, so a retry of the same link goes through; if it died, the claim goes stale after
 * 30 s and a later accept takes over.
 */
export async function acceptInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  input: AcceptInput,
): Promise<Accepted> {
  const { repos, config } = deps;
  const membership = await repos.memberships.byId(input.membershipId);
  if (!membership) throw new AppError('membership_not_found');
  const team = await repos.teams.byId(input.teamId);
  if (!team) throw new AppError('team_not_found');
  checkInTeam(membership, team, 'membership_not_found');
  if (!digestsEqual(sha256(input.secret), membership.secretHash)) throw new AppError('team_invalid_secret');

  const signedIn = actor.principal.kind === 'user' ? actor.principal : undefined;
  const mismatch = (email: string) =>
    new AppError('team_invite_mismatch', `Invite does not belong to current user (${email})`);
  if (input.userId !== membership.userId) throw mismatch(signedIn?.email ?? '');
  const user = await repos.users.byId(signedIn?.userId ?? input.userId);
  if (!user || user._id !== membership.userId) throw mismatch(user?.email ?? '');
  if (!belongsToUser(membership, user)) throw new AppError('membership_not_found');
  if (membership.confirm) throw new AppError('membership_already_confirmed');
  if (isExpired(membership, config.inviteTtlSeconds)) throw new AppError('team_invite_expired');
  if (membership.inviterId && !(await inviterStillOwns(repos, membership.inviterId, team))) {
    throw new AppError('team_invite_expired');
  }
  const firstProof = !user.emailVerification;
  // Accepting for a never-verified address clears the account's password (below): it has none then.
  if (input.password !== undefined && user.passwordHash && !firstProof) {
    throw new AppError('general_argument_invalid', 'The account already has a password.');
  }
  return confirmInvitation(deps, actor, {
    membership,
    team,
    user,
    firstProof,
    password: input.password,
    openNewSession: !signedIn || firstProof,
  });
}

/**
 * The signed-in invitee accepts their own invitation from their inbox, without the email's secret
 * (docs/invitations.md#the-inbox): `ownPendingInvitation` checks it is theirs, still open, and that
 * their address is verified (so this is never an account's first proof). Their session stays.
 */
export async function acceptOwnInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  membershipId: string,
): Promise<MembershipDto> {
  const { membership, team, user } = await ownPendingInvitation(deps, actor, membershipId);
  const { membership: accepted } = await confirmInvitation(deps, actor, {
    membership,
    team,
    user,
    firstProof: false,
    openNewSession: false,
  });
  return accepted;
}

/**
 * The decision, once every check passed. On FerretDB many `{confirm: false}` updates can all
 * "win", so it is a claim (`accept:<membershipId>:<secretVersion>`, which a decline claims too):
 * of concurrent accepts and declines one goes on, the others get 409. A chosen password is set
 * after the credentials are cleared and before the membership is confirmed, inside the claim: if
 * anything fails the claim is given back and the same link can be retried (the password set, or
 * not yet, is then set again); an invitee is never a member without the password they chose
 * unless that write failed after the confirmation, which it cannot: it comes first.
 */
async function confirmInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  decision: {
    membership: StoredMembership;
    team: StoredTeam;
    user: StoredUser;
    firstProof: boolean;
    password?: string | undefined;
    openNewSession: boolean;
  },
): Promise<Accepted> {
  const { repos, config } = deps;
  const { membership, team, user, firstProof, password } = decision;
  const signedIn = actor.principal.kind === 'user' ? actor.principal : undefined;
  const version = membership.delivery?.secretVersion ?? membership.secretHash;
  const claim = await repos.claims.claimFresh(`accept:${membership._id}:${version}`, user._id, {
    staleAfterMs: STALE_CLAIM_MS,
  });
  if (!claim) throw new AppError('membership_already_confirmed');
  const accepted = await claim.releaseOnFailure(() =>
    recordEvent(
      repos,
      actor,
      {
        template: 'teams.[teamId].memberships.[membershipId].update.status',
        params: { userId: user._id, teamId: team._id, membershipId: membership._id },
        target: byId('memberships', membership._id),
      },
      async () => {
        // Before the membership is confirmed: if this request dies after clearing, the claim goes
        // stale and a retry of the same link clears again and confirms. The secret proved the
        // address: it is marked verified in the same write, whatever happens to the confirmation.
        if (firstProof) await clearCredentials(repos, user._id, { verifyEmail: true });
        if (password !== undefined) {
          await updateUserPassword(repos, actor, user._id, password, {
            expectedHash: firstProof ? null : (user.passwordHash ?? null),
            keepSession: firstProof ? undefined : signedIn?.sessionId,
          });
        }
        const confirmed = await underTeamLock(() => repos.memberships.confirm(membership));
        if (!confirmed) throw new AppError('membership_not_found');
        return confirmed;
      },
      (confirmed) => ({ payload: toMembershipDto(confirmed, user, team.name) }),
    ),
  );
  // A member has no invitation left to send.
  await repos.outbox.skipQueued(membership._id);

  const session = decision.openNewSession
    ? await openSession(repos, {
        user,
        durationSeconds: config.sessionDurationSeconds,
        provider: 'email',
        providerUid: user.email ?? '',
        client: actor,
        by: actor,
      })
    : undefined;
  return { membership: toMembershipDto(accepted, user, team.name), ...(session ? { session } : {}) };
}
