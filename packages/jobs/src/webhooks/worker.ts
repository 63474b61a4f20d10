import { createSecretBox, type Repositories } from '@roster/db';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { type Redis } from 'ioredis';
import { DEFAULT_QUEUE_PREFIX, QUEUE } from '../queues.ts';
import { type JobLogger, type WorkerRuntime } from '../worker.ts';
import { DEFAULT_WEBHOOK_DELIVERY, deliverWebhook, type WebhookDeliverySettings } from './deliver.ts';
import {
  DEFAULT_WEBHOOK_RETRY,
  WEBHOOK_BACKOFF,
  WEBHOOK_CLEANUP_JOB,
  WEBHOOK_JOB,
  WebhookJobData,
  webhookBackoffDelay,
  type WebhookRetrySettings,
} from './job.ts';
import { type Connector } from './post.ts';
import { DEFAULT_NETWORK_POLICY, systemResolver, type NetworkPolicy, type Resolver } from './ssrf.ts';

export interface WebhookWorkerSettings extends WebhookDeliverySettings {
  /** Deliveries sent in parallel by this process (`ROSTER_WEBHOOK_CONCURRENCY`). */
  concurrency: number;
  retry: WebhookRetrySettings;
  /** How long the delivery log is kept (`ROSTER_WEBHOOK_DELIVERY_RETENTION`). */
  retentionMs: number;
  cleanupIntervalMs: number;
}

export const DEFAULT_WEBHOOK_WORKER = {
  ...DEFAULT_WEBHOOK_DELIVERY,
  concurrency: 10,
  retry: DEFAULT_WEBHOOK_RETRY,
  retentionMs: 30 * 24 * 3600 * 1000,
  cleanupIntervalMs: 3_600_000,
};

export interface StartWebhookWorkerOptions {
  connection: Redis;
  logger: JobLogger;
  prefix?: string;
  repos: Repositories;
  /** `ROSTER_SECRET_KEY`: opens the sealed signing secrets and passwords. */
  secretKey: string;
  settings: Partial<WebhookWorkerSettings> & Pick<WebhookWorkerSettings, 'projectId' | 'userAgent'>;
  policy?: NetworkPolicy;
  resolve?: Resolver;
  connect?: Connector;
}

const CLEANUP_ID = 'webhook-deliveries-cleanup';

/**
 * The webhook worker (docs/events.md#webhooks) on its own queue, so a slow receiver never delays
 * invitation emails. A failed delivery throws so that BullMQ retries it with the webhook backoff;
 * one that cannot succeed (refused URL, webhook disabled by this failure) ends at once.
 */
export async function startWebhookWorker(options: StartWebhookWorkerOptions): Promise<WorkerRuntime> {
  const { connection, logger, prefix = DEFAULT_QUEUE_PREFIX, repos } = options;
  const settings: WebhookWorkerSettings = { ...DEFAULT_WEBHOOK_WORKER, ...options.settings };
  const deps = {
    repos,
    box: createSecretBox(options.secretKey),
    settings,
    policy: options.policy ?? DEFAULT_NETWORK_POLICY,
    resolve: options.resolve ?? systemResolver,
    ...(options.connect ? { connect: options.connect } : {}),
  };

  const worker = new Worker(
    QUEUE.webhooks,
    async (job: Job) => {
      if (job.name === WEBHOOK_CLEANUP_JOB) {
        const deleted = await repos.webhooks.deleteDeliveriesBefore(
          new Date(Date.now() - settings.retentionMs),
        );
        if (deleted > 0) logger.info({ queue: QUEUE.webhooks, deleted }, 'old webhook deliveries deleted');
        return { deleted };
      }
      if (job.name !== WEBHOOK_JOB) {
        throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${QUEUE.webhooks}"`);
      }
      const data = WebhookJobData.parse(job.data);
      const attempt = job.attemptsMade + 1;
      const fields = {
        queue: QUEUE.webhooks,
        jobId: job.id,
        webhookId: data.webhookId,
        eventId: data.eventId,
        attempt,
      };
      const result = await deliverWebhook(data, attempt, deps);
      if (result.outcome !== 'failed') {
        logger.info({ ...fields, ...result }, `webhook ${result.outcome}`);
        return result;
      }
      const final = result.final || attempt >= (job.opts.attempts ?? 1);
      logger[final ? 'error' : 'warn'](
        {
          ...fields,
          deliveryId: result.deliveryId,
          statusCode: result.statusCode,
          error: result.error,
          disabled: result.disabled,
        },
        final ? 'webhook delivery failed' : 'webhook delivery will be retried',
      );
      const message = `webhook delivery failed: ${result.error}`;
      throw result.final ? new UnrecoverableError(message) : new Error(message);
    },
    {
      connection,
      prefix,
      concurrency: settings.concurrency,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === WEBHOOK_BACKOFF ? webhookBackoffDelay(attemptsMade, settings.retry) : 0,
      },
    },
  );
  worker.on('error', (error) => logger.error({ queue: QUEUE.webhooks, err: error }, 'worker error'));

  const queue = new Queue(QUEUE.webhooks, { connection, prefix });
  queue.on('error', (error) => logger.error({ queue: QUEUE.webhooks, err: error }, 'queue error'));
  const schedule = () =>
    queue
      .upsertJobScheduler(
        CLEANUP_ID,
        { every: settings.cleanupIntervalMs },
        { name: WEBHOOK_CLEANUP_JOB, data: {}, opts: { removeOnComplete: 10, removeOnFail: 10 } },
      )
      .then(
        () => undefined,
        (error: unknown) =>
          logger.error({ queue: QUEUE.webhooks, err: error }, 'cannot schedule the cleanup'),
      );
  const onReady = () => void schedule();
  connection.on('ready', onReady);
  await worker.waitUntilReady();
  await schedule();
  logger.info({ queue: QUEUE.webhooks, prefix, concurrency: settings.concurrency }, 'webhook worker ready');

  return {
    async close() {
      connection.off('ready', onReady);
      await worker.close();
      await queue.close();
    },
  };
}
