import {
  APPWRITE_VERSION,
  createRateLimits,
  DEFAULT_RATE_LIMIT_SETTINGS,
  limitPasswordWork,
  type ApiDeps,
} from '@roster/api';
import { connectDatabase, createRepositories, pingDatabase, syncIndexes, type Connection } from '@roster/db';
import {
  createEventNudge,
  createInvitationQueue,
  createMailQueue,
  createMailTransport,
  createRedisConnection,
  createSmtpCheck,
  createWebhookQueue,
  pingRedisConnection,
  waitForRedisReady,
  type MailTransport,
  type Redis,
  type NetworkPolicy,
  type RedisRole,
  type WebhookRetrySettings,
} from '@roster/jobs';
import { createObjectStore, type ObjectStore } from '@roster/storage';
import { type Config } from './config.ts';
import { redactUrl, type Logger } from './logger.ts';

/** The SSRF rule's exceptions (docs/security.md#webhook-ssrf). */
export function webhookPolicy(config: Config): NetworkPolicy {
  return { allowPrivate: config.ROSTER_WEBHOOK_ALLOW_PRIVATE, allowed: config.ROSTER_WEBHOOK_ALLOWED_HOSTS };
}

export function webhookRetry(config: Config): WebhookRetrySettings {
  return {
    attempts: config.ROSTER_WEBHOOK_ATTEMPTS,
    backoffMs: config.ROSTER_WEBHOOK_BACKOFF_MS,
    maxBackoffMs: config.ROSTER_WEBHOOK_MAX_BACKOFF_MS,
  };
}

/** `User-Agent` of deliveries, in Appwrite's words (docs/events.md#headers). */
export function webhookUserAgent(config: Config): string {
  const mailAddress = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM;
  return `Appwrite-Server v${APPWRITE_VERSION}. Please report abuse at ${config.ROSTER_WEBHOOK_ABUSE_EMAIL ?? mailAddress}`;
}

/** Everything the webhook worker needs from the configuration. */
export function webhookWorkerSettings(config: Config) {
  return {
    projectId: config.ROSTER_PROJECT_ID,
    userAgent: webhookUserAgent(config),
    concurrency: config.ROSTER_WEBHOOK_CONCURRENCY,
    timeoutMs: config.ROSTER_WEBHOOK_TIMEOUT_MS,
    maxFailedAttempts: config.ROSTER_WEBHOOK_MAX_FAILED_ATTEMPTS,
    excerptBytes: config.ROSTER_WEBHOOK_RESPONSE_EXCERPT,
    retry: webhookRetry(config),
    retentionMs: config.ROSTER_WEBHOOK_DELIVERY_RETENTION * 1000,
    cleanupIntervalMs: config.ROSTER_CLEANUP_INTERVAL_MS,
  };
}

/** How long start-up waits for Redis before serving without it. */
const REDIS_STARTUP_WAIT_MS = 3000;

/** The connections a process holds, and how to close them in order. */
export interface Infrastructure {
  connection: Connection;
  redis: Redis;
  mail: MailTransport;
  /** Where uploaded files' bytes live (ROSTER_STORAGE). */
  store: ObjectStore;
  apiDeps: ApiDeps;
  close(): Promise<void>;
}

/** A service the process cannot start without did not answer: said in one line, its cause kept. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Connects to MongoDB, or fails naming the server (password hidden) and why. */
export async function connectDatabaseOrFail(
  uri: string,
  options?: Parameters<typeof connectDatabase>[1],
): Promise<Connection> {
  try {
    return await connectDatabase(uri, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`cannot reach MongoDB at ${redactUrl(uri)}: ${reason}`, { cause: error });
  }
}

/**
 * Connects to MongoDB (required: start-up fails with a clear message when it does not answer),
 * Redis (reconnects in the background; /health reports it) and the SMTP transport.
 */
export async function connectInfrastructure(
  config: Config,
  logger: Logger,
  redisRole: RedisRole,
): Promise<Infrastructure> {
  const connection = await connectDatabaseOrFail(config.MONGODB_URI, {
    serverSelectionTimeoutMS: config.ROSTER_DB_TIMEOUT_MS,
  });
  logger.info({ database: redactUrl(config.MONGODB_URI) }, 'database connected');
  // argon2 shares libuv's thread pool with fs and dns: cap it for the whole process.
  limitPasswordWork({
    concurrency: config.ROSTER_PASSWORD_CONCURRENCY,
    maxWaiting: config.ROSTER_PASSWORD_QUEUE,
  });
  // The unique indexes are invariants (one membership per user and team, unique emails): build
  // them before serving.
  await syncIndexes(connection);

  const redis = createRedisConnection(config.REDIS_URL, redisRole);
  redis.on('ready', () => logger.info({ redis: redactUrl(config.REDIS_URL) }, 'redis connected'));
  // Serve with Redis connected when it answers soon; a Redis that is down does not stop start-up
  // (/health reports it, and invitation emails wait in the outbox until it is back).
  if (!(await waitForRedisReady(redis, REDIS_STARTUP_WAIT_MS))) {
    logger.warn({ redis: redactUrl(config.REDIS_URL) }, 'redis not reachable yet; starting without it');
  }
  const mail = createMailTransport(config.SMTP_URL);
  // Fails fast while Redis is down: the membership stays `queued` and the outbox sweeper sends it.
  const invitations = createInvitationQueue({
    connection: redis,
    prefix: config.ROSTER_QUEUE_PREFIX,
    retry: { attempts: config.ROSTER_MAIL_ATTEMPTS, backoffMs: config.ROSTER_MAIL_BACKOFF_MS },
  });
  // The other kinds' emails (sign-in, verification, recovery): they wait in the mail outbox while
  // Redis is down.
  const mailQueue = createMailQueue({
    connection: redis,
    prefix: config.ROSTER_QUEUE_PREFIX,
    retry: { attempts: config.ROSTER_MAIL_ATTEMPTS, backoffMs: config.ROSTER_MAIL_BACKOFF_MS },
  });

  // Wakes the event dispatcher after changes; the worker's poll covers a nudge lost to Redis.
  const events = createEventNudge({ connection: redis, prefix: config.ROSTER_QUEUE_PREFIX });
  // Replays queue their deliveries here; the webhook worker (worker.ts) sends them.
  const webhookQueue = createWebhookQueue({
    connection: redis,
    prefix: config.ROSTER_QUEUE_PREFIX,
    retry: webhookRetry(config),
  });

  const store = await createObjectStore(config.storage);
  logger.info({ storage: store.kind }, 'file store ready');

  const repos = createRepositories(connection);
  return {
    connection,
    redis,
    mail,
    store,
    apiDeps: {
      webhooks: {
        policy: webhookPolicy(config),
        queue: webhookQueue,
        // `replay since` re-sends what the event stream kept (docs/events.md#replay).
        events: { since: (since, names, limit) => repos.events.since(since, limit, names) },
      },
      repos,
      logger,
      config: {
        projectId: config.ROSTER_PROJECT_ID,
        projectName: config.ROSTER_PROJECT_NAME,
        redirectHosts: config.ROSTER_REDIRECT_HOSTS,
        secretKey: config.ROSTER_SECRET_KEY,
        jwtSecret: config.ROSTER_JWT_SECRET,
        bootstrapApiKey: config.ROSTER_API_KEY,
        inviteTtlSeconds: config.ROSTER_INVITE_TTL || undefined,
        teamMemberLimit: config.ROSTER_TEAM_MEMBER_LIMIT || undefined,
        storageLimit: config.ROSTER_STORAGE_LIMIT,
        ownershipTransferTtlSeconds: config.ROSTER_OWNERSHIP_TRANSFER_TTL,
        sessionDurationSeconds: config.ROSTER_SESSION_DURATION,
        sessionAlerts: config.ROSTER_SESSION_ALERTS,
        publicUrl: config.ROSTER_PUBLIC_URL,
        corsOrigins: config.ROSTER_CORS_ORIGINS,
        cookieDomain: config.ROSTER_COOKIE_DOMAIN,
        oauth2: config.oauth2,
        membershipPrivacy: config.ROSTER_MEMBERSHIP_PRIVACY,
        roleCatalog: config.ROSTER_ROLE_CATALOG,
      },
      rateLimits: createRateLimits(
        {
          redis,
          keyPrefix: `${config.ROSTER_QUEUE_PREFIX}:ratelimit`,
          timeoutMs: config.ROSTER_RATE_LIMIT_TIMEOUT_MS,
        },
        {
          invitesPerWindow: config.ROSTER_INVITE_RATE_LIMIT,
          inviteWindowSeconds: config.ROSTER_INVITE_RATE_WINDOW,
          invitesPerAddress: config.ROSTER_INVITE_ADDRESS_LIMIT,
          invitesPerUserPerDay: config.ROSTER_INVITE_DAILY_LIMIT,
          signInFailuresPerAccount: config.ROSTER_SIGNIN_ACCOUNT_LIMIT,
          signInFailuresPerAddress: config.ROSTER_SIGNIN_ADDRESS_LIMIT,
          signInBackoffAfter: config.ROSTER_SIGNIN_BACKOFF_AFTER,
          signInBackoffSeconds: config.ROSTER_SIGNIN_BACKOFF_SECONDS,
          signUpsPerAddress: config.ROSTER_SIGNUP_LIMIT,
          passwordChanges: config.ROSTER_PASSWORD_CHANGE_LIMIT,
          acceptFailuresPerAddress: config.ROSTER_ACCEPT_LIMIT,
          webhookReplaysPerHour: config.ROSTER_WEBHOOK_REPLAY_LIMIT,
          jwtsPerMinute: config.ROSTER_JWT_LIMIT,
          // Appwrite's fixed 10 per user and hour.
          mfaChallengesPerHour: DEFAULT_RATE_LIMIT_SETTINGS.mfaChallengesPerHour,
          // Appwrite's, fixed (docs/security.md#mailed-sign-ins).
          magicUrlTokensPerHour: DEFAULT_RATE_LIMIT_SETTINGS.magicUrlTokensPerHour,
          emailTokensPerHour: DEFAULT_RATE_LIMIT_SETTINGS.emailTokensPerHour,
          oauth2PerAddress: config.ROSTER_OAUTH2_LIMIT,
        },
      ),
      invitations,
      mail: mailQueue,
      events,
      health: {
        database: () => pingDatabase(connection),
        redis: () => pingRedisConnection(redis),
        smtp: createSmtpCheck(mail),
        storage: () => store.check(),
        mailQueue: () => invitations.stats(),
      },
    },
    async close() {
      await invitations.close();
      await mailQueue.close();
      await events.close();
      await webhookQueue.close();
      mail.close();
      redis.disconnect();
      await store.close();
      await connection.close();
    },
  };
}
