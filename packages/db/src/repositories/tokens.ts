import { type Claims } from '../claims.ts';
import { generateId } from '../ids.ts';
import { epochField, sameEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type TokenKind } from '../models/token.model.ts';
import { type StoredToken } from '../stored.ts';
import { type UserTie } from '../ties.ts';

export type Tokens = ReturnType<typeof createTokens>;

export interface NewToken {
  /** The id, when the caller derives something from it before writing (a mailed token's secret). */
  id?: string;
  user: UserTie;
  kind: TokenKind;
  /** SHA-256 of the secret; the secret itself is never stored. */
  secretHash: string;
  expire: Date;
  phrase?: string;
  url?: string;
  locale?: string;
  userAgent?: string;
  /** An `oauth2` token's provider. */
  provider?: string;
}

/** The `tokens` collection: single-use secrets a user exchanges for a session. */
export function createTokens(models: Models, claims: Claims) {
  const { Token } = models;
  return {
    async create(input: NewToken): Promise<StoredToken> {
      const created = await Token.create({
        _id: input.id ?? generateId(),
        userId: input.user._id,
        ...epochField('userEpoch', input.user.epoch),
        kind: input.kind,
        secretHash: input.secretHash,
        expire: input.expire,
        phrase: input.phrase ?? '',
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.locale === undefined ? {} : { locale: input.locale }),
        ...(input.userAgent === undefined ? {} : { userAgent: input.userAgent }),
        ...(input.provider === undefined ? {} : { provider: input.provider }),
      });
      return created.toObject();
    },

    /**
     * The unexpired token of `user` (as they are now) whose secret hashes to `secretHash`, or null;
     * with `kind`, only a token of that kind (Appwrite's typed lookups).
     */
    async valid(
      user: UserTie,
      secretHash: string,
      options: { kind?: TokenKind; now?: Date } = {},
    ): Promise<StoredToken | null> {
      const now = options.now ?? new Date();
      const token = await Token.findOne({
        userId: user._id,
        secretHash,
        ...(options.kind ? { kind: options.kind } : {}),
      }).lean();
      if (!token || token.expire.getTime() < now.getTime()) return null;
      return sameEpoch(token.userEpoch, user.epoch) ? token : null;
    },

    /**
     * Uses a token up: true for exactly one of any number of concurrent callers. The decision is a
     * claim (an insert under a unique id: FerretDB lets concurrent conditional deletes of one
     * document all report a match), then the token is deleted.
     */
    async use(token: Pick<StoredToken, '_id'>): Promise<boolean> {
      if (!(await claims.claim(`token:${token._id}`, 'use'))) return false;
      await Token.deleteOne({ _id: token._id });
      return true;
    },

    /** Tokens by id (the mail worker's batched reads: a mailed token's email). */
    byIds(ids: readonly string[]): Promise<StoredToken[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return Token.find({ _id: { $in: ids } }).lean();
    },

    /**
     * Removes the unused tokens of `kind` that `user` has, but `keep`: a new email code replaces
     * the codes mailed before it, so guesses are always against one code (docs/security.md).
     */
    async deleteOthersOfKind(user: Pick<UserTie, '_id'>, kind: TokenKind, keep: string): Promise<void> {
      await Token.deleteMany({ userId: user._id, kind, _id: { $ne: keep } });
    },

    /** Cleanup: removes tokens past their expiry. */
    async deleteExpired(now = new Date()): Promise<number> {
      return (await Token.deleteMany({ expire: { $lt: now } })).deletedCount;
    },
  };
}
