import { type RosterEvent } from '@roster/db';

/**
 * A consumer of the event stream (docs/events.md): activity logs, webhooks, realtime. The
 * dispatcher hands each consumer the committed events in `sequence` order per resource, at least
 * once: a consumer must be idempotent by `event.id`, and throw to have the batch retried.
 */
export interface EventConsumer {
  readonly name: string;
  consume(events: readonly RosterEvent[]): Promise<void>;
}
