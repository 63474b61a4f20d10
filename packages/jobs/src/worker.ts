import { UnrecoverableError, Worker } from 'bullmq';
import { type Redis } from 'ioredis';
import { DEFAULT_QUEUE_PREFIX, QUEUE } from './queues.ts';

export interface JobLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WorkerRuntime {
  /** Stops taking jobs, lets running ones finish, then closes the BullMQ connection. */
  close(): Promise<void>;
}

/**
 * Starts the job workers. Until invitation emails land (issue #4) the mail queue has no job
 * handlers: a job on it fails permanently with a clear reason instead of being retried.
 */
export async function startWorkers(options: {
  connection: Redis;
  logger: JobLogger;
  prefix?: string;
}): Promise<WorkerRuntime> {
  const { connection, logger, prefix = DEFAULT_QUEUE_PREFIX } = options;
  const mail = new Worker(
    QUEUE.mail,
    (job) => {
      throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${QUEUE.mail}"`);
    },
    { connection, prefix },
  );
  mail.on('failed', (job, error) =>
    logger.error({ queue: QUEUE.mail, jobId: job?.id, job: job?.name, error: error.message }, 'job failed'),
  );
  mail.on('error', (error) => logger.error({ queue: QUEUE.mail, error: error.message }, 'worker error'));
  await mail.waitUntilReady();
  logger.info({ queues: [QUEUE.mail], prefix }, 'worker ready');
  return { close: () => mail.close() };
}
