import { randomBytes } from 'node:crypto';
import {
  createCaller,
  createContextInner,
  createRateLimits,
  DEFAULT_RATE_LIMIT_SETTINGS,
  type ApiDeps,
} from '@roster/api';
import { type InvitationQueue, type Repositories } from '@roster/db';
import { type Redis } from '@roster/jobs';

export const BENCH_CONFIG = {
  projectId: 'bench',
  projectName: 'Roster Bench',
  secretKey: randomBytes(32).toString('hex'),
};

/**
 * The API in process (the router called directly, as the HTTP adapter does after parsing), on
 * the real database and Redis; `createMembership` hands invitations to `invitations`.
 */
export function createApi(repos: Repositories, redis: Redis, invitations: InvitationQueue) {
  const deps: ApiDeps = {
    repos,
    logger: { warn: () => {}, error: () => {} },
    config: {
      projectId: BENCH_CONFIG.projectId,
      projectName: BENCH_CONFIG.projectName,
      redirectHosts: ['localhost'],
      secretKey: BENCH_CONFIG.secretKey,
      sessionDurationSeconds: 3600,
    },
    health: {
      database: async () => {},
      redis: async () => {},
      smtp: async () => {},
      storage: async () => {},
    },
    // One owner invites thousands from one address: no limit may shape the feed.
    rateLimits: createRateLimits(
      { redis, keyPrefix: `bench:ratelimit:${randomBytes(4).toString('hex')}`, timeoutMs: 5000 },
      {
        ...DEFAULT_RATE_LIMIT_SETTINGS,
        invitesPerWindow: 100_000_000,
        invitesPerAddress: 100_000_000,
        invitesPerUserPerDay: 100_000_000,
        signUpsPerAddress: 100_000_000,
        signInFailuresPerAccount: 100_000_000,
        signInFailuresPerAddress: 100_000_000,
      },
    ),
    invitations,
  };
  let cookie = '';
  const call = (headers: Record<string, string> = {}) =>
    createCaller(
      createContextInner(deps, {
        requestId: randomBytes(8).toString('hex'),
        req: { headers },
        res: {
          setHeader: () => {},
          setCookie: (name, value) => {
            if (name === `a_session_${BENCH_CONFIG.projectId}`) cookie = value;
          },
        },
      }),
    );

  return {
    /** Signs up an owner and creates their team; returns a function that invites one address. */
    async ownerWithTeam() {
      const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
      const password = randomBytes(12).toString('hex');
      await call().account.create({ userId: 'unique()', email, password, name: 'Bench Owner' });
      await call().account.createEmailPasswordSession({ email, password });
      const session = { 'x-appwrite-session': cookie };
      const team = await call(session).teams.create({ teamId: 'unique()', name: 'Bench Team' });
      return (invitee: string) =>
        call(session).teams.createMembership({
          teamId: team.$id,
          email: invitee,
          roles: [],
          url: 'http://localhost:5173/join',
        });
    },
  };
}
