import { type StoredTeam, type TeamTie } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { inviteMember, type InviteInput } from './invitations.ts';
import { findInvitee } from './invitees.ts';

/** The most rows one call may carry (Clerk allows 10). */
export const BULK_INVITATIONS_MAX = 100;
/** Rows invited at once: each takes the team's lock, so more would only queue there. */
const CONCURRENCY = 4;

/** `failed`: the server could not process the row (a bug or an outage); it may be retried. */
export const BULK_ROW_STATUSES = [
  'created',
  'resent',
  'already_member',
  'invalid',
  'rate_limited',
  'failed',
] as const;
export type BulkRowStatus = (typeof BULK_ROW_STATUSES)[number];

/** A row as the edge parsed it: an invitation's input, or why it is not one. */
export type BulkRow = { input: InviteInput } | { invalid: AppError };

export interface BulkRowResult {
  /** The row's position in the request. */
  index: number;
  status: BulkRowStatus;
  /** The membership written (absent in a dry run and for rows that wrote nothing). */
  membership?: MembershipDto;
  error?: { type: string; message: string; code: number };
}

export interface BulkResult {
  dryRun: boolean;
  total: number;
  /** How many rows ended in each status. */
  counts: Record<BulkRowStatus, number>;
  rows: BulkRowResult[];
}

/** Stops the single-invitation service once a dry run's row has passed its validation. */
class DryRunStop extends Error {}

function errorOf(error: AppError): NonNullable<BulkRowResult['error']> {
  return { type: error.type, message: error.message, code: error.status };
}

/** What identifies the row's invitee, to refuse the same person twice in one call. */
function identityOf(input: InviteInput): string {
  if (input.userId) return `user:${input.userId}`;
  if (input.email) return `email:${input.email.toLowerCase()}`;
  return `phone:${input.phone ?? ''}`;
}

/**
 * Up to BULK_INVITATIONS_MAX invitations in one call (docs/invitations.md#bulk-invitations). Each row
 * goes through `inviteMember`, the single invitation's service (validation, events, activity log,
 * the outbox email), a few at a time; a row that fails is reported and never stops the others.
 * Rows from `allowed` on were refused by the rate limit. A dry run validates each row with the
 * same service, stops it before its first write, and reports what it would do.
 */
export async function inviteMany(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'invitations' | 'logger'>,
  actor: Actor,
  team: TeamTie & Pick<StoredTeam, 'name'>,
  rows: readonly BulkRow[],
  options: { url?: string | undefined; dryRun: boolean; allowed: number },
): Promise<BulkResult> {
  const seen = new Map<string, number>();
  const results: BulkRowResult[] = rows.map((row, index) => {
    if (index >= options.allowed) return { index, status: 'rate_limited' };
    if ('invalid' in row) return { index, status: 'invalid', error: errorOf(row.invalid) };
    const identity = identityOf(row.input);
    const first = seen.get(identity);
    if (first !== undefined) {
      const duplicate = new AppError('general_argument_invalid', `Same invitee as row ${first}`);
      return { index, status: 'invalid', error: errorOf(duplicate) };
    }
    seen.set(identity, index);
    return { index, status: 'created' };
  });

  const pending = results.filter((result) => result.status === 'created');
  const runRow = async (result: BulkRowResult) => {
    const row = rows[result.index] as { input: InviteInput };
    const input = { ...row.input, url: options.url };
    try {
      if (options.dryRun) {
        const stopped = await inviteMember(deps, actor, team, input, {
          beforeWrite: () => Promise.reject(new DryRunStop()),
        }).catch((error: unknown) => {
          if (error instanceof DryRunStop) return null;
          throw error;
        });
        if (stopped === null) result.status = await wouldDo(deps, team, input);
      } else {
        result.membership = await inviteMember(deps, actor, team, input, {
          onWritten: ({ outcome }) => {
            result.status = outcome;
          },
        });
      }
    } catch (error) {
      if (error instanceof AppError && error.type === 'membership_already_confirmed') {
        result.status = 'already_member';
      } else if (error instanceof AppError && error.status < 500) {
        result.status = 'invalid';
        result.error = errorOf(error);
      } else {
        // A bug or an outage on one row: reported as such, and the other rows go on.
        deps.logger.error({ err: error, row: result.index }, 'bulk invitation row failed');
        result.status = 'failed';
        result.error = errorOf(error instanceof AppError ? error : new AppError('general_unknown'));
      }
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, pending.length) }, async () => {
      while (next < pending.length) await runRow(pending[next++]!);
    }),
  );

  const counts = Object.fromEntries(BULK_ROW_STATUSES.map((status) => [status, 0])) as BulkResult['counts'];
  for (const result of results) counts[result.status]++;
  return { dryRun: options.dryRun, total: rows.length, counts, rows: results };
}

/** A dry run's row that passed validation: what its write would have been. */
async function wouldDo(
  deps: Pick<ApiDeps, 'repos'>,
  team: TeamTie,
  input: InviteInput,
): Promise<'created' | 'resent' | 'already_member'> {
  const invitee = await findInvitee(deps.repos, {
    userId: input.userId,
    email: input.email?.toLowerCase(),
    phone: input.phone,
  });
  const slot = invitee ? await deps.repos.memberships.slotOf(team, invitee) : null;
  if (!slot) return 'created';
  return slot.confirm ? 'already_member' : 'resent';
}
