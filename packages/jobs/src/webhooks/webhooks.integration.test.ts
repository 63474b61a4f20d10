import { randomBytes } from 'node:crypto';
import { createSecretBox, type StoredWebhook } from '@roster/db';
import { useTestRepositories } from '@roster/db/testing';
import { startWebhookReceiver, type WebhookReceiver } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../redis.ts';
import { rosterEvent } from '../testing/events.ts';
import { deleteQueueKeys } from '../testing/queue-keys.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type JobLogger, type WorkerRuntime } from '../worker.ts';
import { createWebhookConsumer } from './consumer.ts';
import { nodeConnector, type Connector } from './post.ts';
import { createWebhookQueue, type WebhookQueue } from './queue.ts';
import { rosterSignature } from './signature.ts';
import { type Resolver } from './ssrf.ts';
import { startWebhookWorker } from './worker.ts';

const db = useTestRepositories();
const services = testServices();
const SECRET_KEY = 'k'.repeat(40);
const box = createSecretBox(SECRET_KEY);
const USER_AGENT = 'Appwrite-Server v1.9.6. Please report abuse at security@roster.test';

/** Names the tests resolve: never a real lookup, never a non-loopback connection. */
const NAMES: Record<string, string> = { 'internal.test': '10.0.0.7', 'rebind.test': '127.0.0.2' };
const resolver: Resolver = (host) => {
  const address = NAMES[host];
  return address ? Promise.resolve([{ address, family: 4 }]) : Promise.reject(new Error(`ENOTFOUND ${host}`));
};
const connected: string[] = [];
const countingConnector: Connector = (url, options, onResponse) => {
  connected.push(url.host);
  return nodeConnector(url, options, onResponse);
};
const logs: { level: string; fields: object; message: string }[] = [];
const logger: JobLogger = {
  info: (fields, message) => logs.push({ level: 'info', fields, message }),
  warn: (fields, message) => logs.push({ level: 'warn', fields, message }),
  error: (fields, message) => logs.push({ level: 'error', fields, message }),
};

let receiver: WebhookReceiver;
let runtime: WorkerRuntime;
let queue: WebhookQueue;
let prefix: string;
const workerRedis = createRedisConnection(services.redisUrl, 'worker');
const producerRedis = createRedisConnection(services.redisUrl, 'producer');

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
  runtime = await startWebhookWorker({
    connection: workerRedis,
    logger,
    prefix,
    repos: db.repos,
    secretKey: SECRET_KEY,
    settings: {
      projectId: 'roster-test',
      userAgent: USER_AGENT,
      concurrency: 2,
      timeoutMs: 800,
      maxFailedAttempts: 3,
      retry: { attempts: 3, backoffMs: 40, maxBackoffMs: 200 },
    },
    policy: { allowPrivate: false, allowed: ['127.0.0.1/32'] },
    resolve: resolver,
    connect: countingConnector,
  });
  queue = createWebhookQueue({
    connection: producerRedis,
    prefix,
    retry: { attempts: 3, backoffMs: 40, maxBackoffMs: 200 },
  });
  await waitFor(() => producerRedis.status === 'ready', 'the producer connection');
});
afterAll(async () => {
  await runtime.close();
  await queue.close();
  await deleteQueueKeys(workerRedis, prefix).catch(() => {});
  workerRedis.disconnect();
  producerRedis.disconnect();
  await receiver.stop();
});
beforeEach(() => {
  receiver.clear();
  connected.length = 0;
});

async function createWebhook(
  events: string[],
  overrides: Partial<{
    url: string;
    enabled: boolean;
    authUsername: string;
    authPassword: string;
    name: string;
  }> = {},
): Promise<{ webhook: StoredWebhook; secret: string }> {
  const secret = randomBytes(32).toString('hex');
  const webhook = await db.repos.webhooks.create({
    id: `wh${randomBytes(6).toString('hex')}`,
    name: overrides.name ?? 'Test hook',
    url: overrides.url ?? `${receiver.origin}/hooks`,
    events,
    tls: true,
    authUsername: overrides.authUsername ?? '',
    authPasswordSealed: box.seal(overrides.authPassword ?? ''),
    secretSealed: box.seal(secret),
    enabled: overrides.enabled ?? true,
  });
  return { webhook: webhook!, secret };
}

/** Each test's team: its webhooks subscribe to `teams.<team>…`, so tests never see each other's. */
let team = '';
beforeEach(() => {
  team = `T${randomBytes(4).toString('hex')}`;
});

const membershipEvent = () =>
  rosterEvent(
    'teams.[teamId].memberships.[membershipId].create',
    { userId: 'U1', teamId: team, membershipId: 'M1' },
    { $id: 'M1', teamId: 'T', userId: 'U1', roles: ['editor'], confirm: false, name: 'Zoë / Ünïcode' },
  );

describe('webhook delivery on real Redis and FerretDB to a receiver on 127.0.0.1', () => {
  it('delivers each (event, webhook) once with Appwrite headers and a signature a receiver verifies', async () => {
    const { webhook, secret } = await createWebhook([`teams.${team}.memberships.*.create`]);
    await createWebhook(['users.*'], {});
    await createWebhook([`teams.${team}.memberships.*.create`], { enabled: false });
    receiver.setSecret(secret);
    const consumer = createWebhookConsumer({ repos: db.repos, queue });
    const event = membershipEvent();
    // The stream is at least once: the same event twice adds one job.
    await consumer.consume([event]);
    await consumer.consume([event]);
    const [got] = await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.received).toHaveLength(1);
    expect(got!.signatureValid).toBe(true);
    expect(got!.rawBody).toBe(JSON.stringify(event.payload));
    expect(got!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-appwrite-webhook-id': webhook._id,
      'x-appwrite-webhook-events': event.names.join(','),
      'x-appwrite-webhook-name': 'Test hook',
      'x-appwrite-webhook-user-id': 'actor1',
      'x-appwrite-webhook-project-id': 'roster-test',
      'x-roster-event-id': event.id,
    });
    expect(got!.headers.authorization).toBeUndefined();
    const timestamp = Number(got!.headers['x-roster-timestamp']);
    expect(got!.headers['x-roster-signature']).toBe(
      rosterSignature(secret, timestamp, event.id, got!.rawBody),
    );
    const [delivery] = await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10);
    expect(delivery).toMatchObject({
      _id: got!.headers['x-roster-delivery-id'],
      eventId: event.id,
      ok: true,
      statusCode: 200,
      attempt: 1,
      response: 'answered 200',
    });
  });

  it('sends a name outside latin1 as its UTF-8 bytes, and never lets it add a header', async () => {
    const { secret } = await createWebhook([`teams.${team}`], { name: 'Zoë 日本\r\nX-Injected: 1' });
    receiver.setSecret(secret);
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    const [got] = await receiver.waitFor(1);
    const raw = String(got!.headers['x-appwrite-webhook-name']);
    expect(Buffer.from(raw, 'latin1').toString('utf8')).toBe('Zoë 日本 X-Injected: 1');
    expect(got!.headers['x-injected']).toBeUndefined();
  });

  it('sends Basic auth when both user and password are set', async () => {
    const { secret } = await createWebhook([`teams.${team}`], {
      authUsername: 'hooks',
      authPassword: 'p@ss:word',
    });
    receiver.setSecret(secret);
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    const [got] = await receiver.waitFor(1);
    expect(got!.headers.authorization).toBe(`Basic ${Buffer.from('hooks:p@ss:word').toString('base64')}`);
  });

  it('retries a 500 with backoff, then succeeds, and the success resets attempts', async () => {
    const { webhook, secret } = await createWebhook([`teams.${team}.memberships.*`]);
    receiver.setSecret(secret);
    receiver.respondWith([500, 503]);
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    const received = await receiver.waitFor(3);
    expect(received.map((request) => request.status)).toEqual([500, 503, 200]);
    expect(received.every((request) => request.signatureValid)).toBe(true);
    await waitFor(
      async () => (await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10)).length === 3,
      'three logged attempts',
    );
    const deliveries = await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10);
    expect(deliveries.map((d) => [d.attempt, d.ok, d.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 503],
      [3, true, 200],
    ]);
    // The success is logged, then counted: wait for the count to restart.
    await waitFor(async () => {
      const current = await db.repos.webhooks.byId(webhook._id);
      return (await db.repos.webhooks.attemptsOf([current!])).get(webhook._id) === 0;
    }, 'attempts back to 0');
    const stored = await db.repos.webhooks.byId(webhook._id);
    expect(stored?.logs).toContain('Status code: 503');
    expect(new Set(received.map((r) => r.headers['x-roster-event-id'])).size).toBe(1);
    expect(new Set(received.map((r) => r.headers['x-roster-delivery-id'])).size).toBe(3);
  });

  it('disables a webhook after the configured run of failures and sends it nothing more', async () => {
    const { webhook, secret } = await createWebhook([`teams.${team}`]);
    receiver.setSecret(secret);
    receiver.respondWith([], 500);
    const consumer = createWebhookConsumer({ repos: db.repos, queue });
    await consumer.consume([membershipEvent()]);
    await waitFor(async () => (await db.repos.webhooks.byId(webhook._id))?.enabled === false, 'auto-disable');
    const stored = await db.repos.webhooks.byId(webhook._id);
    expect((await db.repos.webhooks.attemptsOf([stored!])).get(webhook._id)).toBe(3);
    expect(stored?.logs).toMatch(/^URL: http:\/\/127\.0\.0\.1:\d+\/hooks\nMethod: POST\nStatus code: 500\n/);
    const before = receiver.received.length;
    expect(before).toBe(3);
    await consumer.consume([membershipEvent()]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(before);
    // Re-enabling restarts the count (Appwrite's PUT with enabled=true).
    const enabled = await db.repos.webhooks.setEnabled(webhook._id, true);
    expect((await db.repos.webhooks.attemptsOf([enabled!])).get(webhook._id)).toBe(0);
  });

  it('times out a slow receiver and logs the error', async () => {
    const { webhook, secret } = await createWebhook([`teams.${team}`]);
    receiver.setSecret(secret);
    receiver.delayMs(1500);
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    await waitFor(
      async () => (await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10)).length >= 1,
      'a logged timeout',
    );
    const [delivery] = await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10);
    expect(delivery).toMatchObject({ ok: false, statusCode: 0, error: 'Timed out after 800 ms' });
    // Let every retry and late answer land before the next test watches the receiver.
    await waitFor(async () => (await db.repos.webhooks.byId(webhook._id))?.enabled === false, 'auto-disable');
    await receiver.waitFor(3, 5000);
  });

  it.each([
    ['a private address', 'http://10.0.0.7/hooks'],
    ['loopback outside the allow-list', 'http://127.0.0.2/hooks'],
    ['a name resolving to a private address', 'http://internal.test/hooks'],
    ['a name resolving to loopback (rebinding after create)', 'http://rebind.test/hooks'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.2]/hooks'],
  ])('refuses %s at delivery time without connecting', async (_label, url) => {
    const { webhook } = await createWebhook([`teams.${team}`], { url });
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    await waitFor(
      async () => (await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10)).length >= 1,
      'a refused delivery',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const deliveries = await db.repos.webhooks.deliveriesSince(webhook._id, new Date(0), 10);
    // Refused once, not retried: retrying cannot make the address acceptable.
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ ok: false, statusCode: 0 });
    expect(deliveries[0]!.error).toMatch(/loopback, private or reserved/);
    expect(connected).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('never logs a signing secret or a password', async () => {
    const { secret } = await createWebhook([`teams.${team}`], {
      authUsername: 'u',
      authPassword: 'never-log-me',
    });
    receiver.setSecret(secret);
    await createWebhookConsumer({ repos: db.repos, queue }).consume([membershipEvent()]);
    await receiver.waitFor(1);
    const text = JSON.stringify(logs);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('never-log-me');
    expect(text).not.toContain(Buffer.from('u:never-log-me').toString('base64'));
  });
});
