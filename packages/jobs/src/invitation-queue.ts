import { type InvitationQueue } from '@roster/db';
import { Queue } from 'bullmq';
import { type Redis } from 'ioredis';
import { InvitationJobData } from './invitation-job.ts';
import { type MailKind } from './mail/kind.ts';
import { invitationKind } from './mail/kinds/invitation-kind.ts';
import { DEFAULT_RETRY, invitationJobOptions, type RetrySettings } from './job-options.ts';
import { DEFAULT_QUEUE_PREFIX, QUEUE } from './queues.ts';
import { readQueueStats, type QueueStats } from './queue-stats.ts';
import { TimeoutError, withTimeout } from './with-timeout.ts';

/** Redis did not take the job in time; the invitation stays `queued` for the outbox sweeper. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/**
 * The `mail` queue for any kind (docs/mail.md): `add` adds a kind's job, with the kind's job id and
 * the shared job options; `requestMail` (mail/outbox-kind.ts) takes it as its `enqueue`.
 */
export interface RedisMailQueue {
  add<Key>(kind: MailKind<Key>, key: Key): Promise<void>;
  stats(): Promise<QueueStats>;
  close(): Promise<void>;
}

/** The invitation queue (@roster/db's contract) on BullMQ: `enqueue` adds the `mail.team-invite` job. */
export interface RedisInvitationQueue extends InvitationQueue {
  /** The mail queue's depth, failures and oldest waiting job, for `/health`. */
  stats(): Promise<QueueStats>;
  /** Closes the queue; the Redis connection belongs to the caller. */
  close(): Promise<void>;
}

export interface RedisInvitationQueueOptions {
  /** A `producer` connection (`createRedisConnection(url, 'producer')`): no offline queue. */
  connection: Redis;
  prefix?: string;
  retry?: RetrySettings;
  /** Longest an enqueue may take before it gives up (the API call must not hang on Redis). */
  timeoutMs?: number;
}

/**
 * The queue the API hands invitations to. It fails fast when Redis is down: the membership is
 * already written as `queued`, so giving up here loses nothing, while waiting would make the HTTP
 * call hang.
 */
export function createInvitationQueue(options: RedisInvitationQueueOptions): RedisInvitationQueue {
  const queue = createMailQueue(options);
  return {
    enqueue: (job: InvitationJobData) => queue.add(invitationKind, InvitationJobData.parse(job)),
    stats: () => queue.stats(),
    close: () => queue.close(),
  };
}

/** The `mail` queue for every kind; fails fast when Redis is down, like the invitation queue. */
export function createMailQueue(options: RedisInvitationQueueOptions): RedisMailQueue {
  const { connection, prefix = DEFAULT_QUEUE_PREFIX, retry = DEFAULT_RETRY, timeoutMs = 1000 } = options;
  const queue = new Queue(QUEUE.mail, { connection, prefix });
  // The queue re-emits connection errors; /health reports Redis, so they need no log line here.
  queue.on('error', () => {});
  const jobOptions = invitationJobOptions(retry);

  /** BullMQ waits for a connection that is not ready yet; a producer must not. */
  async function whenReady<T>(operation: () => Promise<T>): Promise<T> {
    if (connection.status !== 'ready') {
      throw new QueueUnavailableError(`Redis is not connected (${connection.status})`);
    }
    try {
      return await withTimeout(operation(), timeoutMs, 'Redis');
    } catch (error) {
      if (error instanceof TimeoutError) throw new QueueUnavailableError(error.message);
      throw error;
    }
  }

  return {
    async add<Key>(kind: MailKind<Key>, key: Key) {
      const data = kind.data.parse(key);
      await whenReady(() => queue.add(kind.jobName, data, { ...jobOptions, jobId: kind.jobId(data) }));
    },
    stats: () => whenReady(() => readQueueStats(queue)),
    close: () => queue.close(),
  };
}
