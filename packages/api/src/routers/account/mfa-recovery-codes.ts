import { ZMfaRecoveryCodes } from '../../dto/mfa.ts';
import { requireRecentChallenge } from '../../middleware/mfa.ts';
import { rest } from '../../openapi/meta.ts';
import {
  createRecoveryCodes,
  getRecoveryCodes,
  regenerateRecoveryCodes,
} from '../../services/mfa/recovery-codes.ts';
import { accountProcedure } from '../../trpc.ts';

const PATH = '/account/mfa/recovery-codes';

/** POST /v1/account/mfa/recovery-codes: six single-use codes; 409 while some remain. */
export const createMFARecoveryCodes = accountProcedure
  .meta(rest('POST', PATH, 'Create MFA recovery codes'))
  .output(ZMfaRecoveryCodes)
  .mutation(async ({ ctx }) => ({
    recoveryCodes: await createRecoveryCodes(ctx.deps, ctx.actor, ctx.user.userId),
  }));

/** GET /v1/account/mfa/recovery-codes: the remaining codes, after a recent challenge. */
export const getMFARecoveryCodes = accountProcedure
  .meta(rest('GET', PATH, 'Get MFA recovery codes'))
  .use(requireRecentChallenge)
  .output(ZMfaRecoveryCodes)
  .query(async ({ ctx }) => ({ recoveryCodes: await getRecoveryCodes(ctx.deps, ctx.user.userId) }));

/** PATCH /v1/account/mfa/recovery-codes: a new set replaces the old, after a recent challenge. */
export const updateMFARecoveryCodes = accountProcedure
  .meta(rest('PATCH', PATH, 'Update MFA recovery codes (regenerate)'))
  .use(requireRecentChallenge)
  .output(ZMfaRecoveryCodes)
  .mutation(async ({ ctx }) => ({
    recoveryCodes: await regenerateRecoveryCodes(ctx.deps, ctx.actor, ctx.user.userId),
  }));
