import { unlessDuplicate } from '../errors.ts';
import { epochField, epochFilter } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type ClosedInvitationState, type InvitationRecord } from '../models/invitation-record.model.ts';
import { type StoredMembership } from '../stored.ts';
import { type TeamTie } from '../ties.ts';

export type InvitationRecords = ReturnType<typeof createInvitationRecords>;
export type StoredInvitationRecord = InvitationRecord & { _id: string };

/**
 * The `invitationRecords` collection (models/invitation-record.model.ts): declined and revoked
 * invitations, kept for their team's owners after the membership is deleted.
 */
export function createInvitationRecords(models: Models) {
  const { InvitationRecord } = models;
  const ofTeam = (team: TeamTie) => ({ teamId: team._id, ...epochFilter('teamEpoch', team.epoch) });

  return {
    /** Records that `membership` (just deleted) was declined or revoked; a repeat is a no-op. */
    async close(
      membership: StoredMembership,
      state: ClosedInvitationState,
      by: { userId: string; at?: Date },
    ): Promise<void> {
      await unlessDuplicate(
        InvitationRecord.create({
          _id: membership._id,
          teamId: membership.teamId,
          ...epochField('teamEpoch', membership.teamEpoch),
          userId: membership.userId,
          state,
          roles: membership.roles,
          name: membership.invitedAs?.name ?? '',
          email: membership.invitedAs?.email ?? '',
          phone: membership.invitedAs?.phone ?? '',
          inviterId: membership.inviterId ?? '',
          invited: membership.invited,
          closed: by.at ?? new Date(),
          closedBy: by.userId,
          deliveryState: membership.delivery?.state ?? '',
        }),
      );
    },

    /** Removes the record `id` (a closing that did not happen after all). */
    async discard(id: string): Promise<void> {
      await InvitationRecord.deleteOne({ _id: id });
    },

    /** The invitation of `userId` in the team is open again (a new one was written): its records go. */
    async reopen(teamId: string, userId: string): Promise<void> {
      await InvitationRecord.deleteMany({ teamId, userId });
    },

    /** A page of the team's records (of one state, or all), newest first, and how many match. */
    async ofTeam(
      team: TeamTie,
      state: ClosedInvitationState | undefined,
      page: { skip: number; limit: number },
    ): Promise<{ total: number; items: StoredInvitationRecord[] }> {
      const filter = { ...ofTeam(team), ...(state ? { state } : {}) };
      const [total, items] = await Promise.all([
        InvitationRecord.countDocuments(filter),
        page.limit === 0
          ? Promise.resolve([])
          : InvitationRecord.find(filter)
              .sort({ closed: -1 })
              .skip(page.skip)
              .limit(page.limit)
              .lean<StoredInvitationRecord[]>(),
      ]);
      return { total, items };
    },
  };
}
