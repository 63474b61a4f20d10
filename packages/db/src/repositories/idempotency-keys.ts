import { unlessDuplicate } from '../errors.ts';
import { type Models } from '../models/index.ts';
import { type StoredIdempotencyKey } from '../stored.ts';

export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;

export interface IdempotencyClaim {
  _id: string;
  bodyHash: string;
  leaseUntil: Date;
  expire: Date;
}

/**
 * The `idempotencyKeys` collection. No transactions: the insert of a claim decides which caller
 * runs, and every later write names the state it expects.
 */
export function createIdempotencyKeys(models: Models) {
  const { IdempotencyKey } = models;
  return {
    /** True when this caller inserted the claim; false when a document with that id exists. */
    async claim(claim: IdempotencyClaim): Promise<boolean> {
      return (await unlessDuplicate(IdempotencyKey.create({ ...claim, state: 'pending' }))) !== null;
    },

    async byId(id: string): Promise<StoredIdempotencyKey | null> {
      return IdempotencyKey.findById(id).lean();
    },

    /** The claim's call succeeded: its result is stored for the repeats. */
    async complete(id: string, result: string): Promise<void> {
      await IdempotencyKey.updateOne({ _id: id, state: 'pending' }, { $set: { state: 'done', result } });
    },

    /** The claim's call failed: nothing is stored, so a retry runs again. */
    async release(id: string): Promise<void> {
      await IdempotencyKey.deleteOne({ _id: id, state: 'pending' });
    },

    /** Removes a stale document (an expired result, an abandoned claim) as it was read. */
    async discard(stale: StoredIdempotencyKey): Promise<void> {
      await IdempotencyKey.deleteOne({
        _id: stale._id,
        state: stale.state,
        leaseUntil: stale.leaseUntil,
        expire: stale.expire,
      });
    },

    /** Cleanup: removes keys past their expiry. */
    async deleteExpired(now = new Date()): Promise<number> {
      return (await IdempotencyKey.deleteMany({ expire: { $lt: now } })).deletedCount;
    },
  };
}
