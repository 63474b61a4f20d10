import {
  createRealtimePublisher,
  createWebhookConsumer,
  loadMailOverrides,
  MAIL_TEMPLATES,
  startWebhookWorker,
  startWorkers,
  TemplateConfigError,
  type TemplateOverrides,
} from '@roster/jobs';
import { activityLogConsumer } from './activity-logs.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectInfrastructure, webhookPolicy, webhookWorkerSettings } from './infrastructure.ts';
import { createLogger } from './logger.ts';
import { runMain } from './run-main.ts';
import { handleShutdownSignals } from './shutdown.ts';

/**
 * Owners' email templates, every kind's (docs/mail.md#changing-the-wording), validated before
 * anything connects: a bad file stops start-up.
 */
async function loadTemplates(config: Config): Promise<Record<string, TemplateOverrides>> {
  if (!config.ROSTER_MAIL_TEMPLATES_DIR) return {};
  try {
    return await loadMailOverrides(config.ROSTER_MAIL_TEMPLATES_DIR, MAIL_TEMPLATES);
  } catch (error) {
    if (error instanceof TemplateConfigError)
      throw new ConfigError(`ROSTER_MAIL_TEMPLATES_DIR: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The job worker process: scales separately from the API; finishes running jobs on SIGTERM. */
await runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'roster-worker', { format: config.LOG_FORMAT });
  const templates = await loadTemplates(config);
  const infrastructure = await connectInfrastructure(config, logger, 'worker');
  // Webhook deliveries on their own queue: a slow receiver never holds back an email. Started
  // first, so that "worker ready" (logged by startWorkers) means every queue is served.
  const webhooks = await startWebhookWorker({
    connection: infrastructure.redis,
    logger,
    prefix: config.ROSTER_QUEUE_PREFIX,
    repos: infrastructure.apiDeps.repos,
    secretKey: config.ROSTER_SECRET_KEY,
    settings: webhookWorkerSettings(config),
    policy: webhookPolicy(config),
  });

  const workers = await startWorkers({
    connection: infrastructure.redis,
    logger,
    prefix: config.ROSTER_QUEUE_PREFIX,
    repos: infrastructure.apiDeps.repos,
    transport: infrastructure.mail,
    mail: {
      from: config.MAIL_FROM,
      projectName: config.ROSTER_PROJECT_NAME,
      secretKey: config.ROSTER_SECRET_KEY,
      templates: templates.invitation ?? {},
      kindTemplates: templates,
    },
    settings: {
      concurrency: config.ROSTER_MAIL_CONCURRENCY,
      ratePerSecond: config.ROSTER_MAIL_RATE_PER_SECOND,
      retry: { attempts: config.ROSTER_MAIL_ATTEMPTS, backoffMs: config.ROSTER_MAIL_BACKOFF_MS },
      stallTimeoutMs: config.ROSTER_MAIL_STALL_TIMEOUT_MS,
      sweepIntervalMs: config.ROSTER_MAIL_SWEEP_INTERVAL_MS,
      cleanupIntervalMs: config.ROSTER_CLEANUP_INTERVAL_MS,
      activityLogRetentionMs: config.ROSTER_ACTIVITY_LOG_RETENTION * 1000,
    },
    // The event stream's consumers (activity logs, webhooks, realtime). Realtime publishes on Redis
    // pub/sub for the API processes' sockets (docs/events.md#realtime).
    consumers: [
      await activityLogConsumer(config, infrastructure.apiDeps.repos),
      createRealtimePublisher(infrastructure.redis, { prefix: config.ROSTER_QUEUE_PREFIX }),
      createWebhookConsumer({
        repos: infrastructure.apiDeps.repos,
        queue: infrastructure.apiDeps.webhooks!.queue!,
      }),
    ],
    events: {
      pollIntervalMs: config.ROSTER_EVENT_POLL_INTERVAL_MS,
      batchSize: config.ROSTER_EVENT_BATCH_SIZE,
      graceMs: config.ROSTER_EVENT_GRACE_MS,
      retentionMs: config.ROSTER_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
    },
  });

  // SIGTERM: stop taking jobs and let running sends finish (bounded by the send timeout), then
  // close the queues and the connections.
  handleShutdownSignals(logger, async () => {
    await Promise.all([workers.close(), webhooks.close()]);
    await infrastructure.close();
  });
});
