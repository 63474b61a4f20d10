import { z } from 'zod';
import { BULK_ROW_STATUSES } from '../services/bulk-invitations.ts';
import { ZMembership } from './membership.ts';

/** One row's outcome in a bulk invitation (Roster, docs/invitations.md#bulk-invitations). */
export const ZBulkInvitationRow = z
  .object({
    index: z.number().int(),
    status: z.enum(BULK_ROW_STATUSES),
    membership: ZMembership.optional(),
    error: z.object({ type: z.string(), message: z.string(), code: z.number().int() }).optional(),
  })
  .meta({ id: 'BulkInvitationRow' });

export const ZBulkInvitationResult = z
  .object({
    dryRun: z.boolean(),
    total: z.number().int(),
    counts: z.object(
      Object.fromEntries(BULK_ROW_STATUSES.map((status) => [status, z.number().int()])) as Record<
        (typeof BULK_ROW_STATUSES)[number],
        z.ZodNumber
      >,
    ),
    rows: z.array(ZBulkInvitationRow),
  })
  .meta({ id: 'BulkInvitationResult' });

/** A pending invitation an API key delivers itself: the membership and its accept link, shown once. */
export const ZMembershipWithLink = z
  .object({ membership: ZMembership, url: z.string() })
  .meta({ id: 'MembershipWithLink' });
