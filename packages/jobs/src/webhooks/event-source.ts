import { type RosterEvent } from '@roster/db';

/**
 * The committed events a replay re-sends (docs/events.md#replay). The event stream keeps its
 * events for a while (about 30 days); the process wires this to its events repository.
 */
export interface WebhookEventSource {
  /** Events created at or after `since`, oldest first, at most `limit`, any of whose names is in `names`. */
  since(since: Date, names: readonly string[], limit: number): Promise<RosterEvent[]>;
}
