import { Queue } from 'bullmq';
import { type Redis } from 'ioredis';
import { DEFAULT_QUEUE_PREFIX, QUEUE } from '../queues.ts';
import {
  DEFAULT_WEBHOOK_RETRY,
  WEBHOOK_JOB,
  WebhookJobData,
  webhookJobOptions,
  type WebhookRetrySettings,
} from './job.ts';

/** Where deliveries are handed: the event consumer and replays add jobs, the worker sends them. */
export interface WebhookQueue {
  /** Adds the jobs; a job whose id is already queued or kept is not added again. */
  add(jobs: readonly { jobId: string; data: WebhookJobData }[]): Promise<void>;
  close(): Promise<void>;
}

export interface WebhookQueueOptions {
  connection: Redis;
  prefix?: string;
  retry?: WebhookRetrySettings;
}

export function createWebhookQueue(options: WebhookQueueOptions): WebhookQueue {
  const { connection, prefix = DEFAULT_QUEUE_PREFIX, retry = DEFAULT_WEBHOOK_RETRY } = options;
  const queue = new Queue(QUEUE.webhooks, { connection, prefix });
  queue.on('error', () => {});
  const opts = webhookJobOptions(retry);
  return {
    async add(jobs) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map(({ jobId, data }) => ({
          name: WEBHOOK_JOB,
          data: WebhookJobData.parse(data),
          opts: { ...opts, jobId },
        })),
      );
    },
    close: () => queue.close(),
  };
}
