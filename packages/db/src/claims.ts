import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { duplicatePositions, unlessDuplicate } from './errors.ts';
import { type Models } from './models/index.ts';
import { type StoredClaim } from './stored.ts';

/**
 * Claims: the one way Roster decides "exactly one caller wins" (docs/database.md, rules 1 and 3).
 * Inserting a document with a given `_id` into the claims collection succeeds exactly once, on
 * FerretDB as on MongoDB (code 11000 for the others), whereas conditional updates of one document
 * race on FerretDB. Everything that must happen once claims here first:
 *
 * - accepting an invitation (`accept:<membershipId>:<secretVersion>`, `claimFresh`);
 * - removing or demoting an owner (`lock:owners:<teamId>`, `withLock`);
 * - sending an invitation email (`mail/…`, the send ledger of outbox/send-ledger.ts, with leases).
 *
 * Claims are deleted a week after they were made (cleanup.ts), long after every decision they
 * record has been acted on.
 */
export type Claims = ReturnType<typeof createClaims>;

/** A won claim; `releaseOnFailure` gives it back when the work it guards throws. */
export interface ClaimHandle {
  id: string;
  release(): Promise<void>;
  releaseOnFailure<T>(run: () => Promise<T>): Promise<T>;
}

/** `withLock` waited longer than its limit for the holder to finish. */
export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/** A lock holder this old is presumed dead (its process crashed between taking and releasing). */
const LOCK_STALE_AFTER_MS = 10_000;
const LOCK_STALE_CHECK_EVERY_MS = 1_000;
/** How long `withLock` waits for the lock before giving up. */
const LOCK_WAIT_MS = 15_000;

/** A lease's holder: who holds it and when they were last heard of (`<holder>@<epoch ms>`). */
export function leaseHolder(holder: string, now = Date.now()): string {
  return `${holder}@${now}`;
}

/** When the holder of a lease was last heard of: its heartbeat, else the claim's creation. */
export function leaseLastSeen(claim: Pick<StoredClaim, 'holder' | 'createdAt'>): number {
  const beat = Number(/@(\d+)$/.exec(claim.holder)?.[1] ?? 0);
  return Math.max(beat, claim.createdAt.getTime());
}

export function createClaims(models: Models) {
  const { Claim } = models;

  /** Inserts claim `id`; false when it exists: someone else holds it. */
  async function claim(id: string, holder: string): Promise<boolean> {
    return (await unlessDuplicate(Claim.create({ _id: id, holder }))) !== null;
  }

  /** Inserts many claims in one command, unordered: one result per claim, false for those held. */
  async function claimMany(claims: readonly { id: string; holder: string }[]): Promise<boolean[]> {
    const createdAt = new Date();
    const documents = claims.map(({ id, holder }) => ({ _id: id, holder, createdAt }));
    try {
      await Claim.insertMany(documents, { ordered: false, lean: true });
      return claims.map(() => true);
    } catch (error) {
      const duplicates = duplicatePositions(error);
      if (!duplicates) throw error;
      return claims.map((_, index) => !duplicates.has(index));
    }
  }

  function read(id: string): Promise<StoredClaim | null> {
    return Claim.findById(id).lean();
  }

  /** Gives claim `id` back, if `holder` still holds it. */
  async function release(id: string, holder: string): Promise<void> {
    await Claim.deleteOne({ _id: id, holder });
  }

  function handle(id: string, holder: string): ClaimHandle {
    const own: ClaimHandle = {
      id,
      release: () => release(id, holder),
      async releaseOnFailure(run) {
        try {
          return await run();
        } catch (error) {
          await own.release();
          throw error;
        }
      },
    };
    return own;
  }

  return {
    claim,
    claimMany,
    read,
    release,

    /**
     * Claims `id` for a lease: held while its holder's heartbeats (`renewLease`) keep coming; see
     * `leaseLastSeen`. Used where a crashed holder must be taken over without being able to tell
     * it from a slow one (the mail worker's send attempts).
     */
    claimLease: (id: string, holder: string) => claim(id, leaseHolder(holder)),

    /** The holder of lease `id` is alive: pushes the lease forward (the only update of a claim). */
    async renewLease(id: string, holder: string): Promise<void> {
      await Claim.updateOne({ _id: id }, { $set: { holder: leaseHolder(holder) } });
    },

    /**
     * Claims the decision `base` for this caller, or null when another caller holds it. A claim
     * older than `staleAfterMs` was left by a request that died before it finished: the next
     * caller takes over with the next claim id (`<base>:2`, …), so the decision cannot stay stuck.
     */
    async claimFresh(
      base: string,
      holder: string,
      options: { staleAfterMs: number; maxTakeovers?: number },
    ): Promise<ClaimHandle | null> {
      for (let attempt = 1; attempt <= (options.maxTakeovers ?? 10); attempt++) {
        const id = attempt === 1 ? base : `${base}:${attempt}`;
        if (await claim(id, holder)) return handle(id, holder);
        const held = await read(id);
        if (!held || Date.now() - held.createdAt.getTime() < options.staleAfterMs) break;
      }
      return null;
    },

    /**
     * Runs `run` while holding the lock `lock:<name>`; at most one caller holds it. Waiters retry
     * with jittered backoff (up to `maxDelayMs`, 8 ms by default; each retry is an insert); a lock
     * left by a dead process is taken over once stale. Waiting longer than 15 s throws
     * LockTimeoutError.
     */
    async withLock<T>(
      name: string,
      run: () => Promise<T>,
      options: { maxDelayMs?: number } = {},
    ): Promise<T> {
      const lockId = `lock:${name}`;
      const holder = randomBytes(8).toString('hex');
      const started = Date.now();
      let checkedAt = 0;
      for (let delay = 2; ; delay = Math.min(delay * 2, options.maxDelayMs ?? 8)) {
        if (await claim(lockId, holder)) break;
        // Whether the holder is dead needs one more query: ask on the first miss, then now and then.
        if (Date.now() - checkedAt > LOCK_STALE_CHECK_EVERY_MS) {
          checkedAt = Date.now();
          const current = await read(lockId);
          if (current && checkedAt - current.createdAt.getTime() > LOCK_STALE_AFTER_MS) {
            await release(lockId, current.holder);
            continue;
          }
        }
        if (Date.now() - started > LOCK_WAIT_MS) throw new LockTimeoutError(`lock ${name} is busy`);
        await sleep(delay + Math.random() * delay);
      }
      try {
        return await run();
      } finally {
        await release(lockId, holder);
      }
    },

    /**
     * Runs `run` under the lock `lock:<name>` if it is free now; `{ ran: false }` at once when it
     * is held (no waiting, no takeover).
     */
    async tryLock<T>(name: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
      const lockId = `lock:${name}`;
      const holder = randomBytes(8).toString('hex');
      if (!(await claim(lockId, holder))) return { ran: false };
      try {
        return { ran: true, value: await run() };
      } finally {
        await release(lockId, holder);
      }
    },

    /** Deletes claims made before `cutoff` (the scheduled cleanup). */
    async deleteCreatedBefore(cutoff: Date): Promise<number> {
      return (await Claim.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
    },
  };
}
