import { unlessDuplicate } from '../errors.ts';
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
     * Records an entry; false when the entry of that event already exists (a re-delivery), which
     * then stays as first written.
     */
    async record(entry: NewActivityLog): Promise<boolean> {
      return (await unlessDuplicate(ActivityLog.create(entry))) !== null;
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

    /**
     * When the deletion (`team.delete`, `user.delete`) of `resource` was recorded at or after
     * `time`, its time; else null.
     */
    async deletedSince(resource: string, event: string, time: Date): Promise<Date | null> {
      const found = await ActivityLog.findOne({ resource, event, time: { $gte: time } })
        .sort({ time: -1 })
        .lean<StoredActivityLog>()
        .exec();
      return found ? found.time : null;
    },

    /** Deletes entries recorded before `before` (the retention sweep). */
    async deleteBefore(before: Date): Promise<number> {
      return (await ActivityLog.deleteMany({ time: { $lt: before } })).deletedCount;
    },
  };
}
