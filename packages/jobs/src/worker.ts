import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_ACTIVITY_LOG_RETENTION_MS, deleteExpired, type Repositories } from '@roster/db';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { type Redis } from 'ioredis';
import { DEFAULT_RETRY, invitationJobOptions, type RetrySettings } from './job-options.ts';
import { type MailTransport } from './mail-transport.ts';
import { batchedReads } from './mail/batched-reads.ts';
import { type MailKind } from './mail/kind.ts';
import { buildMimeMessage } from './mail/mime-message.ts';
import { MAIL_KINDS } from './mail/registry.ts';
import { type TemplateOverrides } from './mail/template-overrides.ts';
import { sendMail, type MailDeps } from './processors/send-mail.ts';
import { sweepMailOutbox, sweepMemory } from './processors/sweep-mail-outbox.ts';
import { type EventConsumer } from './events/consumer.ts';
import { createEventDispatcher, type EventDispatchSettings } from './events/dispatcher.ts';
import { DEFAULT_QUEUE_PREFIX, JOB, QUEUE } from './queues.ts';

/** Where the worker logs (pino in apps/server); errors go in `err`, so their stack is kept. */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WorkerRuntime {
  /** Stops taking jobs, lets running ones finish, then closes the queues (not the connection). */
  close(): Promise<void>;
}

export interface MailWorkerSettings {
  /**
   * Emails sent in parallel by this process. The jobs' database work is batched across the jobs
   * running at once (one read per collection, one write per kind of write), so more jobs in flight
   * means fewer database commands per email: 50 by default.
   */
  concurrency: number;
  /** Emails per second across all workers (BullMQ's limiter is global); undefined: no limit. */
  ratePerSecond: number | undefined;
  retry: RetrySettings;
  /**
   * How long a worker that stopped answering (crashed, frozen, cut off) keeps its jobs: BullMQ's
   * `lockDuration` and the send claims' lease. A crashed worker's email is retried after one to
   * two times this; a live worker renews both, however long its SMTP server takes.
   */
  stallTimeoutMs: number;
  /** How often the outbox is swept, and how old a `queued` invitation must be to be swept. */
  sweepIntervalMs: number;
  /** How often expired sessions, old claims and activity log entries past retention are deleted. */
  cleanupIntervalMs: number;
  /** How long activity log entries are kept (docs/events.md#activity-logs). */
  activityLogRetentionMs: number;
}

export const DEFAULT_MAIL_SETTINGS: MailWorkerSettings = {
  concurrency: 50,
  ratePerSecond: undefined,
  retry: DEFAULT_RETRY,
  stallTimeoutMs: 30_000,
  sweepIntervalMs: 10_000,
  cleanupIntervalMs: 3_600_000,
  activityLogRetentionMs: DEFAULT_ACTIVITY_LOG_RETENTION_MS,
};

export interface StartWorkersOptions {
  /** A `worker` connection (`createRedisConnection(url, 'worker')`); the caller closes it. */
  connection: Redis;
  logger: JobLogger;
  prefix?: string;
  repos: Repositories;
  transport: MailTransport;
  mail: {
    from: string;
    projectName: string;
    secretKey: string;
    /** The invitation's overrides (`ROSTER_MAIL_TEMPLATES_DIR`'s top level). */
    templates?: TemplateOverrides;
    /** Every other kind's, by kind name (its sub-folder); `loadMailOverrides` reads both. */
    kindTemplates?: Readonly<Record<string, TemplateOverrides>>;
  };
  settings?: Partial<MailWorkerSettings>;
  /** The kinds of email the worker sends and sweeps: MAIL_KINDS (mail/registry.ts) unless given. */
  kinds?: readonly MailKind<unknown>[];
  /** The event stream's consumers (activity logs, webhooks, realtime); none by default. */
  consumers?: readonly EventConsumer[];
  events?: Partial<EventDispatchSettings>;
}

const SWEEPER_ID = 'invitation-outbox';
const CLEANUP_ID = 'cleanup';
const EVENTS_POLL_ID = 'events-poll';

/**
 * Starts the mail worker (invitation emails), the outbox sweeper, the maintenance job and the event
 * dispatcher on their queues. Jobs carry
 * ids only; `processors/` hold the logic, this file only wires it to BullMQ and logs each job.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<WorkerRuntime> {
  const { connection, logger, prefix = DEFAULT_QUEUE_PREFIX, repos, transport } = options;
  const settings = { ...DEFAULT_MAIL_SETTINGS, ...options.settings };
  const kinds = options.kinds ?? MAIL_KINDS;
  const jobOptions = invitationJobOptions(settings.retry);

  const mailQueue = new Queue(QUEUE.mail, { connection, prefix });
  const outboxQueue = new Queue(QUEUE.mailOutbox, { connection, prefix });
  const maintenanceQueue = new Queue(QUEUE.maintenance, { connection, prefix });
  const eventsQueue = new Queue(QUEUE.events, { connection, prefix });
  for (const queue of [mailQueue, outboxQueue, maintenanceQueue, eventsQueue]) {
    queue.on('error', (error) => logger.error({ queue: queue.name, err: error }, 'queue error'));
  }

  // The worker's database work is grouped: reads by id into one `$in` per collection, claims and
  // delivery writes into one command per batch (group-commit.ts), across the jobs it runs at once.
  const outbox = repos.outbox.grouped();
  const reads = batchedReads(repos);
  const templateOf = (kind: string): TemplateOverrides =>
    (kind === 'invitation' ? options.mail.templates : options.mail.kindTemplates?.[kind]) ?? {};
  const deps: Omit<MailDeps, 'templates'> = {
    context: {
      reads,
      outbox,
      mailOutbox: repos.mailOutbox,
      secretKey: options.mail.secretKey,
      projectName: options.mail.projectName,
    },
    ledger: outbox,
    // The message is built in one pass and handed over whole (mail/mime-message.ts): nodemailer
    // still speaks SMTP (pool, TLS, auth, errors), without a stream pipeline per MIME part.
    send: async (mail) => {
      const { envelope, raw, messageId } = buildMimeMessage(mail);
      await transport.sendMail({ envelope, raw });
      return { messageId };
    },
    from: options.mail.from,
    leaseMs: settings.stallTimeoutMs,
    holder: `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`,
  };

  const mail = new Worker(
    QUEUE.mail,
    async (job: Job, token?: string) => {
      const kind = kinds.find((candidate) => candidate.jobName === job.name);
      if (!kind) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${QUEUE.mail}"`);
      const started = performance.now();
      const attempt = job.attemptsMade + 1;
      const maxAttempts = job.opts.attempts ?? 1;
      const parsed = kind.data.safeParse(job.data);
      const fields = {
        queue: QUEUE.mail,
        kind: kind.name,
        jobId: job.id,
        ...(parsed.success ? kind.describe(parsed.data) : {}),
        attempt,
      };
      const durationMs = () => Math.round(performance.now() - started);
      try {
        const result = await sendMail(
          kind,
          job.data,
          { attempt, maxAttempts },
          { ...deps, templates: templateOf(kind.name) },
        );
        if (result.outcome === 'deferred') {
          logger.info(
            { ...fields, outcome: 'deferred', reason: result.reason, durationMs: durationMs() },
            `${kind.name} email deferred`,
          );
          await job.moveToDelayed(result.until, token);
          throw new DelayedError();
        }
        logger.info(
          { ...fields, ...result, durationMs: durationMs() },
          `${kind.name} email ${result.outcome}`,
        );
        return result;
      } catch (error) {
        if (error instanceof DelayedError) throw error;
        const final = error instanceof UnrecoverableError || attempt >= maxAttempts;
        logger[final ? 'error' : 'warn'](
          {
            ...fields,
            outcome: final ? 'failed' : 'retry',
            err: error,
            durationMs: durationMs(),
          },
          final ? `${kind.name} email failed` : `${kind.name} email will be retried`,
        );
        throw error;
      }
    },
    {
      connection,
      prefix,
      concurrency: settings.concurrency,
      ...(settings.ratePerSecond ? { limiter: { max: settings.ratePerSecond, duration: 1000 } } : {}),
      lockDuration: settings.stallTimeoutMs,
      stalledInterval: settings.stallTimeoutMs,
      // A job whose worker died is retried; one that keeps killing workers ends up failed, and
      // the sweeper queues it again later (its email still waits).
      maxStalledCount: 2,
    },
  );

  // One sweeper for every kind that writes its requests before queueing them. A job found in
  // flight is asked about again after three sweeps (sweep-mail-outbox.ts, SweepMemory).
  const memory = sweepMemory(3 * settings.sweepIntervalMs);
  const sweeper = new Worker(
    QUEUE.mailOutbox,
    async () => {
      const started = performance.now();
      const total = { scanned: 0, enqueued: 0, requeued: 0 };
      for (const kind of kinds) {
        const result = await sweepMailOutbox({
          kind,
          source: repos,
          staleAfterMs: settings.sweepIntervalMs,
          jobState: (key) => mailQueue.getJobState(kind.jobId(key)),
          memory,
          id: (key) => kind.jobId(key),
          removeJob: async (key) => {
            await mailQueue.remove(kind.jobId(key));
          },
          enqueue: async (key) => {
            await mailQueue.add(kind.jobName, key, { ...jobOptions, jobId: kind.jobId(key) });
          },
          onError: (key, error) =>
            logger.error(
              { queue: QUEUE.mailOutbox, kind: kind.name, ...kind.describe(key), err: error },
              'outbox sweep could not queue an email',
            ),
        });
        total.scanned += result.scanned;
        total.enqueued += result.enqueued;
        total.requeued += result.requeued;
      }
      if (total.enqueued + total.requeued > 0) {
        logger.info(
          { queue: QUEUE.mailOutbox, ...total, durationMs: Math.round(performance.now() - started) },
          'outbox swept',
        );
      }
      return total;
    },
    { connection, prefix, concurrency: 1 },
  );

  const cleaner = new Worker(
    QUEUE.maintenance,
    async () => {
      const started = performance.now();
      const deleted = await deleteExpired(repos, new Date(), {
        eventRetentionMs: dispatcher.settings.retentionMs,
        activityLogRetentionMs: settings.activityLogRetentionMs,
      });
      // The safety net of stored team totals (docs/database.md#team-totals): a process that died
      // between a membership write and its recount left one off.
      const totalsHealed = await repos.teams.healTotals();
      logger.info(
        {
          queue: QUEUE.maintenance,
          deleted,
          totalsHealed,
          durationMs: Math.round(performance.now() - started),
        },
        'expired sessions, old claims, events, activity log and mail outbox entries deleted, team totals checked',
      );
      return { ...deleted, totalsHealed };
    },
    { connection, prefix, concurrency: 1 },
  );

  const dispatcher = createEventDispatcher({
    events: repos.events,
    consumers: options.consumers ?? [],
    logger,
    ...(options.events ? { settings: options.events } : {}),
  });
  // Polled on a schedule and nudged by the API; one pass at a time across all workers (global
  // concurrency 1), so consumers see each resource's events in order (docs/events.md#dispatch).
  const eventWorker = new Worker(
    QUEUE.events,
    async () => {
      const result = await dispatcher.runUntilIdle();
      if (result.delivered + result.committed + result.discarded > 0) {
        logger.info({ queue: QUEUE.events, ...result }, 'events dispatched');
      }
      return result;
    },
    { connection, prefix, concurrency: 1 },
  );

  for (const worker of [mail, sweeper, cleaner, eventWorker]) {
    worker.on('error', (error) => logger.error({ queue: worker.name, err: error }, 'worker error'));
  }

  // Schedulers live in Redis: (re)declare them on every connect, so a Redis that restarted empty
  // gets them back. Upserting is idempotent across worker processes.
  const schedule = (queue: Queue, id: string, every: number, name: string) =>
    queue
      .upsertJobScheduler(id, { every }, { name, data: {}, opts: { removeOnComplete: 10, removeOnFail: 10 } })
      .then(
        () => undefined,
        (error: unknown) => logger.error({ queue: queue.name, err: error }, `cannot schedule ${name}`),
      );
  const upsertSchedulers = () =>
    Promise.all([
      schedule(outboxQueue, SWEEPER_ID, settings.sweepIntervalMs, JOB.sweepInvitations),
      schedule(maintenanceQueue, CLEANUP_ID, settings.cleanupIntervalMs, JOB.cleanup),
      schedule(eventsQueue, EVENTS_POLL_ID, dispatcher.settings.pollIntervalMs, JOB.dispatchEvents),
      eventsQueue
        .setGlobalConcurrency(1)
        .catch((error: unknown) =>
          logger.error({ queue: QUEUE.events, err: error }, 'cannot limit the event dispatcher to one pass'),
        ),
    ]);
  const onReady = () => void upsertSchedulers();
  connection.on('ready', onReady);

  await Promise.all([
    mail.waitUntilReady(),
    sweeper.waitUntilReady(),
    cleaner.waitUntilReady(),
    eventWorker.waitUntilReady(),
  ]);
  await upsertSchedulers();
  logger.info(
    {
      queues: [QUEUE.mail, QUEUE.mailOutbox, QUEUE.maintenance, QUEUE.events],
      prefix,
      concurrency: settings.concurrency,
      ratePerSecond: settings.ratePerSecond ?? null,
    },
    'worker ready',
  );

  return {
    async close() {
      connection.off('ready', onReady);
      await Promise.all([mail.close(), sweeper.close(), cleaner.close(), eventWorker.close()]);
      await Promise.all([
        mailQueue.close(),
        outboxQueue.close(),
        maintenanceQueue.close(),
        eventsQueue.close(),
      ]);
    },
  };
}
