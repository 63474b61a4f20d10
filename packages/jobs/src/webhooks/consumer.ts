import { type Repositories } from '@roster/db';
import { type EventConsumer } from '../events/consumer.ts';
import { webhookJobData, webhookJobId } from './job.ts';
import { type WebhookQueue } from './queue.ts';

/**
 * The webhooks consumer of the event stream (docs/events.md#webhooks): for each event, one job
 * per enabled webhook listing one of the event's names (exact match: the names already carry the
 * wildcard forms). The job id `${eventId}/${webhookId}` makes a re-dispatched event add nothing,
 * so the stream's at-least-once becomes one delivery job per (event, webhook).
 */
export function createWebhookConsumer(deps: {
  repos: Pick<Repositories, 'webhooks'>;
  queue: WebhookQueue;
}): EventConsumer {
  return {
    name: 'webhooks',
    async consume(events) {
      // One query for the whole batch (not one per event: a burst of emails makes one delivery
      // event each), then each event keeps the webhooks that list one of its own names.
      const webhooks = await deps.repos.webhooks.matching([
        ...new Set(events.flatMap((event) => event.names)),
      ]);
      const jobs = [];
      for (const event of events) {
        for (const webhook of webhooks) {
          if (!webhook.events.some((name) => event.names.includes(name))) continue;
          jobs.push({ jobId: webhookJobId(event.id, webhook._id), data: webhookJobData(event, webhook._id) });
        }
      }
      // Added in event order: one BullMQ addBulk is one Redis transaction.
      await deps.queue.add(jobs);
    },
  };
}
