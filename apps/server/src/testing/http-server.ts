import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMailTransport,
  createRealtimePublisher,
  createWebhookConsumer,
  createRedisConnection,
  startWebhookWorker,
  startWorkers,
  type Connector,
  type Resolver,
} from '@roster/jobs';
import { type Repositories } from '@roster/db';
import { testStore, type TestStore } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../app.ts';
import { activityLogConsumer } from '../activity-logs.ts';
import { loadConfig } from '../config.ts';
import {
  connectInfrastructure,
  webhookPolicy,
  webhookWorkerSettings,
  type Infrastructure,
} from '../infrastructure.ts';
import { listen } from '../listen.ts';
import { createLogger, type DestinationStream } from '../logger.ts';
import { type Realtime } from '../realtime/realtime-server.ts';
import { startRealtime } from '../realtime/start.ts';

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  infrastructure: Infrastructure;
  /** The server's repositories (@roster/db). */
  repos: Repositories;
  /** Its stored documents, for seeding and inspecting what no call shows (@roster/db/testing). */
  store: TestStore;
  /** With `{ mail: true }`: the SMTP listener that the in-process mail worker delivers to. */
  mailSink: MailSink;
  /** The realtime endpoint on `/v1/realtime` (listening on the Redis channel of `prefix`). */
  realtime: Realtime;
  /** The Redis key prefix of this server (its queues and its realtime channel). */
  prefix: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Also run the mail worker in-process, delivering to a real SMTP listener (`mailSink`). */
  mail?: boolean;
  /** Serve this demo build under `/`. */
  demoDist?: string;
  /** Log at `trace` into this stream (one JSON line per write), the mail worker's logs too; silent otherwise. */
  logTo?: DestinationStream;
  /**
   * Webhooks: how names resolve (by default no name resolves: tests never ask a real resolver),
   * and with `worker: true` the webhook worker runs in-process, connecting through `connect`.
   */
  webhooks?: { resolve?: Resolver; worker?: boolean; connect?: Connector };
}

/** No name resolves in tests unless a test says how: nothing ever asks a real DNS server. */
export const NO_DNS: Resolver = (host) => Promise.reject(new Error(`ENOTFOUND ${host} (no DNS in tests)`));

/** The `ROSTER_SECRET_KEY` of test servers, unless `env` sets another: invitation secrets derive from it. */
export const TEST_SECRET_KEY = 'http-test-secret-key-0123456789abcdef';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Rate limits no ordinary test reaches (tests sign up, sign in and accept from 127.0.0.1 far more
 * than production allows); a test of a limit sets it in `env`.
 */
const GENEROUS_LIMITS: Record<string, string> = {
  ROSTER_INVITE_RATE_LIMIT: '1000000',
  ROSTER_INVITE_ADDRESS_LIMIT: '1000000',
  ROSTER_INVITE_DAILY_LIMIT: '1000000',
  ROSTER_SIGNIN_ACCOUNT_LIMIT: '1000000',
  ROSTER_SIGNIN_ADDRESS_LIMIT: '1000000',
  ROSTER_SIGNIN_BACKOFF_AFTER: '1000000',
  ROSTER_SIGNUP_LIMIT: '1000000',
  ROSTER_PASSWORD_CHANGE_LIMIT: '1000000',
  ROSTER_ACCEPT_LIMIT: '1000000',
  ROSTER_WEBHOOK_REPLAY_LIMIT: '1000000',
  ROSTER_JWT_LIMIT: '1000000',
  ROSTER_OAUTH2_LIMIT: '1000000',
  // A busy test machine must not fall back to per-process counts.
  ROSTER_RATE_LIMIT_TIMEOUT_MS: '5000',
};

/**
 * The real HTTP app on a free port, over this test worker's database and Redis, with queues of
 * its own (so jobs other files left behind are not delivered here). `env` adds configuration.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  { mail = false, demoDist, logTo, webhooks = {} }: TestServerOptions = {},
): Promise<TestServer> {
  const services = testServices();
  // Each server stores files in a folder of its own, removed when it closes.
  const storageDir = await mkdtemp(join(tmpdir(), 'roster-test-storage-'));
  const config = loadConfig({
    MONGODB_URI: services.databaseUri,
    REDIS_URL: services.redisUrl,
    ROSTER_QUEUE_PREFIX: `${services.redisPrefix}:${randomBytes(4).toString('hex')}`,
    ROSTER_SECRET_KEY: TEST_SECRET_KEY,
    ROSTER_PROJECT_NAME: 'Roster Test',
    // OAuth2 providers on 127.0.0.1 over plain http (testing/oauth2.ts).
    NODE_ENV: 'test',
    ROSTER_STORAGE_DIR: storageDir,
    ...GENEROUS_LIMITS,
    ...env,
  });
  const logger = logTo
    ? createLogger('trace', 'test', { destination: logTo })
    : createLogger('silent', 'test');
  const infrastructure = await connectInfrastructure(config, logger, 'producer');
  const resolve = webhooks.resolve ?? NO_DNS;
  infrastructure.apiDeps.webhooks = { ...infrastructure.apiDeps.webhooks!, resolve };
  const app = createApp({
    api: infrastructure.apiDeps,
    logger,
    trustProxy: config.ROSTER_TRUST_PROXY,
    demoDist,
  });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const realtime = startRealtime(server, { app, config, infrastructure, logger });
  const closers: (() => Promise<void> | void)[] = [];

  let mailSink = undefined as unknown as MailSink;
  if (mail) {
    mailSink = await startMailSink();
    const redis = createRedisConnection(services.redisUrl, 'worker');
    const transport = createMailTransport(mailSink.url);
    const worker = await startWorkers({
      connection: redis,
      logger: logTo ? logger.child({ process: 'worker' }) : silent,
      prefix: config.ROSTER_QUEUE_PREFIX,
      repos: infrastructure.apiDeps.repos,
      transport,
      mail: {
        from: 'Roster <invites@roster.test>',
        projectName: config.ROSTER_PROJECT_NAME,
        secretKey: config.ROSTER_SECRET_KEY,
      },
      settings: { sweepIntervalMs: 500, retry: { attempts: 3, backoffMs: 100 } },
      // Realtime sockets of servers on this prefix get the events this worker dispatches.
      consumers: [
        await activityLogConsumer(config, infrastructure.apiDeps.repos),
        createRealtimePublisher(redis, { prefix: config.ROSTER_QUEUE_PREFIX }),
        createWebhookConsumer({
          repos: infrastructure.apiDeps.repos,
          queue: infrastructure.apiDeps.webhooks.queue!,
        }),
      ],
      events: { pollIntervalMs: 200 },
    });
    closers.push(
      () => worker.close(),
      () => transport.close(),
      () => redis.disconnect(),
      () => mailSink.stop(),
    );
  }

  if (webhooks.worker) {
    const redis = createRedisConnection(services.redisUrl, 'worker');
    const worker = await startWebhookWorker({
      connection: redis,
      logger: logTo ? logger.child({ process: 'worker' }) : silent,
      prefix: config.ROSTER_QUEUE_PREFIX,
      repos: infrastructure.apiDeps.repos,
      secretKey: config.ROSTER_SECRET_KEY,
      settings: webhookWorkerSettings(config),
      policy: webhookPolicy(config),
      resolve,
      ...(webhooks.connect ? { connect: webhooks.connect } : {}),
    });
    closers.push(
      () => worker.close(),
      () => redis.disconnect(),
    );
  }

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    infrastructure,
    repos: infrastructure.apiDeps.repos,
    store: testStore(infrastructure.connection),
    mailSink,
    realtime,
    prefix: config.ROSTER_QUEUE_PREFIX,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const close of closers) await close();
      await infrastructure.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

/** `startTestServer` for one test file: started before its tests, closed after. Read it inside tests. */
export function useTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): TestServer {
  const running = {} as TestServer;
  beforeAll(async () => {
    Object.assign(running, await startTestServer(env, options));
  });
  afterAll(() => running.close());
  return running;
}
