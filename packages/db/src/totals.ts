import { deliberateScan } from './index-coverage/capture.ts';
import { LockTimeoutError, type Claims } from './claims.ts';
import { epochFilter } from './models/epoch.ts';
import { type Models } from './models/index.ts';
import { ofTeam, type TeamTie } from './ties.ts';

/**
 * A team's `total` (its confirmed memberships) is stored on the team (docs/database.md#team-totals)
 * and moved by what each membership write did, never by a count on the write path:
 *
 * - Every write that can move it (a confirmed insert, pending → confirmed, deleting a confirmed
 *   membership) runs under the team's lock (`lock:team:<id>`) together with the `$inc` of its
 *   effect (`change`). The delta is read from the write's own result (the document it matched or
 *   deleted), which is trustworthy because no other writer of that team's memberships or team
 *   document runs meanwhile: FerretDB loses concurrent `$inc`s and lets several conditional
 *   updates "win" only between concurrent writers (docs/database.md#facts),
 *   and under the lock there are none. Every other write of a team document (rename, prefs) takes
 *   the same lock, because FerretDB writes the whole document back.
 * - So, outside a lock holder's critical section, stored total = count. A recount under the lock
 *   (`recount`) is therefore exact too, and is kept where the effect of a write is not known
 *   (user deletion sweeps, a writer that finds its user deleted meanwhile), for teams without a
 *   stored total, and for `heal`.
 * - A process that dies between its membership write and its `$inc` leaves the total off until
 *   the worker's maintenance (`heal`, hourly) recounts it.
 */
export type Totals = ReturnType<typeof createTotals>;

/** The lock every write of a team document, and every membership write that moves its total, takes. */
export function teamLock(teamId: string): string {
  return `team:${teamId}`;
}

/** What a membership write did to its team's confirmed count: a delta, or unknown (recount). */
export type TotalEffect = number | 'recount';

export function createTotals(models: Models, claims: Claims) {
  const { Membership, Team } = models;

  const count = (team: TeamTie): Promise<number> =>
    Membership.countDocuments({ ...ofTeam(team), confirm: true });

  // Not a change of the team itself: `$updatedAt` stays (as Appwrite's counter update leaves it).
  async function setTotal(team: TeamTie, total: number): Promise<void> {
    await Team.updateOne(
      { _id: team._id, ...epochFilter('epoch', team.epoch) },
      { $set: { total } },
      { timestamps: false },
    );
  }

  /** Counts and stores; the caller holds the team's lock. */
  async function recountHeld(team: TeamTie): Promise<number> {
    const total = await count(team);
    await setTotal(team, total);
    return total;
  }

  /**
   * Adds `delta` to the stored total; the caller holds the team's lock, so this `$inc` has no
   * concurrent writer to lose against. A team without a stored total (written before totals
   * were stored) is counted instead; a team gone meanwhile matches nothing either way.
   */
  async function applyHeld(team: TeamTie, effect: TotalEffect): Promise<void> {
    if (effect === 0) return;
    if (effect === 'recount') {
      await recountHeld(team);
      return;
    }
    const { matchedCount } = await Team.updateOne(
      { _id: team._id, ...epochFilter('epoch', team.epoch), total: { $exists: true, $ne: null } },
      { $inc: { total: effect } },
      { timestamps: false },
    );
    if (matchedCount === 0) await recountHeld(team);
  }

  /**
   * Changes of one team from this process queue here, in memory, before taking the team's lock:
   * waiters for the lock in the database retry with inserts, which under a burst of joins cost
   * more than the changes themselves (scenario 3). The database lock still orders processes.
   */
  const queues = new Map<string, Promise<unknown>>();
  function queued<T>(teamId: string, run: () => Promise<T>): Promise<T> {
    const previous = queues.get(teamId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const tail = next.catch(() => undefined);
    queues.set(teamId, tail);
    void tail.then(() => {
      if (queues.get(teamId) === tail) queues.delete(teamId);
    });
    return next;
  }

  const recount = (team: TeamTie): Promise<number> =>
    claims.withLock(teamLock(team._id), () => recountHeld(team));

  return {
    count,
    recount,

    /**
     * `recount` after writes whose effect on the total is not known (a user's memberships swept
     * across teams). Their writes are done: a lock busy past its wait leaves the total to `heal`.
     */
    async recountAfter(team: TeamTie): Promise<void> {
      try {
        await recount(team);
      } catch (error) {
        if (!(error instanceof LockTimeoutError)) throw error;
      }
    },

    /**
     * Runs a membership write of `team` under the team's lock and applies the effect it reports
     * to the stored total before releasing the lock. The write must report what it did (from its
     * result), not what it meant to do: a confirm that matched no pending membership is 0.
     * Throws LockTimeoutError (before writing anything) when the lock stays busy past its wait.
     */
    change: <T>(team: TeamTie, write: () => Promise<{ value: T; effect: TotalEffect }>): Promise<T> =>
      queued(team._id, () =>
        claims.withLock(teamLock(team._id), async () => {
          const { value, effect } = await write();
          await applyHeld(team, effect);
          return value;
        }),
      ),

    /**
     * Recounts every team whose stored total differs from its count (or is missing: teams written
     * before totals were stored). One pass over the teams collection, a count per team (an index
     * lookup), a locked recount only where they differ. Returns how many teams were fixed.
     */
    heal: (): Promise<number> =>
      deliberateScan('teams.healTotals', async () => {
        let fixed = 0;
        const cursor = Team.find({}).select({ _id: 1, epoch: 1, total: 1 }).lean().cursor({ batchSize: 500 });
        for await (const team of cursor) {
          if (team.total !== (await count(team))) {
            await recount(team);
            fixed++;
          }
        }
        return fixed;
      }),
  };
}
