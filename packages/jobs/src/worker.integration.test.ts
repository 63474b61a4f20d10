import { randomBytes } from 'node:crypto';
import { type Repositories } from '@roster/db';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, startRedisServer, type MailSink, type RedisHandle } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invitationJobId } from './invitation-job.ts';
import { createInvitationQueue, QueueUnavailableError } from './invitation-queue.ts';
import { createMailTransport } from './mail-transport.ts';
import { QUEUE } from './queues.ts';
import { createRedisConnection } from './redis.ts';
import { deleteQueueKeys } from './testing/queue-keys.ts';
import { insertInvitation } from './testing/invitation-fixtures.ts';
import { waitFor } from './testing/wait-for.ts';
import { startWorkers, type JobLogger, type MailWorkerSettings } from './worker.ts';

const db = useTestRepositories();
const services = testServices();

const SETTINGS: Partial<MailWorkerSettings> = {
  concurrency: 4,
  retry: { attempts: 4, backoffMs: 150 },
  stallTimeoutMs: 2000,
  sweepIntervalMs: 400,
};

interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function memoryLogger(lines: LogLine[]): JobLogger {
  const log = (level: string) => (fields: object, message: string) =>
    lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A worker runtime and a producer on one Redis, with a queue prefix of their own. */
async function startPipeline(repos: Repositories, sink: MailSink, redisUrl: string) {
  const prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
  const workerRedis = createRedisConnection(redisUrl, 'worker');
  const producerRedis = createRedisConnection(redisUrl, 'producer');
  const transport = createMailTransport(sink.url);
  const logs: LogLine[] = [];
  const runtime = await startWorkers({
    connection: workerRedis,
    logger: memoryLogger(logs),
    prefix,
    repos,
    transport,
    mail: { from: 'Roster <no-reply@roster.test>', projectName: 'Roster Test', secretKey: 'k'.repeat(40) },
    settings: SETTINGS,
  });
  const producer = createInvitationQueue({ connection: producerRedis, prefix, retry: SETTINGS.retry });
  await waitFor(() => producerRedis.status === 'ready', 'the producer connection');
  return {
    prefix,
    runtime,
    producer,
    producerRedis,
    workerRedis,
    transport,
    logs,
    async stop() {
      await runtime.close();
      await producer.close();
      await deleteQueueKeys(workerRedis, prefix).catch(() => {});
      transport.close();
      workerRedis.disconnect();
      producerRedis.disconnect();
    },
  };
}

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(() => sink.stop());
beforeEach(() => {
  sink.clear();
  sink.failWith(null);
});

const delivery = async (membershipId: string) => (await db.repos.memberships.byId(membershipId))?.delivery;

describe('the mail worker on real Redis and SMTP', () => {
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let inspect: Queue;
  beforeAll(async () => {
    pipeline = await startPipeline(db.repos, sink, services.redisUrl);
    inspect = new Queue(QUEUE.mail, { connection: pipeline.workerRedis, prefix: pipeline.prefix });
  });
  afterAll(async () => {
    await inspect.close();
    await pipeline.stop();
  });

  it('delivers an enqueued invitation once, however often it is enqueued, and logs the job', async () => {
    const invite = await insertInvitation(db.store);
    await Promise.all([pipeline.producer.enqueue(invite), pipeline.producer.enqueue(invite)]);
    await pipeline.producer.enqueue(invite);
    await sink.waitForMessages(1);
    await waitFor(async () => (await delivery(invite.membershipId))?.state === 'sent', 'sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages).toHaveLength(1);
    expect(await inspect.getJobState(invitationJobId(invite))).toBe('completed');

    const line = pipeline.logs.find((entry) => entry.fields.membershipId === invite.membershipId);
    expect(line).toMatchObject({ level: 'info', message: 'invitation email sent' });
    expect(line?.fields).toMatchObject({ attempt: 1, outcome: 'sent', attempts: 1 });
    expect(line?.fields.durationMs).toBeTypeOf('number');
    const secretish = JSON.stringify(pipeline.logs);
    expect(secretish).not.toContain('secret=');
    expect(secretish).not.toContain('http://localhost:5173');
  });

  it('retries while the server answers 451, then delivers', async () => {
    const invite = await insertInvitation(db.store);
    sink.failWith({ code: 451, message: '4.3.0 mailbox busy' });
    await pipeline.producer.enqueue(invite);
    await waitFor(
      async () => ((await delivery(invite.membershipId))?.attempts ?? 0) >= 2,
      'two refused attempts',
    );
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'queued',
      lastError: '451 4.3.0 mailbox busy',
    });
    sink.failWith(null);
    await sink.waitForMessages(1);
    await waitFor(async () => (await delivery(invite.membershipId))?.state === 'sent', 'sent');
    const final = await delivery(invite.membershipId);
    expect(final?.attempts).toBeGreaterThanOrEqual(3);
    expect(final?.lastError).toBe('');
    expect(sink.messages).toHaveLength(1);
    expect(
      pipeline.logs.some(
        (entry) => entry.fields.membershipId === invite.membershipId && entry.fields.outcome === 'retry',
      ),
    ).toBe(true);
  });

  it('stops at a permanent refusal (550): failed with the reason, one attempt, no loop', async () => {
    const invite = await insertInvitation(db.store);
    sink.failWith({ code: 550, message: '5.1.1 no such mailbox' });
    await pipeline.producer.enqueue(invite);
    await waitFor(
      async () => (await inspect.getJobState(invitationJobId(invite))) === 'failed',
      'the job to fail',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: '550 5.1.1 no such mailbox',
    });
    const job = await inspect.getJob(invitationJobId(invite));
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toBe('550 5.1.1 no such mailbox');
    expect(sink.messages).toHaveLength(0);
  });

  it('the outbox sweeper sends invitations that never reached the queue', async () => {
    const invite = await insertInvitation(db.store, { queuedAt: new Date(Date.now() - 60_000) });
    await sink.waitForMessages(1);
    await waitFor(async () => (await delivery(invite.membershipId))?.state === 'sent', 'sent');
    expect(sink.messages[0]?.to).toEqual([invite.inviteeEmail]);
  });

  it('reports the queue for /health: depth, failures and the oldest waiting job', async () => {
    // The previous test's job shows `sent` before it leaves `active` (two database round trips and
    // BullMQ's finish later; seconds on a loaded machine).
    await waitFor(async () => (await pipeline.producer.stats()).active === 0, 'the last job to finish');
    const stats = await pipeline.producer.stats();
    expect(stats).toMatchObject({ waiting: 0, active: 0, oldestWaitingMs: 0 });
    expect(stats.failed).toBeGreaterThanOrEqual(1);
  });
});

describe('when Redis is down as the invitation is created', () => {
  let redis: RedisHandle;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  beforeAll(async () => {
    redis = await startRedisServer(() => {});
    pipeline = await startPipeline(db.repos, sink, redis.url);
  });
  afterAll(async () => {
    await pipeline.stop();
    await redis.stop();
  });

  it('the producer fails fast, and the email goes out once Redis is back (outbox sweep)', async () => {
    await redis.stop();
    await waitFor(() => pipeline.producerRedis.status !== 'ready', 'the producer to notice');
    const invite = await insertInvitation(db.store);
    const started = Date.now();
    await expect(pipeline.producer.enqueue(invite)).rejects.toBeInstanceOf(QueueUnavailableError);
    await expect(pipeline.producer.stats()).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(500);

    // Back on the same port, empty (no persistence): the worker reconnects and re-declares the sweeper.
    redis = await startRedisServer(() => {}, { port: Number(new URL(redis.url).port) });
    await sink.waitForMessages(1, 20_000);
    await waitFor(async () => (await delivery(invite.membershipId))?.state === 'sent', 'sent');
    expect(sink.messages).toHaveLength(1);
  });
});
