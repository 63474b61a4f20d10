import { OWNERSHIP_TRANSFER_STATES, type StoredOwnershipTransfer } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/**
 * An offer of a team's ownership (Roster's own model, docs/api.md#ownership-transfers). `status`
 * reads `expired` once `expire` has passed, even before the offer's expiry is recorded.
 */
export const ZOwnershipTransfer = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    /** The offering owner's membership and name. */
    fromMembershipId: z.string(),
    fromUserId: z.string(),
    fromUserName: z.string(),
    /** The recipient's membership and name. */
    toMembershipId: z.string(),
    toUserId: z.string(),
    toUserName: z.string(),
    /** The offerer keeps `owner` after the acceptance. */
    keepOwnership: z.boolean(),
    status: z.enum(OWNERSHIP_TRANSFER_STATES),
    expire: z.string(),
    /** When it was accepted, declined, cancelled, expired or voided; `''` while pending. */
    resolvedAt: z.string(),
  })
  .meta({ id: 'OwnershipTransfer' });
export type OwnershipTransferDto = z.infer<typeof ZOwnershipTransfer>;

export const ZOwnershipTransferList = z
  .object({ total: z.number().int(), transfers: z.array(ZOwnershipTransfer) })
  .meta({ id: 'OwnershipTransferList' });
export type OwnershipTransferListDto = z.infer<typeof ZOwnershipTransferList>;

export function toOwnershipTransferDto(
  transfer: StoredOwnershipTransfer,
  names: { teamName: string; fromUserName: string; toUserName: string },
  now = new Date(),
): OwnershipTransferDto {
  const lapsed = transfer.state === 'pending' && transfer.expire.getTime() <= now.getTime();
  return {
    $id: transfer._id,
    $createdAt: toIso(transfer.createdAt),
    $updatedAt: toIso(transfer.updatedAt),
    teamId: transfer.teamId,
    teamName: names.teamName,
    fromMembershipId: transfer.fromMembershipId,
    fromUserId: transfer.fromUserId,
    fromUserName: names.fromUserName,
    toMembershipId: transfer.toMembershipId,
    toUserId: transfer.toUserId,
    toUserName: names.toUserName,
    keepOwnership: transfer.keepOwnership ?? false,
    status: lapsed ? 'expired' : transfer.state,
    expire: toIso(transfer.expire),
    resolvedAt: toIso(transfer.resolvedAt),
  };
}
