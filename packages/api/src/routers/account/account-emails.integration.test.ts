import {
  createMailQueue,
  createMailTransport,
  createRedisConnection,
  startWorkers,
  type MailTransport,
  type Redis,
  type RedisMailQueue,
  type WorkerRuntime,
} from '@roster/jobs';
import {
  startMailSink,
  startRedisServer,
  type CapturedMail,
  type MailSink,
  type RedisHandle,
} from '@roster/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MailQueue } from '../../deps.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';

/**
 * Verification and recovery emails end to end: the route over the router, the mail outbox and
 * producer, Redis, the real mail worker and its sweeper, an SMTP listener; then the link of the
 * received email completes the flow.
 */
let producer: RedisMailQueue | undefined;
const mail: MailQueue = {
  add: (kind, key) => (producer ? producer.add(kind, key) : Promise.reject(new Error('no producer yet'))),
};
const api = useApiHarness({ mail });

let redis: RedisHandle;
let sink: MailSink;
let transport: MailTransport;
let workerRedis: Redis;
let producerRedis: Redis;
let worker: WorkerRuntime;
const prefix = `{account-emails-${process.pid}}`;
const PAGE = 'http://localhost:5173/account/confirm?from=email';

beforeAll(async () => {
  // A Redis of this file's own, so one test can take it down.
  redis = await startRedisServer(() => {});
  sink = await startMailSink();
  transport = createMailTransport(sink.url);
  workerRedis = createRedisConnection(redis.url, 'worker');
  producerRedis = createRedisConnection(redis.url, 'producer');
  worker = await startWorkers({
    connection: workerRedis,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    prefix,
    repos: api.repos,
    transport,
    mail: {
      from: 'Roster <no-reply@roster.test>',
      projectName: TEST_CONFIG.projectName,
      secretKey: TEST_CONFIG.secretKey,
    },
    settings: { stallTimeoutMs: 2000, sweepIntervalMs: 400, retry: { attempts: 3, backoffMs: 100 } },
  });
  producer = createMailQueue({ connection: producerRedis, prefix });
  await new Promise<void>((resolve) =>
    producerRedis.status === 'ready' ? resolve() : producerRedis.once('ready', () => resolve()),
  );
});
afterAll(async () => {
  await worker.close();
  await producer?.close();
  transport.close();
  workerRedis.disconnect();
  producerRedis.disconnect();
  await sink.stop();
  await redis.stop();
});
beforeEach(() => sink.clear());

/** The link of a received email (text part) and the parameters it carries. */
function linkOf(message: CapturedMail) {
  const link = /^(http:\/\/localhost:5173\/account\/confirm\?\S+)$/m.exec(message.text)?.[1];
  expect(link, 'the link in the email').toBeDefined();
  const query = new URL(link!).searchParams;
  expect(query.get('from')).toBe('email');
  expect(query.get('secret')).toMatch(/^[0-9a-f]{256}$/);
  expect(query.get('expire')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  expect(message.html).toContain(`href="${link!.replace(/&/g, '&amp;')}"`);
  return { link: link!, userId: query.get('userId')!, secret: query.get('secret')! };
}

const mailTo = async (address: string) => {
  await sink.waitForMessages(1, 10_000);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = sink.messages.find((message) => message.to.includes(address));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('verification emails end to end', () => {
  it('in the caller locale (German, French); the link verifies the address once', async () => {
    for (const [locale, subject] of [
      ['de', 'Kontobestätigung für Roster Test'],
      ['fr', 'Vérification du compte Roster Test'],
    ] as const) {
      const ada = await api.signUp({ name: 'Ada' });
      const token = await api
        .caller({ ...ada.headers, 'x-appwrite-locale': locale })
        .call.account.createEmailVerification({ url: PAGE });
      const received = await mailTo(ada.user.email!);
      expect(received.subject).toBe(subject);
      expect(received.text).toContain('Ada');
      const params = linkOf(received);
      expect(params.userId).toBe(ada.user._id);
      const used = await api.caller().call.account.updateEmailVerification(params);
      expect(used.$id).toBe(token.$id);
      expect((await api.repos.users.byId(ada.user._id))?.emailVerification).toBe(true);
      expect(await appErrorOf(api.caller().call.account.updateEmailVerification(params))).toMatchObject({
        type: 'user_invalid_token',
      });
    }
  });
});

describe('recovery emails end to end', () => {
  it('in the caller locale (English, Italian); the link sets the password once and ends the sessions', async () => {
    for (const [locale, subject] of [
      ['en', 'Password Reset for Roster Test'],
      ['it', 'Reimpostazione della password di Roster Test'],
    ] as const) {
      const grace = await api.signUp({ name: 'Grace', password: 'old-password-1' });
      await api
        .caller({ 'x-appwrite-locale': locale })
        .call.account.createRecovery({ email: grace.user.email!, url: PAGE });
      const received = await mailTo(grace.user.email!);
      expect(received.subject).toBe(subject);
      const params = linkOf(received);
      await api.caller().call.account.updateRecovery({ ...params, password: 'new-password-2' });
      expect(await api.store.count('sessions', { userId: grace.user._id })).toBe(0);
      const session = await api
        .caller()
        .call.account.createEmailPasswordSession({ email: grace.user.email!, password: 'new-password-2' });
      expect(session.userId).toBe(grace.user._id);
      expect(
        await appErrorOf(
          api.caller().call.account.updateRecovery({ ...params, password: 'third-password-3' }),
        ),
      ).toMatchObject({ type: 'user_invalid_token' });
    }
  });

  it('Redis down while requesting a recovery: the call succeeds, the email arrives once Redis is back', async () => {
    const carol = await api.signUp({ password: 'old-password-1' });
    await redis.stop();
    await new Promise<void>((resolve) =>
      producerRedis.status === 'ready' ? producerRedis.once('close', () => resolve()) : resolve(),
    );
    const started = Date.now();
    const token = await api.caller().call.account.createRecovery({ email: carol.user.email!, url: PAGE });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await api.store.findOne('mailOutbox', { _id: `recovery/${token.$id}` })).toMatchObject({
      state: 'queued',
    });

    redis = await startRedisServer(() => {}, { port: Number(new URL(redis.url).port) });
    const received = await mailTo(carol.user.email!);
    await api.caller().call.account.updateRecovery({ ...linkOf(received), password: 'new-password-2' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.messages.filter((message) => message.to.includes(carol.user.email!))).toHaveLength(1);
    expect(await api.store.findOne('mailOutbox', { _id: `recovery/${token.$id}` })).toMatchObject({
      state: 'sent',
    });
  });
});
