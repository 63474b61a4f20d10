import { isDuplicateKeyError, type Models } from '@roster/db';
import { header, type AuthedContext } from '../context.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { OWNER } from '../middleware/team-access.ts';
import { clearCredentials } from './credentials.ts';
import { belongsToTeam, belongsToUser, type TeamTie } from './membership-ties.ts';
import { type StoredMembership } from './memberships.ts';
import { setSessionCookies } from './session-cookies.ts';
import { createSession } from './sessions.ts';

export interface AcceptInput {
  teamId: string;
  membershipId: string;
  userId: string;
  secret: string;
}

/** A claim older than this whose membership is still pending was left by a request that died. */
const STALE_CLAIM_MS = 30_000;

/**
 * Makes this request the one that accepts the invitation at its current secret version. On
 * FerretDB many `{confirm: false}` updates can all "win", so the decision is an insert into the
 * claims collection (docs/database.md); the others get 409. If the winner died between its claim
 * and its update, a later accept finds the claim stale and takes over with the next claim id, so
 * the invitation cannot stay stuck.
 */
async function claimAcceptance(models: Models, membership: StoredMembership, userId: string) {
  const base = `accept:${membership._id}:${membership.delivery?.secretVersion ?? membership.secretHash}`;
  for (let attempt = 1; attempt <= 10; attempt++) {
    const claimId = attempt === 1 ? base : `${base}:${attempt}`;
    try {
      await models.Claim.create({ _id: claimId, holder: userId });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const claim = await models.Claim.findById(claimId).lean();
    if (!claim || Date.now() - claim.createdAt.getTime() < STALE_CLAIM_MS) break;
  }
  throw new AppError('membership_already_confirmed');
}

/**
 * Spec §5.12 with the checks of §8.2 in their order, then §6.4: the membership is confirmed, the
 * invitee's email counts as verified, and a caller without a session gets one (cookies set).
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
 */
export async function acceptInvitation(ctx: AuthedContext, input: AcceptInput): Promise<MembershipDto> {
  const { models, config } = ctx.deps;
  const membership = await models.Membership.findById(input.membershipId).lean();
  if (!membership) throw new AppError('membership_not_found');
  const team = await models.Team.findById(input.teamId).lean();
  if (!team) throw new AppError('team_not_found');
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!belongsToTeam(membership, team)) throw new AppError('membership_not_found');
  if (!digestsEqual(sha256(input.secret), membership.secretHash)) throw new AppError('team_invalid_secret');

  const session = ctx.principal.kind === 'user' ? ctx.principal : undefined;
  const mismatch = (email: string) =>
    new AppError('team_invite_mismatch', `Invite does not belong to current user (${email})`);
  if (input.userId !== membership.userId) throw mismatch(session?.email ?? '');
  const user = await models.User.findById(session?.userId ?? input.userId).lean();
  if (!user || user._id !== membership.userId) throw mismatch(user?.email ?? '');
  if (!belongsToUser(membership, user)) throw new AppError('membership_not_found');
  if (membership.confirm) throw new AppError('membership_already_confirmed');
  const ttl = config.inviteTtlSeconds;
  if (ttl && membership.invited.getTime() + ttl * 1000 < Date.now()) {
    throw new AppError('team_invite_expired');
  }
  if (membership.inviterId && !(await inviterStillOwns(models, membership.inviterId, team))) {
    throw new AppError('team_invite_expired');
  }

  await claimAcceptance(models, membership, user._id);
  // Before the membership is confirmed: if this request dies after clearing, the claim goes stale
  // and a retry of the same link clears again and confirms.
  const firstProof = !user.emailVerification;
  if (firstProof) await clearCredentials(models, user._id);
  const accepted = await models.Membership.findOneAndUpdate(
    { _id: membership._id },
    { $set: { confirm: true, joined: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  if (!accepted) throw new AppError('membership_not_found');
  // A member has no invitation left to send.
  await models.Membership.updateOne(
    { _id: membership._id, 'delivery.state': 'queued' },
    { $set: { 'delivery.state': 'skipped' } },
  );
  await models.User.updateOne({ _id: user._id }, { $set: { emailVerification: true } });

  if (!session || firstProof) {
    const created = await createSession(models, {
      userId: user._id,
      user,
      durationSeconds: config.sessionDurationSeconds,
      provider: 'email',
      providerUid: user.email ?? '',
      ip: ctx.req.ip,
      userAgent: header(ctx.req, 'user-agent') ?? '',
    });
    setSessionCookies(ctx, created.token, created.session.expire);
  }
  return toMembershipDto(accepted, user, team.name);
}

/** Whether `inviterId` is still a confirmed owner of `team` (this team and this user, by epochs). */
async function inviterStillOwns(models: Models, inviterId: string, team: TeamTie): Promise<boolean> {
  const [membership, inviter] = await Promise.all([
    models.Membership.findOne({ teamId: team._id, userId: inviterId }).lean(),
    models.User.findById(inviterId).lean(),
  ]);
  return Boolean(
    membership?.confirm &&
    membership.roles.includes(OWNER) &&
    inviter &&
    belongsToTeam(membership, team) &&
    belongsToUser(membership, inviter),
  );
}
