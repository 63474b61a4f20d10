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
      user: UserTie;
      factor: MfaFactor;
      codeHash?: string;
      expire: Date;
    }): Promise<StoredMfaChallenge> {
      const created = await MfaChallenge.create({
        _id: generateId(),
        userId: input.user._id,
        ...epochField('userEpoch', input.user.epoch),
        factor: input.factor,
        ...(input.codeHash ? { codeHash: input.codeHash } : {}),
        expire: input.expire,
      });
      return created.toObject();
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
