import { z } from 'zod';
import { ZBulkInvitationResult } from '../../dto/bulk-invitations.ts';
import { AppError } from '../../errors.ts';
import { idempotentCall, zIdempotencyKey } from '../../middleware/idempotency.ts';
import { limitInvitationRows } from '../../middleware/rate-limit.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { rest } from '../../openapi/meta.ts';
import { BULK_INVITATIONS_MAX, inviteMany, type BulkRow } from '../../services/bulk-invitations.ts';
import { appwriteValidationMessage } from '../../validation/appwrite-message.ts';
import { zEmail, zPhone, zRoles, zText, zUid, zUrl } from '../../validation/params.ts';

/** A row as `teams.createMembership` takes it (without `url`, which the rows share). */
const ZRow = z.object({
  email: zEmail().optional(),
  userId: zUid().optional(),
  phone: zPhone().optional(),
  roles: zRoles(),
  name: zText(128).optional(),
});

/**
 * What the envelope accepts of a row: its shape only, so that one malformed row is reported
 * `invalid` on its own (ZRow) instead of refusing the whole call.
 */
const ZLooseRow = z.object({
  email: z.string().max(1024).optional(),
  userId: z.string().max(1024).optional(),
  phone: z.string().max(1024).optional(),
  roles: z.array(z.string().max(1024)).max(1024),
  name: z.string().max(1024).optional(),
});

/**
 * POST /v1/teams/{teamId}/memberships/bulk (Roster): up to 100 invitations with a result per row
 * and a dry run (docs/invitations.md#bulk-invitations). Owners and API keys, as createMembership;
 * each row spends one unit of its rate limits.
 */
export const createMemberships = teamOwnerProcedure('User is not allowed to send invitations for this team')
  .meta(rest('POST', '/teams/{teamId}/memberships/bulk', 'Create team memberships in bulk (Roster)'))
  .use((opts) => idempotentCall(opts))
  .input(
    z.object({
      rows: z.array(ZLooseRow).min(1).max(BULK_INVITATIONS_MAX),
      url: zUrl().optional(),
      dryRun: z.boolean().optional(),
      idempotencyKey: zIdempotencyKey().optional(),
    }),
  )
  .output(ZBulkInvitationResult)
  .mutation(async ({ ctx, input }) => {
    const dryRun = input.dryRun ?? false;
    const rows = input.rows.map((raw): BulkRow => {
      const parsed = ZRow.safeParse(raw);
      return parsed.success
        ? { input: parsed.data }
        : { invalid: new AppError('general_argument_invalid', appwriteValidationMessage(parsed.error)) };
    });
    const allowed = await limitInvitationRows(ctx, rows.length, dryRun);
    return inviteMany(ctx.deps, ctx.actor, ctx.team, rows, { url: input.url, dryRun, allowed });
  });
