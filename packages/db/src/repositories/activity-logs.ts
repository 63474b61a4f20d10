import { duplicatePositions } from '../errors.ts';
import { type ActivityLog } from '../models/activity-log.model.ts';
import { type Models } from '../models/index.ts';
import { type StoredActivityLog } from '../stored.ts';

export type ActivityLogs = ReturnType<typeof createActivityLogs>;

/** An entry as the consumer writes it; `_id` is the id of the event it records. */
export type NewActivityLog = Partial<ActivityLog> &
  Pick<ActivityLog, 'event' | 'template' | 'resource' | 'time'> & { _id: string };

/** One of the activity log's reads: entries newest first, counted up to a cap. */
export interface ActivityLogPage {
  count(cap: number): Promise<number>;
  find(offset: number, limit: number): Promise<StoredActivityLog[]>;
}

/** Newest first; `sequence` then `_id` order entries recorded in the same millisecond. */
const NEWEST_FIRST = { time: -1, sequence: -1, _id: -1 } as const;

/**
 * The `activityLogs` collection (docs/events.md#activity-logs). Every read filters on the leading
 * field of one index and sorts in that index's order, so no read scans the collection.
 */
export function createActivityLogs(models: Models) {
  const { ActivityLog } = models;
  const page = (filter: Record<string, string>): ActivityLogPage => ({
    count: (cap) => ActivityLog.countDocuments(filter, { limit: cap }).exec(),
    find: (offset, limit) =>
      ActivityLog.find(filter)
        .sort(NEWEST_FIRST)
        .skip(offset)
        .limit(limit)
        .lean<StoredActivityLog[]>()
        .exec(),
  });
  return {
    /**
     * Records entries in one unordered insert; those whose event is already recorded (a
     * re-delivery) are left as first written.
     */
    async recordMany(entries: readonly NewActivityLog[]): Promise<void> {
      if (entries.length === 0) return;
      try {
        await ActivityLog.insertMany(entries, { ordered: false });
      } catch (error) {
        if (!duplicatePositions(error)) throw error;
      }
    },

    byId: (id: string): Promise<StoredActivityLog | null> =>
      ActivityLog.findById(id).lean<StoredActivityLog>().exec(),

    /** The entries of a team and its memberships (Appwrite's `resource = team/{teamId}`). */
    ofTeam: (teamId: string): ActivityLogPage => page({ teamId }),

    /** What a user did (Appwrite's user and account logs select on the actor, not the target). */
    byUser: (userId: string): ActivityLogPage => page({ actorUserId: userId }),

    /**
     * Detaches a deleted team's entries, recorded up to its deletion, from its id: a team created
     * later with the same id (docs/database.md) starts with an empty log.
     */
    async detachTeam(teamId: string, deletedAt: Date): Promise<void> {
      await ActivityLog.updateMany({ teamId, time: { $lte: deletedAt } }, { $unset: { teamId: 1 } });
    },

    /** The same for a deleted user's own actions. */
    async detachUser(userId: string, deletedAt: Date): Promise<void> {
      await ActivityLog.updateMany(
        { actorUserId: userId, time: { $lte: deletedAt } },
        { $unset: { actorUserId: 1 } },
      );
    },

    /** The users among `userIds` whose deletion was recorded at or after `since`, with its time. */
    async usersDeletedSince(userIds: readonly string[], since: Date): Promise<Map<string, Date>> {
      const found = await ActivityLog.find({
        resource: { $in: userIds.map((id) => `user/${id}`) },
        event: 'user.delete',
        time: { $gte: since },
      })
        .sort({ resource: 1, event: 1, time: -1 })
        .lean<StoredActivityLog[]>()
        .exec();
      const deleted = new Map<string, Date>();
      for (const entry of found) {
        const userId = entry.resource.slice('user/'.length);
        if (!deleted.has(userId)) deleted.set(userId, entry.time);
      }
      return deleted;
    },

    /** Deletes entries recorded before `before` (the retention sweep). */
    async deleteBefore(before: Date): Promise<number> {
      return (await ActivityLog.deleteMany({ time: { $lt: before } })).deletedCount;
    },
  };
}
