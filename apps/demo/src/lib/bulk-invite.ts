import { TRPCClientError } from '@trpc/client';
import { describeError } from './errors.ts';

/** At most this many addresses per request (the server's limit). */
export const BULK_INVITE_MAX = 100;

/**
 * Pasted addresses, one per line or separated by commas or semicolons; `Name <address>` keeps the
 * address. Blanks are dropped; what remains is sent as typed, so the server reports a malformed
 * address on its own row.
 */
export function parseAddresses(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((entry) => entry.trim())
    .map((entry) => /<([^<>]*)>\s*$/.exec(entry)?.[1]?.trim() ?? entry)
    .filter(Boolean);
}

export type BulkRowStatus = 'created' | 'resent' | 'already_member' | 'invalid' | 'rate_limited' | 'failed';

/** What each row's status means to the owner. */
export const STATUS_LABELS: Record<BulkRowStatus, string> = {
  created: 'Invited',
  resent: 'Invitation sent again',
  already_member: 'Already a member',
  invalid: 'Not invited',
  rate_limited: 'Not invited: too many invitations, try later',
  failed: 'Not invited: server error, try again',
};

/** The same labels for a dry run: nothing happened yet. */
export const DRY_RUN_LABELS: Record<BulkRowStatus, string> = {
  created: 'Would be invited',
  resent: 'Would be invited again',
  already_member: 'Already a member',
  invalid: 'Would not be invited',
  rate_limited: 'Would not be invited: too many invitations',
  failed: 'Server error, try again',
};

/**
 * A sentence for one row's error, chosen as for a failed call (lib/errors.ts: from the type and the
 * field it names, never the raw message); the same address twice is said plainly.
 */
export function describeRowError(error: { type: string; message: string }): string {
  if (/^Same invitee as row/.test(error.message)) return 'This address is listed twice.';
  return describeError(
    TRPCClientError.from({
      error: { message: error.message, code: -32600, data: { type: error.type } },
    }),
  );
}
