import { type Outbox } from '@roster/db';
import { type InvitationJobData } from '../invitation-job.ts';

export interface SweepDeps {
  outbox: Pick<Outbox, 'staleQueued'>;
  /** BullMQ state of the job of this membership and version (`unknown` when there is none). */
  jobState(job: InvitationJobData): Promise<string>;
  /** Removes a finished job, so the same id can be added again. */
  removeJob(job: InvitationJobData): Promise<void>;
  enqueue(job: InvitationJobData): Promise<void>;
  /** Invitations queued for less than this are left to the producer. */
  staleAfterMs: number;
  batchSize?: number;
  now?: () => number;
  onError?: (membershipId: string, error: unknown) => void;
}

export interface SweepResult {
  /** Queued invitations older than `staleAfterMs` that were looked at. */
  scanned: number;
  /** Added because the mail queue had no job for them (Redis was down, or the API died). */
  enqueued: number;
  /** Added again because their job had finished while the membership still says `queued`. */
  requeued: number;
}

const IN_FLIGHT = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused']);

/**
 * The outbox: finds invitations still `queued` some time after they were written and makes sure
 * the mail queue has a job for each. Adding is idempotent with the producer (same job id), so a
 * sweep that races the API adds nothing.
 *
 * A job id that already finished would make `add` a silent no-op, which matters in one case: the
 * job completed or failed while the membership still says `queued` (the worker died between its
 * last steps, or BullMQ failed a job that stalled too often). Then the old job is removed and the
 * email queued again; the send claims make that safe if it had in fact been sent. A re-invite
 * needs none of this: its new secret version is a new job id.
 */
export async function sweepInvitationOutbox(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.now ?? Date.now;
  const stale = await deps.outbox.staleQueued({
    olderThan: new Date(now() - deps.staleAfterMs),
    limit: deps.batchSize ?? 500,
  });

  const result: SweepResult = { scanned: stale.length, enqueued: 0, requeued: 0 };
  for (const job of stale) {
    try {
      const state = await deps.jobState(job);
      if (IN_FLIGHT.has(state)) continue;
      if (state === 'completed' || state === 'failed') {
        await deps.removeJob(job);
        await deps.enqueue(job);
        result.requeued += 1;
      } else {
        await deps.enqueue(job);
        result.enqueued += 1;
      }
    } catch (error) {
      deps.onError?.(job.membershipId, error);
    }
  }
  return result;
}
