import { type Claims } from '../claims.ts';
import { unlessDuplicate } from '../errors.ts';
import { deliberateScan } from '../index-coverage/capture.ts';
import { allOf, MATCH_NOTHING, type Filter } from '../filters.ts';
import { listing, type Listing } from '../listing.ts';
import { epochFilter, newEpoch, ownedByAny } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredTeam } from '../stored.ts';
import { ofTeam, ofUser, type TeamTie, type UserTie } from '../ties.ts';
import { teamLock, type Totals } from '../totals.ts';

export type Teams = ReturnType<typeof createTeams>;

/** One of a team's own roles (docs/api.md#roles-and-permissions). */
export interface TeamRole {
  name: string;
  description: string;
  permissions: string[];
}

/** Who reads a list of teams: every team (API keys), a user's teams, or none. */
export type TeamReader = 'all' | 'none' | UserTie;

/** The teams a reader may see, with what queries on `total` need besides a page. */
export interface TeamListing extends Listing<StoredTeam> {
  /** Ids, epochs and totals of up to `limit` matches of `filter` (the teams a query on `total` needs). */
  candidates(filter: Filter, limit: number): Promise<Pick<StoredTeam, '_id' | 'epoch' | 'total'>[]>;
  /** Every match of `filter`, without the heavy fields (`prefs`, `search`), to sort in memory. */
  matches(filter: Filter): Promise<Omit<StoredTeam, 'prefs' | 'search'>[]>;
}

/**
 * The `teams` collection. A team's `total` is stored and recounted after membership changes
 * (totals.ts); every write of a team document runs under the team's lock, as recounts do.
 */
export function createTeams(models: Models, claims: Claims, totals: Totals) {
  const { Team, Membership } = models;

  /**
   * The teams a reader may see, as a filter: all for API keys, for a user the teams of their
   * confirmed memberships, each matched with the epoch the membership was written for.
   */
  async function visibleTo(reader: TeamReader): Promise<Filter> {
    if (reader === 'all') return {};
    if (reader === 'none') return MATCH_NOTHING;
    const memberships = await Membership.find({ ...ofUser(reader), confirm: true })
      .select({ teamId: 1, teamEpoch: 1 })
      .lean();
    return ownedByAny(
      memberships.map((membership) => ({ _id: membership.teamId, epoch: membership.teamEpoch })),
      '_id',
      'epoch',
    );
  }

  return {
    byId: (id: string): Promise<StoredTeam | null> => Team.findById(id).lean(),

    byIds: (ids: readonly string[]): Promise<StoredTeam[]> => Team.find({ _id: { $in: ids } }).lean(),

    /** The teams `reader` may see (`teams.list`), one round trip to decide which. */
    async readableBy(reader: TeamReader): Promise<TeamListing> {
      const scope = await visibleTo(reader);
      // A user's teams are found by _id; a key's are every team (docs/database.md#index-coverage).
      const scan = reader === 'all' ? 'teams.list' : undefined;
      const run = <R>(query: () => Promise<R>) => (scan ? deliberateScan(scan, query) : query());
      return {
        ...listing<StoredTeam>(Team, scope, scan),
        candidates: (filter, limit) =>
          run(() =>
            Team.find(allOf(scope, filter) as never)
              .select({ _id: 1, epoch: 1, total: 1 })
              .limit(limit)
              .lean()
              .exec(),
          ),
        matches: (filter) =>
          run(() =>
            Team.find(allOf(scope, filter) as never)
              .select({ prefs: 0, search: 0 })
              .lean()
              .exec(),
          ),
      };
    },

    /**
     * Creates a team with a new epoch (docs/database.md), or null when the id is taken. A
     * caller-chosen id may be one a deleted team had: memberships written for that one after its
     * deletion swept (a racing invitation, a crash between the two deletes) are swept here,
     * before anyone can be invited into their (team, user) slots.
     */
    async create(input: { id: string; chosenId: boolean; name: string }): Promise<StoredTeam | null> {
      const epoch = newEpoch();
      const team = await unlessDuplicate(
        Team.create({
          _id: input.id,
          epoch,
          name: input.name,
          search: `${input.id} ${input.name}`,
          total: 0,
        }),
      );
      if (!team) return null;
      if (input.chosenId) await Membership.deleteMany({ teamId: input.id, teamEpoch: { $ne: epoch } });
      return team.toObject();
    },

    /** Renames a team (`search` follows the name); null when it is gone. */
    rename: (team: TeamTie, name: string): Promise<StoredTeam | null> =>
      claims.withLock(teamLock(team._id), () =>
        Team.findOneAndUpdate(
          { _id: team._id },
          { $set: { name, search: `${team._id} ${name}` } },
          { returnDocument: 'after' },
        ).lean(),
      ),

    /** Replaces the preferences (JSON text); false when the team is gone. */
    replacePrefs: (team: TeamTie, prefs: string): Promise<boolean> =>
      claims.withLock(
        teamLock(team._id),
        async () => (await Team.updateOne({ _id: team._id }, { $set: { prefs } })).matchedCount > 0,
      ),

    /**
     * Changes the team's own roles (docs/api.md#roles-and-permissions) under the team's lock, so
     * concurrent changes never lose one another: `change` gets the roles as they are and returns
     * them as they become (or throws, and nothing is written). Null when the team is gone.
     */
    changeTeamRoles: <T>(
      team: TeamTie,
      change: (roles: TeamRole[]) => { roles: TeamRole[]; value: T },
    ): Promise<T | null> =>
      claims.withLock(teamLock(team._id), async () => {
        const current = await Team.findOne({ _id: team._id, ...epochFilter('epoch', team.epoch) })
          .select({ teamRoles: 1 })
          .lean();
        if (!current) return null;
        const { roles, value } = change(
          (current.teamRoles ?? []).map((role) => ({ ...role, permissions: [...role.permissions] })),
        );
        const written = await Team.updateOne(
          { _id: team._id, ...epochFilter('epoch', team.epoch) },
          { $set: { teamRoles: roles } },
        );
        return written.matchedCount > 0 ? value : null;
      }),

    /**
     * The team's stored `total`; a team written before totals were stored gets it counted and
     * stored now (totals.ts).
     */
    totalOf: (team: TeamTie & { total?: number | null }): Promise<number> =>
      typeof team.total === 'number' ? Promise.resolve(team.total) : totals.recount(team),

    /** Recounts the stored totals that differ from the memberships (the scheduled heal, totals.ts). */
    healTotals: (): Promise<number> => totals.heal(),

    /**
     * Deletes a team and then its memberships. Both writes name the team's epoch, so a slow
     * deletion cannot remove a new team with the same id or its members. A membership written by a
     * racing invitation after the sweep removes itself (memberships.ts re-checks its team); one
     * left by a crash belongs to this epoch only, so it never attaches to a later team with this id.
     */
    async delete(team: TeamTie): Promise<void> {
      await Team.deleteOne({ _id: team._id, ...epochFilter('epoch', team.epoch) });
      await Membership.deleteMany(ofTeam(team));
    },
  };
}
