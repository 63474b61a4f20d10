import { randomBytes } from 'node:crypto';
import { LockTimeoutError, type Claims } from './claims.ts';
import { deliberateScan } from './index-coverage/capture.ts';
import { epochFilter } from './models/epoch.ts';
import { type Models } from './models/index.ts';
import { ofTeam, type TeamTie } from './ties.ts';

/**
 * A team's `total` (its confirmed memberships) is stored on the team and rewritten after every
 * membership change that can move it (docs/database.md#team-totals). It is recounted from the
 * memberships, never incremented: FerretDB loses concurrent `$inc`s. The recount runs under the
 * team's lock (`lock:team:<id>`), which every write of the team document takes, because FerretDB
 * writes a whole document back on update: a rename racing a recount would otherwise write back a
 * stale total, or the recount a stale name.
 *
 * Why the stored value ends right: recounts are serialized by the lock and each one counts after
 * its own membership write, so the last recount to run counts after every write that finished.
 * A process that dies between its membership write and its recount leaves the total off until
 * the team's next membership change, or until `heal` (the worker's scheduled cleanup) finds it.
 */
export type Totals = ReturnType<typeof createTotals>;

/** The lock every write of a team document takes (`claims.withLock`). */
export function teamLock(teamId: string): string {
  return `team:${teamId}`;
}

/** An owed recount announced longer ago than the lock's wait (15 s) plus margin is a dead writer's. */
const RECOUNT_STALE_MS = 30_000;
/** How long at most a recount owed waits between tries for the team's lock (a count takes longer). */
const RECOUNT_RETRY_MAX_MS = 50;

export function createTotals(models: Models, claims: Claims) {
  const { Membership, Team } = models;

  const count = (team: TeamTie): Promise<number> =>
    Membership.countDocuments({ ...ofTeam(team), confirm: true });

  /** Counts the team's confirmed memberships and stores the result, under the team's lock. */
  async function setTotal(team: TeamTie, total: number): Promise<void> {
    // Not a change of the team itself: `$updatedAt` stays (as Appwrite's counter update leaves it).
    await Team.updateOne(
      { _id: team._id, ...epochFilter('epoch', team.epoch) },
      { $set: { total } },
      { timestamps: false },
    );
  }

  async function recount(team: TeamTie): Promise<number> {
    return claims.withLock(teamLock(team._id), async () => {
      const total = await count(team);
      await setTotal(team, total);
      return total;
    });
  }

  return {
    count,
    recount,

    /**
     * `recount` after a membership change that already happened, coalesced: concurrent changes of
     * one team run at most one recount and queue at most one more (docs/database.md#team-totals).
     *
     * With the team's lock free, the writer recounts at once. Otherwise it announces a recount owed
     * (the claim `recount:<teamId>`) and waits for the lock; a writer that finds one announced
     * already leaves: the announcer drops its announcement only once it holds the lock, just before
     * counting, so its count comes after that writer's write. An announcement older than
     * RECOUNT_STALE_MS was left by a dead process and is taken over. A lock that stays busy past
     * its wait must not fail a write that is done: the total is then left to the next change or
     * `heal`.
     */
    async afterChange(team: TeamTie): Promise<void> {
      const store = async () => {
        const total = await count(team);
        await setTotal(team, total);
      };
      if ((await claims.tryLock(teamLock(team._id), store)).ran) return;
      const owed = `recount:${team._id}`;
      const holder = randomBytes(8).toString('hex');
      if (!(await claims.claim(owed, holder))) {
        const announced = await claims.read(owed);
        if (announced && Date.now() - announced.createdAt.getTime() < RECOUNT_STALE_MS) return;
        if (announced) await claims.release(owed, announced.holder);
        if (!(await claims.claim(owed, holder))) return;
      }
      try {
        // The holder is counting: retry slowly, each retry costs an insert on both sides.
        await claims.withLock(
          teamLock(team._id),
          async () => {
            await claims.release(owed, holder);
            await store();
          },
          { maxDelayMs: RECOUNT_RETRY_MAX_MS },
        );
      } catch (error) {
        if (!(error instanceof LockTimeoutError)) throw error;
      } finally {
        await claims.release(owed, holder);
      }
    },

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
