import {
  newInvitation,
  type InvitationFields,
  type StoredMembership,
  type StoredTeam,
  type TeamTie,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';
import { resolveInvitee } from './invitees.ts';
import { assertTeamHasRoom, withTeamRoom } from './member-limit.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { underTeamLock } from './team-lock.ts';
import { assertRolesAllowed } from './team-roles.ts';

export interface InviteInput {
  email?: string | undefined;
  userId?: string | undefined;
  phone?: string | undefined;
  roles: string[];
  url?: string | undefined;
  name?: string | undefined;
}

/** Why a pending invitation has nothing to send (Roster sends no SMS). */
const NO_EMAIL = 'The invitee has no email address; Roster sends invitations by email only.';
/**
 * An invitation by phone alone is not emailed, even when the number's account has an address: the
 * inviter did not give one, and the delivery state would tell them whether the number has an
 * account with an email (review finding 10). Appwrite would send an SMS here.
 */
const PHONE_ONLY = 'Invited by phone only; Roster sends invitations by email only.';
/** An API key delivers the accept link itself (docs/invitations.md#custom-delivery). */
const CUSTOM_DELIVERY = 'Custom delivery: the API key received the accept link; no email is sent.';

export interface InviteOptions {
  /** An API key's pending invitation whose accept link it delivers itself (no email). */
  customDelivery?: boolean;
  /** Told what the write was (bulk invitations report it per row), with the stored membership. */
  onWritten?: (written: { outcome: 'created' | 'resent'; membership: StoredMembership }) => void;
  /** Runs once the input is valid, before anything is written (a bulk dry run stops here). */
  beforeWrite?: () => Promise<void>;
}

/**
 * As in Appwrite (docs/appwrite-compatibility.md#invitations). A session caller (an owner: the procedure's
 * middleware has checked it) creates a pending membership whose invitation email is queued in the
 * membership's delivery outbox (docs/invitations.md#the-pipeline); an API key adds a confirmed member and
 * sends nothing. Inviting someone whose invitation is pending again rotates its secret (the old link dies),
 * replaces its roles and queues a new email; a confirmed member is 409.
 *
 * What the inviter supplied (name, email, phone) is stored with the invitation: while it is
 * pending, that is all the membership shows of its user (dto/membership.ts), so inviting an
 * address or a user id tells nothing about the account behind it, nor whether there was one.
 */
export async function inviteMember(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'invitations' | 'logger'>,
  actor: Actor,
  team: TeamTie & Pick<StoredTeam, 'name'> & Partial<Pick<StoredTeam, 'teamRoles'>>,
  input: InviteInput,
  options: InviteOptions = {},
): Promise<MembershipDto> {
  const { repos, config } = deps;
  if (options.customDelivery && actor.principal.kind !== 'key') {
    throw new AppError('general_unauthorized_scope');
  }
  // A key adds a confirmed member, unless it asked to deliver the invitation itself.
  const byKey = actor.principal.kind === 'key' && !options.customDelivery;
  if (input.url !== undefined) assertRedirectUrl(input.url, config.redirectHosts);
  if (!byKey && !input.url) throw new AppError('general_argument_invalid', 'URL is required');
  if (!input.userId && !input.email && !input.phone) {
    throw new AppError('general_argument_invalid', 'At least one of userId, email, or phone is required');
  }
  // With a role catalog, only its roles, the team's own and `owner` (docs/api.md#roles-and-permissions);
  // before the invitee is resolved, so a refused invitation creates no account.
  assertRolesAllowed(config, team, input.roles);
  await options.beforeWrite?.();
  const email = input.email?.toLowerCase();
  if (config.teamMemberLimit) {
    // Refused before an invitee's account is made; the decision is `withTeamRoom`'s, below.
    const known = input.userId ?? (email ? (await repos.users.byEmail(email))?._id : undefined);
    await assertTeamHasRoom(deps, team, [known ?? '']);
  }
  const { invitee, created } = await resolveInvitee(
    repos,
    { userId: input.userId, email, phone: input.phone, name: input.name },
    actor,
  );

  const inviterId = actor.principal.kind === 'user' ? actor.principal.userId : '';
  const url = input.url ?? '';
  // Where the email goes: the invitee's address, unless the inviter named them by phone only.
  const skip = options.customDelivery
    ? CUSTOM_DELIVERY
    : input.email || input.userId
      ? invitee.email
        ? undefined
        : NO_EMAIL
      : PHONE_ONLY;
  // As Appwrite names a new account: `name`, else the email.
  const invitedAs = { name: input.name ?? email ?? '', email: email ?? '', phone: input.phone ?? '' };
  const pending = (membershipId: string, now: Date): InvitationFields => ({
    roles: input.roles,
    invitedAs,
    invited: now,
    locale: actor.locale,
    inviterId,
    confirm: false,
    ...newInvitation(config.secretKey, membershipId, { url, now, skip }),
  });
  const member = (now: Date): InvitationFields => ({
    roles: input.roles,
    confirm: true,
    joined: now,
    invited: now,
    secretHash: sha256(generateSecret()),
  });
  // A re-invitation is Appwrite's `create` too; the new membership's id is the write's to decide.
  let freshId = '';
  let outcome: 'created' | 'resent' = 'created';
  const written = await recordEvent(
    repos,
    actor,
    {
      template: 'teams.[teamId].memberships.[membershipId].create',
      params: { userId: invitee._id, teamId: team._id, membershipId: '' },
      target: { collection: 'memberships', filter: { teamId: team._id, userId: invitee._id }, kind: 'write' },
      idParam: 'membershipId',
    },
    () =>
      withTeamRoom(deps, team, [invitee._id], () =>
        underTeamLock(() =>
          repos.memberships.writeInvitation(team, invitee, {
            fresh: (membershipId, now) => {
              freshId = membershipId;
              return byKey
                ? { ...member(now), invitedAs, locale: actor.locale, inviterId }
                : pending(membershipId, now);
            },
            again: (existing, now) => {
              outcome = 'resent';
              return byKey ? member(now) : pending(existing._id, now);
            },
          }),
        ),
      ),
    (result) =>
      result.kind === 'written'
        ? {
            payload: toMembershipDto(result.membership, invitee, team.name),
            params: { membershipId: result.membership._id },
          }
        : null,
  );
  if (written.kind === 'confirmed') throw new AppError('membership_already_confirmed');
  if (written.kind === 'gone') {
    throw new AppError(written.gone === 'team' ? 'team_not_found' : 'user_not_found');
  }
  const { membership } = written;
  // A new invitation of someone who declined or was revoked opens theirs again
  // (docs/invitations.md#states); an account made for this invitation has no past ones.
  if (membership._id === freshId && !created) await repos.invitationRecords.reopen(team._id, invitee._id);
  options.onWritten?.({ outcome, membership });

  if (membership.delivery?.state === 'queued') {
    // A member added by an API key has no invitation left to send.
    if (byKey) await repos.outbox.skipQueued(membership._id);
    else await enqueue(deps, membership._id, membership.delivery.secretVersion);
  }
  return toMembershipDto(membership, invitee, team.name);
}

/** A failed enqueue is not the caller's problem: the outbox sweeper re-sends what stays queued. */
async function enqueue(
  deps: Pick<ApiDeps, 'invitations' | 'logger'>,
  membershipId: string,
  secretVersion: string,
): Promise<void> {
  try {
    await deps.invitations.enqueue({ membershipId, secretVersion });
  } catch (error) {
    deps.logger.warn(
      { err: error, membershipId, secretVersion },
      'invitation stays queued for the outbox sweeper',
    );
  }
}
