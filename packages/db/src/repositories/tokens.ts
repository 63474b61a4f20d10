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
  /** Mailed tokens: the page the link opens and the email's locale. */
  url?: string;
  locale?: string;
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
        url: input.url ?? '',
        locale: input.locale ?? '',
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

    /** Tokens by id (the mail worker's batched read of a mailed token). */
    byIds(ids: readonly string[]): Promise<StoredToken[]> {
      return Token.find({ _id: { $in: [...ids] } }).lean();
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

    /** Cleanup: removes tokens past their expiry. */
    async deleteExpired(now = new Date()): Promise<number> {
      return (await Token.deleteMany({ expire: { $lt: now } })).deletedCount;
    },
  };
}
