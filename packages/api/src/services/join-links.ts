import {
  generateId,
  OWNER,
  sameEpoch,
  type Repositories,
  type StoredJoinLink,
  type StoredTeam,
  type TeamTie,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type UserPrincipal } from '../auth/principal.ts';
import { type ApiDeps } from '../deps.ts';
import {
  joinLinkState,
  toJoinLinkDto,
  type JoinLinkCreatedDto,
  type JoinLinkDto,
  type JoinLinkPreviewDto,
} from '../dto/join-link.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { toIso } from '../lib/dates.ts';
import { digestsEqual, generateSecret, sha256 } from '../lib/secrets.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { assertTeamHasRoom, withTeamRoom } from './member-limit.ts';
import { underTeamLock } from './team-lock.ts';
import { assertRolesAllowed } from './team-roles.ts';

type TeamRef = TeamTie & Pick<StoredTeam, 'name'> & Partial<Pick<StoredTeam, 'teamRoles'>>;

/** Without `expire`, a link works for a week (as an invitation, `ROSTER_INVITE_TTL`'s default). */
export const DEFAULT_JOIN_LINK_TTL_MS = 7 * 24 * 3600 * 1000;
/** A link may live a year at most: a credential anyone holding the URL can use. */
export const MAX_JOIN_LINK_TTL_MS = 365 * 24 * 3600 * 1000;
export const DEFAULT_JOIN_LINK_USES = 10;

export interface JoinLinkInput {
  roles: string[];
  url: string;
  /** ISO 8601; default a week from now. */
  expire?: string | undefined;
  maxUses?: number | undefined;
  /** `corp.com` or `@corp.com`. */
  domain?: string | undefined;
}

export interface JoinInput {
  linkId: string;
  secret: string;
}

/** `corp.com` from `@Corp.com`; a hostname with at least one dot, else 400. */
function normaliseDomain(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  const domain = value.trim().toLowerCase().replace(/^@/, '');
  if (
    !/^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(
      domain,
    )
  ) {
    throw new AppError(
      'general_argument_invalid',
      'Invalid `domain` param: Value must be a domain such as @example.com',
    );
  }
  return domain;
}

function expiryOf(value: string | undefined, now: number): Date {
  if (value === undefined) return new Date(now + DEFAULT_JOIN_LINK_TTL_MS);
  const expire = new Date(value);
  if (
    Number.isNaN(expire.getTime()) ||
    expire.getTime() <= now ||
    expire.getTime() > now + MAX_JOIN_LINK_TTL_MS
  ) {
    throw new AppError(
      'general_argument_invalid',
      'Invalid `expire` param: Value must be a date in the future, at most a year from now',
    );
  }
  return expire;
}

/** The link's URL: `url` with `linkId`, `teamId` and `secret` added (as an invitation's accept link). */
function joinUrl(url: string, link: StoredJoinLink, secret: string): string {
  const target = new URL(url);
  target.searchParams.set('linkId', link._id);
  target.searchParams.set('teamId', link.teamId);
  target.searchParams.set('secret', secret);
  return target.toString();
}

/**
 * An owner (or an API key) makes a join link of `team`. The secret is random (as an invitation's),
 * only its SHA-256 is stored, and it leaves the server once: in the URL of this response, built
 * on `url`, which must be on the redirect allow-list like an invitation's.
 */
export async function createJoinLink(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  team: TeamRef,
  input: JoinLinkInput,
): Promise<JoinLinkCreatedDto> {
  const { repos, config } = deps;
  assertRedirectUrl(input.url, config.redirectHosts);
  // With a role catalog, a link grants only roles an invitation could (docs/api.md#roles-and-permissions).
  assertRolesAllowed(config, team, input.roles);
  const now = Date.now();
  const fields = {
    roles: input.roles,
    expire: expiryOf(input.expire, now),
    maxUses: input.maxUses ?? DEFAULT_JOIN_LINK_USES,
    domain: normaliseDomain(input.domain),
    creatorId: actor.principal.kind === 'user' ? actor.principal.userId : '',
  };
  const secret = generateSecret();
  const linkId = generateId();
  const link = await recordEvent(
    repos,
    actor,
    {
      template: 'teams.[teamId].joinLinks.[linkId].create',
      params: { teamId: team._id, linkId },
      target: byId('joinLinks', linkId),
    },
    () => repos.joinLinks.create(linkId, team, { ...fields, secretHash: sha256(secret) }),
    (created) => ({ payload: toJoinLinkDto(created, 0) }),
  );
  return { ...toJoinLinkDto(link, 0), url: joinUrl(input.url, link, secret) };
}

/** The team's links, newest first (at most `JOIN_LINKS_LISTED`), with their use counts. */
export async function listJoinLinks(
  repos: Repositories,
  team: TeamTie,
): Promise<{ total: number; joinLinks: JoinLinkDto[] }> {
  const links = await repos.joinLinks.ofTeam(team);
  const uses = await repos.joinLinks.usesOf(links.map((link) => link._id));
  return {
    total: links.length,
    joinLinks: links.map((link) => toJoinLinkDto(link, uses.get(link._id) ?? 0)),
  };
}

/** The link `linkId` of `team` (this team, not a deleted one with its id), or 404. */
async function linkOfTeam(repos: Repositories, team: TeamTie, linkId: string): Promise<StoredJoinLink> {
  const link = await repos.joinLinks.byId(linkId);
  if (!link || link.teamId !== team._id || !sameEpoch(link.teamEpoch, team.epoch)) {
    throw new AppError('join_link_not_found');
  }
  return link;
}

/** Revokes a link: it stops working at once (a join already past its checks may still finish). */
export async function revokeJoinLink(
  repos: Repositories,
  actor: Actor,
  team: TeamTie,
  linkId: string,
): Promise<JoinLinkDto> {
  const link = await linkOfTeam(repos, team, linkId);
  const revoked = await recordEvent(
    repos,
    actor,
    {
      template: 'teams.[teamId].joinLinks.[linkId].delete',
      params: { teamId: team._id, linkId },
      target: byId('joinLinks', linkId),
    },
    async () => (link.revokedAt ? null : repos.joinLinks.revoke(linkId)),
    (result) => (result ? { payload: toJoinLinkDto(result, 0) } : null),
  );
  const current = revoked ?? link;
  return toJoinLinkDto(current, await repos.joinLinks.countUses(linkId));
}

/**
 * The link and its team, when `secret` is the link's and the link can still be used: 404
 * `join_link_not_found` (unknown, or its team deleted), 401 `join_link_invalid_secret`, 403
 * `join_link_revoked` (revoked, or its creator is no longer an owner of the team: the authority
 * it was made with is gone, as for an invitation), `join_link_expired`, `join_link_exhausted`.
 */
async function usableLink(repos: Repositories, input: JoinInput) {
  const link = await repos.joinLinks.byId(input.linkId);
  if (!link) throw new AppError('join_link_not_found');
  if (!digestsEqual(sha256(input.secret), link.secretHash)) throw new AppError('join_link_invalid_secret');
  const team = await repos.teams.byId(link.teamId);
  if (!team || !sameEpoch(link.teamEpoch, team.epoch)) throw new AppError('join_link_not_found');
  const uses = await repos.joinLinks.countUses(link._id);
  const state = joinLinkState(link, uses);
  if (state !== 'active') throw new AppError(`join_link_${state}`);
  if (link.creatorId && !(await creatorStillOwns(repos, link.creatorId, team))) {
    throw new AppError(
      'join_link_revoked',
      'The join link was made by someone who is no longer an owner of the team.',
    );
  }
  return { link, team };
}

async function creatorStillOwns(repos: Repositories, creatorId: string, team: TeamTie): Promise<boolean> {
  const creator = await repos.users.byId(creatorId);
  if (!creator) return false;
  const membership = await repos.memberships.confirmedOf(team, creator);
  return Boolean(membership?.roles.includes(OWNER));
}

/** What a valid, usable link grants, shown before joining (to guests too: the secret is the proof). */
export async function previewJoinLink(repos: Repositories, input: JoinInput): Promise<JoinLinkPreviewDto> {
  const { link, team } = await usableLink(repos, input);
  return {
    $id: link._id,
    teamId: team._id,
    teamName: team.name,
    roles: link.roles,
    expire: toIso(link.expire),
    domain: link.domain ?? '',
  };
}

/**
 * The signed-in user joins the link's team with its roles: a confirmed membership, in one call.
 *
 * - A link with a domain admits users whose email address is at that domain and verified (an
 *   unverified address proves nothing: anyone can sign up with `someone@corp.com`).
 * - A confirmed member is 409 `join_link_already_member` and uses nothing; a pending invitation
 *   of the user becomes the confirmed membership (with the link's roles).
 * - Uses are claims (repositories/join-links.ts): of concurrent joiners exactly `maxUses` win a
 *   slot, the others get `join_link_exhausted`. A join that fails after its claim gives the slot back.
 * - The membership is written through the team's membership path (`writeInvitation`), so the
 *   team's stored total moves under its lock (docs/database.md#team-totals), and within the member
 *   limit (`withTeamRoom`, docs/api.md#member-limit).
 */
export async function joinWithLink(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  principal: UserPrincipal,
  input: JoinInput,
): Promise<MembershipDto> {
  const { repos } = deps;
  const { link, team } = await usableLink(repos, input);
  const user = await repos.users.byId(principal.userId);
  if (!user) throw new AppError('user_not_found');
  if (link.domain) {
    const email = user.emailLower ?? '';
    if (!email.endsWith(`@${link.domain}`)) {
      throw new AppError(
        'join_link_domain_mismatch',
        `The join link is restricted to email addresses at @${link.domain}.`,
      );
    }
    if (!user.emailVerification) {
      throw new AppError(
        'join_link_email_unverified',
        `The join link is restricted to verified email addresses at @${link.domain}: verify your email address first.`,
      );
    }
  }
  if (await repos.memberships.confirmedOf(team, user)) throw new AppError('join_link_already_member');
  // A full team refuses before a use is taken; the write below decides under the members lock.
  await assertTeamHasRoom(deps, team, [user._id]);

  const slot = await repos.joinLinks.claimUse(link._id, link.maxUses, user._id);
  if (slot === null) {
    // The same user's other join may hold a slot for a moment: say what they will find.
    if (await repos.memberships.confirmedOf(team, user)) throw new AppError('join_link_already_member');
    throw new AppError('join_link_exhausted');
  }
  const giveBack = () => repos.joinLinks.releaseUse(link._id, slot);
  let written;
  try {
    // A revoke that landed while this join claimed its slot still stops it.
    if ((await repos.joinLinks.byId(link._id))?.revokedAt) throw new AppError('join_link_revoked');
    const member = (now: Date) => ({
      roles: link.roles,
      confirm: true,
      joined: now,
      invited: now,
      secretHash: sha256(generateSecret()),
    });
    written = await recordEvent(
      repos,
      actor,
      {
        template: 'teams.[teamId].memberships.[membershipId].create',
        params: { userId: user._id, teamId: team._id, membershipId: '' },
        target: { collection: 'memberships', filter: { teamId: team._id, userId: user._id }, kind: 'write' },
        idParam: 'membershipId',
      },
      () =>
        withTeamRoom(deps, team, [user._id], () =>
          underTeamLock(() =>
            repos.memberships.writeInvitation(team, user, {
              fresh: (_id, now) => ({
                ...member(now),
                invitedAs: { name: user.name, email: user.email ?? '', phone: user.phone ?? '' },
                locale: actor.locale,
                inviterId: '',
              }),
              again: (_existing, now) => member(now),
            }),
          ),
        ),
      (result) =>
        result.kind === 'written'
          ? {
              payload: toMembershipDto(result.membership, user, team.name),
              params: { membershipId: result.membership._id },
            }
          : null,
    );
    if (written.kind === 'confirmed') throw new AppError('join_link_already_member');
    if (written.kind === 'gone') {
      throw new AppError(written.gone === 'team' ? 'join_link_not_found' : 'user_not_found');
    }
  } catch (error) {
    await giveBack();
    throw error;
  }
  // A pending invitation it confirmed has no email left to send.
  await repos.outbox.skipQueued(written.membership._id);
  return toMembershipDto(written.membership, user, team.name);
}
