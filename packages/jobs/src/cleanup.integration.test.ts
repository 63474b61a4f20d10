import { randomBytes } from 'node:crypto';
import { CLAIM_RETENTION_MS, deleteExpired, MAIL_OUTBOX_RETENTION_MS } from '@roster/db';
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
  await Promise.all([
    db.store.delete('sessions', {}),
    db.store.delete('claims', {}),
    db.store.delete('activityLogs', {}),
    db.store.delete('tokens', {}),
    db.store.delete('mailOutbox', {}),
  ]);
});

const hour = 3_600_000;
/** A retention other than the default, so the test proves the setting is used. */
const LOG_RETENTION = 2 * 24 * hour;

async function seed(now: number) {
  const session = (id: string, expire: number) => ({
    _id: id,
    userId: 'u1',
    secretHash: randomBytes(32).toString('hex'),
    expire: new Date(expire),
  });
  await db.store.insertEach('sessions', [session('expired', now - 1000), session('live', now + hour)]);
  await db.store.insertEach('tokens', [
    { ...session('token:expired', now - 1000), kind: 'generic' },
    { ...session('token:live', now + hour), kind: 'email' },
  ]);
  // Timestamps are written by Mongoose; an old claim needs its createdAt set explicitly.
  await db.store.insertEach('claims', [
    { _id: 'accept:old', holder: 'x', createdAt: new Date(now - CLAIM_RETENTION_MS - hour) },
    { _id: 'accept:recent', holder: 'x', createdAt: new Date(now - CLAIM_RETENTION_MS + hour) },
    { _id: 'lock:team:t1', holder: 'y' },
  ]);
  const entry = (id: string, time: number) => ({
    _id: id,
    event: 'team.create',
    template: 'teams.[teamId].create',
    resource: 'team/t1',
    teamId: 't1',
    time: new Date(time),
  });
  await db.store.insertEach('activityLogs', [
    entry('log:old', now - LOG_RETENTION - hour),
    entry('log:recent', now - LOG_RETENTION + hour),
  ]);
  const mail = (id: string, queuedAt: number) => ({
    _id: `recovery/${id}`,
    kind: 'recovery',
    job: '{}',
    state: 'sent' as const,
    queuedAt: new Date(queuedAt),
  });
  await db.store.insertEach('mailOutbox', [
    mail('old', now - MAIL_OUTBOX_RETENTION_MS - hour),
    mail('recent', now - MAIL_OUTBOX_RETENTION_MS + hour),
  ]);
}

const remaining = async () => ({
  sessions: (await db.store.find('sessions', {})).map((doc) => doc._id).sort(),
  claims: (await db.store.find('claims', {})).map((doc) => doc._id).sort(),
  activityLogs: (await db.store.find('activityLogs', {})).map((doc) => doc._id).sort(),
  tokens: (await db.store.find('tokens', {})).map((doc) => doc._id).sort(),
  mailOutbox: (await db.store.find('mailOutbox', {})).map((doc) => doc._id).sort(),
});

describe('cleanup of expired sessions and tokens, old claims, activity logs and mail outbox entries', () => {
  it('deleteExpired removes expired sessions and tokens, claims, log and outbox entries past the retention, and nothing else', async () => {
    const now = Date.now();
    await seed(now);
    const options = { activityLogRetentionMs: LOG_RETENTION };
    expect(await deleteExpired(db.repos, new Date(now), options)).toEqual({
      sessions: 1,
      claims: 1,
      events: 0,
      activityLogs: 1,
      tokens: 1,
      mailOutbox: 1,
    });
    expect(await remaining()).toEqual({
      sessions: ['live'],
      claims: ['accept:recent', 'lock:team:t1'],
      activityLogs: ['log:recent'],
      tokens: ['token:live'],
      mailOutbox: ['recovery/recent'],
    });
    expect(await deleteExpired(db.repos, new Date(now), options)).toEqual({
      sessions: 0,
      claims: 0,
      events: 0,
      activityLogs: 0,
      tokens: 0,
      mailOutbox: 0,
    });
  });

  it('keeps activity log entries 14 days by default, as Appwrite', async () => {
    const now = Date.now();
    await seed(now);
    const day = 24 * hour;
    await db.store.insertEach('activityLogs', [
      {
        _id: 'log:13d',
        event: 'team.update',
        template: 't',
        resource: 'team/t1',
        time: new Date(now - 13 * day),
      },
      {
        _id: 'log:15d',
        event: 'team.update',
        template: 't',
        resource: 'team/t1',
        time: new Date(now - 15 * day),
      },
    ]);
    await deleteExpired(db.repos, new Date(now));
    expect((await remaining()).activityLogs).toEqual(['log:13d', 'log:old', 'log:recent'].sort());
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
      settings: { cleanupIntervalMs: 300, activityLogRetentionMs: LOG_RETENTION },
    });
    try {
      await waitFor(
        async () => (await db.store.exists('sessions', { _id: 'expired' })) === null,
        'the scheduled cleanup',
      );
      await waitFor(
        async () => (await db.store.exists('activityLogs', { _id: 'log:old' })) === null,
        'the scheduled activity log retention',
      );
      expect(await remaining()).toEqual({
        sessions: ['live'],
        claims: ['accept:recent', 'lock:team:t1'],
        activityLogs: ['log:recent'],
        tokens: ['token:live'],
        mailOutbox: ['recovery/recent'],
      });
    } finally {
      await runtime.close();
      await deleteQueueKeys(redis, prefix).catch(() => {});
      transport.close();
      redis.disconnect();
    }
  });
});
