import { generateId } from '../ids.ts';
import { epochField, sameEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredSession, type StoredUser } from '../stored.ts';
import { ofUser, type UserTie } from '../ties.ts';

export type Sessions = ReturnType<typeof createSessions>;

/** The user a session is opened for, as the caller read it (its epoch ties the session to it). */
export type SessionUser = Pick<StoredUser, '_id' | 'epoch' | 'passwordHash'>;

export interface NewSession {
  user: SessionUser;
  /** SHA-256 of the secret; the secret itself is never stored. */
  secretHash: string;
  expire: Date;
  provider: string;
  providerUid: string;
  factors: string[];
  ip: string;
  userAgent: string;
  /** Must still hold for the user as stored once the session is (a sign-in's verified password). */
  stillValid?: (user: StoredUser) => boolean;
}

/** The `sessions` collection: who is signed in, tied to their user's epoch. */
export function createSessions(models: Models) {
  const { Session, User } = models;
  return {
    byId: (id: string): Promise<StoredSession | null> => Session.findById(id).lean(),

    /** Sessions by id (the mail worker's batched read of session alerts). */
    byIds(ids: readonly string[]): Promise<StoredSession[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return Session.find({ _id: { $in: ids } }).lean();
    },

    /** How many sessions the user has, expired ones not yet cleaned up included (as Appwrite's count). */
    countOf: (userId: string): Promise<number> => Session.countDocuments({ userId }).exec(),

    /**
     * The unexpired session of `secretHash` and its user, or null. A session opened for a deleted
     * user signs no one in, even once the id is reused (its epoch is another).
     */
    async signedIn(
      secretHash: string,
      now = new Date(),
    ): Promise<{ session: StoredSession; user: StoredUser } | null> {
      const session = await Session.findOne({ secretHash }).lean();
      if (!session || session.expire.getTime() <= now.getTime()) return null;
      const user = await User.findById(session.userId).lean();
      if (!user || !sameEpoch(session.userEpoch, user.epoch)) return null;
      return { session, user };
    },

    /**
     * The session `sessionId` of `userId` if it still signs them in, with the user, or null: an
     * `_id` lookup (a JWT names its session), then the same rules as `signedIn` (unexpired, opened
     * for the user as they are now).
     */
    async signedInById(
      sessionId: string,
      userId: string,
      now = new Date(),
    ): Promise<{ session: StoredSession; user: StoredUser } | null> {
      const session = await Session.findById(sessionId).lean();
      if (!session || session.userId !== userId || session.expire.getTime() <= now.getTime()) return null;
      const user = await User.findById(session.userId).lean();
      if (!user || !sameEpoch(session.userEpoch, user.epoch)) return null;
      return { session, user };
    },

    /**
     * Opens a session; null when it lost a race. It carries the user's epoch (docs/database.md)
     * and is checked again once stored: if the user was deleted (or re-created under the same id)
     * meanwhile, or `stillValid` no longer holds for the user as it is now, the session is removed.
     * A deletion or password change that ran before the insert is seen by this check; one that
     * runs after it sweeps the session itself.
     */
    async open(input: NewSession): Promise<StoredSession | null> {
      const userId = input.user._id;
      const created = await Session.create({
        _id: generateId(),
        userId,
        secretHash: input.secretHash,
        expire: input.expire,
        provider: input.provider,
        providerUid: input.providerUid,
        factors: input.factors,
        ip: input.ip,
        userAgent: input.userAgent,
        ...epochField('userEpoch', input.user.epoch),
      });
      const now = await User.findById(userId).lean();
      if (!now || !sameEpoch(now.epoch, input.user.epoch) || (input.stillValid && !input.stillValid(now))) {
        await Session.deleteOne({ _id: created._id });
        return null;
      }
      return created.toObject();
    },

    /**
     * A user's sessions that still authenticate, oldest first: unexpired, and opened for the user
     * as they are now. Expired ones are left out: they sign no one in, and the scheduled cleanup
     * deletes them (no TTL indexes, docs/database.md).
     */
    activeOf: (user: UserTie, now = new Date()): Promise<StoredSession[]> =>
      Session.find({ ...ofUser(user), expire: { $gt: now } })
        .sort({ createdAt: 1, _id: 1 })
        .lean(),

    /**
     * Adds MFA factors to a session (each once, order kept) and, with `mfaUpdatedAt`, records a
     * completed challenge; the session as updated, or null when the user has no such session.
     */
    addFactors: (
      userId: string,
      sessionId: string,
      factors: readonly string[],
      mfaUpdatedAt?: Date,
    ): Promise<StoredSession | null> =>
      Session.findOneAndUpdate(
        { _id: sessionId, userId },
        {
          $addToSet: { factors: { $each: [...factors] } },
          ...(mfaUpdatedAt ? { $set: { mfaUpdatedAt } } : {}),
        },
        { returnDocument: 'after' },
      ).lean(),

    /** Deletes one of a user's sessions; false when the user has no session of that id. */
    async deleteOne(userId: string, sessionId: string): Promise<boolean> {
      return (await Session.deleteOne({ _id: sessionId, userId })).deletedCount > 0;
    },

    /** Deletes every session of the user, or all but `keep` (the caller's own). */
    async deleteAllOf(userId: string, keep?: string): Promise<void> {
      await Session.deleteMany({ userId, ...(keep ? { _id: { $ne: keep } } : {}) });
    },

    /** Deletes sessions past their expiry (the scheduled cleanup). */
    async deleteExpired(now: Date): Promise<number> {
      return (await Session.deleteMany({ expire: { $lte: now } })).deletedCount;
    },
  };
}
