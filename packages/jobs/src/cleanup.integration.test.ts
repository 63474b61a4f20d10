import { randomBytes } from 'node:crypto';
import { CLAIM_RETENTION_MS, deleteExpired } from '@roster/db';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailTransport } from './mail-transport.ts';
import { createRedisConnection } from './redis.ts';
import { deleteQueueKeys } from './testing/queue-keys.ts';
import { waitFor } from './testing/wait-for.ts';
import { startWorkers } from './worker.ts';

/** Expired sessions and old claims are deleted on a schedule: nothing else would ever remove them. */
const db = useTestRepositories();
const services = testServices();
let sink: MailSink;

beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(() => sink.stop());
beforeEach(async () => {
  await Promise.all([db.store.delete('sessions', {}), db.store.delete('claims', {})]);
});

const hour = 3_600_000;

async function seed(now: number) {
  const session = (id: string, expire: number) => ({
    _id: id,
    userId: 'u1',
    secretHash: randomBytes(32).toString('hex'),
    expire: new Date(expire),
  });
  await db.store.insertEach('sessions', [session('expired', now - 1000), session('live', now + hour)]);
  // Timestamps are written by Mongoose; an old claim needs its createdAt set explicitly.
  await db.store.insertEach('claims', [
    { _id: 'accept:old', holder: 'x', createdAt: new Date(now - CLAIM_RETENTION_MS - hour) },
    { _id: 'accept:recent', holder: 'x', createdAt: new Date(now - CLAIM_RETENTION_MS + hour) },
    { _id: 'lock:team:t1', holder: 'y' },
  ]);
}

const remaining = async () => ({
  sessions: (await db.store.find('sessions', {})).map((doc) => doc._id).sort(),
  claims: (await db.store.find('claims', {})).map((doc) => doc._id).sort(),
});

describe('cleanup of expired sessions and old claims', () => {
  it('deleteExpired removes expired sessions and claims past the retention, and nothing else', async () => {
    const now = Date.now();
    await seed(now);
    expect(await deleteExpired(db.repos, new Date(now))).toEqual({ sessions: 1, claims: 1, events: 0 });
    expect(await remaining()).toEqual({
      sessions: ['live'],
      claims: ['accept:recent', 'lock:team:t1'],
    });
    expect(await deleteExpired(db.repos, new Date(now))).toEqual({ sessions: 0, claims: 0, events: 0 });
  });

  it('the worker runs it on its schedule', async () => {
    await seed(Date.now());
    const prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
    const redis = createRedisConnection(services.redisUrl, 'worker');
    const transport = createMailTransport(sink.url);
    const silent = { info: () => {}, warn: () => {}, error: () => {} };
    const runtime = await startWorkers({
      connection: redis,
      logger: silent,
      prefix,
      repos: db.repos,
      transport,
      mail: { from: 'Roster <no-reply@roster.test>', projectName: 'Roster Test', secretKey: 'k'.repeat(40) },
      settings: { cleanupIntervalMs: 300 },
    });
    try {
      await waitFor(
        async () => (await db.store.exists('sessions', { _id: 'expired' })) === null,
        'the scheduled cleanup',
      );
      expect(await remaining()).toEqual({
        sessions: ['live'],
        claims: ['accept:recent', 'lock:team:t1'],
      });
    } finally {
      await runtime.close();
      await deleteQueueKeys(redis, prefix).catch(() => {});
      transport.close();
      redis.disconnect();
    }
  });
});
