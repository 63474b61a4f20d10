import { randomBytes } from 'node:crypto';
import { generateId, type EventActor, type EventDraft, type RosterEvent } from '@roster/db';
import { useTestRepositories, withMarker } from '@roster/db/testing';
import { startRedisServer, type RedisHandle } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../mail-transport.ts';
import { createRedisConnection } from '../redis.ts';
import { deleteQueueKeys } from '../testing/queue-keys.ts';
import { waitFor } from '../testing/wait-for.ts';
import { startWorkers, type JobLogger } from '../worker.ts';
import { type EventConsumer } from './consumer.ts';
import { createEventDispatcher } from './dispatcher.ts';
import { createEventNudge } from './nudge.ts';

const db = useTestRepositories();
const services = testServices();

const actor: EventActor = { type: 'system', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' };
const quiet: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

const draft = (teamId: string, template: string): EventDraft => ({
  template,
  params: { teamId },
  resource: `team/${teamId}`,
  teamId,
  actor,
  target: { collection: 'teams', filter: { _id: teamId }, kind: 'write' },
});

/** A team created and renamed `renames` times, each change recorded: 1 + renames events. */
async function teamWithChanges(renames: number): Promise<string> {
  const teamId = generateId();
  await db.repos.events.record(
    draft(teamId, 'teams.[teamId].create'),
    () => db.repos.teams.create({ id: teamId, chosenId: true, name: 'T' }),
    (team) => (team ? { payload: { $id: teamId } } : null),
  );
  for (let index = 0; index < renames; index++) {
    await db.repos.events.record(
      draft(teamId, 'teams.[teamId].update'),
      () => db.repos.teams.rename({ _id: teamId }, `T${index}`),
      (team) => (team ? { payload: { name: team.name } } : null),
    );
  }
  return teamId;
}

/** A consumer that keeps what it is given; `failures` first calls throw. */
function collector(name: string, failures = 0) {
  const seen: RosterEvent[] = [];
  const calls: string[][] = [];
  let left = failures;
  const consumer: EventConsumer = {
    name,
    consume(events) {
      calls.push(events.map((event) => event.id));
      if (left-- > 0) return Promise.reject(new Error(`${name} is down`));
      seen.push(...events);
      return Promise.resolve();
    },
  };
  return {
    consumer,
    seen,
    calls,
    of: (teamId: string) => seen.filter((e) => e.resource === `team/${teamId}`),
  };
}

describe('dispatcher passes (no Redis involved)', () => {
  it('hands each resource its events in sequence order, concurrent changes included, ids stable', async () => {
    const teamId = await teamWithChanges(0);
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        db.repos.events.record(
          draft(teamId, 'teams.[teamId].update'),
          () => db.repos.teams.rename({ _id: teamId }, `Concurrent ${index}`),
          (team) => (team ? { payload: {} } : null),
        ),
      ),
    );
    const sink = collector(`order-${generateId()}`);
    const dispatcher = createEventDispatcher({
      events: db.repos.events,
      consumers: [sink.consumer],
      logger: quiet,
    });
    await dispatcher.runUntilIdle();
    const sequences = sink.of(teamId).map((event) => event.sequence);
    expect(sequences).toEqual(Array.from({ length: 13 }, (_, index) => index + 1));
  });

  it('at least once: a consumer that fails gets the same event ids again; another is not held up', async () => {
    const teamId = await teamWithChanges(2);
    const flaky = collector(`flaky-${generateId()}`, 1);
    const steady = collector(`steady-${generateId()}`);
    const broken = collector(`broken-${generateId()}`, Number.POSITIVE_INFINITY);
    const dispatcher = createEventDispatcher({
      events: db.repos.events,
      consumers: [flaky.consumer, steady.consumer, broken.consumer],
      logger: quiet,
      settings: { backoffBaseMs: 0 },
    });
    const first = await dispatcher.pass();
    expect(first.failed.sort()).toEqual([flaky.consumer.name, broken.consumer.name].sort());
    expect(steady.of(teamId)).toHaveLength(3);
    await dispatcher.runUntilIdle();
    // The failed batch came again with the same ids, and then nothing else of this team.
    expect(flaky.calls[1]).toEqual(flaky.calls[0]);
    expect(flaky.of(teamId).map((event) => event.id)).toEqual(steady.of(teamId).map((event) => event.id));
    expect(broken.of(teamId)).toEqual([]);
    // Not done while the broken consumer has not taken them: it will get them when it recovers.
    expect((await db.repos.events.nextFor(broken.consumer.name, 1000)).map((e) => e.resource)).toContain(
      `team/${teamId}`,
    );
  });

  it('a failing consumer waits out a growing backoff before it is called again', async () => {
    await teamWithChanges(0);
    const broken = collector(`backoff-${generateId()}`, Number.POSITIVE_INFINITY);
    const dispatcher = createEventDispatcher({
      events: db.repos.events,
      consumers: [broken.consumer],
      logger: quiet,
      settings: { backoffBaseMs: 60_000 },
    });
    await dispatcher.pass();
    await dispatcher.pass();
    expect(broken.calls).toHaveLength(1);
  });

  it('a change that fails records nothing to dispatch; an empty consumer list marks events done', async () => {
    const teamId = generateId();
    await expect(
      db.repos.events.record(
        draft(teamId, 'teams.[teamId].create'),
        () => Promise.reject(new Error('write refused')),
        () => ({ payload: {} }),
      ),
    ).rejects.toThrow('write refused');
    const sink = collector(`failed-${generateId()}`);
    await createEventDispatcher({
      events: db.repos.events,
      consumers: [sink.consumer],
      logger: quiet,
    }).runUntilIdle();
    expect(sink.of(teamId)).toEqual([]);

    const other = await teamWithChanges(1);
    await createEventDispatcher({ events: db.repos.events, consumers: [], logger: quiet }).runUntilIdle();
    expect((await db.repos.events.nextFor(undefined, 10_000)).map((e) => e.resource)).not.toContain(
      `team/${other}`,
    );
  });
});

describe('the worker dispatches from the database: Redis outage and a dead process', () => {
  let redis: RedisHandle;
  let prefix: string;
  let workerRedis: ReturnType<typeof createRedisConnection>;
  let producerRedis: ReturnType<typeof createRedisConnection>;
  let runtime: Awaited<ReturnType<typeof startWorkers>>;
  const sink = collector(`worker-${randomBytes(3).toString('hex')}`);

  beforeAll(async () => {
    redis = await startRedisServer(() => {});
    prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
    workerRedis = createRedisConnection(redis.url, 'worker');
    producerRedis = createRedisConnection(redis.url, 'producer');
    runtime = await startWorkers({
      connection: workerRedis,
      logger: quiet,
      prefix,
      repos: db.repos,
      transport: createMailTransport('smtp://127.0.0.1:1'),
      mail: { from: 'x@roster.test', projectName: 'Roster', secretKey: 'k'.repeat(40) },
      consumers: [sink.consumer],
      events: { pollIntervalMs: 200, graceMs: 1000 },
    });
  });
  afterAll(async () => {
    await runtime.close();
    await deleteQueueKeys(workerRedis, prefix).catch(() => {});
    workerRedis.disconnect();
    producerRedis.disconnect();
    await redis.stop();
  });

  it('Redis down during changes: the nudge fails, and every event is delivered once Redis is back', async () => {
    await waitFor(() => producerRedis.status === 'ready', 'the producer connection');
    const nudge = createEventNudge({ connection: producerRedis, prefix });
    await redis.stop();
    await waitFor(() => producerRedis.status !== 'ready', 'the producer to notice');

    const teamId = await teamWithChanges(9);
    await expect(nudge.nudge()).rejects.toThrow(/Redis/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.of(teamId)).toEqual([]);

    redis = await startRedisServer(() => {}, { port: Number(new URL(redis.url).port) });
    await waitFor(() => sink.of(teamId).length === 10, 'the 10 events after Redis returned', 20_000);
    expect(sink.of(teamId).map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await nudge.close();
  });

  it('a process killed between the write and the commit: the sweeper delivers its event; an unwritten one never comes', async () => {
    const teamId = await teamWithChanges(0);
    await waitFor(() => sink.of(teamId).length === 1, 'the create');
    const written = await db.repos.events.internals.prepare({
      ...draft(teamId, 'teams.[teamId].update'),
      payload: { name: 'Crash' },
    });
    await withMarker({ eventId: written, collection: 'teams', filter: { _id: teamId } }, () =>
      db.repos.teams.rename({ _id: teamId }, 'Crash'),
    );
    const unwritten = await db.repos.events.internals.prepare(draft(teamId, 'teams.[teamId].update'));
    // A later change of the same team (another document, so the marker stays), committed
    // normally: it waits behind the pending ones (order per resource).
    await db.repos.events.record(
      {
        ...draft(teamId, 'teams.[teamId].memberships.[membershipId].create'),
        params: { teamId, membershipId: 'm-after' },
        target: { collection: 'memberships', filter: { _id: 'm-after' }, kind: 'write' },
      },
      () =>
        db.store.insert('memberships', {
          _id: 'm-after',
          teamId,
          userId: 'u-after',
          roles: [],
          invited: new Date(),
          confirm: true,
          search: 'm-after',
        }),
      () => ({ payload: { $id: 'm-after' } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sink.of(teamId)).toHaveLength(1);

    await waitFor(() => sink.of(teamId).length === 3, 'the swept event and the one behind it', 20_000);
    const events = sink.of(teamId);
    expect(events[1]).toMatchObject({ id: written, recovered: true, payload: { name: 'Crash' } });
    expect(events.map((event) => event.id)).not.toContain(unwritten);
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 4]);
  });
});
