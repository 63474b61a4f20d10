import { type Claims } from '../claims.ts';
import { type Models } from '../models/index.ts';
import { type StoredOAuth2Flow } from '../stored.ts';

export type OAuth2Flows = ReturnType<typeof createOAuth2Flows>;

export type NewOAuth2Flow = Omit<StoredOAuth2Flow, 'createdAt'>;

/** The `oauth2Flows` collection: OAuth2 sign-ins between the redirect and the callback. */
export function createOAuth2Flows(models: Models, claims: Claims) {
  const { OAuth2Flow } = models;
  return {
    async create(flow: NewOAuth2Flow): Promise<void> {
      await OAuth2Flow.create(flow);
    },

    /**
     * Takes the unexpired flow of a state hash: exactly one of concurrent callers gets it (a claim,
     * as tokens.use), and it is deleted, so a state works once.
     */
    async take(stateHash: string, now = new Date()): Promise<StoredOAuth2Flow | null> {
      const flow = await OAuth2Flow.findById(stateHash).lean();
      if (!flow || flow.expire.getTime() < now.getTime()) return null;
      if (!(await claims.claim(`oauth2-flow:${stateHash}`, 'use'))) return null;
      await OAuth2Flow.deleteOne({ _id: stateHash });
      return flow;
    },

    /** Cleanup: removes flows past their expiry. */
    async deleteExpired(now = new Date()): Promise<number> {
      return (await OAuth2Flow.deleteMany({ expire: { $lt: now } })).deletedCount;
    },
  };
}
