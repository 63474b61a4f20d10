import { z } from 'zod';
import { ZMfaChallenge, ZMfaFactors, toMfaChallengeDto } from '../../dto/mfa.ts';
import { ZSession, toSessionDto } from '../../dto/session.ts';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { limitMfaChallenges, throttleMfaCodes } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { completeMfaChallenge, createMfaChallenge } from '../../services/mfa/challenges.ts';
import { factorsOf } from '../../services/mfa/factors.ts';
import { updateAccountMfa } from '../../services/mfa/update-mfa.ts';
import { getUser } from '../../services/users.ts';
import { accountProcedure, mfaAccountProcedure } from '../../trpc.ts';
import { MISSING, zText } from '../../validation/params.ts';
import { zMfaFactor } from '../../validation/mfa.ts';

/** PATCH /v1/account/mfa: turns MFA on or off (strict boolean, as Appwrite). */
export const updateMFA = accountProcedure
  .meta(rest('PATCH', '/account/mfa', 'Update MFA'))
  .input(
    z.object({
      mfa: z.boolean({
        error: (issue) => (issue.input === undefined ? MISSING : 'Value must be a valid boolean'),
      }),
    }),
  )
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await updateAccountMfa(ctx.deps.repos, ctx.actor, ctx.user, input.mfa)),
  );

/** GET /v1/account/mfa/factors: reachable before the second factor (Appwrite's `mfa` group). */
export const listMFAFactors = mfaAccountProcedure
  .meta(rest('GET', '/account/mfa/factors', 'List factors'))
  .output(ZMfaFactors)
  .query(async ({ ctx }) =>
    factorsOf(await getUser(ctx.deps.repos, ctx.user.userId), ctx.deps.config.secretKey),
  );

/** A challenge request at `path` (Appwrite keeps the old path as an alias): 10 per user and hour, as Appwrite. */
function challengeRequest(path: `/${string}`, summary: string) {
  return mfaAccountProcedure
    .meta(rest('POST', path, summary))
    .input(z.object({ factor: zMfaFactor() }))
    .use(async ({ ctx, next }) => {
      await limitMfaChallenges(ctx);
      return next();
    })
    .output(ZMfaChallenge)
    .mutation(async ({ ctx, input }) =>
      toMfaChallengeDto(await createMfaChallenge(ctx.deps, ctx.actor, ctx.user, input.factor)),
    );
}

/** A challenge completion at `path`; wrong codes are throttled as failed sign-ins. */
function challengeCompletion(path: `/${string}`, summary: string) {
  return mfaAccountProcedure
    .meta(rest('PUT', path, summary))
    .input(z.object({ challengeId: zText(256), otp: zText(256) }))
    .use(({ ctx, next }) => throttleMfaCodes(ctx, () => next()))
    .output(ZSession)
    .mutation(async ({ ctx, input }) =>
      toSessionDto(await completeMfaChallenge(ctx.deps, ctx.actor, ctx.user, input), { current: false }),
    );
}

/** POST /v1/account/mfa/challenges: `email` mails a six-digit code to the verified address. */
export const createMFAChallenge = challengeRequest('/account/mfa/challenges', 'Create MFA challenge');

/** POST /v1/account/mfa/challenge: Appwrite's deprecated path of the same request. */
export const createChallenge = challengeRequest('/account/mfa/challenge', 'Create challenge');

/** PUT /v1/account/mfa/challenges: completes a challenge. */
export const updateMFAChallenge = challengeCompletion(
  '/account/mfa/challenges',
  'Update MFA challenge (confirmation)',
);

/** PUT /v1/account/mfa/challenge: Appwrite's deprecated path of the same completion. */
export const updateChallenge = challengeCompletion('/account/mfa/challenge', 'Update challenge');
