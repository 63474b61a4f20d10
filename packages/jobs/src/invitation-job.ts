import { z } from 'zod';

/**
 * The payload of a `mail.team-invite` job: ids only. The worker loads everything else (and derives
 * the secret) at send time, so no secret, address or name sits in Redis.
 *
 * Neither id may contain `/`, the separator of the job id and of the send claims (Appwrite ids are
 * `a-zA-Z0-9._-`), which keeps `invite/<membershipId>/<secretVersion>` unambiguous.
 */
export const InvitationJobData = z.object({
  membershipId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/, 'must be an Appwrite id'),
  secretVersion: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'must be 1 to 64 characters a-z A-Z 0-9 . _ -'),
});
export type InvitationJobData = z.infer<typeof InvitationJobData>;

/**
 * One job per membership and secret version: enqueueing twice (a retried request, the sweeper and
 * the API racing) adds one job, and a re-invite (new version) gets a job of its own.
 *
 * BullMQ 6 refuses `:` in custom ids unless the id has exactly three `:`-separated parts (a
 * compatibility path for legacy repeat ids that its source marks for removal), so `/` separates.
 */
export function invitationJobId({ membershipId, secretVersion }: InvitationJobData): string {
  return `invite/${membershipId}/${secretVersion}`;
}
