import { unlessDuplicate } from '../errors.ts';
import { allOf } from '../filters.ts';
import { generateId } from '../ids.ts';
import { listing, type Listing } from '../listing.ts';
import { epochField, ownedByAny, sameEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { OWNER } from '../roles.ts';
import { type StoredMembership } from '../stored.ts';
import { type Totals } from '../totals.ts';
import { belongsToTeam, belongsToUser, ofTeam, ofUser, type TeamTie, type UserTie } from '../ties.ts';

export type Memberships = ReturnType<typeof createMemberships>;

/** What an invitation writes besides the (team, user) slot it fills. */
export type InvitationFields = Partial<
  Omit<
    StoredMembership,
    '_id' | 'teamId' | 'userId' | 'search' | 'teamEpoch' | 'userEpoch' | 'createdAt' | 'updatedAt'
  >
>;

/** A write that fills a (team, user) slot: done, refused, or undone because its team or user went away. */
export type SlotWrite =
  | { kind: 'written'; membership: StoredMembership }
  /** The slot holds a confirmed membership: an invitation has nothing to do. */
  | { kind: 'confirmed' }
  /** The team or the user was deleted (or re-created under its id) meanwhile; nothing was kept. */
  | { kind: 'gone'; gone: 'team' | 'user' };

/**
 * The `memberships` collection. One membership per (team, user): the unique index is the claim
 * of that slot. Every query names the epochs of the team and the user it is about (ties.ts,
 * docs/database.md "Epochs"), and every insert re-checks them once stored.
 */
/** A membership as its writers name it: its id and the team (and epoch) it was written for. */
export type MembershipRef = Pick<StoredMembership, '_id' | 'teamId' | 'teamEpoch'>;

/** The team a stored membership was written for (its id and epoch). */
function teamOf(membership: Pick<StoredMembership, 'teamId' | 'teamEpoch'>): TeamTie {
  return { _id: membership.teamId, epoch: membership.teamEpoch };
}

export function createMemberships(models: Models, totals: Totals) {
  const { Membership, Team, User } = models;

  /**
   * Run right after inserting a membership: whether its team and user are still the ones it was
   * written for. A deletion that finished before the insert is seen here; one that sweeps after
   * it removes the membership itself. So a writer that raced a deletion cleans up after itself.
   * Only a writer that dies between its insert and this check leaves a membership behind, which
   * the epochs keep from attaching to anything (and creating a team or user with that id sweeps it).
   */
  async function keepIfStillTied(
    membershipId: string,
    team: TeamTie,
    user: UserTie,
  ): Promise<{ gone: 'team' | 'user'; removed: boolean } | null> {
    const [teamNow, userNow] = await Promise.all([
      Team.findById(team._id).lean(),
      User.findById(user._id).lean(),
    ]);
    const teamGone = !teamNow || !sameEpoch(teamNow.epoch, team.epoch);
    const userGone = !userNow || !sameEpoch(userNow.epoch, user.epoch);
    if (!teamGone && !userGone) return null;
    const { deletedCount } = await Membership.deleteOne({ _id: membershipId });
    return { gone: teamGone ? 'team' : 'user', removed: deletedCount > 0 };
  }

  /** Inserts the membership of (team, user), tied to both; null when the slot is taken. */
  async function insert(team: TeamTie, user: UserTie, membershipId: string, fields: InvitationFields) {
    const created = await unlessDuplicate(
      Membership.create({
        _id: membershipId,
        teamId: team._id,
        userId: user._id,
        search: `${membershipId} ${user._id}`,
        ...epochField('teamEpoch', team.epoch),
        ...epochField('userEpoch', user.epoch),
        ...fields,
      }),
    );
    return created?.toObject() ?? null;
  }

  /**
   * Inserts the membership and checks it is still tied; null when the slot is taken. A confirmed
   * one is inserted under the team's lock with its +1 (totals.ts): kept, it counts; removed here,
   * it never did; found gone but removed by the deletion of its user, the deletion may not have
   * seen it, so the team is recounted (still under the lock). A team gone meanwhile has no total.
   */
  async function insertTied(
    team: TeamTie,
    user: UserTie,
    membershipId: string,
    fields: InvitationFields,
  ): Promise<SlotWrite | null> {
    const write = async () => {
      const created = await insert(team, user, membershipId, fields);
      if (!created) return { value: null, effect: 0 };
      const gone = await keepIfStillTied(created._id, team, user);
      const value: SlotWrite = gone
        ? { kind: 'gone', gone: gone.gone }
        : { kind: 'written', membership: created };
      if (!created.confirm || gone?.gone === 'team' || gone?.removed) return { value, effect: 0 };
      return { value, effect: gone ? ('recount' as const) : 1 };
    };
    if (!fields.confirm) return (await write()).value;
    return totals.change(team, write);
  }

  return {
    byId: (id: string): Promise<StoredMembership | null> => Membership.findById(id).lean(),

    /** The memberships of `ids` that exist, in no order (the mail worker's batched loads). */
    byIds: (ids: readonly string[]): Promise<StoredMembership[]> =>
      ids.length === 0 ? Promise.resolve([]) : Membership.find({ _id: { $in: ids } }).lean(),

    /** The confirmed membership of `user` in `team` (written for both as they are now), or null. */
    async confirmedOf(team: TeamTie, user: UserTie): Promise<StoredMembership | null> {
      const membership = await Membership.findOne({ teamId: team._id, userId: user._id }).lean();
      return membership?.confirm && belongsToTeam(membership, team) && belongsToUser(membership, user)
        ? membership
        : null;
    },

    /** The membership (pending or confirmed) of `user` in `team` as both are now, or null. */
    async slotOf(team: TeamTie, user: UserTie): Promise<StoredMembership | null> {
      const membership = await Membership.findOne({ teamId: team._id, userId: user._id }).lean();
      return membership && belongsToTeam(membership, team) && belongsToUser(membership, user)
        ? membership
        : null;
    },

    /**
     * Who may read the team right now: its confirmed members as the team is now, each with the
     * user epoch their membership was written for (a deleted user's leftover matches no one).
     * Realtime asks this once per event (docs/events.md#realtime); both reads use `_id` and the
     * (teamId, userId) index.
     */
    async confirmedMembersOf(
      teamId: string,
    ): Promise<{ userId: string; userEpoch: string | undefined; roles: string[] }[]> {
      const [team, rows] = await Promise.all([
        Team.findById(teamId).select({ epoch: 1 }).lean(),
        Membership.find({ teamId, confirm: true })
          .select({ userId: 1, teamEpoch: 1, userEpoch: 1, roles: 1 })
          .lean(),
      ]);
      if (!team) return [];
      return rows
        .filter((row) => sameEpoch(row.teamEpoch, team.epoch))
        .map((row) => ({ userId: row.userId, userEpoch: row.userEpoch ?? undefined, roles: row.roles }));
    },

    /** The ids of the team's confirmed owners, as the team is now (not a deleted one's with this id). */
    async confirmedOwners(team: TeamTie): Promise<string[]> {
      const owners = await Membership.find({ ...ofTeam(team), confirm: true, roles: OWNER })
        .select({ _id: 1 })
        .lean();
      return owners.map((owner) => owner._id);
    },

    /**
     * A team's confirmed memberships, counted (only those written for the team as it is now): what
     * the stored `total` is recounted from (totals.ts).
     */
    confirmedCount: (team: TeamTie): Promise<number> => totals.count(team),

    /** `confirmedCount` of many teams, in one round trip. */
    async confirmedCounts(teams: readonly TeamTie[]): Promise<Map<string, number>> {
      const totals = new Map<string, number>(teams.map((team) => [team._id, 0]));
      if (teams.length === 0) return totals;
      const rows = await Membership.aggregate<{ _id: string; n: number }>([
        { $match: { ...ownedByAny(teams, 'teamId', 'teamEpoch'), confirm: true } },
        { $group: { _id: '$teamId', n: { $sum: 1 } } },
      ]);
      for (const row of rows) totals.set(row._id, row.n);
      return totals;
    },

    /**
     * The seats a team's member limit counts (api services/member-limit.ts): its memberships as the
     * team is now, confirmed and pending. The caller holds the team's `members` lock.
     */
    seatsTaken: (team: TeamTie): Promise<number> => Membership.countDocuments(ofTeam(team)),

    /** Of `userIds`, those holding a membership (confirmed or pending) of the team as it is now. */
    async holdersAmong(team: TeamTie, userIds: readonly string[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await Membership.find({ ...ofTeam(team), userId: { $in: [...userIds] } })
        .select({ userId: 1 })
        .lean();
      return new Set(rows.map((row) => row.userId));
    },

    /** The team's memberships, pending invitations included (the member list). */
    inTeam: (team: TeamTie): Listing<StoredMembership> => listing<StoredMembership>(Membership, ofTeam(team)),

    /**
     * The user's memberships, pending ones included, in teams as they are now, and those teams'
     * names: one more round trip each for the user's team ids and for those teams.
     */
    async ofUser(
      user: UserTie,
    ): Promise<{ listing: Listing<StoredMembership>; teamNames: Map<string, string> }> {
      const own = await Membership.find(ofUser(user)).select({ teamId: 1, teamEpoch: 1 }).lean();
      const teamIds = [...new Set(own.map((membership) => membership.teamId))];
      const teams =
        teamIds.length > 0
          ? await Team.find({ _id: { $in: teamIds } })
              .select({ name: 1, epoch: 1 })
              .lean()
          : [];
      return {
        listing: listing<StoredMembership>(
          Membership,
          allOf(ofUser(user), ownedByAny(teams, 'teamId', 'teamEpoch')),
        ),
        teamNames: new Map(teams.map((team) => [team._id, team.name])),
      };
    },

    /**
     * The user's confirmed memberships in teams as they are now, oldest first (the teams a JWT may
     * carry), reading at most `scan` of them: by the `userId` index, then one read of those teams'
     * epochs. `complete` is false when there were more to read.
     */
    async confirmedOfUser(
      user: UserTie,
      scan: number,
    ): Promise<{ memberships: StoredMembership[]; complete: boolean }> {
      // Sorted here: the `userId` index serves the filter, not an order (and all are read, or refused).
      const own = await Membership.find({ ...ofUser(user), confirm: true })
        .limit(scan + 1)
        .lean();
      const complete = own.length <= scan;
      const read = own
        .slice(0, scan)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
      const teamIds = [...new Set(read.map((membership) => membership.teamId))];
      const teams =
        teamIds.length > 0
          ? await Team.find({ _id: { $in: teamIds } })
              .select({ epoch: 1 })
              .lean()
          : [];
      const live = new Map(teams.map((team) => [team._id, team]));
      const memberships = read.filter((membership) => {
        const team = live.get(membership.teamId);
        return team !== undefined && belongsToTeam(membership, team);
      });
      return { memberships, complete };
    },

    /**
     * Creates the (team, user) membership with `fresh`, or applies `again` to the pending one that
     * exists. The unique (teamId, userId) index is the claim: the insert is tried first, and of
     * concurrent invitations of one person one insert wins and the others read it and take the
     * `again` path. A membership in
     * that slot left by a deleted team or user with these ids (another epoch) is dead: it is
     * removed to make way. A new membership carries the team's and the user's epochs and is
     * checked against them once stored, so an invitation racing the deletion of its team or user
     * removes itself.
     */
    async writeInvitation(
      team: TeamTie,
      user: UserTie,
      build: {
        fresh: (membershipId: string, now: Date) => InvitationFields;
        again: (existing: StoredMembership, now: Date) => InvitationFields;
      },
    ): Promise<SlotWrite> {
      for (let attempt = 0; attempt < 6; attempt++) {
        // The first attempt inserts without looking: a new membership is the common case, and the
        // unique index says when the slot is taken. Later attempts read what holds it.
        const existing =
          attempt === 0 ? null : await Membership.findOne({ teamId: team._id, userId: user._id }).lean();
        const now = new Date();
        if (existing && !(belongsToTeam(existing, team) && belongsToUser(existing, user))) {
          await Membership.deleteOne({ _id: existing._id });
          continue;
        }
        if (existing) {
          if (existing.confirm) return { kind: 'confirmed' };
          // Under the team's lock even when it stays pending: FerretDB writes the whole document
          // back, so an unlocked re-invite racing an accept could put `confirm: false` back.
          const updated = await totals.change(team, async () => {
            const value = await Membership.findOneAndUpdate(
              // teamId and userId name the slot, so the event marker finds this write (docs/events.md).
              { _id: existing._id, teamId: team._id, userId: user._id, confirm: false },
              { $set: build.again(existing, now) },
              { returnDocument: 'after' },
            ).lean();
            return { value, effect: value?.confirm ? 1 : 0 };
          });
          if (updated) return { kind: 'written', membership: updated };
          continue; // confirmed or deleted meanwhile: look again
        }
        const membershipId = generateId();
        const created = await insertTied(team, user, membershipId, build.fresh(membershipId, now));
        if (created) return created;
      }
      throw new Error(`membership of ${user._id} in team ${team._id} kept changing`);
    },

    /** The confirmed membership of a team's creator, with `roles`. */
    async addCreator(team: TeamTie, user: UserTie, roles: string[]): Promise<SlotWrite> {
      const now = new Date();
      const fields = { roles, invited: now, joined: now, confirm: true };
      const created = await insertTied(team, user, generateId(), fields);
      if (!created) throw new Error(`team ${team._id} already has a membership of ${user._id}`);
      return created;
    },

    /**
     * Confirms a pending membership (an accepted invitation), under its team's lock with +1 when it
     * matched a pending one (totals.ts); one already confirmed is returned as it is (0). Null when
     * it is gone.
     */
    confirm: (membership: MembershipRef): Promise<StoredMembership | null> =>
      totals.change(teamOf(membership), async () => {
        const confirmed = await Membership.findOneAndUpdate(
          { _id: membership._id, confirm: false },
          { $set: { confirm: true, joined: new Date() } },
          { returnDocument: 'after' },
        ).lean();
        if (confirmed) return { value: confirmed, effect: 1 };
        return { value: await Membership.findById(membership._id).lean(), effect: 0 };
      }),

    /** Replaces the roles; null when the membership is gone. */
    setRoles: (id: string, roles: string[]): Promise<StoredMembership | null> =>
      Membership.findOneAndUpdate({ _id: id }, { $set: { roles } }, { returnDocument: 'after' }).lean(),

    /**
     * Deletes a membership, under its team's lock with -1 when what it deleted was confirmed
     * (totals.ts); false when it was already gone.
     */
    delete: (membership: MembershipRef): Promise<boolean> =>
      totals.change(teamOf(membership), async () => {
        const deleted = await Membership.findOneAndDelete({ _id: membership._id }).lean();
        return { value: deleted !== null, effect: deleted?.confirm ? -1 : 0 };
      }),

    /**
     * Deletes a pending invitation only while its secret is still `secretHash` (a decline), under
     * the team's lock, where a re-invite's update waits too: a decline racing a re-invite either
     * deletes the invitation before it is rotated or deletes nothing. `record` is written first and
     * undone when nothing matched, so a new invitation of the same person, which can only be
     * inserted once this one is deleted, always finds the record to reopen. Null when nothing matched.
     */
    deletePending: (
      membership: MembershipRef,
      secretHash: string,
      record: { write: () => Promise<void>; undo: () => Promise<void> },
    ): Promise<StoredMembership | null> =>
      totals.change(teamOf(membership), async () => {
        await record.write();
        const deleted = await Membership.findOneAndDelete({
          _id: membership._id,
          confirm: false,
          secretHash,
        }).lean();
        if (!deleted) await record.undo();
        return { value: deleted, effect: 0 };
      }),

    /**
     * The user's pending invitations, as the user is now (their inbox), at most `limit`: by the
     * `userId` index. Teams deleted meanwhile are the caller's to drop (their epochs).
     */
    pendingOfUser: (user: UserTie, limit: number): Promise<StoredMembership[]> =>
      Membership.find({ ...ofUser(user), confirm: false })
        .limit(limit)
        .lean(),

    /**
     * A page of the team's invitations, newest first, and how many match (the owners' invitation
     * list): pending ones (`confirm: false`, optionally invited before or since a time, which is
     * how expired ones are told apart) or accepted ones (confirmed with an invitation email).
     * Served by the `(teamId, createdAt, _id)` index, read backwards.
     */
    async invitationsOfTeam(
      team: TeamTie,
      which: { confirm: boolean; invitedBefore?: Date; invitedSince?: Date },
      page: { skip: number; limit: number },
    ): Promise<{ total: number; items: StoredMembership[] }> {
      const invited = {
        ...(which.invitedBefore ? { $lt: which.invitedBefore } : {}),
        ...(which.invitedSince ? { $gte: which.invitedSince } : {}),
      };
      const filter = {
        ...ofTeam(team),
        confirm: which.confirm,
        ...(which.confirm ? { delivery: { $exists: true } } : {}),
        ...(Object.keys(invited).length > 0 ? { invited } : {}),
      };
      const [total, items] = await Promise.all([
        Membership.countDocuments(filter),
        page.limit === 0
          ? Promise.resolve([])
          : Membership.find(filter)
              .sort({ createdAt: -1, _id: -1 })
              .skip(page.skip)
              .limit(page.limit)
              .lean<StoredMembership[]>(),
      ]);
      return { total, items };
    },
  };
}
