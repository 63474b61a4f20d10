import { type Claims } from '../claims.ts';
import { generateId } from '../ids.ts';
import { epochField, sameEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type MfaFactor } from '../models/mfa-challenge.model.ts';
import { type StoredMfaChallenge } from '../stored.ts';
import { type UserTie } from '../ties.ts';

export type MfaChallenges = ReturnType<typeof createMfaChallenges>;

/** The `mfaChallenges` collection: the second-factor proofs a session has asked for. */
export function createMfaChallenges(models: Models, claims: Claims) {
  const { MfaChallenge } = models;
  return {
    async create(input: {
      /** The id, when the caller names it first (its event does); else a new one. */
      id?: string;
      user: UserTie;
      factor: MfaFactor;
      codeHash?: string;
      expire: Date;
      locale?: string;
      userAgent?: string;
    }): Promise<StoredMfaChallenge> {
      const created = await MfaChallenge.create({
        _id: input.id ?? generateId(),
        userId: input.user._id,
        ...epochField('userEpoch', input.user.epoch),
        factor: input.factor,
        ...(input.codeHash ? { codeHash: input.codeHash } : {}),
        expire: input.expire,
        ...(input.locale === undefined ? {} : { locale: input.locale }),
        ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
      });
      return created.toObject();
    },

    /** Challenges by id (the mail worker's batched read of emailed codes). */
    byIds(ids: readonly string[]): Promise<StoredMfaChallenge[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return MfaChallenge.find({ _id: { $in: ids } }).lean();
    },

    /** Removes the user's other challenges of `factor`: a new emailed code replaces the earlier ones. */
    async deleteOthersOfFactor(userId: string, factor: MfaFactor, keep: string): Promise<number> {
      return (await MfaChallenge.deleteMany({ userId, factor, _id: { $ne: keep } })).deletedCount;
    },

    /** The unexpired challenge `id` of `user` (as they are now), or null. */
    async valid(user: UserTie, id: string, now = new Date()): Promise<StoredMfaChallenge | null> {
      const challenge = await MfaChallenge.findById(id).lean();
      if (!challenge || challenge.userId !== user._id) return null;
      if (challenge.expire.getTime() < now.getTime()) return null;
      return sameEpoch(challenge.userEpoch, user.epoch) ? challenge : null;
    },

    /** Completes a challenge: true for exactly one of concurrent callers (a claim, as tokens.use). */
    async use(challenge: Pick<StoredMfaChallenge, '_id'>): Promise<boolean> {
      if (!(await claims.claim(`mfa-challenge:${challenge._id}`, 'use'))) return false;
      await MfaChallenge.deleteOne({ _id: challenge._id });
      return true;
    },

    /** Cleanup: removes challenges past their expiry. */
    async deleteExpired(now = new Date()): Promise<number> {
      return (await MfaChallenge.deleteMany({ expire: { $lt: now } })).deletedCount;
    },
  };
}
