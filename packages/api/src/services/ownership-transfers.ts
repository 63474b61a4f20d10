import {
  OWNER,
  belongsToTeam,
  generateId,
  belongsToUser,
  sameEpoch,
  type Repositories,
  type StoredMembership,
  type StoredOwnershipTransfer,
  type StoredTeam,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiConfig } from '../deps.ts';
import { toMembershipDto } from '../dto/membership.ts';
import {
  toOwnershipTransferDto,
  type OwnershipTransferDto,
  type OwnershipTransferListDto,
} from '../dto/ownership-transfer.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { withOwnersLock } from './owner-guard.ts';
import { membershipOfTeam } from './team-access.ts';

/**
 * Ownership transfer with acceptance (docs/api.md#ownership-transfers): an owner offers the team's
 * ownership to a confirmed member, who accepts or declines; the offerer may cancel; the offer
 * expires after `ROSTER_OWNERSHIP_TRANSFER_TTL`. One pending offer per team.
 *
 * Why the team keeps an owner in every interleaving (docs/database.md#ownership-transfers): every
 * decision about an offer (offer, accept, decline, cancel, expire) runs under the team's `owners`
 * lock, the lock under which the owner rule (owner-guard.ts) removes or demotes owners in session
 * mode. Inside it, an acceptance re-reads both memberships: the offer is void unless the offerer is
 * still a confirmed owner and the recipient still a confirmed member; then the recipient gains
 * `owner` *before* the offerer loses it, so at every instant the owners include one of them, and
 * a recipient gone meanwhile (only an API key can remove one outside the lock) stops the
 * acceptance before the offerer is demoted. The offer's state changes only under the lock, so of
 * an accept, a decline, a cancel and the expiry exactly one decides it.
 */

type Deps = { repos: Repositories; config: Pick<ApiConfig, 'ownershipTransferTtlSeconds'> };

export interface TransferAccess {
  team: StoredTeam;
  actor: Actor;
  callerMembership: StoredMembership | null;
  isOwner: boolean;
}

const DEFAULT_TTL_SECONDS = 259_200;
const TEMPLATE = 'teams.[teamId].ownershipTransfers.[transferId]';

type Decision = 'accept' | 'decline' | 'cancel' | 'expire' | 'void';
const STATE_OF = {
  accept: 'accepted',
  decline: 'declined',
  cancel: 'cancelled',
  expire: 'expired',
  void: 'void',
} as const;

async function namesOf(repos: Repositories, team: StoredTeam, transfer: StoredOwnershipTransfer) {
  const users = await repos.users.byIds([transfer.fromUserId, transfer.toUserId]);
  const name = (id: string) => users.find((user) => user._id === id)?.name ?? '';
  return {
    teamName: team.name,
    fromUserName: name(transfer.fromUserId),
    toUserName: name(transfer.toUserId),
  };
}

async function dto(repos: Repositories, team: StoredTeam, transfer: StoredOwnershipTransfer) {
  return toOwnershipTransferDto(transfer, await namesOf(repos, team, transfer));
}

const isLapsed = (transfer: StoredOwnershipTransfer, now = new Date()) =>
  transfer.expire.getTime() <= now.getTime();

/** Who sees an offer: API keys, the team's owners and its recipient. */
function canSee(access: TransferAccess, transfer: StoredOwnershipTransfer): boolean {
  const { principal } = access.actor;
  if (principal.kind === 'key') return true;
  return access.isOwner || (principal.kind === 'user' && principal.userId === transfer.toUserId);
}

/** Decides a pending offer and records its event; the caller holds the owners lock. */
async function decideHeld(
  repos: Repositories,
  source: EventSource,
  team: StoredTeam,
  transfer: StoredOwnershipTransfer,
  decision: Decision,
): Promise<StoredOwnershipTransfer> {
  const names = await namesOf(repos, team, transfer);
  const decided = await recordEvent(
    repos,
    source,
    {
      template: `${TEMPLATE}.update.${decision}`,
      params: { teamId: team._id, transferId: transfer._id, userId: transfer.toUserId },
      target: byId('ownershipTransfers', transfer._id),
    },
    () => repos.ownershipTransfers.decide(transfer._id, STATE_OF[decision]),
    (result) => (result ? { payload: toOwnershipTransferDto(result, names) } : null),
  );
  if (!decided) throw new AppError('team_ownership_transfer_not_found');
  return decided;
}

/** 409 naming the state an offer is in. */
function notPending(state: string): AppError {
  return new AppError('team_ownership_transfer_not_pending', `The ownership transfer is ${state}.`);
}

/**
 * POST …/ownership-transfers: the calling owner offers ownership to `membershipId`, a confirmed
 * member who is not an owner. Sessions only: an API key has no ownership to give (it sets roles
 * directly). 409 while another offer of the team is pending.
 */
export async function offerOwnership(
  deps: Deps,
  access: TransferAccess,
  input: { membershipId: string; keepOwnership?: boolean | undefined },
): Promise<OwnershipTransferDto> {
  const { repos } = deps;
  const { team, actor, callerMembership } = access;
  if (actor.principal.kind !== 'user' || !callerMembership) {
    throw new AppError('user_unauthorized', 'Ownership is offered by an owner, from their session.');
  }
  if (!access.isOwner) throw new AppError('user_unauthorized', 'Only owners may offer the team’s ownership.');
  await membershipOfTeam(repos, team, input.membershipId);
  const ttl = deps.config.ownershipTransferTtlSeconds ?? DEFAULT_TTL_SECONDS;

  return withOwnersLock(repos, team._id, async () => {
    const [from, to] = await Promise.all([
      repos.memberships.byId(callerMembership._id),
      repos.memberships.byId(input.membershipId),
    ]);
    if (!from?.confirm || !from.roles.includes(OWNER) || !belongsToTeam(from, team)) {
      throw new AppError('user_unauthorized', 'Only owners may offer the team’s ownership.');
    }
    if (!to?.confirm || !belongsToTeam(to, team) || to.roles.includes(OWNER) || to._id === from._id) {
      throw new AppError('team_ownership_transfer_invalid');
    }
    const held = await repos.ownershipTransfers.holdingSlot(team._id);
    if (held) {
      // A deleted team's offer under this id frees the slot silently; a lapsed one is recorded expired.
      if (!sameEpoch(held.teamEpoch, team.epoch)) await repos.ownershipTransfers.decide(held._id, 'void');
      else if (isLapsed(held)) await decideHeld(repos, undefined, team, held, 'expire');
      else throw new AppError('team_ownership_transfer_already_pending');
    }
    const transferId = generateId();
    const users = await repos.users.byIds([from.userId, to.userId]);
    const nameOf = (id: string) => users.find((user) => user._id === id)?.name ?? '';
    const names = { teamName: team.name, fromUserName: nameOf(from.userId), toUserName: nameOf(to.userId) };
    const created = await recordEvent(
      repos,
      actor,
      {
        template: `${TEMPLATE}.create`,
        params: { teamId: team._id, transferId, userId: to.userId },
        target: byId('ownershipTransfers', transferId),
        newResource: false,
      },
      () =>
        repos.ownershipTransfers.offer({
          id: transferId,
          team,
          from,
          to,
          keepOwnership: input.keepOwnership ?? false,
          expire: new Date(Date.now() + ttl * 1000),
        }),
      (result) => (result ? { payload: toOwnershipTransferDto(result, names) } : null),
    );
    if (!created) throw new AppError('team_ownership_transfer_already_pending');
    return toOwnershipTransferDto(created, names);
  });
}

/**
 * GET …/ownership-transfers: the team's pending offer, to its owners, its recipient and API keys;
 * other members see none. At most one.
 */
export async function listOwnershipTransfers(
  deps: Pick<Deps, 'repos'>,
  access: TransferAccess,
): Promise<OwnershipTransferListDto> {
  const held = await deps.repos.ownershipTransfers.holdingSlot(access.team._id);
  const visible =
    held && sameEpoch(held.teamEpoch, access.team.epoch) && !isLapsed(held) && canSee(access, held)
      ? [await dto(deps.repos, access.team, held)]
      : [];
  return { total: visible.length, transfers: visible };
}

/**
 * Decides the offer `transferId` of the team as `decision` (accept, decline, cancel), under the
 * owners lock. 404 for an offer the caller may not see; 401 for one they see but may not decide;
 * 409 once it is no longer pending (a lapsed one is recorded expired first).
 */
export async function decideOwnershipTransfer(
  deps: Pick<Deps, 'repos'>,
  access: TransferAccess,
  transferId: string,
  decision: 'accept' | 'decline' | 'cancel',
): Promise<OwnershipTransferDto> {
  const { repos } = deps;
  const { team, actor } = access;
  const { principal } = actor;
  return withOwnersLock(repos, team._id, async () => {
    const transfer = await repos.ownershipTransfers.byId(transferId);
    if (
      !transfer ||
      transfer.teamId !== team._id ||
      !sameEpoch(transfer.teamEpoch, team.epoch) ||
      !canSee(access, transfer)
    ) {
      throw new AppError('team_ownership_transfer_not_found');
    }
    const me = principal.kind === 'user' ? principal.userId : undefined;
    const allowed =
      decision === 'cancel'
        ? principal.kind === 'key' || me === transfer.fromUserId
        : me === transfer.toUserId;
    if (!allowed) {
      throw new AppError(
        'user_unauthorized',
        decision === 'cancel'
          ? 'Only the owner who made the offer may cancel it.'
          : 'Only the member the offer was made to may accept or decline it.',
      );
    }
    if (transfer.state !== 'pending') throw notPending(transfer.state);
    if (isLapsed(transfer)) {
      await decideHeld(repos, undefined, team, transfer, 'expire');
      throw notPending('expired');
    }
    if (decision !== 'accept')
      return dto(repos, team, await decideHeld(repos, actor, team, transfer, decision));
    const accepted = await acceptHeld(repos, actor, team, transfer);
    if (accepted) return dto(repos, team, accepted);
    await decideHeld(repos, actor, team, transfer, 'void');
    throw notPending('void: the offerer is no longer an owner or the recipient no longer a member');
  });
}

/**
 * The acceptance, under the owners lock: null (nothing changed) when the offer is void. The
 * recipient gains `owner`, then the offerer loses it (unless `keepOwnership`), each with the
 * membership update event Appwrite emits for a role change, inside the offer's accept event.
 */
async function acceptHeld(
  repos: Repositories,
  actor: Actor,
  team: StoredTeam,
  transfer: StoredOwnershipTransfer,
): Promise<StoredOwnershipTransfer | null> {
  const [from, to] = await Promise.all([
    repos.memberships.byId(transfer.fromMembershipId),
    repos.memberships.byId(transfer.toMembershipId),
  ]);
  const [fromUser, toUser] = await Promise.all([
    from ? repos.users.byId(from.userId) : null,
    to ? repos.users.byId(to.userId) : null,
  ]);
  const stillOwner =
    from?.confirm &&
    from.roles.includes(OWNER) &&
    from.userId === transfer.fromUserId &&
    belongsToTeam(from, team) &&
    fromUser &&
    belongsToUser(from, fromUser);
  const stillMember =
    to?.confirm &&
    to.userId === transfer.toUserId &&
    belongsToTeam(to, team) &&
    toUser &&
    belongsToUser(to, toUser);
  if (!stillOwner || !stillMember) return null;

  const names = await namesOf(repos, team, transfer);
  const setRoles = (membership: StoredMembership, roles: string[]) =>
    recordEvent(
      repos,
      actor,
      {
        template: 'teams.[teamId].memberships.[membershipId].update',
        params: { userId: membership.userId, teamId: team._id, membershipId: membership._id },
        target: byId('memberships', membership._id),
      },
      () => repos.memberships.setRoles(membership._id, roles),
      (updated) =>
        updated
          ? { payload: toMembershipDto(updated, membership === to ? toUser : fromUser, team.name) }
          : null,
    );

  const result = await recordEvent(
    repos,
    actor,
    {
      template: `${TEMPLATE}.update.accept`,
      params: { teamId: team._id, transferId: transfer._id, userId: transfer.toUserId },
      target: byId('ownershipTransfers', transfer._id),
    },
    async () => {
      // A recipient removed meanwhile (by an API key) voids the offer before the offerer is demoted.
      if (!(await setRoles(to, [...to.roles.filter((role) => role !== OWNER), OWNER]))) return null;
      if (!transfer.keepOwnership) {
        await setRoles(
          from,
          from.roles.filter((role) => role !== OWNER),
        );
      }
      return repos.ownershipTransfers.decide(transfer._id, 'accepted');
    },
    (decided) => (decided ? { payload: toOwnershipTransferDto(decided, names) } : null),
  );
  return result;
}
