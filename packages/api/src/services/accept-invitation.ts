import { isDuplicateKeyError, type Models } from '@roster/db';
import { header, type AuthedContext } from '../context.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
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
 * With `ROSTER_INVITE_TTL`, a pending invitation older than that is 401 `team_invite_expired`.
 */
export async function acceptInvitation(ctx: AuthedContext, input: AcceptInput): Promise<MembershipDto> {
  const { models, config } = ctx.deps;
  const membership = await models.Membership.findById(input.membershipId).lean();
  if (!membership) throw new AppError('membership_not_found');
  const team = await models.Team.findById(input.teamId).lean();
  if (!team) throw new AppError('team_not_found');
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!digestsEqual(sha256(input.secret), membership.secretHash)) throw new AppError('team_invalid_secret');

  const session = ctx.principal.kind === 'user' ? ctx.principal : undefined;
  const mismatch = (email: string) =>
    new AppError('team_invite_mismatch', `Invite does not belong to current user (${email})`);
  if (input.userId !== membership.userId) throw mismatch(session?.email ?? '');
  const user = await models.User.findById(session?.userId ?? input.userId).lean();
  if (!user || user._id !== membership.userId) throw mismatch(user?.email ?? '');
  if (membership.confirm) throw new AppError('membership_already_confirmed');
  const ttl = config.inviteTtlSeconds;
  if (ttl !== undefined && membership.invited.getTime() + ttl * 1000 < Date.now()) {
    throw new AppError('team_invite_expired');
  }

  await claimAcceptance(models, membership, user._id);
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

  if (!session) {
    const created = await createSession(models, {
      userId: user._id,
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
