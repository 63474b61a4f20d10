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
import { startMailSink, type CapturedMail, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MailQueue } from '../../deps.ts';
import { sha256 } from '../../lib/secrets.ts';
import { openSession } from '../../services/sessions.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';

/**
 * The MFA email challenge end to end: the route over the router, the mail outbox, Redis, the real
 * mail worker, an SMTP listener; the code of the received email completes the challenge.
 */
let producer: RedisMailQueue | undefined;
const mail: MailQueue = {
  add: (kind, key) => (producer ? producer.add(kind, key) : Promise.reject(new Error('no producer yet'))),
};
const api = useApiHarness({ mail });
const services = testServices();

let sink: MailSink;
let transport: MailTransport;
let workerRedis: Redis;
let producerRedis: Redis;
let worker: WorkerRuntime;
const prefix = `{mfa-email-${process.pid}}`;

beforeAll(async () => {
  sink = await startMailSink();
  transport = createMailTransport(sink.url);
  workerRedis = createRedisConnection(services.redisUrl, 'worker');
  producerRedis = createRedisConnection(services.redisUrl, 'producer');
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
});
afterAll(async () => {
  await worker.close();
  await producer?.close();
  transport.close();
  workerRedis.disconnect();
  producerRedis.disconnect();
  await sink.stop();
});
beforeEach(() => sink.clear());

const type = async (call: Promise<unknown>) => (await appErrorOf(call)).type;

/** The `count`-th email to `address` (1-based); fails after 10 s. */
async function mailTo(address: string, count = 1): Promise<CapturedMail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = sink.messages.filter((message) => message.to.includes(address));
    if (found.length >= count) return found[count - 1]!;
    if (Date.now() > deadline) throw new Error(`no email to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The six-digit code of an MFA email (its text part), also shown in the HTML part. */
function codeOf(message: CapturedMail): string {
  const code = /^\s*(\d{6})\s*$/m.exec(message.text)?.[1];
  expect(code, 'the code in the email').toBeDefined();
  expect(message.html.replace(/<[^>]+>|\s/g, '')).toContain(code);
  return code!;
}

/**
 * A user with a verified address and MFA on (the enabling session gains `email`), and a new
 * password session of theirs, which MFA restricts.
 */
async function mfaUser(name = 'Ada') {
  const ada = await api.signUp({ name, password: 'a good password' });
  await api.repos.users.update(ada.user._id, { emailVerification: true });
  await api.caller(ada.headers).call.account.updateMFA({ mfa: true });
  const user = (await api.repos.users.byId(ada.user._id))!;
  const { token, session } = await openSession(api.repos, {
    user,
    durationSeconds: 3600,
    provider: 'email',
    factors: ['password'],
    client: { ip: '', userAgent: '' },
  });
  return { ...ada, restricted: { 'x-appwrite-session': token }, restrictedId: session._id };
}

describe('MFA email challenge end to end', () => {
  it('a verified address is a factor; in the caller locale (German, Spanish) the emailed code completes the challenge once', async () => {
    for (const [locale, subject] of [
      ['de', 'Bestätigungscode für Roster Test'],
      ['es', 'Código de verificación de Roster Test'],
    ] as const) {
      const ada = await mfaUser();
      const headers = {
        ...ada.restricted,
        'x-appwrite-locale': locale,
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
      };
      const { call } = api.caller(headers);
      expect(await type(call.account.get())).toBe('user_more_factors_required');
      expect(await call.account.listMFAFactors()).toMatchObject({ email: true, totp: false });

      const started = Date.now();
      const challenge = await call.account.createMFAChallenge({ factor: 'email' });
      expect(challenge.userId).toBe(ada.user._id);
      // The email says 15 minutes; so does the challenge.
      const lifetime = Date.parse(challenge.expire) - started;
      expect(lifetime).toBeGreaterThan(899_000);
      expect(lifetime).toBeLessThan(901_000 + (Date.now() - started));

      const received = await mailTo(ada.user.email!);
      expect(received.subject).toBe(subject);
      expect(received.text).toContain('Ada');
      expect(received.text).toContain('Chrome');
      const code = codeOf(received);
      // Only the code's SHA-256 is stored.
      const stored = await api.store.findOne('mfaChallenges', { _id: challenge.$id });
      expect(stored).toMatchObject({ factor: 'email', codeHash: sha256(code) });
      expect(JSON.stringify(stored)).not.toContain(code);

      const session = await call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: code });
      expect(session.$id).toBe(ada.restrictedId);
      expect(session.factors).toEqual(['password', 'email']);
      expect(session.mfaUpdatedAt).not.toBe('');
      expect(await call.account.get()).toMatchObject({ $id: ada.user._id, mfa: true });
      // Single use: the code does not complete its challenge again.
      expect(await type(call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: code }))).toBe(
        'user_invalid_token',
      );
      expect(await api.store.findOne('mailOutbox', { _id: `mfa-challenge/${challenge.$id}` })).toMatchObject({
        state: 'sent',
      });
    }
  });

  it('a new email challenge replaces the earlier one; a wrong code leaves the challenge open', async () => {
    const ada = await mfaUser('Grace');
    const { call } = api.caller(ada.restricted);
    const first = await call.account.createMFAChallenge({ factor: 'email' });
    const firstCode = codeOf(await mailTo(ada.user.email!));
    const second = await call.account.createMFAChallenge({ factor: 'email' });
    const secondCode = codeOf(await mailTo(ada.user.email!, 2));
    expect(await type(call.account.updateMFAChallenge({ challengeId: first.$id, otp: firstCode }))).toBe(
      'user_invalid_token',
    );
    const wrong = secondCode === '000000' ? '000001' : '000000';
    expect(await type(call.account.updateMFAChallenge({ challengeId: second.$id, otp: wrong }))).toBe(
      'user_invalid_token',
    );
    // The alias path of the same completion.
    const session = await call.account.updateChallenge({ challengeId: second.$id, otp: secondCode });
    expect(session.factors).toContain('email');
  });

  it('records the challenge and the session events, without the code', async () => {
    const ada = await mfaUser('Lin');
    const { call } = api.caller(ada.restricted);
    const challenge = await call.account.createChallenge({ factor: 'email' });
    const code = codeOf(await mailTo(ada.user.email!));
    await call.account.updateMFAChallenge({ challengeId: challenge.$id, otp: code });
    const events = await api.store.find('events', { userId: ada.user._id, state: 'ready' });
    const templates = events.map((event) => event.template);
    expect(templates).toContain('users.[userId].challenges.[challengeId].create');
    const created = events.find(
      (event) => event.template === 'users.[userId].challenges.[challengeId].create',
    );
    expect(JSON.parse(created!.params)).toEqual({ userId: ada.user._id, challengeId: challenge.$id });
    const completed = events.filter(
      (event) => event.template === 'users.[userId].sessions.[sessionId].create',
    );
    expect(completed.map((event) => (JSON.parse(event.params) as { sessionId: string }).sessionId)).toContain(
      ada.restrictedId,
    );
    expect(JSON.stringify(events)).not.toContain(code);
  });
});
