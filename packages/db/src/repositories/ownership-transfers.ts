import { unlessDuplicate } from '../errors.ts';
import { generateId } from '../ids.ts';
import { epochField, epochFilter } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type OwnershipTransferState } from '../models/ownership-transfer.model.ts';
import { type StoredMembership, type StoredOwnershipTransfer } from '../stored.ts';
import { type TeamTie } from '../ties.ts';

export type OwnershipTransfers = ReturnType<typeof createOwnershipTransfers>;

/**
 * The `ownershipTransfers` collection. Its writers hold the team's `owners` lock (the api's
 * services/ownership-transfers.ts), so a state change is a read-then-write without a concurrent
 * writer; the unique `pendingTeamId` still makes "one pending offer per team" hold for a writer
 * that does not.
 */
export function createOwnershipTransfers(models: Models) {
  const { OwnershipTransfer } = models;
  return {
    byId: (id: string): Promise<StoredOwnershipTransfer | null> => OwnershipTransfer.findById(id).lean(),

    /**
     * The offer holding the team id's pending slot, whatever its expiry, or null; it may be a
     * deleted team's with this id (its `teamEpoch` tells).
     */
    holdingSlot: (teamId: string): Promise<StoredOwnershipTransfer | null> =>
      OwnershipTransfer.findOne({ pendingTeamId: teamId }).lean(),

    /** The team's offers, newest first (at most `limit`). */
    ofTeam: (team: TeamTie, limit: number): Promise<StoredOwnershipTransfer[]> =>
      OwnershipTransfer.find({ teamId: team._id, ...epochFilter('teamEpoch', team.epoch) })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean(),

    /**
     * Inserts a pending offer; null when the team already has one (the unique `pendingTeamId`
     * claim). `id` may be chosen first (its event names it).
     */
    async offer(input: {
      id?: string;
      team: TeamTie;
      from: Pick<StoredMembership, '_id' | 'userId'>;
      to: Pick<StoredMembership, '_id' | 'userId'>;
      keepOwnership: boolean;
      expire: Date;
    }): Promise<StoredOwnershipTransfer | null> {
      const created = await unlessDuplicate(
        OwnershipTransfer.create({
          _id: input.id ?? generateId(),
          teamId: input.team._id,
          ...epochField('teamEpoch', input.team.epoch),
          fromMembershipId: input.from._id,
          fromUserId: input.from.userId,
          toMembershipId: input.to._id,
          toUserId: input.to.userId,
          keepOwnership: input.keepOwnership,
          state: 'pending',
          expire: input.expire,
          pendingTeamId: input.team._id,
        }),
      );
      return created?.toObject() ?? null;
    },

    /** Decides a pending offer: its final state, and its team's pending slot freed. Null when gone. */
    decide: (id: string, state: Exclude<OwnershipTransferState, 'pending'>) =>
      OwnershipTransfer.findOneAndUpdate(
        { _id: id },
        { $set: { state, resolvedAt: new Date() }, $unset: { pendingTeamId: 1 } },
        { returnDocument: 'after' },
      ).lean(),
  };
}
