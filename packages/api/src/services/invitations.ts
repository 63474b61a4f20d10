import { epochField, isDuplicateKeyError, type Models } from '@roster/db';
import { deriveInvitationSecret } from '@roster/jobs';
import { type Principal } from '../auth/principal.ts';
import { header, type ApiDeps, type HttpRequest } from '../context.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { generateId } from '../lib/ids.ts';
import { normaliseLocale } from '../lib/locale.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';
import { resolveInvitee, type Invitee } from './invitees.ts';
import { type StoredMembership } from './memberships.ts';
import { belongsToTeam, belongsToUser, keepIfStillTied, type TeamTie } from './membership-ties.ts';
import { assertRedirectUrl } from './redirect-url.ts';

export interface InviteInput {
  email?: string | undefined;
  userId?: string | undefined;
  phone?: string | undefined;
  roles: string[];
  url?: string | undefined;
  name?: string | undefined;
}

interface InviteContext {
  deps: ApiDeps;
  req: HttpRequest;
  /** An owner or an API key: the procedure's middleware has checked it. */
  principal: Principal;
  team: TeamTie & { name: string };
}

/** Why a pending invitation has nothing to send (Roster sends no SMS). */
const NO_EMAIL = 'The invitee has no email address; Roster sends invitations by email only.';
/**
 * An invitation by phone alone is not emailed, even when the number's account has an address: the
 * inviter did not give one, and the delivery state would tell them whether the number has an
 * account with an email (review finding 10). Appwrite would send an SMS here.
 */
const PHONE_ONLY = 'Invited by phone only; Roster sends invitations by email only.';

/**
 * Spec §5.8. A session caller (an owner) creates a pending membership whose invitation email is
 * queued in the membership's delivery outbox (design.md §5); an API key adds a confirmed member
 * and sends nothing. Inviting someone whose invitation is pending again rotates its secret (the
 * old link dies), replaces its roles and queues a new email; a confirmed member is 409.
 *
 * What the inviter supplied (name, email, phone) is stored with the invitation: while it is
 * pending, that is all the membership shows of its user (dto/membership.ts), so inviting an
 * address or a user id tells nothing about the account behind it, nor whether there was one.
 */
export async function inviteMember(ctx: InviteContext, input: InviteInput): Promise<MembershipDto> {
  const { models, config } = ctx.deps;
  const byKey = ctx.principal.kind === 'key';
  if (input.url !== undefined) assertRedirectUrl(input.url, config.redirectHosts);
  if (!byKey && !input.url) throw new AppError('general_argument_invalid', 'URL is required');
  if (!input.userId && !input.email && !input.phone) {
    throw new AppError('general_argument_invalid', 'At least one of userId, email, or phone is required');
  }
  const email = input.email?.toLowerCase();
  const invitee = await resolveInvitee(models, {
    userId: input.userId,
    email,
    phone: input.phone,
    name: input.name,
  });

  const locale = normaliseLocale(header(ctx.req, 'x-appwrite-locale'));
  const inviterId = ctx.principal.kind === 'user' ? ctx.principal.userId : '';
  const url = input.url ?? '';
  // Where the email goes: the invitee's address, unless the inviter named them by phone only.
  const mailTo =
    input.email || input.userId ? (invitee.email ? {} : { skip: NO_EMAIL }) : { skip: PHONE_ONLY };
  // As Appwrite names a new account: `name`, else the email.
  const invitedAs = { name: input.name ?? email ?? '', email: email ?? '', phone: input.phone ?? '' };
  const membership = await writeMembership(models, ctx.team, invitee, {
    fresh: (membershipId, now) => ({
      roles: input.roles,
      invitedAs,
      invited: now,
      locale,
      inviterId,
      ...(byKey
        ? { confirm: true, joined: now, secretHash: sha256(generateSecret()) }
        : { confirm: false, ...newInvitation(config.secretKey, membershipId, mailTo, url, now) }),
    }),
    again: (existing, now) =>
      byKey
        ? {
            roles: input.roles,
            confirm: true,
            joined: now,
            invited: now,
            secretHash: sha256(generateSecret()),
            ...(existing.delivery?.state === 'queued' ? { 'delivery.state': 'skipped' } : {}),
          }
        : {
            roles: input.roles,
            invitedAs,
            invited: now,
            locale,
            inviterId,
            ...newInvitation(config.secretKey, existing._id, mailTo, url, now),
          },
  });

  if (membership.delivery?.state === 'queued') {
    await enqueue(ctx.deps, membership._id, membership.delivery.secretVersion);
  }
  return toMembershipDto(membership, invitee, ctx.team.name);
}

/**
 * A fresh invitation secret and its outbox entry (`skipped` with `mailTo.skip` as the reason when
 * nothing is to be sent). The secret itself is never stored: it is
 * derived from the server key, the membership and `secretVersion`, so the mail worker can rebuild
 * the link from ids alone.
 */
function newInvitation(
  secretKey: string,
  membershipId: string,
  mailTo: { skip?: string },
  url: string,
  now: Date,
) {
  const secretVersion = generateId();
  return {
    secretHash: sha256(deriveInvitationSecret(secretKey, membershipId, secretVersion)),
    delivery: {
      state: mailTo.skip ? ('skipped' as const) : ('queued' as const),
      secretVersion,
      attempts: 0,
      lastError: mailTo.skip ?? '',
      url,
      queuedAt: now,
    },
  };
}

type MembershipFields = Omit<
  StoredMembership,
  '_id' | 'teamId' | 'userId' | 'search' | 'createdAt' | 'updatedAt'
>;

/**
 * Creates the (team, invitee) membership, or applies `again` to the pending one that exists.
 * The unique (teamId, userId) index is the claim: of concurrent invitations of one person, one
 * insert wins and the others re-read it and take the re-invite path. A membership in that slot
 * left by a deleted team or user with these ids (another epoch) is dead: it is removed to make
 * way. A new membership carries the team's and the invitee's epochs and is checked against them
 * once stored, so an invitation racing the deletion of its team or user removes itself.
 */
async function writeMembership(
  models: Models,
  team: TeamTie,
  invitee: Invitee,
  build: {
    fresh: (membershipId: string, now: Date) => Partial<MembershipFields>;
    again: (existing: StoredMembership, now: Date) => Record<string, unknown>;
  },
): Promise<StoredMembership> {
  const teamId = team._id;
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await models.Membership.findOne({ teamId, userId: invitee._id }).lean();
    const now = new Date();
    if (existing && !(belongsToTeam(existing, team) && belongsToUser(existing, invitee))) {
      await models.Membership.deleteOne({ _id: existing._id });
      continue;
    }
    if (existing) {
      if (existing.confirm) throw new AppError('membership_already_confirmed');
      const updated = await models.Membership.findOneAndUpdate(
        { _id: existing._id, confirm: false },
        { $set: build.again(existing, now) },
        { returnDocument: 'after' },
      ).lean();
      if (updated) return updated;
      continue; // confirmed or deleted meanwhile: look again
    }
    const membershipId = generateId();
    let created;
    try {
      created = await models.Membership.create({
        _id: membershipId,
        teamId,
        userId: invitee._id,
        search: `${membershipId} ${invitee._id}`,
        ...epochField('teamEpoch', team.epoch),
        ...epochField('userEpoch', invitee.epoch),
        ...build.fresh(membershipId, now),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      continue;
    }
    await keepIfStillTied(models, membershipId, team, invitee);
    return created.toObject();
  }
  throw new Error(`membership of ${invitee._id} in team ${teamId} kept changing`);
}

/** A failed enqueue is not the caller's problem: the outbox sweeper re-sends what stays queued. */
async function enqueue(deps: ApiDeps, membershipId: string, secretVersion: string): Promise<void> {
  try {
    await deps.invitations.enqueue({ membershipId, secretVersion });
  } catch (error) {
    console.warn(
      `invitation ${membershipId}:${secretVersion} stays queued for the outbox sweeper:`,
      error instanceof Error ? error.message : error,
    );
  }
}
