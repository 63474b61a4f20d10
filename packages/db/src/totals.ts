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
 *   effect (`change`; the writes waiting in one process share a hold and one `$inc`). The delta is read from the write's own result (the document it matched or
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

/** A membership write waiting for its team's lock (`change`). */
interface PendingChange {
  write: () => Promise<{ value: unknown; effect: TotalEffect }>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** At most this many changes share one hold of a team's lock. */
const MAX_BATCH = 50;

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
   * Changes of one team from this process wait here, in memory, rather than each taking the
   * team's lock: whoever drains the queue takes the lock once for a batch, runs its writes one
   * after another (two of one batch may touch one membership) and applies their summed effect
   * with one `$inc`. A burst of joins then costs one lock and one `$inc` per batch instead of per
   * join (scenario 3); the database lock still orders processes.
   */
  const waiting = new Map<string, PendingChange[]>();

  async function drain(key: string, team: TeamTie): Promise<void> {
    for (let batch = take(key); batch.length > 0; batch = take(key)) {
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      try {
        await claims.withLock(teamLock(team._id), async () => {
          let delta = 0;
          let unknown = false;
          for (const change of batch) {
            try {
              const { value, effect } = await change.write();
              outcomes.push({ ok: true, value });
              if (effect === 'recount') unknown = true;
              else delta += effect;
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
          await applyHeld(team, unknown ? 'recount' : delta);
        });
      } catch (error) {
        // The lock stayed busy (nothing was written) or the total could not be applied: every
        // change of the batch learns it, as each would have alone.
        for (const change of batch) change.reject(error);
        continue;
      }
      batch.forEach((change, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) change.resolve(outcome.value);
        else change.reject(outcome.error);
      });
    }
  }

  function take(key: string): PendingChange[] {
    const queue = waiting.get(key) ?? [];
    const batch = queue.splice(0, MAX_BATCH);
    if (batch.length === 0) waiting.delete(key);
    return batch;
  }

  function enqueue<T>(team: TeamTie, write: () => Promise<{ value: T; effect: TotalEffect }>): Promise<T> {
    // A team re-created under a deleted one's id is another team: its own queue.
    const key = `${team._id}/${team.epoch ?? ''}`;
    return new Promise<T>((resolve, reject) => {
      const queue = waiting.get(key);
      const change = { write, resolve: resolve as (value: unknown) => void, reject };
      if (queue) {
        queue.push(change);
        return;
      }
      waiting.set(key, [change]);
      // Started on the next turn, so changes made in the same turn share its first batch.
      setImmediate(() => void drain(key, team));
    });
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
     * Runs a membership write of `team` under the team's lock (in a batch with the other changes
     * of the team waiting in this process) and applies the effect it reports to the stored total
     * before releasing the lock. The write must report what it did (from its
     * result), not what it meant to do: a confirm that matched no pending membership is 0.
     * Throws LockTimeoutError (before writing anything) when the lock stays busy past its wait.
     */
    change: enqueue,

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
