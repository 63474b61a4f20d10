import { type RosterEvent } from '@roster/db';
import { type JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * One delivery of one event to one webhook. The job carries the event's body and names (the
 * event stream may drop the event before the last retry) but no secret, URL or credential: the
 * worker reads the webhook when it sends, so a rotation or an edit applies to pending retries.
 */
export const WebhookJobData = z.object({
  webhookId: z.string().min(1).max(36),
  eventId: z.string().min(1).max(128),
  names: z.array(z.string()),
  body: z.string(),
  userId: z.string(),
  eventCreatedAt: z.string(),
  /** Set on replays: the delivery or replay request this job repeats. */
  replayOf: z.string().optional(),
});
export type WebhookJobData = z.infer<typeof WebhookJobData>;

export const WEBHOOK_JOB = 'webhooks.deliver';
export const WEBHOOK_CLEANUP_JOB = 'webhooks.cleanup';
export const WEBHOOK_BACKOFF = 'webhook-backoff';

/**
 * `${eventId}/${webhookId}`: a second dispatch of the same event (the stream is at least once)
 * adds no second job. BullMQ refuses `:` in custom ids, so `/` separates (ids have no `/`).
 */
export function webhookJobId(eventId: string, webhookId: string): string {
  return `${eventId}/${webhookId}`;
}

/** A replay's job id: unique per replay request, so a replay is never dropped as a duplicate. */
export function replayJobId(replayId: string, eventId: string, webhookId: string): string {
  return `replay/${replayId}/${eventId}/${webhookId}`;
}

/** What the event becomes on the wire: its payload as the API returns it, as JSON. */
export function webhookJobData(event: RosterEvent, webhookId: string, replayOf?: string): WebhookJobData {
  return {
    webhookId,
    eventId: event.id,
    names: [...event.names],
    body: JSON.stringify(event.payload),
    userId: event.actor.type === 'user' ? event.actor.userId : '',
    eventCreatedAt: event.createdAt.toISOString(),
    ...(replayOf ? { replayOf } : {}),
  };
}

export interface WebhookRetrySettings {
  /** Tries per delivery, the first included. */
  attempts: number;
  /** First retry delay; each next one doubles, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetrySettings = {
  attempts: 8,
  backoffMs: 10_000,
  maxBackoffMs: 3_600_000,
};

export function webhookJobOptions(retry: WebhookRetrySettings): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: WEBHOOK_BACKOFF },
    // Kept a week: the job id stops a re-dispatched event for that long (the delivery log after).
    removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 100_000 },
  };
}

/**
 * Exponential backoff with "equal jitter": half the doubled delay, plus a random share of the
 * other half, so the retries of a burst of failures (a receiver down) spread out.
 */
export function webhookBackoffDelay(
  attemptsMade: number,
  retry: WebhookRetrySettings,
  random = Math.random,
): number {
  const exponential = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
