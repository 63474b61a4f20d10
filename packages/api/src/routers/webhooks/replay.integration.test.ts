import { randomBytes } from 'node:crypto';
import { generateEvents, type RosterEvent } from '@roster/db';
import {
  createRedisConnection,
  createWebhookConsumer,
  createWebhookQueue,
  startWebhookWorker,
  type WebhookEventSource,
  type WebhookQueue,
  type WorkerRuntime,
} from '@roster/jobs';
import { startWebhookReceiver, type WebhookReceiver } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';

const services = testServices();
const prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
let queue: WebhookQueue | undefined;
const lazyQueue: WebhookQueue = { add: (jobs) => queue!.add(jobs), close: async () => {} };

/** A minimal events store standing in for the event stream's repository. */
const recorded: RosterEvent[] = [];
const eventStore: WebhookEventSource = {
  since: (since, names, limit) =>
    Promise.resolve(
      recorded
        .filter((event) => event.createdAt >= since && event.names.some((name) => names.includes(name)))
        .slice(0, limit),
    ),
};
const webhookDeps = {
  policy: { allowPrivate: false, allowed: ['127.0.0.1/32'] },
  resolve: (host: string) => Promise.reject(new Error(`ENOTFOUND ${host}`)),
  queue: lazyQueue,
  events: eventStore as WebhookEventSource | undefined,
};
// Two replays per webhook per hour here, so that the limit is reached in a test.
const api = useApiHarness({ webhooks: webhookDeps, rateLimits: { webhookReplaysPerHour: 2 } });

let receiver: WebhookReceiver;
let runtime: WorkerRuntime;
const workerRedis = createRedisConnection(services.redisUrl, 'worker');
const producerRedis = createRedisConnection(services.redisUrl, 'producer');
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  queue = createWebhookQueue({ connection: producerRedis, prefix });
  runtime = await startWebhookWorker({
    connection: workerRedis,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    prefix,
    repos: api.repos,
    secretKey: TEST_CONFIG.secretKey,
    settings: {
      projectId: 'test',
      userAgent: 'Appwrite-Server v1.9.6. Please report abuse at x@y.z',
      timeoutMs: 2000,
    },
    policy: webhookDeps.policy,
    resolve: webhookDeps.resolve,
  });
});
afterAll(async () => {
  await runtime.close();
  await queue?.close();
  workerRedis.disconnect();
  producerRedis.disconnect();
  await receiver.stop();
});
beforeEach(() => receiver.clear());

function teamEvent(teamId: string, createdAt: Date): RosterEvent {
  const params = { teamId };
  return {
    id: `ev${randomBytes(8).toString('hex')}`,
    template: 'teams.[teamId].update',
    params,
    names: generateEvents('teams.[teamId].update', params),
    payload: { $id: teamId, name: `at ${createdAt.toISOString()}` },
    resource: `team/${teamId}`,
    sequence: 1,
    actor: { type: 'keyProject', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' },
    createdAt,
  };
}

async function setUp() {
  const call = api.caller(await api.keyHeaders(['webhooks.read', 'webhooks.write'])).call;
  const teamId = `T${randomBytes(4).toString('hex')}`;
  const webhook = await call.webhooks.create({
    webhookId: 'unique()',
    name: 'Replay',
    url: `${receiver.origin}/replay`,
    events: [`teams.${teamId}.update`],
  });
  receiver.setSecret(webhook.secret!);
  // Events after the webhook's creation, a few milliseconds apart: replays never reach back before
  // it (docs/events.md#replay).
  const base = Date.parse(webhook.$createdAt) + 5;
  const events = [0, 1, 2, 3].map((index) => teamEvent(teamId, new Date(base + index * 5)));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, base + 20 - Date.now())));
  recorded.push(...events);
  await createWebhookConsumer({ repos: api.repos, queue: lazyQueue }).consume(events);
  await receiver.waitFor(4);
  // The worker logs each delivery after the receiver answered.
  for (let tries = 0; (await api.store.count('webhookDeliveries', { webhookId: webhook.$id })) < 4; tries++) {
    if (tries > 200) throw new Error('the four deliveries were not logged');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { call, webhook, events };
}

const eventIds = () => receiver.received.map((request) => request.headers['x-roster-event-id']);

describe('replay through the API, the queue and the worker to a receiver on 127.0.0.1', () => {
  it('re-delivers exactly the chosen delivery, signed, with a new delivery id', async () => {
    const { call, webhook, events } = await setUp();
    const deliveries = await call.webhooks.listDeliveries({ webhookId: webhook.$id });
    expect(deliveries.total).toBe(4);
    expect(deliveries.deliveries.every((delivery) => delivery.success && delivery.statusCode === 200)).toBe(
      true,
    );
    const chosen = deliveries.deliveries.find((delivery) => delivery.eventId === events[1]!.id)!;
    receiver.clear();

    const replay = await call.webhooks.replayDelivery({ webhookId: webhook.$id, deliveryId: chosen.$id });
    expect(replay.total).toBe(1);
    const [again] = await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(eventIds()).toEqual([events[1]!.id]);
    expect(again!.signatureValid).toBe(true);
    expect(again!.rawBody).toBe(JSON.stringify(events[1]!.payload));
    expect(again!.headers['x-roster-delivery-id']).not.toBe(chosen.$id);

    const after = await call.webhooks.listDeliveries({
      webhookId: webhook.$id,
      queries: [JSON.stringify({ method: 'equal', attribute: 'replayOf', values: [chosen.$id] })],
    });
    expect(after.deliveries).toHaveLength(1);
    expect(after.deliveries[0]).toMatchObject({ eventId: events[1]!.id, success: true });
    // Replaying twice is two replays, not one dropped as a duplicate.
    await call.webhooks.replayDelivery({ webhookId: webhook.$id, deliveryId: chosen.$id });
    await receiver.waitFor(2);
  });

  it('re-delivers every event since a time from the event store, and only those', async () => {
    const { call, webhook, events } = await setUp();
    receiver.clear();
    const replay = await call.webhooks.replay({
      webhookId: webhook.$id,
      since: events[2]!.createdAt.toISOString(),
    });
    expect(replay.total).toBe(2);
    await receiver.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(eventIds()).toEqual([events[2]!.id, events[3]!.id]);
    expect(receiver.received.every((request) => request.signatureValid)).toBe(true);
  });

  it('without an event store, replays since a time from the delivery log (one per event)', async () => {
    const { call, webhook, events } = await setUp();
    receiver.clear();
    webhookDeps.events = undefined;
    try {
      const replay = await call.webhooks.replay({
        webhookId: webhook.$id,
        since: events[3]!.createdAt.toISOString(),
      });
      expect(replay.total).toBe(1);
      await receiver.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(eventIds()).toEqual([events[3]!.id]);
    } finally {
      webhookDeps.events = eventStore;
    }
  });

  it('404s an unknown delivery and a delivery of another webhook', async () => {
    const first = await setUp();
    const second = await setUp();
    const [foreign] = (await first.call.webhooks.listDeliveries({ webhookId: second.webhook.$id }))
      .deliveries;
    const outcome = first.call.webhooks.replayDelivery({
      webhookId: first.webhook.$id,
      deliveryId: foreign!.$id,
    });
    await expect(outcome).rejects.toMatchObject({ cause: { type: 'webhook_delivery_not_found' } });
  });

  it('never replays events from before the webhook existed (a webhooks-only key reading old events)', async () => {
    const { call, webhook } = await setUp();
    const teamId = `T${randomBytes(4).toString('hex')}`;
    const before = teamEvent(teamId, new Date(Date.now() - 24 * 60 * 60 * 1000));
    before.names.push(...webhook.events);
    recorded.push(before);
    receiver.clear();
    const replay = await call.webhooks.replay({ webhookId: webhook.$id, since: new Date(0).toISOString() });
    expect(replay.total).toBe(4);
    await receiver.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(eventIds()).not.toContain(before.id);
  });

  it('limits replays per webhook, so that replays cannot flood a receiver or the queue', async () => {
    const { call, webhook, events } = await setUp();
    const since = events[3]!.createdAt.toISOString();
    await call.webhooks.replay({ webhookId: webhook.$id, since });
    await call.webhooks.replay({ webhookId: webhook.$id, since });
    await expect(call.webhooks.replay({ webhookId: webhook.$id, since })).rejects.toMatchObject({
      cause: { type: 'general_rate_limit_exceeded' },
    });
  });
});
