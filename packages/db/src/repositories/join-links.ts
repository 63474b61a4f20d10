import { unlessDuplicate } from '../errors.ts';
import { epochField } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredJoinLink } from '../stored.ts';
import { ofTeam, type TeamTie } from '../ties.ts';

export type JoinLinks = ReturnType<typeof createJoinLinks>;

/** What a new join link stores besides its id and team. */
export interface NewJoinLink {
  roles: string[];
  secretHash: string;
  expire?: Date | undefined;
  maxUses: number;
  domain: string;
  creatorId: string;
}

/** A team has at most this many links listed (newest first). */
export const JOIN_LINKS_LISTED = 100;

/**
 * The `joinLinks` collection and its uses (`joinLinkUses`). A link's use count is never a
 * counter: each join claims a slot 1 … maxUses by inserting `<linkId>:<slot>` (the insert is the
 * claim, docs/database.md#facts), so exactly `maxUses` joiners win however many race, and the
 * count is a count of those documents.
 */
export function createJoinLinks(models: Models) {
  const { JoinLink, JoinLinkUse } = models;

  const claimSlot = async (linkId: string, slot: number, userId: string): Promise<boolean> =>
    (await unlessDuplicate(JoinLinkUse.create({ _id: `${linkId}:${slot}`, linkId, slot, userId }))) !== null;

  const countUses = (linkId: string): Promise<number> => JoinLinkUse.countDocuments({ linkId });

  return {
    async create(id: string, team: TeamTie, fields: NewJoinLink): Promise<StoredJoinLink> {
      const created = await JoinLink.create({
        _id: id,
        teamId: team._id,
        ...epochField('teamEpoch', team.epoch),
        ...fields,
      });
      return created.toObject();
    },

    byId: (id: string): Promise<StoredJoinLink | null> => JoinLink.findById(id).lean(),

    /** The team's links as it is now (not a deleted team's with this id), newest first. */
    async ofTeam(team: TeamTie): Promise<StoredJoinLink[]> {
      return JoinLink.find(ofTeam(team)).sort({ createdAt: -1, _id: -1 }).limit(JOIN_LINKS_LISTED).lean();
    },

    /** Marks the link revoked (once: a second revoke keeps the first time); null when it is gone. */
    async revoke(id: string): Promise<StoredJoinLink | null> {
      const link = await JoinLink.findById(id).lean();
      if (!link || link.revokedAt) return link;
      return JoinLink.findOneAndUpdate(
        { _id: id },
        { $set: { revokedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean();
    },

    countUses,

    /** The use counts of `linkIds`, in one round trip (0 for links never used). */
    async usesOf(linkIds: readonly string[]): Promise<Map<string, number>> {
      const counts = new Map<string, number>(linkIds.map((id) => [id, 0]));
      if (linkIds.length === 0) return counts;
      const rows = await JoinLinkUse.aggregate<{ _id: string; n: number }>([
        { $match: { linkId: { $in: linkIds } } },
        { $group: { _id: '$linkId', n: { $sum: 1 } } },
      ]);
      for (const row of rows) counts.set(row._id, row.n);
      return counts;
    },

    /**
     * Claims a free slot of the link for `userId`: the slot won, or null when all `maxUses` are
     * taken. Slots are tried from the current count up (concurrent joiners collide on a slot and
     * move to the next); only when those run out are the slots below read, for ones a failed
     * join gave back.
     */
    async claimUse(linkId: string, maxUses: number, userId: string): Promise<number | null> {
      for (let slot = (await countUses(linkId)) + 1; slot <= maxUses; slot++) {
        if (await claimSlot(linkId, slot, userId)) return slot;
      }
      const taken = await JoinLinkUse.find({ linkId }).select({ slot: 1 }).lean();
      const used = new Set(taken.map((use) => use.slot));
      for (let slot = 1; slot <= maxUses; slot++) {
        if (!used.has(slot) && (await claimSlot(linkId, slot, userId))) return slot;
      }
      return null;
    },

    /** Gives slot `slot` back (the join it was claimed for failed). */
    async releaseUse(linkId: string, slot: number): Promise<void> {
      await JoinLinkUse.deleteOne({ _id: `${linkId}:${slot}` });
    },
  };
}
