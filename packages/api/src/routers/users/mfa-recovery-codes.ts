import { z } from 'zod';
import { ZMfaRecoveryCodes } from '../../dto/mfa.ts';
import { rest } from '../../openapi/meta.ts';
import {
  createRecoveryCodes,
  getRecoveryCodes,
  regenerateRecoveryCodes,
} from '../../services/mfa/recovery-codes.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';

const PATH = '/users/{userId}/mfa/recovery-codes';
const input = z.object({ userId: zUid() });

/** GET /v1/users/{userId}/mfa/recovery-codes: the remaining codes; 404 when there are none. */
export const getMFARecoveryCodes = scopedProcedure('users.read')
  .meta(rest('GET', PATH, 'Get MFA recovery codes'))
  .input(input)
  .output(ZMfaRecoveryCodes)
  .query(async ({ ctx, input }) => ({
    recoveryCodes: await getRecoveryCodes(ctx.deps, input.userId),
  }));

/** PATCH /v1/users/{userId}/mfa/recovery-codes: the first set (200, as Appwrite); 409 while codes remain. */
export const createMFARecoveryCodes = scopedProcedure('users.write')
  .meta(rest('PATCH', PATH, 'Create MFA recovery codes'))
  .input(input)
  .output(ZMfaRecoveryCodes)
  .mutation(async ({ ctx, input }) => ({
    recoveryCodes: await createRecoveryCodes(ctx.deps, ctx.actor, input.userId),
  }));

/** PUT /v1/users/{userId}/mfa/recovery-codes: a new set replaces the old; 404 when there is none. */
export const updateMFARecoveryCodes = scopedProcedure('users.write')
  .meta(rest('PUT', PATH, 'Update MFA recovery codes (regenerate)'))
  .input(input)
  .output(ZMfaRecoveryCodes)
  .mutation(async ({ ctx, input }) => ({
    recoveryCodes: await regenerateRecoveryCodes(ctx.deps, ctx.actor, input.userId),
  }));
