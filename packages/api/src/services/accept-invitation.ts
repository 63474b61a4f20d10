import { belongsToUser, OWNER, type Repositories, type StoredSession, type TeamTie } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { clearCredentials } from './credentials.ts';
import { openSession } from './sessions.ts';
import { checkInTeam } from './team-access.ts';
import { underTeamLock } from './team-lock.ts';

export interface AcceptInput {
  teamId: string;
  membershipId: string;
  userId: string;
  secret: string;
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
  const ttl = config.inviteTtlSeconds;
  if (ttl && membership.invited.getTime() + ttl * 1000 < Date.now()) {
    throw new AppError('team_invite_expired');
  }
  if (membership.inviterId && !(await inviterStillOwns(repos, membership.inviterId, team))) {
    throw new AppError('team_invite_expired');
  }

  const version = membership.delivery?.secretVersion ?? membership.secretHash;
  const claim = await repos.claims.claimFresh(`accept:${membership._id}:${version}`, user._id, {
    staleAfterMs: STALE_CLAIM_MS,
  });
  if (!claim) throw new AppError('membership_already_confirmed');
  const firstProof = !user.emailVerification;
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
        // stale and a retry of the same link clears again and confirms.
        if (firstProof) await clearCredentials(repos, user._id);
        const confirmed = await underTeamLock(() => repos.memberships.confirm(membership));
        if (!confirmed) throw new AppError('membership_not_found');
        return confirmed;
      },
      (confirmed) => ({ payload: toMembershipDto(confirmed, user, team.name) }),
    ),
  );
  // A member has no invitation left to send.
  await repos.outbox.skipQueued(membership._id);
  await repos.users.markEmailVerified(user._id);

  const session =
    !signedIn || firstProof
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

/** Whether `inviterId` is still a confirmed owner of `team` (this team and this user, by epochs). */
async function inviterStillOwns(repos: Repositories, inviterId: string, team: TeamTie): Promise<boolean> {
  const inviter = await repos.users.byId(inviterId);
  if (!inviter) return false;
  const membership = await repos.memberships.confirmedOf(team, inviter);
  return Boolean(membership?.roles.includes(OWNER));
}
