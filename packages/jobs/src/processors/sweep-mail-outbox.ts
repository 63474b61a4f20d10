import { type MailKind, type SweepSource } from '../mail/kind.ts';

export interface MailSweepDeps<Key> {
  kind: Pick<MailKind<Key>, 'staleQueued' | 'describe'>;
  source: SweepSource;
  /** BullMQ state of the email's job (`unknown` when there is none). */
  jobState(key: Key): Promise<string>;
  /** Removes a finished job, so the same id can be added again. */
  removeJob(key: Key): Promise<void>;
  enqueue(key: Key): Promise<void>;
  /** Emails waiting for less than this are left to the producer. */
  staleAfterMs: number;
  batchSize?: number;
  now?: () => number;
  onError?: (key: Key, error: unknown) => void;
  /**
   * Emails whose job this worker's previous sweeps found in flight (sweepMemory): not asked about
   * again until the memory forgets them. Without it every sweep asks about every waiting email.
   */
  memory?: SweepMemory;
  /** The key's identity for `memory` (the job id). */
  id?: (key: Key) => string;
}

/**
 * What a worker's sweeps remember between runs: emails whose job was waiting, active or delayed
 * at a recent sweep. During a backlog the oldest `queued` emails are exactly those whose jobs wait
 * their turn, and asking BullMQ for each job's state at every sweep cost about two Redis round
 * trips per email drained (scenario 4). A job found in flight runs, or is retried, without the
 * sweeper; only one that finished while its email still waits (a crash between the worker's last
 * steps) needs it, and that one is found at most `recheckMs` later than before.
 */
export interface SweepMemory {
  inFlightSince(id: string, now: number): boolean;
  sawInFlight(id: string, now: number): void;
  forgetOlder(now: number): void;
}

export function sweepMemory(recheckMs: number): SweepMemory {
  const seen = new Map<string, number>();
  return {
    inFlightSince: (id, now) => (seen.get(id) ?? -Infinity) > now - recheckMs,
    sawInFlight: (id, now) => void seen.set(id, now),
    forgetOlder(now) {
      for (const [id, at] of seen) if (at <= now - recheckMs) seen.delete(id);
    },
  };
}

export interface SweepResult {
  /** Waiting emails older than `staleAfterMs` that were looked at. */
  scanned: number;
  /** Added because the mail queue had no job for them (Redis was down, or the API died). */
  enqueued: number;
  /** Added again because their job had finished while the email still waits. */
  requeued: number;
}

const IN_FLIGHT = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused']);

/**
 * The outbox sweep of one kind of email: finds emails still waiting some time after they were
 * written and makes sure the mail queue has a job for each. Adding is idempotent with the producer
 * (same job id), so a sweep that races the API adds nothing.
 *
 * A job id that already finished would make `add` a silent no-op, which matters in one case: the
 * job completed or failed while the email still waits (the worker died between its last steps, or
 * BullMQ failed a job that stalled too often). Then the old job is removed and the email queued
 * again; the send claims make that safe if it had in fact been sent. A newer email of the same
 * thing (a re-invite) needs none of this: its new version is a new job id.
 */
export async function sweepMailOutbox<Key>(deps: MailSweepDeps<Key>): Promise<SweepResult> {
  const result: SweepResult = { scanned: 0, enqueued: 0, requeued: 0 };
  if (!deps.kind.staleQueued) return result;
  const now = deps.now ?? Date.now;
  const stale = await deps.kind.staleQueued(deps.source, {
    olderThan: new Date(now() - deps.staleAfterMs),
    limit: deps.batchSize ?? 500,
  });
  result.scanned = stale.length;
  const { memory, id } = deps;
  const at = now();
  memory?.forgetOlder(at);
  for (const key of stale) {
    try {
      if (memory && id && memory.inFlightSince(id(key), at)) continue;
      const state = await deps.jobState(key);
      if (IN_FLIGHT.has(state)) {
        if (id) memory?.sawInFlight(id(key), at);
        continue;
      }
      if (state === 'completed' || state === 'failed') {
        await deps.removeJob(key);
        await deps.enqueue(key);
        result.requeued += 1;
      } else {
        await deps.enqueue(key);
        result.enqueued += 1;
      }
    } catch (error) {
      deps.onError?.(key, error);
    }
  }
  return result;
}
