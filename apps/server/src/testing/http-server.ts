import { randomBytes } from 'node:crypto';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  createMailTransport,
  createRedisConnection,
  startWorkers,
  type MailTransport,
  type Redis,
  type WorkerRuntime,
} from '@roster/jobs';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { connectInfrastructure, type Infrastructure } from '../infrastructure.ts';
import { listen } from '../listen.ts';
import { createLogger } from '../logger.ts';

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  infrastructure: Infrastructure;
  /** With `{ mail: true }`: the SMTP listener that the in-process mail worker delivers to. */
  mailSink: MailSink;
}

const SECRET_KEY = 'http-test-secret-key-0123456789abcdef';

/**
 * The real HTTP app on a free port, over this worker's database and Redis, for one test file.
 * `env` adds configuration (ROSTER_PROJECT_ID, ROSTER_API_KEY, …); `mail` also runs the mail
 * worker in-process, delivering to a real SMTP listener. Read the result inside tests.
 */
export function useTestServer(env: Record<string, string> = {}, { mail = false } = {}): TestServer {
  const services = testServices();
  const running = {} as TestServer;
  // Queues of this file's own, so jobs other files left behind are not delivered here.
  const queuePrefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
  let server: Server;
  let worker: { runtime: WorkerRuntime; redis: Redis; transport: MailTransport } | undefined;

  beforeAll(async () => {
    running.infrastructure = await connectInfrastructure(
      loadConfig({
        MONGODB_URI: services.databaseUri,
        REDIS_URL: services.redisUrl,
        ROSTER_QUEUE_PREFIX: queuePrefix,
        ROSTER_SECRET_KEY: SECRET_KEY,
        ...env,
      }),
      createLogger('silent', 'test'),
      'producer',
    );
    const app = createApp({ api: running.infrastructure.apiDeps, logger: createLogger('silent', 'test') });
    server = await listen(app, 0, '127.0.0.1');
    running.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (mail) {
      running.mailSink = await startMailSink();
      const redis = createRedisConnection(services.redisUrl, 'worker');
      const transport = createMailTransport(running.mailSink.url);
      const runtime = await startWorkers({
        connection: redis,
        logger: { info: () => {}, warn: () => {}, error: () => {} },
        prefix: queuePrefix,
        models: running.infrastructure.apiDeps.models,
        transport,
        mail: { from: 'Roster <invites@roster.test>', projectName: 'Roster Test', secretKey: SECRET_KEY },
        settings: { sweepIntervalMs: 500 },
      });
      worker = { runtime, redis, transport };
    }
  });
  afterAll(async () => {
    await worker?.runtime.close();
    worker?.transport.close();
    worker?.redis.disconnect();
    await running.mailSink?.stop();
    await new Promise((resolve) => server.close(resolve));
    await running.infrastructure.close();
  });
  return running;
}
