import { createHash, createHmac, randomBytes } from 'node:crypto';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMailQueue } from './invitation-queue.ts';
import { createMailTransport } from './mail-transport.ts';
import { outboxKind, requestMail } from './mail/outbox-kind.ts';
import { emailOtpKind, magicUrlKind } from './mail/kinds/sign-in-kinds.ts';
import { MAIL_KINDS, MAIL_TEMPLATES } from './mail/registry.ts';
import { emailOtpCode, magicUrlSecret } from './mail/sign-in-secrets.ts';
import { createRedisConnection } from './redis.ts';
import { deleteQueueKeys } from './testing/queue-keys.ts';
import { waitFor } from './testing/wait-for.ts';
import { startWorkers, type WorkerRuntime } from './worker.ts';

const db = useTestRepositories();
const services = testServices();
const SECRET_KEY = 'k'.repeat(40);

/** The code an OTP route would derive (never stored, never in Redis); the test recomputes it. */
const otpOf = (tokenId: string) =>
  String(
    parseInt(createHmac('sha256', SECRET_KEY).update(tokenId).digest('hex').slice(0, 8), 16) % 1_000_000,
  ).padStart(6, '0');

/** A second kind beside the invitation, declared as a route would: the email OTP. */
const otpKind = outboxKind({
  name: 'otp',
  jobName: 'mail.test-otp',
  data: z.object({ userId: z.string(), tokenId: z.string().regex(/^[a-zA-Z0-9]+$/), locale: z.string() }),
  template: MAIL_TEMPLATES.otp,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId }) => ({ userId }),
  async compose({ userId, tokenId, locale }, { reads, secretKey }) {
    const user = await reads.user(userId);
    if (!user?.email) return { fail: 'user has no email address' };
    const otp = String(
      parseInt(createHmac('sha256', secretKey).update(tokenId).digest('hex').slice(0, 8), 16) % 1_000_000,
    ).padStart(6, '0');
    return {
      to: { name: user.name, address: user.email },
      locale,
      variables: {
        user: user.name,
        otp,
        agentClient: 'Chrome',
        agentDevice: 'Desktop',
        agentOs: 'Linux',
        phrase: '',
      },
    };
  },
});

let sink: MailSink;
let runtime: WorkerRuntime;
const prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
const workerRedis = () => createRedisConnection(services.redisUrl, 'worker');
let connections: ReturnType<typeof workerRedis>[] = [];
let queue: ReturnType<typeof createMailQueue>;

beforeAll(async () => {
  sink = await startMailSink();
  const worker = workerRedis();
  const producer = createRedisConnection(services.redisUrl, 'producer');
  connections = [worker, producer];
  const transport = createMailTransport(sink.url);
  runtime = await startWorkers({
    connection: worker,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    prefix,
    repos: db.repos,
    transport,
    mail: { from: 'Roster <no-reply@roster.test>', projectName: 'Roster Test', secretKey: SECRET_KEY },
    settings: {
      concurrency: 4,
      retry: { attempts: 3, backoffMs: 150 },
      stallTimeoutMs: 2000,
      sweepIntervalMs: 400,
    },
    kinds: [...MAIL_KINDS, otpKind],
  });
  queue = createMailQueue({ connection: producer, prefix });
  await waitFor(() => producer.status === 'ready', 'the producer connection');
});
afterAll(async () => {
  await runtime.close();
  await queue.close();
  await deleteQueueKeys(connections[0]!, prefix).catch(() => {});
  for (const connection of connections) connection.disconnect();
  await sink.stop();
});
beforeEach(() => sink.clear());

async function otpRequest(locale: string) {
  const userId = randomBytes(8).toString('hex');
  const email = `${userId}@example.com`;
  await db.store.insert('users', { _id: userId, name: 'Grace', email });
  return { job: { userId, tokenId: randomBytes(8).toString('hex'), locale }, email };
}

describe('a second kind through the real worker, Redis and SMTP', () => {
  it('sends it in the requested locale, with the code the route would check', async () => {
    const english = await otpRequest('en');
    const italian = await otpRequest('it');
    const enqueue = queue.add.bind(queue);
    expect(await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, otpKind, english.job)).toBe(true);
    expect(await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, otpKind, italian.job)).toBe(true);
    const mails = await sink.waitForMessages(2);
    const to = (address: string) => mails.find((mail) => mail.to.includes(address))!;
    expect(to(english.email).subject).toBe('OTP for Roster Test Login');
    expect(to(english.email).text).toContain(otpOf(english.job.tokenId));
    expect(to(italian.email).subject).toBe('Codice di accesso a Roster Test');
    expect(to(italian.email).text).toContain(otpOf(italian.job.tokenId));
    await waitFor(
      async () => (await db.repos.mailOutbox.byId('otp', italian.job.tokenId))?.state === 'sent',
      'the entry to say sent',
    );
  });

  it('requested while Redis is down: the sweeper queues it and it arrives once', async () => {
    const request = await otpRequest('en');
    const down = () => Promise.reject(new Error('Redis is not connected (reconnecting)'));
    expect(await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue: down }, otpKind, request.job)).toBe(
      true,
    );
    const [mail] = await sink.waitForMessages(1, 10_000);
    expect(mail!.to).toEqual([request.email]);
    await waitFor(
      async () => (await db.repos.mailOutbox.byId('otp', request.job.tokenId))?.state === 'sent',
      'the entry to say sent',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.messages.filter((message) => message.to.includes(request.email))).toHaveLength(1);
  });
});

describe('the sign-in kinds (MAIL_KINDS) through the real worker, Redis and SMTP', () => {
  const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

  async function signInToken(kind: 'magic-url' | 'email', locale: string, phrase = '') {
    const userId = randomBytes(8).toString('hex');
    const email = `${userId}@example.com`;
    await db.store.insert('users', { _id: userId, name: 'Ada', email });
    const id = randomBytes(8).toString('hex');
    const secret = kind === 'magic-url' ? magicUrlSecret(SECRET_KEY, id) : emailOtpCode(SECRET_KEY, id);
    await db.repos.tokens.create({
      id,
      user: { _id: userId },
      kind,
      secretHash: sha256(secret),
      expire: new Date(Date.now() + 600_000),
      phrase,
      ...(kind === 'magic-url' ? { url: 'https://app.example.com/magic?from=mail' } : {}),
      locale,
      userAgent: FIREFOX,
    });
    return { job: { userId, tokenId: id, projectId: 'proj' }, email, secret };
  }

  it('magic URL in English and French: the link carries the secret whose hash the token stores', async () => {
    const english = await signInToken('magic-url', 'en', 'Brave penguin');
    const french = await signInToken('magic-url', 'fr');
    const enqueue = queue.add.bind(queue);
    await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, magicUrlKind, english.job);
    await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, magicUrlKind, french.job);
    const mails = await sink.waitForMessages(2);
    const to = (address: string) => mails.find((mail) => mail.to.includes(address))!;
    expect(to(english.email).subject).toBe('Roster Test Login');
    expect(to(english.email).text).toContain('Brave penguin');
    expect(to(english.email).text).toContain('Firefox');
    expect(to(french.email).subject).not.toBe('Roster Test Login');
    for (const { email, secret, job } of [english, french]) {
      const link = /(https:\/\/app\.example\.com\/magic\?\S+)/.exec(to(email).text)?.[1];
      const query = new URL(link!).searchParams;
      expect(query.get('from')).toBe('mail');
      expect(query.get('userId')).toBe(job.userId);
      expect(query.get('project')).toBe('proj');
      expect(query.get('secret')).toBe(secret);
      expect(sha256(query.get('secret')!)).toBe((await db.repos.tokens.byIds([job.tokenId]))[0]!.secretHash);
    }
  });

  it('email code in English and Spanish; a token used before the worker runs is skipped', async () => {
    const english = await signInToken('email', 'en');
    const spanish = await signInToken('email', 'es');
    const enqueue = queue.add.bind(queue);
    await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, emailOtpKind, english.job);
    await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, emailOtpKind, spanish.job);
    const mails = await sink.waitForMessages(2);
    for (const { email, secret } of [english, spanish]) {
      const mail = mails.find((message) => message.to.includes(email))!;
      expect(/\b(\d{6})\b/.exec(mail.text)?.[1]).toBe(secret);
    }
    expect(mails.find((mail) => mail.to.includes(english.email))!.subject).toBe('OTP for Roster Test Login');
    expect(mails.find((mail) => mail.to.includes(spanish.email))!.subject).not.toBe(
      'OTP for Roster Test Login',
    );

    const used = await signInToken('email', 'en');
    await db.repos.tokens.use({ _id: used.job.tokenId });
    await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue }, emailOtpKind, used.job);
    await waitFor(
      async () => (await db.repos.mailOutbox.byId('otp', used.job.tokenId))?.state === 'skipped',
      'the entry to say skipped',
    );
    expect(sink.messages.filter((message) => message.to.includes(used.email))).toHaveLength(0);
  });
});
