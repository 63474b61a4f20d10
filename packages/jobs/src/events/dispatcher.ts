import { type EventStore } from '@roster/db';
import { type EventConsumer } from './consumer.ts';

export interface EventDispatchSettings {
  /** How often the worker looks for events without being nudged (`ROSTER_EVENT_POLL_INTERVAL`). */
  pollIntervalMs: number;
  /** Events handed to a consumer at once (`ROSTER_EVENT_BATCH_SIZE`). */
  batchSize: number;
  /** How old a `pending` event must be before the sweeper resolves it (`ROSTER_EVENT_GRACE`). */
  graceMs: number;
  /** How long events are kept, dispatched or not (`ROSTER_EVENT_RETENTION`). */
  retentionMs: number;
  /** A failing consumer waits this long before its first retry, doubling up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_EVENT_SETTINGS: EventDispatchSettings = {
  pollIntervalMs: 1000,
  batchSize: 200,
  graceMs: 30_000,
  retentionMs: 30 * 24 * 60 * 60 * 1000,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
};

export interface DispatchLogger {
  warn(fields: object, message: string): void;
}

export interface PassResult {
  /** Events handed to consumers (counted once per consumer that took them). */
  delivered: number;
  /** Pending events the sweeper committed or discarded. */
  committed: number;
  discarded: number;
  /** Consumers that threw in this pass. */
  failed: string[];
}

/**
 * The dispatcher (docs/events.md#dispatch). Each pass first lets the sweeper resolve pending
 * events older than the grace period, then gives every consumer its next batch: the events it
 * has not taken, in order per resource, never past a pending one. A consumer that throws gets the
 * same events again after a backoff (1 s doubling to 5 min), while the others go on: each consumer
 * has its own progress (`delivered` on the event), so one that keeps failing blocks only itself.
 * An event is `done` once every consumer took it.
 *
 * One dispatcher runs at a time (the BullMQ queue's global concurrency is 1, worker.ts), so the
 * order a consumer sees is the order of the stream. Consumers must be idempotent by event id: a
 * crash after `consume` and before the mark hands the batch out again.
 */
export function createEventDispatcher(options: {
  events: EventStore;
  consumers: readonly EventConsumer[];
  logger: DispatchLogger;
  settings?: Partial<EventDispatchSettings>;
}) {
  const { events, consumers, logger } = options;
  const settings = { ...DEFAULT_EVENT_SETTINGS, ...options.settings };
  const names = consumers.map((consumer) => consumer.name);
  const backoff = new Map<string, { failures: number; retryAt: number }>();

  async function feed(consumer: EventConsumer | undefined, now: number): Promise<number> {
    const name = consumer?.name;
    if (name !== undefined && (backoff.get(name)?.retryAt ?? 0) > now) return 0;
    const batch = await events.nextFor(name, settings.batchSize);
    if (batch.length === 0) return 0;
    if (consumer) await consumer.consume(batch);
    await events.markDelivered(
      batch.map((event) => event.id),
      name,
      names,
    );
    if (name !== undefined) backoff.delete(name);
    return batch.length;
  }

  async function pass(now = Date.now()): Promise<PassResult> {
    const swept = await events.resolvePending({
      olderThan: new Date(now - settings.graceMs),
      limit: settings.batchSize,
    });
    const result: PassResult = { delivered: 0, ...swept, failed: [] };
    const feeds = consumers.length === 0 ? [undefined] : consumers;
    await Promise.all(
      feeds.map(async (consumer) => {
        try {
          result.delivered += await feed(consumer, now);
        } catch (error) {
          const name = consumer?.name ?? '';
          const failures = (backoff.get(name)?.failures ?? 0) + 1;
          const delayMs = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (failures - 1));
          backoff.set(name, { failures, retryAt: now + delayMs });
          result.failed.push(name);
          logger.warn({ consumer: name, failures, retryInMs: delayMs, err: error }, 'event consumer failed');
        }
      }),
    );
    return result;
  }

  return {
    pass,
    settings,
    /** Passes until one delivers nothing, or `maxMs` is spent (then the next poll goes on). */
    async runUntilIdle(maxMs = 5000): Promise<PassResult> {
      const started = Date.now();
      const total: PassResult = { delivered: 0, committed: 0, discarded: 0, failed: [] };
      for (;;) {
        const result = await pass();
        total.delivered += result.delivered;
        total.committed += result.committed;
        total.discarded += result.discarded;
        total.failed.push(...result.failed);
        if (result.delivered === 0 || Date.now() - started >= maxMs) return total;
      }
    },
  };
}

export type EventDispatcher = ReturnType<typeof createEventDispatcher>;
